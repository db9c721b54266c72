package runtime

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/chacha20poly1305"
)

// testNow is the clock of every handler test.
var testNow = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// registeredCodec makes RegisteredClaims itself a claims type without custom
// claims, for tests of the registered-claim checks.
var registeredCodec = Codec[RegisteredClaims]{
	Registered:    func(c *RegisteredClaims) *RegisteredClaims { return c },
	DecodeMember:  func(*RegisteredClaims, []byte, *Decoder) (bool, error) { return false, nil },
	EncodeMembers: func(*RegisteredClaims, *Encoder) {},
	Check:         func(*RegisteredClaims) error { return nil },
}

// Test secrets. The HMAC secrets are printable, so a test can search error
// messages for them.
var (
	hmacKey256    = []byte("hs256-secret-0123456789abcdefghij")                                   // 33 bytes
	hmacKey384    = []byte("hs384-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDE")              // 53 bytes
	hmacKey512    = []byte("hs512-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR") // 66 bytes
	encryptionKey = []byte("xchacha-key-0123456789abcdefghij")[:chacha20poly1305.KeySize]
)

// asymmetricKeys are the private keys of the tests. testKeys generates them
// once per run, because RSA key generation is slow.
type asymmetricKeys struct {
	rsa2048 *rsa.PrivateKey
	rsa1024 *rsa.PrivateKey
	p256    *ecdsa.PrivateKey
	p384    *ecdsa.PrivateKey
	p521    *ecdsa.PrivateKey
	ed      ed25519.PrivateKey
}

var testKeys = sync.OnceValue(func() *asymmetricKeys {
	must := func(k crypto.Signer, err error) crypto.Signer {
		if err != nil {
			panic(err)
		}
		return k
	}
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return &asymmetricKeys{
		rsa2048: must(rsa.GenerateKey(rand.Reader, 2048)).(*rsa.PrivateKey),
		rsa1024: must(rsa.GenerateKey(rand.Reader, 1024)).(*rsa.PrivateKey),
		p256:    must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)).(*ecdsa.PrivateKey),
		p384:    must(ecdsa.GenerateKey(elliptic.P384(), rand.Reader)).(*ecdsa.PrivateKey),
		p521:    must(ecdsa.GenerateKey(elliptic.P521(), rand.Reader)).(*ecdsa.PrivateKey),
		ed:      ed,
	}
})

// signingKey returns a private key (or HMAC secret) that suits alg.
func signingKey(alg string) any {
	k := testKeys()
	switch alg {
	case "HS256":
		return hmacKey256
	case "HS384":
		return hmacKey384
	case "HS512":
		return hmacKey512
	case "ES256":
		return k.p256
	case "ES384":
		return k.p384
	case "ES512":
		return k.p521
	case "EdDSA":
		return k.ed
	}
	return k.rsa2048
}

// publicKey returns the public key of the private key priv, or priv itself
// for an HMAC secret.
func publicKey(priv any) any {
	if s, ok := priv.(crypto.Signer); ok {
		return s.Public()
	}
	return priv
}

// testConfig returns a valid config for alg with every check on.
func testConfig(alg string) Config {
	return Config{
		Kind:      "Access",
		Algorithm: alg,
		Key:       signingKey(alg),
		Lifespan:  15 * time.Minute,
		Issuer:    "https://auth.example.test",
		Audience:  []string{"orders-api"},
		Require:   CheckAll,
		Verify:    CheckAll,
		Now:       fixedNow,
	}
}

// encryptedConfig returns testConfig("HS256") with encryption on.
func encryptedConfig() Config {
	cfg := testConfig("HS256")
	cfg.Encrypted = true
	cfg.EncryptionKey = encryptionKey
	return cfg
}

// newRegisteredHandler returns a handler for cfg with registeredCodec.
func newRegisteredHandler(t *testing.T, cfg Config) *Handler[RegisteredClaims] {
	t.Helper()
	h, err := NewHandler(cfg, registeredCodec)
	if err != nil {
		t.Fatalf("NewHandler(%s config) = %v", cfg.Algorithm, err)
	}
	return h
}

// validClaims is the claims JSON of a token that passes every check of
// testConfig at testNow.
func validClaims() string {
	return claimsJSON(map[string]string{})
}

// claimsJSON returns the JSON of validClaims with the members in change
// replaced; an empty value removes the member. Values are raw JSON.
func claimsJSON(change map[string]string) string {
	members := []struct{ name, value string }{
		{"iss", `"https://auth.example.test"`},
		{"sub", `"user-1"`},
		{"aud", `["orders-api"]`},
		{"exp", unixJSON(testNow.Add(10 * time.Minute))},
		{"nbf", unixJSON(testNow.Add(-5 * time.Minute))},
		{"iat", unixJSON(testNow.Add(-5 * time.Minute))},
		{"jti", `"id-1"`},
	}
	var b strings.Builder
	b.WriteByte('{')
	seen := map[string]bool{}
	for _, m := range members {
		seen[m.name] = true
		value := m.value
		if v, ok := change[m.name]; ok {
			value = v
		}
		if value == "" {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + m.name + `":` + value)
	}
	for _, name := range slices.Sorted(maps.Keys(change)) {
		if value := change[name]; !seen[name] && value != "" {
			if b.Len() > 1 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + name + `":` + value)
		}
	}
	b.WriteByte('}')
	return b.String()
}

func unixJSON(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// signToken returns a JWS compact token with the given header and claims
// JSON, signed with method and key.
func signToken(t *testing.T, method jwt.SigningMethod, key any, header, claims string) string {
	t.Helper()
	input := base64url.EncodeToString([]byte(header)) + "." + base64url.EncodeToString([]byte(claims))
	sig, err := method.Sign(input, key)
	if err != nil {
		t.Fatalf("%s.Sign: %v", method.Alg(), err)
	}
	return input + "." + base64url.EncodeToString(sig)
}

// hs256Token returns a token signed with HS256 and hmacKey256.
func hs256Token(t *testing.T, claims string) string {
	t.Helper()
	return signToken(t, jwt.SigningMethodHS256, hmacKey256, `{"alg":"HS256","typ":"JWT"}`, claims)
}

// encryptToken returns a JWE compact token with the given header and nonce
// that encrypts jws with encryptionKey. The additional data is the encoded
// header, as Issue uses it.
func encryptToken(t *testing.T, header string, nonce []byte, jws string) string {
	t.Helper()
	aead, err := chacha20poly1305.NewX(encryptionKey)
	if err != nil {
		t.Fatal(err)
	}
	encodedHeader := base64url.EncodeToString([]byte(header))
	sealed := aead.Seal(nil, nonce, []byte(jws), []byte(encodedHeader))
	tag := len(sealed) - aead.Overhead()
	return encodedHeader + ".." + base64url.EncodeToString(nonce) + "." +
		base64url.EncodeToString(sealed[:tag]) + "." + base64url.EncodeToString(sealed[tag:])
}
