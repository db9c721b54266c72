// Command orders shows the code that tokengen generates from tokens.yaml: it
// issues an Access token for a demo user, parses it back into typed claims,
// does the same with an encrypted Session token, and shows how expired,
// misaddressed and tampered tokens are rejected.
//
// Run it from the repository root:
//
//	go run ./examples/orders
//
// The keys are random for each run, so the tokens differ from run to run.
package main

//go:generate go run github.com/tokengen/tokengen/cmd/tokengen tokens.yaml

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokengen/tokengen/runtime"
)

func main() {
	keys := demoKeys{signing: randomKey(), encryption: randomKey()}
	if err := tour(os.Stdout, keys); err != nil {
		fmt.Fprintln(os.Stderr, "orders:", err)
		os.Exit(1)
	}
}

// demoKeys are the keys of one run. A real service loads them from its
// secret store; they never belong in tokens.yaml.
type demoKeys struct {
	signing    []byte // HMAC secret of both token kinds
	encryption []byte // XChaCha20-Poly1305 key of Session tokens
}

// randomKey returns 32 random bytes.
func randomKey() []byte {
	key := make([]byte, 32)
	rand.Read(key)
	return key
}

// tour prints each step of the demo to w.
func tour(w io.Writer, keys demoKeys) error {
	access, err := NewAccessHandler(AccessConfig{Key: keys.signing})
	if err != nil {
		return err
	}

	// Issue an Access token. The required claims are constructor parameters;
	// optional ones are set on the struct.
	claims := NewAccessClaims("user-123", "acme", ScopeReadOrders, ScopeWriteOrders)
	claims.Roles = []string{"buyer"}
	claims.Plan = new(AccessPlanPro)
	claims.Quota = new(int64(100))
	token, err := access.Issue(claims)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "access token:\n  %s\n", token)

	// Parse it back into typed claims.
	parsed, err := access.Parse(token)
	if err != nil {
		return err
	}
	printAccessClaims(w, parsed)

	// An encrypted Session token: its claims cannot be read without the key.
	session, err := NewSessionHandler(SessionConfig{
		Key:           keys.signing,
		EncryptionKey: keys.encryption,
	})
	if err != nil {
		return err
	}
	sessionToken, err := session.Issue(NewSessionClaims("user-123", "ada@example.test"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nsession token (encrypted):\n  %s\n", sessionToken)
	sessionClaims, err := session.Parse(sessionToken)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "session claims:\n  uid=%s email=%s expires=%s\n",
		sessionClaims.UserID, sessionClaims.Email, sessionClaims.ExpiresAt.UTC().Format(time.RFC3339))

	if err := showRejections(w, keys.signing, claims, token); err != nil {
		return err
	}

	// Changing any byte of an encrypted token makes it fail to decrypt.
	_, err = session.Parse(tamper(sessionToken))
	fmt.Fprintf(w, "  tampered session token: %v\n", err)
	if !errors.Is(err, runtime.ErrDecrypt) {
		return fmt.Errorf("tampered session token: got %v, want an error wrapping %v", err, runtime.ErrDecrypt)
	}
	return nil
}

// printAccessClaims prints the typed claims of an Access token.
func printAccessClaims(w io.Writer, c *AccessClaims) {
	fmt.Fprintln(w, "access claims:")
	fmt.Fprintf(w, "  uid=%s tenant=%s scopes=%v\n", c.UserID, c.Tenant, c.Scopes.List())
	fmt.Fprintf(w, "  can write orders: %t, is admin: %t\n",
		c.Scopes.Has(ScopeWriteOrders), c.Scopes.Has(ScopeAdmin))
	if c.Plan != nil {
		fmt.Fprintf(w, "  plan=%s\n", *c.Plan)
	}
	if c.Quota != nil {
		fmt.Fprintf(w, "  quota=%d\n", *c.Quota)
	}
	if c.LoginAt == nil {
		fmt.Fprintln(w, "  login_at is absent")
	}
	fmt.Fprintf(w, "  iss=%s aud=%v expires in %s\n",
		c.Issuer, c.Audience, time.Until(c.ExpiresAt).Round(time.Minute))
}

// showRejections prints the errors for an expired token, a token for another
// audience and a tampered token.
func showRejections(w io.Writer, key []byte, claims AccessClaims, token string) error {
	fmt.Fprintln(w, "\nrejected tokens:")

	// Issued an hour ago, so it expired 45 minutes ago.
	past, err := NewAccessHandler(AccessConfig{
		Key: key,
		Now: func() time.Time { return time.Now().Add(-time.Hour) },
	})
	if err != nil {
		return err
	}
	expired, err := past.Issue(claims)
	if err != nil {
		return err
	}

	// Issued for the billing service, not for the orders API.
	billing, err := NewAccessHandler(AccessConfig{Key: key, Audience: []string{"billing-api"}})
	if err != nil {
		return err
	}
	misaddressed, err := billing.Issue(claims)
	if err != nil {
		return err
	}

	tampered := tamper(token)

	access, err := NewAccessHandler(AccessConfig{Key: key})
	if err != nil {
		return err
	}
	for _, c := range []struct {
		name     string
		token    string
		sentinel error
	}{
		{"expired", expired, jwt.ErrTokenExpired},
		{"wrong audience", misaddressed, jwt.ErrTokenInvalidAudience},
		{"tampered", tampered, jwt.ErrTokenSignatureInvalid},
		{"not a token", "hello", jwt.ErrTokenMalformed},
	} {
		_, err := access.Parse(c.token)
		fmt.Fprintf(w, "  %s: %v\n", c.name, err)
		if !errors.Is(err, c.sentinel) {
			return fmt.Errorf("%s token: got %v, want an error wrapping %v", c.name, err, c.sentinel)
		}
	}
	return nil
}

// tamper changes one character near the end of token, inside the signature
// or the authentication tag. The last character is left alone because some
// of its bits are padding.
func tamper(token string) string {
	i := len(token) - 5
	c := byte('A')
	if token[i] == 'A' {
		c = 'B'
	}
	return token[:i] + string(c) + token[i+1:]
}
