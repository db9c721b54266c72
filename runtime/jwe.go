package runtime

import (
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// jweHeader is the protected header of every encrypted token: the key is
// used directly (alg "dir"), the content is encrypted with
// XChaCha20-Poly1305 (enc "XC20P"), and the content is a signed JWT
// (cty "JWT", as RFC 7519 names nested tokens). Issue writes it byte for
// byte.
const jweHeader = `{"alg":"dir","enc":"XC20P","cty":"JWT"}`

// encodedJWEHeader is jweHeader in base64url. Its ASCII bytes are the
// additional authenticated data, as RFC 7516 requires.
var encodedJWEHeader = base64url.EncodeToString([]byte(jweHeader))

// jweHeaderValues are the members an encrypted token's header must have,
// in any order, and the only members it may have.
var jweHeaderValues = []struct{ name, value string }{
	{"alg", "dir"},
	{"enc", "XC20P"},
	{"cty", "JWT"},
}

// encryptJWE returns the JWE compact serialization of the signed token jws:
// header, empty encrypted key, 24-byte random nonce, ciphertext and 16-byte
// tag, each base64url-encoded and separated by dots.
func encryptJWE(aead cipher.AEAD, jws string) string {
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(nonce) // never returns an error; it crashes the program instead
	sealed := aead.Seal(nil, nonce, []byte(jws), []byte(encodedJWEHeader))
	tagStart := len(sealed) - aead.Overhead()

	var b strings.Builder
	b.WriteString(encodedJWEHeader)
	b.WriteString("..")
	b.WriteString(base64url.EncodeToString(nonce))
	b.WriteByte('.')
	b.WriteString(base64url.EncodeToString(sealed[:tagStart]))
	b.WriteByte('.')
	b.WriteString(base64url.EncodeToString(sealed[tagStart:]))
	return b.String()
}

// decryptJWE checks and decrypts the JWE compact token and returns the
// signed token inside. Every error wraps ErrDecrypt, and those about the
// token's structure also wrap jwt.ErrTokenMalformed.
func decryptJWE(aead cipher.AEAD, token string) ([]byte, error) {
	plaintext, err := openJWE(aead, token)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecrypt, err)
	}
	return plaintext, nil
}

func openJWE(aead cipher.AEAD, token string) ([]byte, error) {
	if err := checkCompact(token, 5); err != nil {
		return nil, err
	}
	headerPart, rest, _ := strings.Cut(token, ".")
	encryptedKeyPart, rest, _ := strings.Cut(rest, ".")
	noncePart, rest, _ := strings.Cut(rest, ".")
	ciphertextPart, tagPart, _ := strings.Cut(rest, ".")

	// Header and encrypted key.
	header, err := decodePart("header", headerPart)
	if err != nil {
		return nil, err
	}
	if err := checkJWEHeader(header); err != nil {
		return nil, err
	}
	if encryptedKeyPart != "" {
		return nil, malformed("encrypted key is not empty, want empty for alg \"dir\"")
	}

	// Nonce and tag. Their lengths are checked first because
	// chacha20poly1305 panics on a nonce of the wrong length.
	nonce, err := decodePart("nonce", noncePart)
	if err != nil {
		return nil, err
	}
	if len(nonce) != aead.NonceSize() {
		return nil, malformed("nonce is %d bytes, want %d", len(nonce), aead.NonceSize())
	}
	tag, err := decodePart("tag", tagPart)
	if err != nil {
		return nil, err
	}
	if len(tag) != aead.Overhead() {
		return nil, malformed("tag is %d bytes, want %d", len(tag), aead.Overhead())
	}
	ciphertext, err := decodePart("ciphertext", ciphertextPart)
	if err != nil {
		return nil, err
	}

	// Decrypt in place. The additional data is the header as it appears in
	// the token, not a re-encoding of it.
	sealed := append(ciphertext, tag...)
	plaintext, err := aead.Open(sealed[:0], nonce, sealed, []byte(headerPart))
	if err != nil {
		return nil, errors.New("message authentication failed")
	}
	return plaintext, nil
}

// checkJWEHeader checks that the protected header data has exactly the
// members of jweHeaderValues, in any order.
func checkJWEHeader(data []byte) error {
	var seen [3]bool
	err := decodeHeader(data, func(name string, d *Decoder) error {
		for i, m := range jweHeaderValues {
			if name != m.name {
				continue
			}
			seen[i] = true
			value, err := d.String()
			if err != nil {
				return err
			}
			if value != m.value {
				return fmt.Errorf("got %s, want %q", quoteString(value), m.value)
			}
			return nil
		}
		return fmt.Errorf("%w, want only alg, enc and cty", errNotSupported)
	})
	if err != nil {
		return err
	}
	for i, m := range jweHeaderValues {
		if !seen[i] {
			return malformed("header: %s is missing, want %q", m.name, m.value)
		}
	}
	return nil
}
