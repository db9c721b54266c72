package runtime

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/chacha20poly1305"
)

// Config configures a Handler. Generated constructors fill it from the
// schema and the program's own config.
type Config struct {
	// Kind is the token kind's name, used in error messages ("Access").
	Kind string
	// Algorithm is the JWS algorithm: HS256, HS384, HS512, RS256..RS512,
	// PS256..PS512, ES256..ES512 or EdDSA. Only this algorithm is accepted.
	Algorithm string
	// Key is the HMAC secret ([]byte) or, for the other algorithms, a private
	// key that can sign (*rsa.PrivateKey, *ecdsa.PrivateKey,
	// ed25519.PrivateKey) or a public key that can only verify.
	Key any
	// Type is the typ header parameter of the kind's tokens, a media type
	// such as "at+jwt" (RFC 8725, section 3.11). When set, Issue writes it
	// and Parse rejects a token without it, so that kinds that share a key
	// cannot be taken for each other. Empty means that Issue writes typ JWT
	// and Parse does not check typ.
	Type string
	// Encrypted makes Issue wrap the signed token in a JWE (dir, XC20P) and
	// Parse accept only such tokens.
	Encrypted bool
	// EncryptionKey is the 32-byte XChaCha20-Poly1305 key; required when
	// Encrypted is set.
	EncryptionKey []byte
	// Lifespan is the time from issue to expiry; required, positive.
	Lifespan time.Duration
	// Issuer is written as iss and, when CheckIss is verified, must match.
	Issuer string
	// Audience is written as aud; a token passes the aud check when its aud
	// names at least one of these.
	Audience []string
	// Leeway is the clock skew allowed for exp, nbf and iat.
	Leeway time.Duration
	// Require lists the registered claims a token must contain.
	Require Check
	// Verify lists the registered claims checked, and CheckSignature.
	Verify Check
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// HTTP configures the net/http middleware.
	HTTP HTTPConfig
}

// Handler issues and parses tokens of one kind with claims type C. It is
// safe for concurrent use.
type Handler[C any] struct {
	cfg   Config
	codec Codec[C]

	alg  *algorithm
	keys keyPair
	// header is the encoded JWS protected header that Issue writes.
	header []byte
	// aead is nil unless cfg.Encrypted is set.
	aead       cipher.AEAD
	validation validation

	// scratch holds *scratch values: buffers and, for HMAC algorithms, a
	// keyed hash, so that Parse and Issue allocate little.
	scratch sync.Pool
	// badSignature is the error of every token whose signature does not
	// verify, and badSignatureToken the Parse error that wraps it. They
	// are made once, so that rejecting a forged token allocates nothing.
	badSignature      error
	badSignatureToken error
}

// NewHandler checks cfg and returns a Handler. The error wraps
// ErrInvalidConfig and names every missing or unusable value at once:
// algorithm, key type and strength, encryption key, lifespan, issuer and
// audience. It describes keys by type and size, never by their bytes.
//
// A private key in cfg.Key lets the Handler issue and parse tokens; a public
// key lets it parse only. NewHandler copies the HMAC secret, the encryption
// key and the audience, so later changes to cfg's slices have no effect.
func NewHandler[C any](cfg Config, codec Codec[C]) (*Handler[C], error) {
	alg, keys, problems := checkConfig(&cfg)
	problems = append(problems, checkCodec(&codec)...)
	if len(problems) > 0 {
		return nil, &configError{kind: cfg.Kind, problems: problems}
	}

	// An empty Audience is nil, so that Issue writes no aud rather than [].
	cfg.Audience = slices.Clip(slices.Clone(cfg.Audience))
	if len(cfg.Audience) == 0 {
		cfg.Audience = nil
	}
	cfg.EncryptionKey = bytes.Clone(cfg.EncryptionKey)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	badSignature := fmt.Errorf("%w: %s verification failed", jwt.ErrTokenSignatureInvalid, alg.method.Alg())
	h := &Handler[C]{
		cfg:               cfg,
		codec:             codec,
		alg:               alg,
		keys:              keys,
		header:            []byte(encodeJWSHeader(alg.method.Alg(), cfg.Type)),
		badSignature:      badSignature,
		badSignatureToken: &tokenError{kind: cfg.Kind, errs: []error{badSignature}},
		validation: validation{
			require:  cfg.Require,
			verify:   cfg.Verify,
			leeway:   cfg.Leeway,
			issuer:   cfg.Issuer,
			audience: cfg.Audience,
		},
	}
	if cfg.Encrypted {
		aead, err := chacha20poly1305.NewX(cfg.EncryptionKey)
		if err != nil {
			// Unreachable: checkConfig checked the key size, the only
			// reason NewX fails.
			return nil, &configError{kind: cfg.Kind, problems: []string{"EncryptionKey is unusable: " + err.Error()}}
		}
		h.aead = aead
	}
	return h, nil
}

// Issue returns a signed (and, if configured, encrypted) token for a copy of
// claims with iat = now, nbf = now unless claims.NotBefore is set,
// exp = now + Lifespan, iss and aud from the config, and a random 128-bit
// jti in hex unless claims.ID is set. Times are written as whole seconds.
// Issue fails when the Handler was made with a public key.
func (h *Handler[C]) Issue(claims *C) (string, error) {
	if claims == nil {
		return "", h.issueError(errors.New("claims is nil"))
	}
	if h.keys.sign == nil {
		return "", h.issueError(fmt.Errorf("handler has no signing key, because Key has type %T, which can only verify", h.cfg.Key))
	}

	// Fill in a copy of the registered claims, so the caller's value is
	// unchanged. The other claims are encoded from claims itself.
	now := h.cfg.Now()
	rc := *h.codec.Registered(claims)
	rc.IssuedAt = now
	if rc.NotBefore.IsZero() {
		rc.NotBefore = now
	}
	rc.ExpiresAt = now.Add(h.cfg.Lifespan)
	rc.Issuer = h.cfg.Issuer
	rc.Audience = h.cfg.Audience
	if rc.ID == "" {
		rc.ID = newID()
	}

	// Encode, sign, then encrypt, in buffers from the pool. The claims
	// JSON goes into sc.parts and the signed token into sc.token.
	sc := h.getScratch()
	defer h.putScratch(sc)
	e := &sc.encoder
	*e = Encoder{buf: sc.parts[:0]}
	encodeClaimsWith(e, h.codec, claims, &rc)
	sc.parts = e.buf
	if e.err != nil {
		return "", h.issueError(e.err)
	}
	token, err := h.appendJWS(sc.token[:0], e.buf, sc)
	if err != nil {
		return "", h.issueError(err)
	}
	sc.token = token
	if h.aead != nil {
		return encryptJWE(h.aead, token, sc), nil
	}
	return string(token), nil
}

func (h *Handler[C]) issueError(err error) error {
	if h.cfg.Kind == "" {
		return fmt.Errorf("issue token: %w", err)
	}
	return fmt.Errorf("issue %s token: %w", h.cfg.Kind, err)
}

// newID returns a random 128-bit token ID in hex.
func newID() string {
	var id [16]byte
	rand.Read(id[:]) // never returns an error; it crashes the program instead
	return hex.EncodeToString(id[:])
}

// Parse decrypts (if configured), verifies and decodes token, in this order:
//
//  1. An encrypted kind accepts only a JWE compact token with the header
//     {"alg":"dir","enc":"XC20P","cty":"JWT"}; errors wrap ErrDecrypt.
//  2. The signed token must have three parts, and its header an alg equal
//     to Config.Algorithm, so "none" is rejected, and the typ of
//     Config.Type if that is set (errors wrap ErrTokenType). The signature
//     is verified before the claims are decoded, so a token with a bad
//     signature reports the signature whatever its claims. Without
//     CheckSignature in Verify, neither alg nor the signature is checked.
//  3. The claims are decoded strictly (exact member names, no duplicates,
//     no wrong JSON types); errors wrap jwt.ErrTokenMalformed.
//  4. The registered claims are checked against Require and Verify, then
//     the custom claims with Codec.Check.
//
// Every failure of step 4 is reported, not only the first. The error reads
// "invalid KIND token: " followed by the failures, separated by "; ", each
// naming the claim and the check, for example
// "invalid Access token: exp: token is expired: expired at
// 2026-01-02T15:04:05Z, now 2026-01-02T15:05:00Z (leeway 0s)". It wraps
// jwt/v5's sentinels, so use errors.Is with jwt.ErrTokenExpired and the
// others listed in errors.go.
//
// Without Config.Type, Parse does not check the header's typ, so two kinds
// that share a key, issuer and audience accept each other's tokens. Give
// each kind its own Type, key or audience.
func (h *Handler[C]) Parse(token string) (*C, error) {
	sc := h.getScratch()
	defer h.putScratch(sc)
	payload, err := h.open(token, sc)
	if err != nil {
		return nil, err
	}
	c := new(C)
	if err := h.decode(payload, c); err != nil {
		return nil, err
	}
	return c, nil
}

// open runs steps 1 and 2 of Parse and returns the payload of the signed
// token, which is in sc's buffers.
func (h *Handler[C]) open(token string, sc *scratch) ([]byte, error) {
	// Decrypt and verify, working on a copy of the token in sc.token. A
	// token with the wrong number of parts is rejected before the copy.
	if err := h.checkParts(token); err != nil {
		return nil, h.tokenError(err)
	}
	sc.token = append(sc.token[:0], token...)
	signed := sc.token
	if h.aead != nil {
		plaintext, err := decryptJWE(h.aead, signed, sc)
		if err != nil {
			return nil, h.tokenError(err)
		}
		signed = plaintext
	}
	payload, err := h.verifyJWS(signed, sc)
	if err != nil {
		return nil, h.tokenError(err)
	}
	return payload, nil
}

// decode runs steps 3 and 4 of Parse, decoding payload into c, which must
// be zero. On failure c holds part of the claims and must not be used.
func (h *Handler[C]) decode(payload []byte, c *C) error {
	if err := decodeClaims(h.codec, payload, c); err != nil {
		return h.tokenError(fmt.Errorf("%w: %w", jwt.ErrTokenMalformed, err))
	}
	errs := h.validation.validateRegistered(h.codec.Registered(c), h.cfg.Now())
	errs = appendCheckErrors(errs, h.codec.Check(c))
	if len(errs) > 0 {
		return &tokenError{kind: h.cfg.Kind, errs: errs}
	}
	return nil
}

// checkParts returns an error if token does not have the number of parts
// of the handler's tokens: 5 for encrypted ones, 3 for the others.
func (h *Handler[C]) checkParts(token string) error {
	if h.aead == nil {
		if strings.Count(token, ".") != 2 {
			return structureError(token, 3, "", nil)
		}
		return nil
	}
	if strings.Count(token, ".") != 4 {
		return fmt.Errorf("%w: %w", ErrDecrypt, structureError(token, 5, "", nil))
	}
	return nil
}

// tokenError returns the Parse error for err: a failure of step 1 to 3.
func (h *Handler[C]) tokenError(err error) error {
	if err == h.badSignature {
		return h.badSignatureToken
	}
	return &tokenError{kind: h.cfg.Kind, errs: []error{err}}
}

// appendCheckErrors appends each error joined in err, the result of
// Codec.Check, marked as a claims failure.
func appendCheckErrors(errs []error, err error) []error {
	if err == nil {
		return errs
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			errs = append(errs, &invalidClaimsError{err: e})
		}
		return errs
	}
	return append(errs, &invalidClaimsError{err: err})
}
