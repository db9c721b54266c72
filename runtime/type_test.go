package runtime

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// typedConfig returns testConfig("HS256") with Type at+jwt.
func typedConfig() Config {
	cfg := testConfig("HS256")
	cfg.Type = "at+jwt"
	return cfg
}

func TestIssueWritesType(t *testing.T) {
	for _, tt := range []struct {
		desc       string
		typ        string
		wantHeader string
	}{
		{"no Type", "", `{"alg":"HS256","typ":"JWT"}`},
		{"Type at+jwt", "at+jwt", `{"alg":"HS256","typ":"at+jwt"}`},
		{"Type with its type", "application/vnd.example+jwt", `{"alg":"HS256","typ":"application/vnd.example+jwt"}`},
	} {
		cfg := testConfig("HS256")
		cfg.Type = tt.typ
		h := newRegisteredHandler(t, cfg)
		token, err := h.Issue(&RegisteredClaims{Subject: "user-1"})
		if err != nil {
			t.Fatalf("%s: Issue = %v", tt.desc, err)
		}
		header, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
		if err != nil {
			t.Fatalf("%s: header of %q: %v", tt.desc, token, err)
		}
		if string(header) != tt.wantHeader {
			t.Errorf("%s: header = %s, want %s", tt.desc, header, tt.wantHeader)
		}
		if _, err := h.Parse(token); err != nil {
			t.Errorf("%s: Parse(own token) = %v", tt.desc, err)
		}
	}
}

func TestParseType(t *testing.T) {
	typed := newRegisteredHandler(t, typedConfig())
	untyped := newRegisteredHandler(t, testConfig("HS256"))
	unverifiedCfg := typedConfig()
	unverifiedCfg.Verify &^= CheckSignature
	unverified := newRegisteredHandler(t, unverifiedCfg)

	tests := []struct {
		desc    string
		h       *Handler[RegisteredClaims]
		header  string
		wantErr error // nil: the token parses
		wantMsg string
	}{
		{desc: "same typ", h: typed, header: `{"alg":"HS256","typ":"at+jwt"}`},
		{desc: "typ in other case", h: typed, header: `{"typ":"AT+JWT","alg":"HS256"}`},
		{desc: "typ with application/", h: typed, header: `{"alg":"HS256","typ":"application/at+jwt"}`},
		{
			desc: "typ JWT", h: typed, header: `{"alg":"HS256","typ":"JWT"}`,
			wantErr: ErrTokenType, wantMsg: `invalid Access token: token type is not accepted: typ "JWT" is not accepted, want "at+jwt"`,
		},
		{
			desc: "no typ", h: typed, header: `{"alg":"HS256"}`,
			wantErr: ErrTokenType, wantMsg: `invalid Access token: token type is not accepted: typ is missing, want "at+jwt"`,
		},
		{desc: "other media type", h: typed, header: `{"alg":"HS256","typ":"text/at+jwt"}`, wantErr: ErrTokenType},
		{desc: "typ not a string", h: typed, header: `{"alg":"HS256","typ":1}`, wantErr: jwt.ErrTokenMalformed},
		{desc: "wrong typ without signature check", h: unverified, header: `{"alg":"HS256","typ":"JWT"}`, wantErr: ErrTokenType},
		{desc: "right typ without signature check", h: unverified, header: `{"alg":"HS256","typ":"at+jwt"}`},
		{desc: "any typ without Type", h: untyped, header: `{"alg":"HS256","typ":"at+jwt"}`},
		{desc: "no typ without Type", h: untyped, header: `{"alg":"HS256"}`},
	}
	for _, tt := range tests {
		token := signToken(t, jwt.SigningMethodHS256, hmacKey256, tt.header, validClaims())
		_, err := tt.h.Parse(token)
		if tt.wantErr == nil {
			if err != nil {
				t.Errorf("%s: Parse(token with header %s) = %v, want no error", tt.desc, tt.header, err)
			}
			continue
		}
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: Parse(token with header %s) = %v, want an error wrapping %q", tt.desc, tt.header, err, tt.wantErr)
			continue
		}
		if tt.wantMsg != "" && err.Error() != tt.wantMsg {
			t.Errorf("%s: Parse error = %q, want %q", tt.desc, err, tt.wantMsg)
		}
	}
}

// TestParseTypeBeforeSignature checks that a token with the wrong typ is
// reported as such whatever its signature, as a wrong alg is.
func TestParseTypeBeforeSignature(t *testing.T) {
	h := newRegisteredHandler(t, typedConfig())
	token := signToken(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), `{"alg":"HS256","typ":"JWT"}`, validClaims())
	_, err := h.Parse(token)
	if !errors.Is(err, ErrTokenType) || errors.Is(err, jwt.ErrTokenSignatureInvalid) {
		t.Errorf("Parse(token of another typ and key) = %v, want ErrTokenType alone", err)
	}
}

func TestParseTypeEncrypted(t *testing.T) {
	cfg := encryptedConfig()
	cfg.Type = "session+jwt"
	h := newRegisteredHandler(t, cfg)
	token, err := h.Issue(&RegisteredClaims{Subject: "user-1"})
	if err != nil {
		t.Fatalf("Issue = %v", err)
	}
	if _, err := h.Parse(token); err != nil {
		t.Errorf("Parse(own encrypted token) = %v", err)
	}

	cfg.Type = "at+jwt"
	other := newRegisteredHandler(t, cfg)
	if _, err := other.Parse(token); !errors.Is(err, ErrTokenType) {
		t.Errorf("Parse(encrypted token of typ session+jwt) with Type at+jwt = %v, want ErrTokenType", err)
	}
}

func TestConfigType(t *testing.T) {
	for _, typ := range []string{"at jwt", "at+jwt; v=1", `at"jwt`, "/jwt", "a/b/c"} {
		cfg := testConfig("HS256")
		cfg.Type = typ
		_, err := NewHandler(cfg, registeredCodec)
		if !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("NewHandler(Type %q) = %v, want ErrInvalidConfig", typ, err)
			continue
		}
		if !strings.Contains(err.Error(), "Type ") || !strings.Contains(err.Error(), "is not a media type name") {
			t.Errorf("NewHandler(Type %q) error %q does not name the Type problem", typ, err)
		}
	}
}
