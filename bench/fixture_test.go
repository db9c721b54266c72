package bench

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
)

// fixtureClaims is the payload of every benchmarked token, byte for byte.
const fixtureClaims = `{"iss":"https://auth.example.test","aud":["orders-api"],"sub":"user-123","uid":"user-123","scp":["read:orders","write:orders","read:users"],"tenant":"acme","roles":["admin","ops"],"exp":4102444800,"nbf":1780000000,"iat":1780000000,"jti":"0b6f3c2e-7d1a-4c59-9e8b-2a4f6d8c1e37"}`

// The values that every path checks the fixture against.
const (
	issuer   = "https://auth.example.test"
	audience = "orders-api"
)

var (
	// hmacKey is the 32-byte HS256 secret.
	hmacKey = []byte("bench-secret-0123456789abcdefghi")
	// encryptionKey is the 32-byte key of the encrypted tokens.
	encryptionKey = []byte("bench-encryption-key-0123456789a")

	// fixtureNow is the clock of every path: after the fixture's nbf and
	// iat, long before its exp.
	fixtureNow = time.Unix(1780000060, 0).UTC()

	ecKey, _  = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	edKey     = ed25519.NewKeyFromSeed([]byte("bench-ed25519-seed-0123456789abc"))
	b64       = base64.RawURLEncoding
	hs256Head = `{"alg":"HS256","typ":"JWT"}`
)

// The fixture signed four ways, and encrypted around the HS256 token.
var (
	fixtureHS256  = signHMAC(hs256Head, fixtureClaims, sha256.New, hmacKey)
	fixtureES256  = signES256(fixtureClaims)
	fixtureEdDSA  = signEdDSA(fixtureClaims)
	fixtureSealed = sealXC20P(fixtureHS256)
)

func now() time.Time { return fixtureNow }

// signHMAC returns the JWS compact token of header and payload, signed
// with HMAC over h.
func signHMAC(header, payload string, h func() hash.Hash, key []byte) string {
	input := b64.EncodeToString([]byte(header)) + "." + b64.EncodeToString([]byte(payload))
	mac := hmac.New(h, key)
	mac.Write([]byte(input))
	return input + "." + b64.EncodeToString(mac.Sum(nil))
}

// signHS384 signs with HS384 under the HS256 key, for the algorithm check.
func signHS384(payload string) string {
	return signHMAC(`{"alg":"HS384","typ":"JWT"}`, payload, sha512.New384, hmacKey)
}

// signES256 returns payload signed with ES256: the signature is r and s,
// 32 bytes each, as RFC 7518 section 3.4 requires.
func signES256(payload string) string {
	input := b64.EncodeToString([]byte(`{"alg":"ES256","typ":"JWT"}`)) + "." + b64.EncodeToString([]byte(payload))
	digest := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, ecKey, digest[:])
	if err != nil {
		panic(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return input + "." + b64.EncodeToString(sig)
}

// signEdDSA returns payload signed with Ed25519.
func signEdDSA(payload string) string {
	input := b64.EncodeToString([]byte(`{"alg":"EdDSA","typ":"JWT"}`)) + "." + b64.EncodeToString([]byte(payload))
	sig, err := edKey.Sign(nil, []byte(input), crypto.Hash(0))
	if err != nil {
		panic(err)
	}
	return input + "." + b64.EncodeToString(sig)
}

// sealXC20P wraps the signed token jws in a JWE with alg "dir" and enc
// "XC20P", the format of encrypted token kinds.
func sealXC20P(jws string) string {
	header := b64.EncodeToString([]byte(`{"alg":"dir","enc":"XC20P","cty":"JWT"}`))
	aead, err := chacha20poly1305.NewX(encryptionKey)
	if err != nil {
		panic(err)
	}
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	sealed := aead.Seal(nil, nonce, []byte(jws), []byte(header))
	tag := len(sealed) - aead.Overhead()
	return header + ".." + b64.EncodeToString(nonce) + "." + b64.EncodeToString(sealed[:tag]) + "." + b64.EncodeToString(sealed[tag:])
}

// withClaims returns the fixture's payload with the member name set to the
// JSON value, or removed when value is empty.
func withClaims(name, value string) string {
	var members []string
	for _, m := range splitMembers(fixtureClaims) {
		if strings.HasPrefix(m, strconv.Quote(name)+":") {
			if value == "" {
				continue
			}
			m = strconv.Quote(name) + ":" + value
		}
		members = append(members, m)
	}
	return "{" + strings.Join(members, ",") + "}"
}

// splitMembers splits the fixture's flat object into its members. It
// relies on the fixture having no commas inside strings.
func splitMembers(object string) []string {
	inner := object[1 : len(object)-1]
	var members []string
	depth, start := 0, 0
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '[':
			depth++
		case ']':
			depth--
		case ',':
			if depth == 0 {
				members = append(members, inner[start:i])
				start = i + 1
			}
		}
	}
	return append(members, inner[start:])
}

// fixtureOfSize returns the HS256 fixture with roles padded so that the
// token is size bytes long, give or take a few.
func fixtureOfSize(size int) string {
	base := len(fixtureHS256)
	var roles []string
	roles = append(roles, `"admin"`, `"ops"`)
	// Each role "role-NNNN", adds 12 bytes of JSON, 16 of base64url.
	for i := 0; base+16*(len(roles)-2) < size; i++ {
		roles = append(roles, strconv.Quote("role-"+strconv.Itoa(1000+i)))
	}
	return signHMAC(hs256Head, withClaims("roles", "["+strings.Join(roles, ",")+"]"), sha256.New, hmacKey)
}
