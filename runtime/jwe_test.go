package runtime

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/chacha20poly1305"
)

// testNonce is a fixed nonce for crafted encrypted tokens.
var testNonce = bytes.Repeat([]byte{7}, chacha20poly1305.NonceSizeX)

func TestIssueEncrypted(t *testing.T) {
	h := newRegisteredHandler(t, encryptedConfig())
	first, err := h.Issue(&RegisteredClaims{Subject: "user-1"})
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}
	second, err := h.Issue(&RegisteredClaims{Subject: "user-1"})
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}

	parts := strings.Split(first, ".")
	if len(parts) != 5 {
		t.Fatalf("Issue() = %q, want 5 parts", first)
	}
	header, _ := base64url.DecodeString(parts[0])
	nonce, _ := base64url.DecodeString(parts[2])
	tag, _ := base64url.DecodeString(parts[4])
	if string(header) != `{"alg":"dir","enc":"XC20P","cty":"JWT"}` {
		t.Errorf("Issue() header = %s, want %s", header, `{"alg":"dir","enc":"XC20P","cty":"JWT"}`)
	}
	if parts[1] != "" {
		t.Errorf("Issue() encrypted key = %q, want empty", parts[1])
	}
	if len(nonce) != 24 || len(tag) != 16 {
		t.Errorf("Issue() nonce, tag = %d, %d bytes, want 24, 16", len(nonce), len(tag))
	}
	if secondNonce := strings.Split(second, ".")[2]; secondNonce == parts[2] {
		t.Errorf("Issue() twice used the nonce %s twice", secondNonce)
	}
	if strings.Contains(first, "user-1") || strings.Contains(first, base64url.EncodeToString([]byte(`"sub":"user-1"`))) {
		t.Errorf("Issue() = %s, want the claims hidden", first)
	}

	got, err := h.Parse(first)
	if err != nil {
		t.Fatalf("Parse(Issue()) = %v", err)
	}
	if got.Subject != "user-1" {
		t.Errorf("Parse(Issue()).Subject = %q, want %q", got.Subject, "user-1")
	}
}

func TestParseEncryptedEveryByteChanged(t *testing.T) {
	h := newRegisteredHandler(t, encryptedConfig())
	token, err := h.Issue(&RegisteredClaims{Subject: "user-1"})
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}
	changes := []struct {
		desc   string
		change func(c byte) byte
	}{
		{"next base64url character", func(c byte) byte {
			if c == '.' {
				return 'A'
			}
			return otherBase64URL(c)
		}},
		{"lowest bit flipped", func(c byte) byte { return c ^ 1 }},
	}
	for _, ch := range changes {
		for i := range len(token) {
			tampered := token[:i] + string(ch.change(token[i])) + token[i+1:]
			got, err := h.Parse(tampered)
			if !errors.Is(err, ErrDecrypt) {
				t.Errorf("Parse(token with byte %d %q changed to %q, %s) = %+v, %v; want %q",
					i, token[i], tampered[i], ch.desc, got, err, ErrDecrypt)
			}
		}
	}
}

func TestParseEncryptedErrors(t *testing.T) {
	inner := hs256Token(t, validClaims())
	header := `{"alg":"dir","enc":"XC20P","cty":"JWT"}`
	valid := encryptToken(t, header, testNonce, inner)
	parts := strings.Split(valid, ".")
	join := func(p ...string) string { return strings.Join(p, ".") }
	otherKey := bytes.Repeat([]byte{1}, chacha20poly1305.KeySize)

	tests := []struct {
		desc      string
		token     string
		malformed bool   // the error also wraps jwt.ErrTokenMalformed
		wantMsg   string // exact error message when set
	}{
		// Structure.
		{desc: "signed token", token: inner, malformed: true,
			wantMsg: "invalid Access token: token decryption failed: token is malformed: token has 3 parts separated by dots, want 5"},
		{desc: "100,000 dots", token: strings.Repeat(".", 100_000), malformed: true},
		{desc: "six parts", token: valid + ".", malformed: true},
		{desc: "encrypted key not empty", token: join(parts[0], "AAAA", parts[2], parts[3], parts[4]), malformed: true,
			wantMsg: `invalid Access token: token decryption failed: token is malformed: encrypted key is not empty, want empty for alg "dir"`},
		{desc: "nonce of 12 bytes", token: join(parts[0], "", base64url.EncodeToString(testNonce[:12]), parts[3], parts[4]), malformed: true,
			wantMsg: "invalid Access token: token decryption failed: token is malformed: nonce is 12 bytes, want 24"},
		{desc: "nonce empty", token: join(parts[0], "", "", parts[3], parts[4]), malformed: true},
		{desc: "nonce of 25 bytes", token: join(parts[0], "", base64url.EncodeToString(append(testNonce, 0)), parts[3], parts[4]), malformed: true},
		{desc: "tag of 15 bytes", token: join(parts[0], "", parts[2], parts[3], base64url.EncodeToString(make([]byte, 15))), malformed: true,
			wantMsg: "invalid Access token: token decryption failed: token is malformed: tag is 15 bytes, want 16"},
		{desc: "tag empty", token: join(parts[0], "", parts[2], parts[3], ""), malformed: true},
		{desc: "ciphertext not base64url", token: join(parts[0], "", parts[2], "A", parts[4]), malformed: true},

		// Header.
		{desc: "header without cty", token: encryptToken(t, `{"alg":"dir","enc":"XC20P"}`, testNonce, inner), malformed: true,
			wantMsg: `invalid Access token: token decryption failed: token is malformed: header: cty is missing, want "JWT"`},
		{desc: "header with kid", token: encryptToken(t, `{"alg":"dir","enc":"XC20P","cty":"JWT","kid":"1"}`, testNonce, inner), malformed: true,
			wantMsg: `invalid Access token: token decryption failed: token is malformed: header parameter "kid": not supported, want only alg, enc and cty`},
		{desc: "header with crit", token: encryptToken(t, `{"alg":"dir","enc":"XC20P","cty":"JWT","crit":["exp"]}`, testNonce, inner), malformed: true},
		{desc: "header with alg twice", token: encryptToken(t, `{"alg":"dir","enc":"XC20P","cty":"JWT","alg":"dir"}`, testNonce, inner), malformed: true},
		{desc: "enc A256GCM", token: encryptToken(t, `{"alg":"dir","enc":"A256GCM","cty":"JWT"}`, testNonce, inner), malformed: true,
			wantMsg: `invalid Access token: token decryption failed: token is malformed: header parameter "enc": got "A256GCM", want "XC20P"`},
		{desc: "alg RSA-OAEP", token: encryptToken(t, `{"alg":"RSA-OAEP","enc":"XC20P","cty":"JWT"}`, testNonce, inner), malformed: true},
		{desc: "cty in lower case", token: encryptToken(t, `{"alg":"dir","enc":"XC20P","cty":"jwt"}`, testNonce, inner), malformed: true},
		{desc: "header not an object", token: encryptToken(t, `"dir"`, testNonce, inner), malformed: true},

		// Authentication.
		{desc: "other encryption key", token: encryptTokenWithKey(t, otherKey, header, inner),
			wantMsg: "invalid Access token: token decryption failed: message authentication failed"},
		{desc: "header re-encoded with spaces", token: join(base64url.EncodeToString([]byte(`{"alg":"dir", "enc":"XC20P","cty":"JWT"}`)), "", parts[2], parts[3], parts[4])},
		{desc: "ciphertext cut", token: join(parts[0], "", parts[2], parts[3][:len(parts[3])-4], parts[4])},
		{desc: "tag of another token", token: join(parts[0], "", parts[2], parts[3],
			strings.Split(encryptToken(t, header, testNonce, inner+"x"), ".")[4])},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			h := newRegisteredHandler(t, encryptedConfig())
			got, err := h.Parse(tt.token)
			call := "Parse(" + shortToken(tt.token) + ")"
			if !errors.Is(err, ErrDecrypt) {
				t.Fatalf("%s = %+v, %v; want %q", call, got, err, ErrDecrypt)
			}
			if errors.Is(err, jwt.ErrTokenMalformed) != tt.malformed {
				t.Errorf("errors.Is(%s error %q, jwt.ErrTokenMalformed) = %v, want %v", call, err, !tt.malformed, tt.malformed)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("%s error =\n%s\nwant\n%s", call, err, tt.wantMsg)
			}
		})
	}
}

// encryptTokenWithKey is encryptToken with another encryption key.
func encryptTokenWithKey(t *testing.T, key []byte, header, jws string) string {
	t.Helper()
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		t.Fatal(err)
	}
	encodedHeader := base64url.EncodeToString([]byte(header))
	sealed := aead.Seal(nil, testNonce, []byte(jws), []byte(encodedHeader))
	tag := len(sealed) - aead.Overhead()
	return encodedHeader + ".." + base64url.EncodeToString(testNonce) + "." +
		base64url.EncodeToString(sealed[:tag]) + "." + base64url.EncodeToString(sealed[tag:])
}

func TestParseEncryptedHeaderOrder(t *testing.T) {
	inner := hs256Token(t, validClaims())
	h := newRegisteredHandler(t, encryptedConfig())
	for _, header := range []string{
		`{"alg":"dir","enc":"XC20P","cty":"JWT"}`,
		`{"cty":"JWT","enc":"XC20P","alg":"dir"}`,
		`{"enc":"XC20P", "alg":"dir", "cty":"JWT"}`,
		" {\"alg\":\"dir\",\n\"enc\":\"XC20P\",\"cty\":\"JWT\"} ",
	} {
		token := encryptToken(t, header, testNonce, inner)
		if _, err := h.Parse(token); err != nil {
			t.Errorf("Parse(token with header %s) = %v, want no error", header, err)
		}
	}
}

func TestParseEncryptedInnerToken(t *testing.T) {
	h := newRegisteredHandler(t, encryptedConfig())
	tests := []struct {
		desc    string
		inner   string
		wantErr error
	}{
		{"bad signature", signToken(t, jwt.SigningMethodHS256, bytes.Repeat([]byte("k"), 32), `{"alg":"HS256"}`, validClaims()), jwt.ErrTokenSignatureInvalid},
		{"alg none", signToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, `{"alg":"none"}`, validClaims()), jwt.ErrTokenSignatureInvalid},
		{"not a token", "not a token", jwt.ErrTokenMalformed},
		{"nested encrypted token", encryptToken(t, `{"alg":"dir","enc":"XC20P","cty":"JWT"}`, testNonce, hs256Token(t, validClaims())), jwt.ErrTokenMalformed},
		{"expired", hs256Token(t, claimsJSON(map[string]string{"exp": "1"})), jwt.ErrTokenExpired},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			token := encryptToken(t, `{"alg":"dir","enc":"XC20P","cty":"JWT"}`, testNonce, tt.inner)
			_, err := h.Parse(token)
			if !errors.Is(err, tt.wantErr) || errors.Is(err, ErrDecrypt) {
				t.Errorf("Parse(encrypted %s) = %v, want %q and not %q", tt.desc, err, tt.wantErr, ErrDecrypt)
			}
		})
	}
}
