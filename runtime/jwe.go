package runtime

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// jweHeader is the protected header of every encrypted token: the key is
// used directly (alg "dir"), the content is encrypted with
// XChaCha20-Poly1305 (enc "XC20P"), and the content is a signed JWT
// (cty "JWT", as RFC 7519 names nested tokens). Issue writes it byte for
// byte.
const jweHeader = `{"alg":"dir","enc":"XC20P","cty":"JWT"}`

// encodedJWEHeader is jweHeader in base64url. Its ASCII bytes are the
// additional authenticated data, as RFC 7516 requires.
var encodedJWEHeader = []byte(base64url.EncodeToString([]byte(jweHeader)))

// jweHeaderValues are the members an encrypted token's header must have,
// in any order, and the only members it may have.
var jweHeaderValues = []struct{ name, value string }{
	{"alg", "dir"},
	{"enc", "XC20P"},
	{"cty", "JWT"},
}

// encryptJWE returns the JWE compact serialization of the signed token jws:
// header, empty encrypted key, 24-byte random nonce, ciphertext and 16-byte
// tag, each base64url-encoded and separated by dots. It encrypts into
// s.plain and builds the token in s.parts, so jws must not be in either.
func encryptJWE(aead cipher.AEAD, jws []byte, s *scratch) string {
	nonce := s.nonce[:aead.NonceSize()]
	rand.Read(nonce) // never returns an error; it crashes the program instead
	sealed := aead.Seal(s.plain[:0], nonce, jws, encodedJWEHeader)
	s.plain = sealed
	tagStart := len(sealed) - aead.Overhead()

	out := append(s.parts[:0], encodedJWEHeader...)
	out = append(out, '.', '.')
	out = base64url.AppendEncode(out, nonce)
	out = append(out, '.')
	out = base64url.AppendEncode(out, sealed[:tagStart])
	out = append(out, '.')
	out = base64url.AppendEncode(out, sealed[tagStart:])
	s.parts = out
	return string(out)
}

// decryptJWE checks and decrypts the JWE compact token and returns the
// signed token inside, which is in s.plain. Every error wraps ErrDecrypt,
// and those about the token's structure also wrap jwt.ErrTokenMalformed.
func decryptJWE(aead cipher.AEAD, token []byte, s *scratch) ([]byte, error) {
	plaintext, err := openJWE(aead, token, s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecrypt, err)
	}
	return plaintext, nil
}

// splitJWE splits a JWE compact token at its four dots. ok is false unless
// there are exactly four.
func splitJWE(token []byte) (parts [5][]byte, ok bool) {
	rest := token
	for i := range 4 {
		j := bytes.IndexByte(rest, '.')
		if j < 0 {
			return parts, false
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	if bytes.IndexByte(rest, '.') >= 0 {
		return parts, false
	}
	parts[4] = rest
	return parts, true
}

func openJWE(aead cipher.AEAD, token []byte, s *scratch) ([]byte, error) {
	parts, ok := splitJWE(token)
	if !ok {
		return nil, structureError(string(token), 5, "", nil)
	}
	headerPart, encryptedKeyPart, noncePart, ciphertextPart, tagPart := parts[0], parts[1], parts[2], parts[3], parts[4]

	// Header and encrypted key. The header that Issue writes needs no
	// decoding.
	if !bytes.Equal(headerPart, encodedJWEHeader) {
		header, err := decodeInto(make([]byte, base64url.DecodedLen(len(headerPart))), headerPart)
		if err != nil {
			return nil, structureError(string(token), 5, "header", err)
		}
		if err := checkJWEHeader(header); err != nil {
			return nil, err
		}
	}
	if len(encryptedKeyPart) != 0 {
		if err := checkCompact(string(token), 5); err != nil {
			return nil, err
		}
		return nil, malformed("encrypted key is not empty, want empty for alg \"dir\"")
	}

	// Nonce and tag. Their lengths are checked first because
	// chacha20poly1305 panics on a nonce of the wrong length. The tag is
	// decoded aside, then appended to the ciphertext, as Open wants them.
	buf := s.plainBuffer(len(noncePart) + len(ciphertextPart) + len(tagPart))
	nonce, err := decodeInto(buf, noncePart)
	if err != nil {
		return nil, structureError(string(token), 5, "nonce", err)
	}
	if len(nonce) != aead.NonceSize() {
		return nil, malformed("nonce is %d bytes, want %d", len(nonce), aead.NonceSize())
	}
	tag, err := decodeInto(s.tagBuffer(len(tagPart)), tagPart)
	if err != nil {
		return nil, structureError(string(token), 5, "tag", err)
	}
	if len(tag) != aead.Overhead() {
		return nil, malformed("tag is %d bytes, want %d", len(tag), aead.Overhead())
	}
	ciphertext, err := decodeInto(buf[len(nonce):], ciphertextPart)
	if err != nil {
		return nil, structureError(string(token), 5, "ciphertext", err)
	}
	sealed := append(ciphertext, tag...)

	// Decrypt in place. The additional data is the header as it appears in
	// the token, not a re-encoding of it.
	plaintext, err := aead.Open(sealed[:0], nonce, sealed, headerPart)
	if err != nil {
		return nil, errors.New("message authentication failed")
	}
	return plaintext, nil
}

// checkJWEHeader checks that the protected header data has exactly the
// members of jweHeaderValues, in any order.
func checkJWEHeader(data []byte) error {
	var seen [3]bool
	err := decodeHeader(data, func(name []byte, d *Decoder) error {
		for i, m := range jweHeaderValues {
			if string(name) != m.name {
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
