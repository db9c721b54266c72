package runtime

import (
	"errors"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// parseSentinels are the errors that every Parse error wraps at least one
// of, so that a caller can tell with errors.Is which check failed.
var parseSentinels = []error{
	jwt.ErrTokenMalformed,
	jwt.ErrTokenSignatureInvalid,
	jwt.ErrTokenExpired,
	jwt.ErrTokenNotValidYet,
	jwt.ErrTokenUsedBeforeIssued,
	jwt.ErrTokenInvalidAudience,
	jwt.ErrTokenInvalidIssuer,
	jwt.ErrTokenRequiredClaimMissing,
	jwt.ErrTokenInvalidClaims,
	ErrDecrypt,
	ErrTokenType,
}

// FuzzParse checks that Parse never panics, returns claims exactly when it
// returns no error, and returns errors that wrap one of parseSentinels and
// do not contain the keys. Each input is parsed three ways: as a token
// string, as a header and payload signed with the handler's key, so that
// the fuzzer reaches the header and claims checks, and as that signed
// token encrypted with the encryption key.
func FuzzParse(f *testing.F) {
	f.Add(`{"alg":"HS256","typ":"at+jwt"}`, validClaims(), "")
	f.Add(`{"alg":"HS256","typ":"JWT","kid":"k1"}`, claimsJSON(map[string]string{"exp": `"soon"`, "roles": `["a"]`}), "a.b.c")
	f.Add(`{"alg":"none"}`, `{"uid":"u","tenant":"acme"}`, "eyJhbGciOiJIUzI1NiJ9.e30.")
	f.Add(`{"alg":"HS256","crit":["b64"]}`, `{}`, "a..b.c.d")

	plain := newFuzzHandler(f, testConfig("HS256"))
	typedCfg := testConfig("HS256")
	typedCfg.Type = "at+jwt"
	typed := newFuzzHandler(f, typedCfg)
	unverifiedCfg := testConfig("HS256")
	unverifiedCfg.Verify = CheckExp
	unverified := newFuzzHandler(f, unverifiedCfg)
	encrypted := newFuzzHandler(f, encryptedConfig())
	nonce := make([]byte, 24)

	f.Fuzz(func(t *testing.T, header, payload, token string) {
		for _, h := range []*Handler[testClaims]{plain, typed, unverified, encrypted} {
			checkParse(t, h, token)
		}

		signed := signToken(t, jwt.SigningMethodHS256, hmacKey256, header, payload)
		for _, h := range []*Handler[testClaims]{plain, typed, unverified} {
			checkParse(t, h, signed)
		}
		checkParse(t, encrypted, encryptToken(t, `{"alg":"dir","enc":"XC20P","cty":"JWT"}`, nonce, signed))
	})
}

// newFuzzHandler returns a handler for cfg with testCodec.
func newFuzzHandler(f *testing.F, cfg Config) *Handler[testClaims] {
	f.Helper()
	h, err := NewHandler(cfg, testCodec)
	if err != nil {
		f.Fatalf("NewHandler = %v", err)
	}
	return h
}

// checkParse parses token with h and checks the result as FuzzParse
// describes.
func checkParse(t *testing.T, h *Handler[testClaims], token string) {
	t.Helper()
	c, err := h.Parse(token)
	if err == nil {
		if c == nil {
			t.Fatalf("Parse(%q) = nil, nil", token)
		}
		return
	}
	if c != nil {
		t.Fatalf("Parse(%q) returned claims and the error %v", token, err)
	}
	if !wrapsSentinel(err) {
		t.Fatalf("Parse(%q) error %q wraps none of the sentinels", token, err)
	}
	for _, key := range [][]byte{hmacKey256, encryptionKey} {
		if strings.Contains(err.Error(), string(key)) {
			t.Fatalf("Parse(%q) error %q contains a key", token, err)
		}
	}
}

func wrapsSentinel(err error) bool {
	for _, s := range parseSentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}
