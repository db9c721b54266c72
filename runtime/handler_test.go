package runtime

import (
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

var allAlgorithms = []string{"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// issuedClaims returns what Parse returns for a token that Issue made from
// fullTestClaims at testNow with testConfig.
func issuedClaims(id string) testClaims {
	c := fullTestClaims()
	c.Issuer = "https://auth.example.test"
	c.Audience = []string{"orders-api"}
	c.IssuedAt = testNow
	c.NotBefore = testNow
	c.ExpiresAt = testNow.Add(15 * time.Minute)
	c.ID = id
	return c
}

func TestIssueParseEveryAlgorithm(t *testing.T) {
	for _, alg := range allAlgorithms {
		t.Run(alg, func(t *testing.T) {
			h, err := NewHandler(testConfig(alg), testCodec)
			if err != nil {
				t.Fatalf("NewHandler(%s) = %v", alg, err)
			}
			in := fullTestClaims()
			in.NotBefore = time.Time{}
			in.ID = ""
			token, err := h.Issue(&in)
			if err != nil {
				t.Fatalf("Issue() = %v", err)
			}

			// The header is written byte for byte.
			header, _, _ := strings.Cut(token, ".")
			wantHeader := `{"alg":"` + alg + `","typ":"JWT"}`
			if got, _ := base64url.DecodeString(header); string(got) != wantHeader {
				t.Errorf("Issue() header = %s, want %s", got, wantHeader)
			}

			got, err := h.Parse(token)
			if err != nil {
				t.Fatalf("Parse(Issue()) = %v", err)
			}
			if len(got.ID) != 32 {
				t.Errorf("Parse(Issue()).ID = %q, want 32 hex digits", got.ID)
			}
			if diff := cmp.Diff(issuedClaims(got.ID), *got); diff != "" {
				t.Errorf("Parse(Issue()) mismatch (-want +got):\n%s", diff)
			}

			// A handler with the public key parses the token but cannot
			// issue one.
			cfg := testConfig(alg)
			cfg.Key = publicKey(cfg.Key)
			verifier, err := NewHandler(cfg, testCodec)
			if err != nil {
				t.Fatalf("NewHandler(%s with %T) = %v", alg, cfg.Key, err)
			}
			if _, err := verifier.Parse(token); err != nil {
				t.Errorf("Parse(Issue()) with the public key = %v, want no error", err)
			}
			_, err = verifier.Issue(&in)
			if alg[0] == 'H' {
				if err != nil {
					t.Errorf("Issue() with an HMAC secret = %v, want no error", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), "issue Access token: handler has no signing key") {
				t.Errorf("Issue() with %T = %v, want an error saying the handler has no signing key", cfg.Key, err)
			}
		})
	}
}

func TestIssueClaims(t *testing.T) {
	h, err := NewHandler(testConfig("HS256"), testCodec)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("keeps NotBefore and ID", func(t *testing.T) {
		in := fullTestClaims()
		in.NotBefore = testNow.Add(-time.Minute)
		in.ID = "my-id"
		token, err := h.Issue(&in)
		if err != nil {
			t.Fatalf("Issue() = %v", err)
		}
		got, err := h.Parse(token)
		if err != nil {
			t.Fatalf("Parse(Issue()) = %v", err)
		}
		if !got.NotBefore.Equal(in.NotBefore) || got.ID != "my-id" {
			t.Errorf("Parse(Issue()) nbf, jti = %v, %q, want %v, %q", got.NotBefore, got.ID, in.NotBefore, "my-id")
		}
	})

	t.Run("replaces iat, exp, iss and aud", func(t *testing.T) {
		in := fullTestClaims()
		in.NotBefore = time.Time{}
		token, err := h.Issue(&in)
		if err != nil {
			t.Fatalf("Issue() = %v", err)
		}
		got, err := h.Parse(token)
		if err != nil {
			t.Fatalf("Parse(Issue()) = %v", err)
		}
		if !got.IssuedAt.Equal(testNow) || !got.ExpiresAt.Equal(testNow.Add(15*time.Minute)) ||
			got.Issuer != "https://auth.example.test" || !cmp.Equal(got.Audience, []string{"orders-api"}) {
			t.Errorf("Parse(Issue()) iat, exp, iss, aud = %v, %v, %q, %q, want %v, %v, %q, %q",
				got.IssuedAt, got.ExpiresAt, got.Issuer, got.Audience,
				testNow, testNow.Add(15*time.Minute), "https://auth.example.test", []string{"orders-api"})
		}
	})

	t.Run("leaves the argument unchanged", func(t *testing.T) {
		in := fullTestClaims()
		in.NotBefore, in.ID = time.Time{}, ""
		before := in
		if _, err := h.Issue(&in); err != nil {
			t.Fatalf("Issue() = %v", err)
		}
		if diff := cmp.Diff(before, in); diff != "" {
			t.Errorf("Issue(&claims) changed claims (-before +after):\n%s", diff)
		}
	})

	t.Run("random jti", func(t *testing.T) {
		in := fullTestClaims()
		in.NotBefore, in.ID = time.Time{}, ""
		seen := map[string]bool{}
		for range 20 {
			token, err := h.Issue(&in)
			if err != nil {
				t.Fatalf("Issue() = %v", err)
			}
			got, err := h.Parse(token)
			if err != nil {
				t.Fatalf("Parse(Issue()) = %v", err)
			}
			if _, err := hex.DecodeString(got.ID); err != nil || len(got.ID) != 32 {
				t.Errorf("Issue() jti = %q, want 32 hex digits", got.ID)
			}
			if seen[got.ID] {
				t.Errorf("Issue() jti %q repeated", got.ID)
			}
			seen[got.ID] = true
		}
	})

	t.Run("whole seconds", func(t *testing.T) {
		cfg := testConfig("HS256")
		cfg.Now = func() time.Time { return testNow.Add(900 * time.Millisecond) }
		h, err := NewHandler(cfg, registeredCodec)
		if err != nil {
			t.Fatal(err)
		}
		token, err := h.Issue(&RegisteredClaims{})
		if err != nil {
			t.Fatalf("Issue() = %v", err)
		}
		_, payload, _ := strings.Cut(token, ".")
		payload, _, _ = strings.Cut(payload, ".")
		claims, _ := base64url.DecodeString(payload)
		want := `"exp":1767367145,"nbf":1767366245,"iat":1767366245`
		if !strings.Contains(string(claims), want) {
			t.Errorf("Issue() claims = %s, want them to contain %s", claims, want)
		}
	})

	t.Run("nil claims", func(t *testing.T) {
		_, err := h.Issue(nil)
		if err == nil || err.Error() != "issue Access token: claims is nil" {
			t.Errorf("Issue(nil) = %v, want %q", err, "issue Access token: claims is nil")
		}
	})
}

func TestParseErrors(t *testing.T) {
	rsaKey := testKeys().rsa2048
	rsaPublicPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustBytes(x509.MarshalPKIXPublicKey(&rsaKey.PublicKey))})
	valid := hs256Token(t, validClaims())
	validHeader, rest, _ := strings.Cut(valid, ".")
	validPayload, validSignature, _ := strings.Cut(rest, ".")
	hs256 := `{"alg":"HS256","typ":"JWT"}`
	expired := claimsJSON(map[string]string{"exp": unixJSON(testNow.Add(-time.Hour))})

	tests := []struct {
		desc    string
		alg     string // handler algorithm; HS256 when empty
		token   string
		wantIs  []error
		wantNot []error
		wantMsg string // exact error message when set
	}{
		// Structure.
		{desc: "empty token", token: "",
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: "invalid Access token: token is malformed: token is empty"},
		{desc: "two parts", token: validHeader + "." + validPayload,
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: "invalid Access token: token is malformed: token has 2 parts separated by dots, want 3"},
		{desc: "four parts", token: valid + ".",
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "encrypted token", token: "a.b.c.d.e",
			wantIs:  []error{jwt.ErrTokenMalformed},
			wantMsg: "invalid Access token: token is malformed: token has 5 parts separated by dots, want 3 (an encrypted token is not accepted)"},
		{desc: "100,000 dots", token: strings.Repeat(".", 100_000),
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: "invalid Access token: token is malformed: token has 100001 parts separated by dots, want 3"},
		{desc: "space", token: " " + valid,
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: `invalid Access token: token is malformed: invalid character ' ' at offset 0, want base64url or '.'`},
		{desc: "newline in payload", token: validHeader + "." + validPayload[:4] + "\n" + validPayload[4:] + "." + validSignature,
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "carriage return in signature", token: valid[:len(valid)-4] + "\r" + valid[len(valid)-4:],
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: `invalid Access token: token is malformed: invalid character '\r' at offset ` + strconv.Itoa(len(valid)-4) + `, want base64url or '.'`},
		{desc: "line feed in header", token: validHeader[:4] + "\n" + validHeader[4:] + "." + validPayload + "." + validSignature,
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: `invalid Access token: token is malformed: invalid character '\n' at offset 4, want base64url or '.'`},
		{desc: "signature with trailing bits", token: valid[:len(valid)-1] + "B",
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: "invalid Access token: token is malformed: signature is not base64url: illegal base64 data at input byte 42"},
		{desc: "padding", token: valid + "=",
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "standard base64 alphabet", token: validHeader + "." + validPayload + "+/." + validSignature,
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "header of one character", token: "e." + validPayload + "." + validSignature,
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: "invalid Access token: token is malformed: header is not base64url: illegal base64 data at input byte 0"},

		// Header.
		{desc: "header not JSON", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, `alg=HS256`, validClaims()),
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "header an array", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, `["HS256"]`, validClaims()),
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: "invalid Access token: token is malformed: header: expected an object, got an array"},
		{desc: "header without alg", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, `{"typ":"JWT"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: "invalid Access token: token is malformed: header: alg is missing"},
		{desc: "alg a number", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, `{"alg":256}`, validClaims()),
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: `invalid Access token: token is malformed: header parameter "alg": expected a string, got 256`},
		{desc: "alg twice", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, `{"alg":"HS256","alg":"none"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "crit", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, `{"alg":"HS256","crit":["exp"],"exp":1}`, validClaims()),
			wantIs: []error{jwt.ErrTokenMalformed}, wantMsg: `invalid Access token: token is malformed: header parameter "crit": not supported`},
		{desc: "trailing data after header", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, hs256+`x`, validClaims()),
			wantIs: []error{jwt.ErrTokenMalformed}},

		// Algorithm.
		{desc: "alg none, no signature", token: signToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, `{"alg":"none"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}, wantMsg: `invalid Access token: token signature is invalid: alg "none" is not accepted, want "HS256"`},
		{desc: "alg none, HS256 signature", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, `{"alg":"none"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}},
		{desc: "alg in lower case", token: signToken(t, jwt.SigningMethodHS256, hmacKey256, `{"alg":"hs256"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}},
		{desc: "HS384 for an HS256 handler", token: signToken(t, jwt.SigningMethodHS384, hmacKey256, `{"alg":"HS384"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}, wantMsg: `invalid Access token: token signature is invalid: alg "HS384" is not accepted, want "HS256"`},
		{desc: "RS256 for an HS256 handler", token: signToken(t, jwt.SigningMethodRS256, rsaKey, `{"alg":"RS256"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}},
		{desc: "HS256 with the RSA public key as secret", alg: "RS256",
			token:  signToken(t, jwt.SigningMethodHS256, rsaPublicPEM, hs256, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}, wantMsg: `invalid Access token: token signature is invalid: alg "HS256" is not accepted, want "RS256"`},
		{desc: "HS256 with the DER RSA public key as secret", alg: "RS256",
			token:  signToken(t, jwt.SigningMethodHS256, x509.MarshalPKCS1PublicKey(&rsaKey.PublicKey), hs256, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}},

		// Signature.
		{desc: "signed with another key", token: signToken(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), hs256, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}, wantMsg: "invalid Access token: token signature is invalid: HS256 verification failed"},
		{desc: "signature missing", token: validHeader + "." + validPayload + ".",
			wantIs: []error{jwt.ErrTokenSignatureInvalid}},
		{desc: "signature of another token", token: validHeader + "." + base64url.EncodeToString([]byte(claimsJSON(map[string]string{"sub": `"admin"`}))) + "." + validSignature,
			wantIs: []error{jwt.ErrTokenSignatureInvalid}},
		{desc: "expired with bad signature", token: signToken(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), hs256, expired),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}, wantNot: []error{jwt.ErrTokenExpired, jwt.ErrTokenInvalidClaims}},
		{desc: "bad claims with bad signature", token: signToken(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), hs256, `{"exp":null}`),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}, wantNot: []error{jwt.ErrTokenMalformed}},
		{desc: "ES256 signature for ES384 handler", alg: "ES384",
			token:  signToken(t, jwt.SigningMethodES256, testKeys().p256, `{"alg":"ES256"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}},
		{desc: "RS256 signed with another RSA key", alg: "RS256",
			token:  signToken(t, jwt.SigningMethodRS256, testKeys().rsa1024, `{"alg":"RS256"}`, validClaims()),
			wantIs: []error{jwt.ErrTokenSignatureInvalid}, wantMsg: "invalid Access token: token signature is invalid: RS256 verification failed"},

		// Claims JSON.
		{desc: "claims not JSON", token: hs256Token(t, `exp=1`),
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "claims an array", token: hs256Token(t, `[]`),
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "exp null", token: hs256Token(t, claimsJSON(map[string]string{"exp": "null"})),
			wantIs: []error{jwt.ErrTokenMalformed}, wantNot: []error{jwt.ErrTokenInvalidClaims},
			wantMsg: `invalid Access token: token is malformed: claim "exp": expected a number, got null`},
		{desc: "exp a string", token: hs256Token(t, claimsJSON(map[string]string{"exp": `"1767367445"`})),
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "aud a number", token: hs256Token(t, claimsJSON(map[string]string{"aud": `1`})),
			wantIs: []error{jwt.ErrTokenMalformed}},
		{desc: "exp twice", token: hs256Token(t, validClaims()[:len(validClaims())-1]+`,"exp":1}`),
			wantIs: []error{jwt.ErrTokenMalformed}},

		// Claim checks through Parse.
		{desc: "EXP in upper case does not fill exp", token: hs256Token(t, claimsJSON(map[string]string{"exp": "", "EXP": unixJSON(testNow.Add(time.Hour))})),
			wantIs: []error{jwt.ErrTokenRequiredClaimMissing, jwt.ErrTokenInvalidClaims}, wantMsg: "invalid Access token: exp: token is missing required claim"},
		{desc: "expired", token: hs256Token(t, expired),
			wantIs: []error{jwt.ErrTokenExpired, jwt.ErrTokenInvalidClaims}, wantNot: []error{jwt.ErrTokenSignatureInvalid, jwt.ErrTokenMalformed}},
		{desc: "exp 0", token: hs256Token(t, claimsJSON(map[string]string{"exp": "0"})),
			wantIs:  []error{jwt.ErrTokenExpired},
			wantMsg: "invalid Access token: exp: token is expired: expired at 1970-01-01T00:00:00Z, now 2026-01-02T15:04:05Z (leeway 0s)"},
		{desc: "not valid yet", token: hs256Token(t, claimsJSON(map[string]string{"nbf": unixJSON(testNow.Add(time.Hour))})),
			wantIs: []error{jwt.ErrTokenNotValidYet, jwt.ErrTokenInvalidClaims}},
		{desc: "used before issued", token: hs256Token(t, claimsJSON(map[string]string{"iat": unixJSON(testNow.Add(time.Hour))})),
			wantIs: []error{jwt.ErrTokenUsedBeforeIssued, jwt.ErrTokenInvalidClaims}},
		{desc: "aud as a string", token: hs256Token(t, claimsJSON(map[string]string{"aud": `"billing"`})),
			wantIs: []error{jwt.ErrTokenInvalidAudience, jwt.ErrTokenInvalidClaims}},
		{desc: "aud []", token: hs256Token(t, claimsJSON(map[string]string{"aud": `[]`})),
			wantIs: []error{jwt.ErrTokenRequiredClaimMissing}, wantMsg: "invalid Access token: aud: token is missing required claim"},
		{desc: "invalid issuer", token: hs256Token(t, claimsJSON(map[string]string{"iss": `"https://evil.example.test"`})),
			wantIs: []error{jwt.ErrTokenInvalidIssuer, jwt.ErrTokenInvalidClaims}},
		{desc: "every claim wrong", token: hs256Token(t, `{"iss":"x","aud":"y","exp":1,"nbf":1999999999,"iat":1999999999}`),
			wantIs: []error{jwt.ErrTokenExpired, jwt.ErrTokenNotValidYet, jwt.ErrTokenUsedBeforeIssued, jwt.ErrTokenInvalidAudience, jwt.ErrTokenInvalidIssuer},
			wantMsg: "invalid Access token: " +
				"exp: token is expired: expired at 1970-01-01T00:00:01Z, now 2026-01-02T15:04:05Z (leeway 0s); " +
				"nbf: token is not valid yet: valid from 2033-05-18T03:33:19Z, now 2026-01-02T15:04:05Z (leeway 0s); " +
				"iat: token used before issued: issued at 2033-05-18T03:33:19Z, now 2026-01-02T15:04:05Z (leeway 0s); " +
				`aud: token has invalid audience: got ["y"], want one of ["orders-api"]; ` +
				`iss: token has invalid issuer: got "x", want "https://auth.example.test"`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			alg := tt.alg
			if alg == "" {
				alg = "HS256"
			}
			h := newRegisteredHandler(t, testConfig(alg))
			got, err := h.Parse(tt.token)
			call := "Parse(" + shortToken(tt.token) + ") with " + alg
			if err == nil {
				t.Fatalf("%s = %+v, nil error; want an error", call, got)
			}
			if got != nil {
				t.Errorf("%s = %+v, want nil claims with the error", call, got)
			}
			for _, target := range tt.wantIs {
				if !errors.Is(err, target) {
					t.Errorf("%s = %v, want it to wrap %q", call, err, target)
				}
			}
			for _, target := range tt.wantNot {
				if errors.Is(err, target) {
					t.Errorf("%s = %v, want it not to wrap %q", call, err, target)
				}
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("%s error =\n%s\nwant\n%s", call, err, tt.wantMsg)
			}
		})
	}
}

// shortToken returns token for a test message, cut to 60 bytes.
func shortToken(token string) string {
	if len(token) > 60 {
		return token[:60] + "..."
	}
	return token
}

func TestParseCustomClaimChecks(t *testing.T) {
	h, err := NewHandler(testConfig("HS256"), testCodec)
	if err != nil {
		t.Fatal(err)
	}
	token := hs256Token(t, claimsJSON(map[string]string{"plan": `"gold"`, "exp": "1"}))
	_, err = h.Parse(token)
	want := `invalid Access token: exp: token is expired: expired at 1970-01-01T00:00:01Z, now 2026-01-02T15:04:05Z (leeway 0s); ` +
		`tenant: token is missing required claim; plan: "gold" is not one of free, pro: token has invalid claims`
	if err == nil || err.Error() != want {
		t.Fatalf("Parse(token with tenant missing and plan gold) = %v, want %s", err, want)
	}
	for _, target := range []error{jwt.ErrTokenExpired, jwt.ErrTokenRequiredClaimMissing, jwt.ErrTokenInvalidClaims} {
		if !errors.Is(err, target) {
			t.Errorf("Parse(...) = %v, want it to wrap %q", err, target)
		}
	}

	// Each joined error wraps jwt.ErrTokenInvalidClaims on its own.
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		t.Fatalf("Parse(...) error %T has no Unwrap() []error", err)
	}
	for i, e := range joined.Unwrap() {
		if !errors.Is(e, jwt.ErrTokenInvalidClaims) {
			t.Errorf("Parse(...) failure %d %q does not wrap %q", i, e, jwt.ErrTokenInvalidClaims)
		}
	}
}

func TestParseRequireAndVerifySwitches(t *testing.T) {
	noExp := claimsJSON(map[string]string{"exp": ""})
	expired := claimsJSON(map[string]string{"exp": unixJSON(testNow.Add(-time.Hour))})
	badSignature := signToken(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), `{"alg":"HS256"}`, validClaims())
	noneToken := signToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, `{"alg":"none"}`, validClaims())

	tests := []struct {
		desc    string
		require Check
		verify  Check
		token   string
		wantErr error // nil when the token must pass
	}{
		{"require exp on", CheckAll, CheckAll, hs256Token(t, noExp), jwt.ErrTokenRequiredClaimMissing},
		{"require exp off", CheckAll &^ CheckExp, CheckAll, hs256Token(t, noExp), nil},
		{"verify exp on", CheckAll, CheckAll, hs256Token(t, expired), jwt.ErrTokenExpired},
		{"verify exp off", CheckAll, CheckAll &^ CheckExp, hs256Token(t, expired), nil},
		{"verify signature on", CheckAll, CheckAll, badSignature, jwt.ErrTokenSignatureInvalid},
		{"verify signature off", CheckAll, CheckAll &^ CheckSignature, badSignature, nil},
		{"verify signature off, alg none", CheckAll, CheckAll &^ CheckSignature, noneToken, nil},
		{"verify signature off, still checks claims", CheckAll, CheckAll &^ CheckSignature,
			signToken(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), `{"alg":"HS256"}`, expired), jwt.ErrTokenExpired},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			cfg := testConfig("HS256")
			cfg.Require, cfg.Verify = tt.require, tt.verify
			h := newRegisteredHandler(t, cfg)
			_, err := h.Parse(tt.token)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("Parse(%s) with require %#x, verify %#x = %v, want no error", shortToken(tt.token), tt.require, tt.verify, err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("Parse(%s) with require %#x, verify %#x = %v, want %q", shortToken(tt.token), tt.require, tt.verify, err, tt.wantErr)
			}
		})
	}
}

// TestParseLineBreakEveryOffset inserts a line feed or carriage return at
// every offset of a valid token, plain and encrypted, and in the signed
// token inside an encrypted one. The base64 package skips both characters,
// so this checks that Parse rejects them all the same.
func TestParseLineBreakEveryOffset(t *testing.T) {
	signed := hs256Token(t, validClaims())
	tests := []struct {
		desc    string
		cfg     Config
		token   func(at int, c string) string
		length  int
		wantIs  error
		wantMsg func(at int, c string) string
	}{
		{
			desc:   "signed",
			cfg:    testConfig("HS256"),
			token:  func(at int, c string) string { return signed[:at] + c + signed[at:] },
			length: len(signed),
			wantIs: jwt.ErrTokenMalformed,
			wantMsg: func(at int, c string) string {
				return "invalid Access token: token is malformed: invalid character " + strconv.QuoteRune(rune(c[0])) + " at offset " + strconv.Itoa(at) + ", want base64url or '.'"
			},
		},
		{
			desc: "encrypted",
			cfg:  encryptedConfig(),
			token: func(at int, c string) string {
				e := encryptToken(t, jweHeader, testNonce, signed)
				return e[:at] + c + e[at:]
			},
			length: len(encryptToken(t, jweHeader, testNonce, signed)),
			wantIs: ErrDecrypt,
		},
		{
			desc:   "signed inside encrypted",
			cfg:    encryptedConfig(),
			token:  func(at int, c string) string { return encryptToken(t, jweHeader, testNonce, signed[:at]+c+signed[at:]) },
			length: len(signed),
			wantIs: jwt.ErrTokenMalformed,
		},
	}
	for _, tt := range tests {
		h := newRegisteredHandler(t, tt.cfg)
		for at := range tt.length + 1 {
			for _, c := range []string{"\n", "\r"} {
				token := tt.token(at, c)
				_, err := h.Parse(token)
				if !errors.Is(err, tt.wantIs) {
					t.Errorf("%s: Parse(token with %q at offset %d) error = %v, want one wrapping %v", tt.desc, c, at, err, tt.wantIs)
					continue
				}
				if tt.wantMsg != nil && err.Error() != tt.wantMsg(at, c) {
					t.Errorf("%s: Parse(token with %q at offset %d) error = %q, want %q", tt.desc, c, at, err, tt.wantMsg(at, c))
				}
			}
		}
	}
}

func TestParseTamperedSignature(t *testing.T) {
	for _, alg := range allAlgorithms {
		t.Run(alg, func(t *testing.T) {
			h := newRegisteredHandler(t, testConfig(alg))
			token, err := h.Issue(&RegisteredClaims{Subject: "user-1"})
			if err != nil {
				t.Fatalf("Issue() = %v", err)
			}
			signatureStart := strings.LastIndexByte(token, '.') + 1
			for i := signatureStart; i < len(token); i++ {
				tampered := token[:i] + string(otherBase64URL(token[i])) + token[i+1:]
				if _, err := h.Parse(tampered); !errors.Is(err, jwt.ErrTokenSignatureInvalid) && !errors.Is(err, jwt.ErrTokenMalformed) {
					t.Fatalf("Parse(token with signature byte %d changed) = %v, want %q", i-signatureStart, err, jwt.ErrTokenSignatureInvalid)
				}
			}
		})
	}
}

// allocatedBytes returns the bytes that f allocates per call, averaged over
// n calls.
func allocatedBytes(n int, f func()) uint64 {
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	for range n {
		f()
	}
	goruntime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(n)
}

// otherBase64URL returns a base64url character other than c.
func otherBase64URL(c byte) byte {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.IndexByte(alphabet, c)
	return alphabet[(i+1)%len(alphabet)]
}

func TestParseManyDotsAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations")
	}
	tests := []struct {
		desc string
		cfg  Config
	}{
		{"signed", testConfig("HS256")},
		{"encrypted", encryptedConfig()},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			h := newRegisteredHandler(t, tt.cfg)
			thousand, hundredThousand := strings.Repeat(".", 1_000), strings.Repeat(".", 100_000)
			few := testing.AllocsPerRun(20, func() { h.Parse(thousand) })
			many := testing.AllocsPerRun(20, func() { h.Parse(hundredThousand) })
			if many != few || many > 16 {
				t.Errorf("Parse(100,000 dots) made %v allocations, Parse(1,000 dots) %v; want the same, at most 16", many, few)
			}
			if bytes := allocatedBytes(20, func() { h.Parse(hundredThousand) }); bytes > 2048 {
				t.Errorf("Parse(100,000 dots) allocated %d bytes, want at most 2048", bytes)
			}
		})
	}
}

func TestErrorsWithoutKind(t *testing.T) {
	cfg := testConfig("HS256")
	cfg.Kind = ""
	h := newRegisteredHandler(t, cfg)
	if _, err := h.Parse(""); err == nil || err.Error() != "invalid token: token is malformed: token is empty" {
		t.Errorf("Parse(\"\") without Kind = %v, want %q", err, "invalid token: token is malformed: token is empty")
	}
	if _, err := h.Issue(nil); err == nil || err.Error() != "issue token: claims is nil" {
		t.Errorf("Issue(nil) without Kind = %v, want %q", err, "issue token: claims is nil")
	}
	cfg.Lifespan = 0
	if _, err := NewHandler(cfg, registeredCodec); err == nil || err.Error() != "invalid token handler config: Lifespan is missing, want a positive duration" {
		t.Errorf("NewHandler(config without Kind or Lifespan) = %v, want %q", err, "invalid token handler config: Lifespan is missing, want a positive duration")
	}
}

// TestParseClaimsOutliveBuffers checks that the claims of a parsed token
// keep their values while the handler parses other tokens in the buffers
// it reuses.
func TestParseClaimsOutliveBuffers(t *testing.T) {
	for _, cfg := range []Config{testConfig("HS256"), encryptedConfig()} {
		h, err := NewHandler(cfg, testCodec)
		if err != nil {
			t.Fatal(err)
		}
		issue := func(uid string) string {
			token, err := h.Issue(&testClaims{UserID: uid, Tenant: "tenant-" + uid, Roles: []string{"role-" + uid}})
			if err != nil {
				t.Fatal(err)
			}
			return token
		}
		first, err := h.Parse(issue("first"))
		if err != nil {
			t.Fatalf("Parse(first token): %v", err)
		}
		for i := range 50 {
			if _, err := h.Parse(issue("other-" + strconv.Itoa(i))); err != nil {
				t.Fatalf("Parse(other token %d): %v", i, err)
			}
		}
		if first.UserID != "first" || first.Tenant != "tenant-first" || !slices.Equal(first.Roles, []string{"role-first"}) || first.Issuer != cfg.Issuer {
			t.Errorf("claims of the first token after 50 more Parse calls (encrypted %v) = uid %q, tenant %q, roles %q, iss %q; want first, tenant-first, [role-first], %s",
				cfg.Encrypted, first.UserID, first.Tenant, first.Roles, first.Issuer, cfg.Issuer)
		}
	}
}

// TestParseAfterHugeToken checks that a token larger than the buffers a
// handler keeps parses, and that the handler works normally after it.
func TestParseAfterHugeToken(t *testing.T) {
	h, err := NewHandler(testConfig("HS256"), testCodec)
	if err != nil {
		t.Fatal(err)
	}
	roles := make([]string, 20_000)
	for i := range roles {
		roles[i] = "role-" + strconv.Itoa(i)
	}
	huge, err := h.Issue(&testClaims{UserID: "u", Tenant: "acme", Roles: roles})
	if err != nil {
		t.Fatal(err)
	}
	small, err := h.Issue(&testClaims{UserID: "u", Tenant: "acme", Roles: []string{"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		desc      string
		token     string
		wantRoles int
	}{
		{"huge", huge, len(roles)},
		{"small after huge", small, 1},
		{"huge again", huge, len(roles)},
	} {
		c, err := h.Parse(tt.token)
		if err != nil {
			t.Fatalf("Parse(%s token of %d bytes): %v", tt.desc, len(tt.token), err)
		}
		if len(c.Roles) != tt.wantRoles {
			t.Errorf("Parse(%s token) has %d roles, want %d", tt.desc, len(c.Roles), tt.wantRoles)
		}
	}
}

// TestParseAllocations checks the allocations of a valid Parse: the claims,
// one copy of the payload for all string claims, and one per slice claim.
func TestParseAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations")
	}
	for _, cfg := range []Config{testConfig("HS256"), encryptedConfig()} {
		h, err := NewHandler(cfg, testCodec)
		if err != nil {
			t.Fatal(err)
		}
		token, err := h.Issue(&testClaims{UserID: "u", Tenant: "acme", Roles: []string{"admin", "ops"}})
		if err != nil {
			t.Fatal(err)
		}
		h.Parse(token) // fill the pool
		// The claims, the payload text, aud and roles.
		const want = 4
		if got := testing.AllocsPerRun(100, func() { h.Parse(token) }); got != want {
			t.Errorf("Parse(valid token) (encrypted %v) made %v allocations, want %d", cfg.Encrypted, got, want)
		}
	}
}

// TestParseForgedAllocations checks that rejecting a token with a bad
// signature allocates nothing, so forged tokens are cheap to reject.
func TestParseForgedAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations")
	}
	h := newRegisteredHandler(t, testConfig("HS256"))
	forged := signToken(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), `{"alg":"HS256","typ":"JWT"}`, validClaims())
	h.Parse(forged) // fill the pool
	if got := testing.AllocsPerRun(100, func() { h.Parse(forged) }); got != 0 {
		t.Errorf("Parse(forged token) made %v allocations, want 0", got)
	}
}

func TestHandlerConcurrentUse(t *testing.T) {
	for _, cfg := range []Config{testConfig("HS256"), testConfig("ES256"), encryptedConfig()} {
		h, err := NewHandler(cfg, testCodec)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error)
		for range 4 {
			go func() {
				var err error
				for i := range 20 {
					in := testClaims{UserID: "u-" + strconv.Itoa(i), Tenant: "acme"}
					var token string
					if token, err = h.Issue(&in); err != nil {
						break
					}
					var out *testClaims
					if out, err = h.Parse(token); err != nil {
						break
					}
					if out.UserID != in.UserID {
						err = fmt.Errorf("parsed uid %q, issued %q", out.UserID, in.UserID)
						break
					}
				}
				done <- err
			}()
		}
		for range 4 {
			if err := <-done; err != nil {
				t.Errorf("Issue and Parse from 4 goroutines with %s (encrypted %v) = %v, want no error", cfg.Algorithm, cfg.Encrypted, err)
			}
		}
	}
}
