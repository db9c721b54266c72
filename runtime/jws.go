package runtime

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// base64url is the encoding of every token part (RFC 7515). It rejects
// padding and non-zero trailing bits, so each part has exactly one
// encoding and a changed character never decodes to the same bytes.
var base64url = base64.RawURLEncoding.Strict()

// encodeJWSHeader returns the encoded protected header that Issue writes
// for alg: {"alg":"HS256","typ":"JWT"}.
func encodeJWSHeader(alg string) string {
	return base64url.EncodeToString([]byte(`{"alg":"` + alg + `","typ":"JWT"}`))
}

// malformed returns an error wrapping jwt.ErrTokenMalformed:
// "token is malformed: DETAIL".
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", jwt.ErrTokenMalformed, fmt.Sprintf(format, args...))
}

// checkCompact checks that token is in compact serialization with want
// parts: base64url characters separated by dots. It does not allocate
// unless it fails, however many dots token has.
func checkCompact(token string, want int) error {
	if token == "" {
		return malformed("token is empty")
	}
	dots := 0
	for i := 0; i < len(token); i++ {
		c := token[i]
		switch {
		case c == '.':
			dots++
		case !isBase64URL(c):
			return malformed("invalid character %q at offset %d, want base64url or '.'", c, i)
		}
	}
	if parts := dots + 1; parts != want {
		return malformed("token has %d parts separated by dots, want %d", parts, want)
	}
	return nil
}

func isBase64URL(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// decodePart decodes one base64url part of a token named part.
func decodePart(part, s string) ([]byte, error) {
	b, err := base64url.DecodeString(s)
	if err != nil {
		return nil, malformed("%s is not base64url: %v", part, err)
	}
	return b, nil
}

// signJWS returns the JWS compact serialization of payload, signed by
// method with key under the encoded header.
func signJWS(method jwt.SigningMethod, key any, header string, payload []byte) (string, error) {
	var b strings.Builder
	b.Grow(len(header) + 1 + base64url.EncodedLen(len(payload)))
	b.WriteString(header)
	b.WriteByte('.')
	b.WriteString(base64url.EncodeToString(payload))

	sig, err := method.Sign(b.String(), key)
	if err != nil {
		return "", fmt.Errorf("%s signing failed: %w", method.Alg(), err)
	}
	b.WriteByte('.')
	b.WriteString(base64url.EncodeToString(sig))
	return b.String(), nil
}

// verifyJWS checks the JWS compact token and returns its payload. The header
// must be a JSON object without crit. When verifySignature is set, its alg
// must be method's and the signature must verify with key; this happens
// before the payload is decoded.
func verifyJWS(token string, method jwt.SigningMethod, key any, verifySignature bool) ([]byte, error) {
	if err := checkCompact(token, 3); err != nil {
		if strings.Count(token, ".") == 4 {
			err = fmt.Errorf("%w (an encrypted token is not accepted)", err)
		}
		return nil, err
	}
	headerPart, rest, _ := strings.Cut(token, ".")
	payloadPart, signaturePart, _ := strings.Cut(rest, ".")
	signingInput := token[:len(headerPart)+1+len(payloadPart)]

	// Header.
	header, err := decodePart("header", headerPart)
	if err != nil {
		return nil, err
	}
	alg, err := parseJWSHeader(header)
	if err != nil {
		return nil, err
	}

	// Signature.
	if verifySignature {
		if alg != method.Alg() {
			return nil, fmt.Errorf("%w: alg %s is not accepted, want %q", jwt.ErrTokenSignatureInvalid, quoteString(alg), method.Alg())
		}
		sig, err := decodePart("signature", signaturePart)
		if err != nil {
			return nil, err
		}
		if err := method.Verify(signingInput, sig, key); err != nil {
			return nil, fmt.Errorf("%w: %s verification failed", jwt.ErrTokenSignatureInvalid, alg)
		}
	}

	return decodePart("payload", payloadPart)
}

// decodeHeader decodes the protected header data, a JSON object, strictly:
// member names match exactly and may not repeat. It calls member for each
// member, which reads the value with d or leaves it to be skipped. Errors
// wrap jwt.ErrTokenMalformed and read "token is malformed: header: ..." or,
// for one member, "token is malformed: header parameter "NAME": ...".
func decodeHeader(data []byte, member func(name string, d *Decoder) error) error {
	err := decodeObject(data, "header parameter", func(d *Decoder, name []byte) error {
		return member(string(name), d)
	})
	if err == nil {
		return nil
	}
	if de, ok := err.(*decodeError); ok && de.path != "" {
		return fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err)
	}
	return fmt.Errorf("%w: header: %w", jwt.ErrTokenMalformed, err)
}

// errNotSupported is returned for a header parameter this package does not
// implement, such as crit.
var errNotSupported = errors.New("not supported")

// parseJWSHeader returns the alg of the JWS protected header data. Other
// members are checked to be valid JSON and skipped, except crit. This
// package implements no extension, and RFC 7515 requires rejecting a token
// whose crit lists one it does not implement.
func parseJWSHeader(data []byte) (string, error) {
	var alg string
	var hasAlg bool
	err := decodeHeader(data, func(name string, d *Decoder) error {
		switch name {
		case "alg":
			hasAlg = true
			var err error
			alg, err = d.String()
			return err
		case "crit":
			return errNotSupported
		default:
			return d.Skip()
		}
	})
	if err != nil {
		return "", err
	}
	if !hasAlg {
		return "", malformed("header: alg is missing")
	}
	return alg, nil
}
