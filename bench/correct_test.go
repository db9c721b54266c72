package bench

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tokengen/tokengen/bench/wide"
	"github.com/tokengen/tokengen/runtime"

	golangjwt "github.com/golang-jwt/jwt/v5"
)

// wantFixture is the fixture's claims as every path must return them.
var wantFixture = result{
	Issuer:    "https://auth.example.test",
	Subject:   "user-123",
	Audience:  []string{"orders-api"},
	UserID:    "user-123",
	Scopes:    []string{"read:orders", "write:orders", "read:users"},
	Tenant:    "acme",
	Roles:     []string{"admin", "ops"},
	ExpiresAt: 4102444800,
	NotBefore: 1780000000,
	IssuedAt:  1780000000,
	ID:        "0b6f3c2e-7d1a-4c59-9e8b-2a4f6d8c1e37",
}

// path is one benchmarked way to parse a token.
type path struct {
	name  string
	parse func(token string) (result, error)
}

// hs256Paths parse the HS256 fixture.
var hs256Paths = []path{
	{"generated", func(token string) (result, error) {
		c, err := accessHandler.Parse(token)
		if err != nil {
			return result{}, err
		}
		return accessResult(c), nil
	}},
	{"generated with 1,000 scopes", func(token string) (result, error) {
		c, err := wideHandler.Parse(token)
		if err != nil {
			return result{}, err
		}
		return wideResult(c), nil
	}},
	{"golang-jwt", func(token string) (result, error) {
		c, err := parseGolangJWT(token)
		if err != nil {
			return result{}, err
		}
		return c.result(), nil
	}},
	{"jwx", parseJWX},
	{"go-jose", parseJose},
}

func TestCorrectFixtureSize(t *testing.T) {
	if got, want := len(fixtureHS256), 449; got != want {
		t.Errorf("len(fixtureHS256) = %d, want %d", got, want)
	}
}

// TestCorrectAccept checks that every path accepts its form of the fixture
// with the same claims.
func TestCorrectAccept(t *testing.T) {
	tests := []struct {
		desc  string
		token string
		parse func(token string) (result, error)
	}{
		{"encrypted XC20P, generated", fixtureSealed, func(token string) (result, error) {
			c, err := sealedHandler.Parse(token)
			if err != nil {
				return result{}, err
			}
			return sealedResult(c), nil
		}},
		{"ES256, generated", fixtureES256, func(token string) (result, error) {
			c, err := serviceHandler.Parse(token)
			if err != nil {
				return result{}, err
			}
			return serviceResult(c), nil
		}},
		{"EdDSA, generated", fixtureEdDSA, func(token string) (result, error) {
			c, err := deviceHandler.Parse(token)
			if err != nil {
				return result{}, err
			}
			return deviceResult(c), nil
		}},
		{"encrypted A256GCM, go-jose", sealJose(fixtureHS256), parseJoseNested},
	}
	for _, p := range hs256Paths {
		tests = append(tests, struct {
			desc  string
			token string
			parse func(token string) (result, error)
		}{"HS256, " + p.name, fixtureHS256, p.parse})
	}

	for _, tt := range tests {
		got, err := tt.parse(tt.token)
		if err != nil {
			t.Errorf("%s: parse fixture: %v, want no error", tt.desc, err)
			continue
		}
		if diff := cmp.Diff(wantFixture, got); diff != "" {
			t.Errorf("%s: parse fixture: claims differ (-want +got):\n%s", tt.desc, diff)
		}
	}
}

// TestCorrectReject checks that every HS256 path rejects the same tampered
// tokens, and that the generated code reports the expected failure.
func TestCorrectReject(t *testing.T) {
	otherKey := []byte("another-secret-0123456789abcdefg")
	fixtureParts := strings.Split(fixtureHS256, ".")
	resigned := func(name, value string) string {
		return signHMAC(hs256Head, withClaims(name, value), sha256.New, hmacKey)
	}
	tests := []struct {
		desc    string
		token   string
		wantErr error // of the generated code
	}{
		{
			desc:    "signed with another key",
			token:   signHMAC(hs256Head, fixtureClaims, sha256.New, otherKey),
			wantErr: golangjwt.ErrTokenSignatureInvalid,
		},
		{
			desc:    "payload changed after signing",
			token:   fixtureParts[0] + "." + b64.EncodeToString([]byte(withClaims("tenant", `"acmf"`))) + "." + fixtureParts[2],
			wantErr: golangjwt.ErrTokenSignatureInvalid,
		},
		{
			desc:    "alg none",
			token:   b64.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + fixtureParts[1] + ".",
			wantErr: golangjwt.ErrTokenSignatureInvalid,
		},
		{
			desc:    "alg HS384 with the same key",
			token:   signHS384(fixtureClaims),
			wantErr: golangjwt.ErrTokenSignatureInvalid,
		},
		{
			desc:    "two parts",
			token:   fixtureParts[0] + "." + fixtureParts[1],
			wantErr: golangjwt.ErrTokenMalformed,
		},
		{
			desc:    "expired",
			token:   resigned("exp", "1780000030"),
			wantErr: golangjwt.ErrTokenExpired,
		},
		{
			desc:    "not valid yet",
			token:   resigned("nbf", "1780000120"),
			wantErr: golangjwt.ErrTokenNotValidYet,
		},
		{
			desc:    "issued in the future",
			token:   resigned("iat", "1780000120"),
			wantErr: golangjwt.ErrTokenUsedBeforeIssued,
		},
		{
			desc:    "another issuer",
			token:   resigned("iss", `"https://other.example.test"`),
			wantErr: golangjwt.ErrTokenInvalidIssuer,
		},
		{
			desc:    "another audience",
			token:   resigned("aud", `["billing-api"]`),
			wantErr: golangjwt.ErrTokenInvalidAudience,
		},
		{
			desc:    "exp missing",
			token:   resigned("exp", ""),
			wantErr: golangjwt.ErrTokenRequiredClaimMissing,
		},
		{
			desc:    "nbf missing",
			token:   resigned("nbf", ""),
			wantErr: golangjwt.ErrTokenRequiredClaimMissing,
		},
		{
			desc:    "tenant missing",
			token:   resigned("tenant", ""),
			wantErr: golangjwt.ErrTokenRequiredClaimMissing,
		},
		{
			desc:    "exp is null",
			token:   resigned("exp", "null"),
			wantErr: golangjwt.ErrTokenMalformed,
		},
		{
			desc:    "roles is a string",
			token:   resigned("roles", `"admin"`),
			wantErr: golangjwt.ErrTokenMalformed,
		},
	}
	for _, tt := range tests {
		for _, p := range hs256Paths {
			got, err := p.parse(tt.token)
			if err == nil {
				t.Errorf("%s: %s: parse = %+v, want an error", tt.desc, p.name, got)
			}
		}
		_, err := accessHandler.Parse(tt.token)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: generated Parse error = %v, want one wrapping %v", tt.desc, err, tt.wantErr)
		}
	}
}

// TestCorrectRejectStricter checks a token that only the generated code
// rejects: golang-jwt v5.3.1 and jwx v3.4.0 read a NumericDate from a JSON
// string, which RFC 7519 does not allow. The benchmarks never parse it.
func TestCorrectRejectStricter(t *testing.T) {
	token := signHMAC(hs256Head, withClaims("exp", `"4102444800"`), sha256.New, hmacKey)
	if _, err := accessHandler.Parse(token); !errors.Is(err, golangjwt.ErrTokenMalformed) {
		t.Errorf("exp is a string: generated Parse error = %v, want one wrapping %v", err, golangjwt.ErrTokenMalformed)
	}
}

// TestCorrectRejectEncrypted checks that the encrypted paths reject a
// changed ciphertext and a plain signed token.
func TestCorrectRejectEncrypted(t *testing.T) {
	parts := strings.Split(fixtureSealed, ".")
	flipped := []byte(parts[3])
	flipped[0] ^= 'A' ^ 'B'
	parts[3] = string(flipped)
	tests := []struct {
		desc  string
		token string
	}{
		{"ciphertext changed", strings.Join(parts, ".")},
		{"signed token without encryption", fixtureHS256},
	}
	for _, tt := range tests {
		if _, err := sealedHandler.Parse(tt.token); !errors.Is(err, runtime.ErrDecrypt) && !errors.Is(err, golangjwt.ErrTokenMalformed) {
			t.Errorf("%s: generated Parse error = %v, want one wrapping runtime.ErrDecrypt or jwt.ErrTokenMalformed", tt.desc, err)
		}
		if got, err := parseJoseNested(tt.token); err == nil {
			t.Errorf("%s: go-jose parse = %+v, want an error", tt.desc, got)
		}
	}
}

// TestCorrectIssue checks that tokens issued by the benchmarked issue paths
// parse back with the generated handler.
func TestCorrectIssue(t *testing.T) {
	generated, err := accessHandler.Issue(issueClaims())
	if err != nil {
		t.Fatalf("generated Issue: %v", err)
	}
	golangJWT, err := issueGolangJWT(issueGolangJWTClaims())
	if err != nil {
		t.Fatalf("golang-jwt SignedString: %v", err)
	}
	for _, token := range []string{generated, golangJWT} {
		c, err := accessHandler.Parse(token)
		if err != nil {
			t.Errorf("Parse(%q): %v", token, err)
			continue
		}
		got := accessResult(c)
		want := wantFixture
		want.ExpiresAt = fixtureNow.Add(15 * 60e9).Unix()
		want.NotBefore = fixtureNow.Unix()
		want.IssuedAt = fixtureNow.Unix()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Parse(%q): claims differ (-want +got):\n%s", token, diff)
		}
	}
}

// TestCorrectWideScopes checks that the 1,000-scope schema issues scp in
// schema order across the words of its bit set, and parses it back.
func TestCorrectWideScopes(t *testing.T) {
	scopes := []wide.Scope{wide.ScopeReadUsers, wide.ScopeScope0065, wide.ScopeScope0001, wide.ScopeScope0064, wide.ScopeScope0997, wide.ScopeScope0128}
	token, err := wideHandler.Issue(wide.NewAccessClaims("user-123", "acme", scopes...))
	if err != nil {
		t.Fatalf("wide Issue: %v", err)
	}

	// The scp member as Issue wrote it.
	payload, err := b64.DecodeString(strings.Split(token, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Scopes []string `json:"scp"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	want := []string{"scope0001", "scope0064", "scope0065", "scope0128", "scope0997", "read:users"}
	if !slices.Equal(claims.Scopes, want) {
		t.Errorf("wide Issue wrote scp %q, want %q", claims.Scopes, want)
	}

	c, err := wideHandler.Parse(token)
	if err != nil {
		t.Fatalf("wide Parse: %v", err)
	}
	if got := scopeNames(c.Scopes.List()); !slices.Equal(got, want) {
		t.Errorf("wide Parse scopes = %q, want %q", got, want)
	}
}
