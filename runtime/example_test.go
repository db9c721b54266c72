package runtime

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Generated code fills a Config from the schema and the program's settings,
// and passes its own codec. These examples use testCodec instead, the codec
// of a hand-written claims type with uid, scp and a required tenant claim.

func ExampleNewHandler() {
	_, err := NewHandler(Config{
		Kind:      "Access",
		Algorithm: "HS256",
		Key:       []byte("too-short"),
		Issuer:    "https://auth.example.test",
		Audience:  []string{"orders-api"},
		Require:   CheckAll,
		Verify:    CheckAll,
	}, testCodec)
	fmt.Println(errors.Is(err, ErrInvalidConfig))
	fmt.Println(err)
	// Output:
	// true
	// invalid token handler config for Access: Key is 9 bytes, want at least 32 for HS256; Lifespan is missing, want a positive duration
}

func ExampleHandler_Parse() {
	h, err := NewHandler(Config{
		Kind:      "Access",
		Algorithm: "HS256",
		Key:       []byte("an HMAC secret of at least 32 bytes"),
		Lifespan:  15 * time.Minute,
		Issuer:    "https://auth.example.test",
		Audience:  []string{"orders-api"},
		Require:   CheckAll,
		Verify:    CheckAll,
		Now:       func() time.Time { return time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC) },
	}, testCodec)
	if err != nil {
		fmt.Println(err)
		return
	}

	token, err := h.Issue(&testClaims{UserID: "u-42", Tenant: "acme", Scopes: []string{"read:orders"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	claims, err := h.Parse(token)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(claims.UserID, claims.Tenant, claims.Scopes)
	fmt.Println(claims.Issuer, claims.Audience)
	fmt.Println(claims.IssuedAt, claims.ExpiresAt)
	// Output:
	// u-42 acme [read:orders]
	// https://auth.example.test [orders-api]
	// 2026-01-02 15:04:05 +0000 UTC 2026-01-02 15:19:05 +0000 UTC
}

func ExampleHandler_Parse_errorChecking() {
	now := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	cfg := Config{
		Kind:      "Access",
		Algorithm: "HS256",
		Key:       []byte("an HMAC secret of at least 32 bytes"),
		Lifespan:  15 * time.Minute,
		Issuer:    "https://auth.example.test",
		Audience:  []string{"orders-api"},
		Require:   CheckAll,
		Verify:    CheckAll,
		Now:       func() time.Time { return now },
	}
	h, err := NewHandler(cfg, testCodec)
	if err != nil {
		fmt.Println(err)
		return
	}

	// A token issued an hour ago, so it expired 45 minutes ago.
	now = now.Add(-time.Hour)
	token, err := h.Issue(&testClaims{UserID: "u-42", Tenant: "acme"})
	now = now.Add(time.Hour)
	if err != nil {
		fmt.Println(err)
		return
	}

	for _, token := range []string{token, token + "x", "not a token"} {
		_, err := h.Parse(token)
		switch {
		case errors.Is(err, jwt.ErrTokenMalformed):
			fmt.Println("malformed:", err)
		case errors.Is(err, jwt.ErrTokenSignatureInvalid):
			fmt.Println("forged:", err)
		case errors.Is(err, jwt.ErrTokenExpired):
			fmt.Println("expired:", err)
		}
	}
	// Output:
	// expired: invalid Access token: exp: token is expired: expired at 2026-01-02T14:19:05Z, now 2026-01-02T15:04:05Z (leeway 0s)
	// forged: invalid Access token: token signature is invalid: HS256 verification failed
	// malformed: invalid Access token: token is malformed: invalid character ' ' at offset 3, want base64url or '.'
}

func ExampleConfig_publicKey() {
	publicKey, privateKey, err := ed25519.GenerateKey(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := Config{
		Kind:      "Access",
		Algorithm: "EdDSA",
		Key:       privateKey,
		Lifespan:  15 * time.Minute,
		Issuer:    "https://auth.example.test",
		Audience:  []string{"orders-api"},
		Require:   CheckAll,
		Verify:    CheckAll,
	}
	issuer, err := NewHandler(cfg, testCodec)
	if err != nil {
		fmt.Println(err)
		return
	}

	// A service that only checks tokens gets the public key.
	cfg.Key = publicKey
	verifier, err := NewHandler(cfg, testCodec)
	if err != nil {
		fmt.Println(err)
		return
	}

	token, err := issuer.Issue(&testClaims{UserID: "u-42", Tenant: "acme"})
	if err != nil {
		fmt.Println(err)
		return
	}
	claims, err := verifier.Parse(token)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(claims.UserID, strings.Count(token, "."))

	_, err = verifier.Issue(claims)
	fmt.Println(err)
	// Output:
	// u-42 2
	// issue Access token: handler has no signing key, because Key has type ed25519.PublicKey, which can only verify
}
