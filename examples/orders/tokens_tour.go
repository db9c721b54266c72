package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokengen/tokengen/runtime"
)

// tokenTour shows the generated handlers without HTTP: it issues an Access
// token, parses it back into typed claims, does the same with an encrypted
// Session token, and prints why expired, misaddressed and tampered tokens
// are rejected. It returns an error when a step does not behave as shown.
func tokenTour(w io.Writer, key, encryptionKey []byte) error {
	access, err := NewAccessHandler(AccessConfig{Key: key})
	if err != nil {
		return err
	}

	// The required claims are constructor parameters; optional ones are
	// set on the struct.
	claims := NewAccessClaims("42", "acme", ScopeReadOrders, ScopeWriteOrders)
	claims.Roles = []string{"buyer"}
	claims.Plan = new(AccessPlanPro)
	claims.Quota = new(int64(100))
	token, err := access.Issue(claims)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "An Access token for user 42:\n   %s\n", token)

	parsed, err := access.Parse(token)
	if err != nil {
		return err
	}
	printAccessClaims(w, parsed)

	if err := sessionTour(w, key, encryptionKey); err != nil {
		return err
	}
	return rejectionTour(w, key, claims, token)
}

// printAccessClaims prints the typed claims of an Access token.
func printAccessClaims(w io.Writer, c *AccessClaims) {
	fmt.Fprintln(w, "Parsed back into AccessClaims:")
	fmt.Fprintf(w, "   UserID=%s Tenant=%s Scopes=%v\n", c.UserID, c.Tenant, c.Scopes.List())
	fmt.Fprintf(w, "   Scopes.Has(ScopeWriteOrders)=%t Scopes.Has(ScopeAdmin)=%t\n",
		c.Scopes.Has(ScopeWriteOrders), c.Scopes.Has(ScopeAdmin))
	if c.Plan != nil && c.Quota != nil {
		fmt.Fprintf(w, "   Plan=%s Quota=%d\n", *c.Plan, *c.Quota)
	}
	if c.LoginAt == nil {
		fmt.Fprintln(w, "   LoginAt=nil (the optional login_at claim is absent)")
	}
	fmt.Fprintf(w, "   Issuer=%s Audience=%v lifetime=%s\n",
		c.Issuer, c.Audience, c.ExpiresAt.Sub(c.IssuedAt))
}

// sessionTour issues and parses an encrypted Session token, and shows that
// a changed byte makes it fail to decrypt.
func sessionTour(w io.Writer, key, encryptionKey []byte) error {
	session, err := NewSessionHandler(SessionConfig{Key: key, EncryptionKey: encryptionKey})
	if err != nil {
		return err
	}
	token, err := session.Issue(NewSessionClaims("42", "ada@example.test"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nAn encrypted Session token (JWE, XChaCha20-Poly1305):\n   %s\n", token)
	claims, err := session.Parse(token)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Parsed back into SessionClaims:\n   UserID=%s Email=%s lifetime=%s\n",
		claims.UserID, claims.Email, claims.ExpiresAt.Sub(claims.IssuedAt))

	_, err = session.Parse(tamper(token))
	fmt.Fprintf(w, "With one character changed:\n   %v\n", err)
	if !errors.Is(err, runtime.ErrDecrypt) {
		return fmt.Errorf("tampered Session token: got %v, want an error wrapping runtime.ErrDecrypt", err)
	}
	return nil
}

// rejectionTour prints the errors for an expired token, a token for another
// audience and a tampered token, each checked with errors.Is.
func rejectionTour(w io.Writer, key []byte, claims AccessClaims, token string) error {
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

	access, err := NewAccessHandler(AccessConfig{Key: key})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nRejected Access tokens:")
	for _, c := range []struct {
		desc     string
		token    string
		sentinel error
	}{
		{"expired", expired, jwt.ErrTokenExpired},
		{"for another audience", misaddressed, jwt.ErrTokenInvalidAudience},
		{"tampered", tamper(token), jwt.ErrTokenSignatureInvalid},
	} {
		_, err := access.Parse(c.token)
		fmt.Fprintf(w, "   %s: %v\n", c.desc, err)
		if !errors.Is(err, c.sentinel) {
			return fmt.Errorf("%s token: got %v, want an error wrapping %v", c.desc, err, c.sentinel)
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
