package runtime

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// minRSABits is the smallest RSA modulus NewHandler accepts, as RFC 7518
// sections 3.3 and 3.5 require for RS* and PS*.
const minRSABits = 2048

// keyFamily is the kind of key an algorithm signs with.
type keyFamily int

const (
	familyHMAC keyFamily = iota
	familyRSA
	familyECDSA
	familyEd25519
)

// keyTypes names the Go types that Config.Key accepts for each family.
var keyTypes = [...]string{
	familyHMAC:    "[]byte",
	familyRSA:     "*rsa.PrivateKey or *rsa.PublicKey",
	familyECDSA:   "*ecdsa.PrivateKey or *ecdsa.PublicKey",
	familyEd25519: "ed25519.PrivateKey or ed25519.PublicKey",
}

// algorithm is a supported JWS algorithm and the key it needs.
type algorithm struct {
	method jwt.SigningMethod
	family keyFamily
	// hmacBytes is the minimum HMAC key size: the hash size, as RFC 7518
	// section 3.2 requires.
	hmacBytes int
	// curve is the name of the ECDSA curve (elliptic.CurveParams.Name).
	curve string
}

// algorithms lists the supported algorithms. "none" is deliberately absent.
var algorithms = []algorithm{
	{method: jwt.SigningMethodHS256, family: familyHMAC, hmacBytes: 32},
	{method: jwt.SigningMethodHS384, family: familyHMAC, hmacBytes: 48},
	{method: jwt.SigningMethodHS512, family: familyHMAC, hmacBytes: 64},
	{method: jwt.SigningMethodRS256, family: familyRSA},
	{method: jwt.SigningMethodRS384, family: familyRSA},
	{method: jwt.SigningMethodRS512, family: familyRSA},
	{method: jwt.SigningMethodPS256, family: familyRSA},
	{method: jwt.SigningMethodPS384, family: familyRSA},
	{method: jwt.SigningMethodPS512, family: familyRSA},
	{method: jwt.SigningMethodES256, family: familyECDSA, curve: "P-256"},
	{method: jwt.SigningMethodES384, family: familyECDSA, curve: "P-384"},
	{method: jwt.SigningMethodES512, family: familyECDSA, curve: "P-521"},
	{method: jwt.SigningMethodEdDSA, family: familyEd25519},
}

// lookupAlgorithm returns the supported algorithm named name, matched
// exactly, or nil.
func lookupAlgorithm(name string) *algorithm {
	for i := range algorithms {
		if algorithms[i].method.Alg() == name {
			return &algorithms[i]
		}
	}
	return nil
}

// algorithmNames returns the supported algorithm names, comma-separated.
func algorithmNames() string {
	names := make([]string, len(algorithms))
	for i, a := range algorithms {
		names[i] = a.method.Alg()
	}
	return strings.Join(names, ", ")
}

// keyPair is the key that signs (nil when Config.Key is a public key) and
// the key that verifies, in the types jwt.SigningMethod expects.
type keyPair struct {
	sign   any
	verify any
}

// checkKey returns the keys for alg made from key, or a problem that makes
// key unusable. Problems name the key's type and size, never its bytes.
func checkKey(alg *algorithm, key any) (keyPair, string) {
	name := alg.method.Alg()
	if isMissing(key) {
		return keyPair{}, fmt.Sprintf("Key is missing, want %s for %s", keyTypes[alg.family], name)
	}

	switch alg.family {
	case familyHMAC:
		return checkHMACKey(alg, key)
	case familyRSA:
		return checkRSAKey(alg, key)
	case familyECDSA:
		return checkECDSAKey(alg, key)
	default:
		return checkEd25519Key(alg, key)
	}
}

// isMissing reports whether key is nil, a nil pointer or an empty slice.
func isMissing(key any) bool {
	switch k := key.(type) {
	case nil:
		return true
	case []byte:
		return len(k) == 0
	case *rsa.PrivateKey:
		return k == nil
	case *rsa.PublicKey:
		return k == nil
	case *ecdsa.PrivateKey:
		return k == nil
	case *ecdsa.PublicKey:
		return k == nil
	case ed25519.PrivateKey:
		return len(k) == 0
	case ed25519.PublicKey:
		return len(k) == 0
	}
	return false
}

func wrongKeyType(alg *algorithm, key any) (keyPair, string) {
	return keyPair{}, fmt.Sprintf("Key has type %T, want %s for %s", key, keyTypes[alg.family], alg.method.Alg())
}

func checkHMACKey(alg *algorithm, key any) (keyPair, string) {
	secret, ok := key.([]byte)
	if !ok {
		return wrongKeyType(alg, key)
	}
	if len(secret) < alg.hmacBytes {
		return keyPair{}, fmt.Sprintf("Key is %d bytes, want at least %d for %s", len(secret), alg.hmacBytes, alg.method.Alg())
	}

	// Copy the secret so that a caller reusing its slice cannot change the
	// key of a running handler.
	secret = bytes.Clone(secret)
	return keyPair{sign: secret, verify: secret}, ""
}

func checkRSAKey(alg *algorithm, key any) (keyPair, string) {
	var pub *rsa.PublicKey
	var keys keyPair
	switch k := key.(type) {
	case *rsa.PrivateKey:
		pub = &k.PublicKey
		keys = keyPair{sign: k, verify: pub}
	case *rsa.PublicKey:
		pub = k
		keys = keyPair{verify: k}
	default:
		return wrongKeyType(alg, key)
	}

	if pub.N == nil {
		return keyPair{}, fmt.Sprintf("Key is a %T without a modulus", key)
	}
	if bits := pub.N.BitLen(); bits < minRSABits {
		return keyPair{}, fmt.Sprintf("Key is a %d-bit RSA key, want at least %d bits for %s", bits, minRSABits, alg.method.Alg())
	}
	if priv, ok := key.(*rsa.PrivateKey); ok {
		// The errors of Validate are fixed strings without key values.
		if err := priv.Validate(); err != nil {
			return keyPair{}, fmt.Sprintf("Key is not a valid RSA private key: %v", err)
		}
	}
	return keys, ""
}

func checkECDSAKey(alg *algorithm, key any) (keyPair, string) {
	var pub *ecdsa.PublicKey
	var keys keyPair
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		pub = &k.PublicKey
		keys = keyPair{sign: k, verify: pub}
	case *ecdsa.PublicKey:
		pub = k
		keys = keyPair{verify: k}
	default:
		return wrongKeyType(alg, key)
	}

	if pub.Curve == nil {
		return keyPair{}, fmt.Sprintf("Key is a %T without a curve", key)
	}
	if curve := pub.Curve.Params().Name; curve != alg.curve {
		return keyPair{}, fmt.Sprintf("Key is on curve %s, want %s for %s", curve, alg.curve, alg.method.Alg())
	}

	// ECDH checks that a public key's point, or a private key's scalar, is
	// valid for the curve.
	var err error
	if priv, ok := key.(*ecdsa.PrivateKey); ok {
		_, err = priv.ECDH()
	} else {
		_, err = pub.ECDH()
	}
	if err != nil {
		return keyPair{}, fmt.Sprintf("Key is not a valid %s key: %v", alg.curve, err)
	}
	return keys, ""
}

func checkEd25519Key(alg *algorithm, key any) (keyPair, string) {
	switch k := key.(type) {
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return keyPair{}, fmt.Sprintf("Key is an ed25519.PrivateKey of %d bytes, want %d", len(k), ed25519.PrivateKeySize)
		}
		return keyPair{sign: k, verify: k.Public()}, ""
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return keyPair{}, fmt.Sprintf("Key is an ed25519.PublicKey of %d bytes, want %d", len(k), ed25519.PublicKeySize)
		}
		return keyPair{verify: k}, ""
	default:
		return wrongKeyType(alg, key)
	}
}
