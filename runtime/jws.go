package runtime

import (
	"bytes"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokengen/tokengen/internal/mediatype"
)

// base64url is the encoding of every token part (RFC 7515). It rejects
// padding and non-zero trailing bits, so each part has exactly one
// encoding and a changed character never decodes to the same bytes.
var base64url = base64.RawURLEncoding.Strict()

// encodeJWSHeader returns the encoded protected header that Issue writes
// for alg and typ, with typ JWT when typ is empty:
// {"alg":"HS256","typ":"JWT"}. NewHandler has checked that typ is a media
// type name, which needs no JSON escaping.
func encodeJWSHeader(alg, typ string) string {
	if typ == "" {
		typ = "JWT"
	}
	return base64url.EncodeToString([]byte(`{"alg":"` + alg + `","typ":"` + typ + `"}`))
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

// splitJWS splits a JWS compact token at its two dots. ok is false unless
// there are exactly two.
func splitJWS(token []byte) (header, payload, signature []byte, ok bool) {
	i := bytes.IndexByte(token, '.')
	if i < 0 {
		return nil, nil, nil, false
	}
	j := bytes.IndexByte(token[i+1:], '.')
	if j < 0 {
		return nil, nil, nil, false
	}
	j += i + 1
	if bytes.IndexByte(token[j+1:], '.') >= 0 {
		return nil, nil, nil, false
	}
	return token[:i], token[i+1 : j], token[j+1:], true
}

// structureError returns the error for token, which is not in compact
// serialization with want parts or not base64url. It repeats the checks of
// checkCompact, which are left out of the fast path, so that the error names
// the first bad character or the part count. part and err describe the
// part that failed to decode when the characters are all valid.
func structureError(token string, want int, part string, err error) error {
	if cerr := checkCompact(token, want); cerr != nil {
		if want == 3 && strings.Count(token, ".") == 4 {
			return fmt.Errorf("%w (an encrypted token is not accepted)", cerr)
		}
		return cerr
	}
	return malformed("%s is not base64url: %v", part, err)
}

// errSkippedCharacters reports a base64url part with line breaks, which
// the base64 package skips but a token must not contain.
var errSkippedCharacters = errors.New("line break in base64url data")

// decodeInto decodes the base64url part src into dst, which has room for
// base64url.DecodedLen(len(src)) bytes, and returns the bytes written. It
// may overwrite up to 8 bytes of dst after them.
//
// The base64 package skips line feeds and carriage returns, so decodeInto
// checks that every character was decoded: a valid part of n characters,
// n%4 not 1, decodes to exactly DecodedLen(n) bytes, and a part with
// skipped characters decodes to fewer or has n%4 == 1.
func decodeInto(dst, src []byte) ([]byte, error) {
	n, err := base64url.Decode(dst, src)
	if err == nil && (n != base64url.DecodedLen(len(src)) || len(src)%4 == 1) {
		err = errSkippedCharacters
	}
	return dst[:n], err
}

// verifyJWS checks the JWS compact token and returns its payload, decoded
// into s. The header must be a JSON object without crit. Unless signature
// checks are off in the config, its alg must be the configured one and the
// signature must verify. All of this happens before the payload is decoded
// as JSON.
func (h *Handler[C]) verifyJWS(token []byte, s *scratch) ([]byte, error) {
	headerPart, payloadPart, signaturePart, ok := splitJWS(token)
	if !ok {
		return nil, structureError(string(token), 3, "", nil)
	}
	if h.cfg.Verify&CheckSignature == 0 {
		return h.decodeUnverified(token, headerPart, payloadPart, s)
	}

	// Decode all three parts first: decoding checks their characters, as
	// checkCompact would, so a malformed token is reported as such.
	buf := s.partsBuffer(len(headerPart) + len(payloadPart) + len(signaturePart))
	payload, err := decodeInto(buf, payloadPart)
	if err != nil {
		return nil, structureError(string(token), 3, "payload", err)
	}
	signature, err := decodeInto(buf[len(payload):], signaturePart)
	if err != nil {
		return nil, structureError(string(token), 3, "signature", err)
	}

	// Header. The header that Issue writes needs no decoding: it is valid
	// and names the configured alg.
	if !bytes.Equal(headerPart, h.header) {
		header, err := decodeInto(buf[len(payload)+len(signature):], headerPart)
		if err != nil {
			return nil, structureError(string(token), 3, "header", err)
		}
		params, err := parseJWSHeader(header, h.cfg.Type != "")
		if err != nil {
			return nil, err
		}
		if params.alg != h.alg.method.Alg() {
			return nil, fmt.Errorf("%w: alg %s is not accepted, want %q", jwt.ErrTokenSignatureInvalid, quoteString(params.alg), h.alg.method.Alg())
		}
		if err := h.checkType(params); err != nil {
			return nil, err
		}
	}

	if err := h.verifySignature(token[:len(headerPart)+1+len(payloadPart)], signature, s); err != nil {
		return nil, err
	}
	return payload, nil
}

// decodeUnverified returns the payload of token for a handler that does not
// check signatures. The header must still be a JSON object without crit,
// with the typ of Config.Type if that is set, but its alg and the signature
// are not checked, except that every part, the signature included, must
// consist of base64url characters.
func (h *Handler[C]) decodeUnverified(token, headerPart, payloadPart []byte, s *scratch) ([]byte, error) {
	if err := checkCompact(string(token), 3); err != nil {
		return nil, err
	}
	buf := s.partsBuffer(len(headerPart) + len(payloadPart))
	header, err := decodeInto(buf, headerPart)
	if err != nil {
		return nil, malformed("header is not base64url: %v", err)
	}
	params, err := parseJWSHeader(header, h.cfg.Type != "")
	if err != nil {
		return nil, err
	}
	if err := h.checkType(params); err != nil {
		return nil, err
	}
	payload, err := decodeInto(buf[len(header):], payloadPart)
	if err != nil {
		return nil, malformed("payload is not base64url: %v", err)
	}
	return payload, nil
}

// verifySignature checks signature over input. HMAC algorithms use the
// keyed hash in s and compare in constant time with hmac.Equal, which is
// what jwt.SigningMethodHMAC.Verify does, but without keying a new hash
// for every token. Other algorithms go through jwt/v5's Verify.
func (h *Handler[C]) verifySignature(input, signature []byte, s *scratch) error {
	if s.mac != nil {
		s.mac.Reset()
		s.mac.Write(input)
		if !hmac.Equal(s.mac.Sum(s.sum[:0]), signature) {
			return h.badSignature
		}
		return nil
	}
	if err := h.alg.method.Verify(string(input), signature, h.keys.verify); err != nil {
		return h.badSignature
	}
	return nil
}

// sign returns the signature of input, in s or a new slice.
func (h *Handler[C]) sign(input []byte, s *scratch) ([]byte, error) {
	if s.mac != nil {
		s.mac.Reset()
		s.mac.Write(input)
		return s.mac.Sum(s.sum[:0]), nil
	}
	sig, err := h.alg.method.Sign(string(input), h.keys.sign)
	if err != nil {
		return nil, fmt.Errorf("%s signing failed: %w", h.alg.method.Alg(), err)
	}
	return sig, nil
}

// appendJWS appends the JWS compact serialization of payload to dst: the
// encoded header, the encoded payload and the encoded signature.
func (h *Handler[C]) appendJWS(dst, payload []byte, s *scratch) ([]byte, error) {
	start := len(dst)
	dst = append(dst, h.header...)
	dst = append(dst, '.')
	dst = base64url.AppendEncode(dst, payload)
	sig, err := h.sign(dst[start:], s)
	if err != nil {
		return nil, err
	}
	dst = append(dst, '.')
	return base64url.AppendEncode(dst, sig), nil
}

// decodeHeader decodes the protected header data, a JSON object, strictly:
// member names match exactly and may not repeat. It calls member for each
// member, which reads the value with d or leaves it to be skipped. Errors
// wrap jwt.ErrTokenMalformed and read "token is malformed: header: ..." or,
// for one member, "token is malformed: header parameter "NAME": ...".
func decodeHeader(data []byte, member func(name []byte, d *Decoder) error) error {
	err := decodeObject(data, "header parameter", func(d *Decoder, name []byte) error {
		return member(name, d)
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

// jwsHeader holds the parameters of a JWS protected header that Parse
// checks.
type jwsHeader struct {
	alg string
	typ string
	// hasTyp reports whether the header has typ.
	hasTyp bool
}

// parseJWSHeader returns the alg of the JWS protected header data, and its
// typ when readTyp is set. Other members are checked to be valid JSON and
// skipped, except crit. This package implements no extension, and RFC 7515
// requires rejecting a token whose crit lists one it does not implement.
func parseJWSHeader(data []byte, readTyp bool) (jwsHeader, error) {
	var params jwsHeader
	var hasAlg bool
	err := decodeHeader(data, func(name []byte, d *Decoder) error {
		var err error
		switch string(name) {
		case "alg":
			hasAlg = true
			params.alg, err = d.String()
		case "typ":
			if !readTyp {
				return d.Skip()
			}
			params.hasTyp = true
			params.typ, err = d.String()
		case "crit":
			err = errNotSupported
		default:
			err = d.Skip()
		}
		return err
	})
	if err != nil {
		return jwsHeader{}, err
	}
	if !hasAlg {
		return jwsHeader{}, malformed("header: alg is missing")
	}
	return params, nil
}

// checkType returns an error wrapping ErrTokenType when the handler has a
// Config.Type and the header's typ is missing or names another media type.
func (h *Handler[C]) checkType(params jwsHeader) error {
	switch {
	case h.cfg.Type == "":
		return nil
	case !params.hasTyp:
		return fmt.Errorf("%w: typ is missing, want %q", ErrTokenType, h.cfg.Type)
	case !mediatype.Equal(params.typ, h.cfg.Type):
		return fmt.Errorf("%w: typ %s is not accepted, want %q", ErrTokenType, quoteString(params.typ), h.cfg.Type)
	}
	return nil
}
