package runtime

import "time"

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
}

// NewHandler checks cfg and returns a Handler. The error names every
// missing or unusable value at once, never the key material itself.
func NewHandler[C any](cfg Config, codec Codec[C]) (*Handler[C], error) {
	panic("not implemented")
}

// Issue returns a signed (and, if configured, encrypted) token for a copy of
// claims with iat = now, nbf = now unless claims.NotBefore is set,
// exp = now + Lifespan, iss and aud from the config, and a random jti unless
// claims.ID is set.
func (h *Handler[C]) Issue(claims *C) (string, error) {
	panic("not implemented")
}

// Parse decrypts (if configured), verifies and decodes token. Errors name the
// failed check and wrap jwt/v5's sentinels; see errors.go.
func (h *Handler[C]) Parse(token string) (*C, error) {
	panic("not implemented")
}
