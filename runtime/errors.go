package runtime

import (
	"errors"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// Errors returned by this package besides golang-jwt/jwt/v5's sentinels,
// which Parse errors wrap (jwt.ErrTokenMalformed, jwt.ErrTokenSignatureInvalid,
// jwt.ErrTokenExpired, jwt.ErrTokenNotValidYet, jwt.ErrTokenUsedBeforeIssued,
// jwt.ErrTokenInvalidAudience, jwt.ErrTokenInvalidIssuer,
// jwt.ErrTokenRequiredClaimMissing, jwt.ErrTokenInvalidClaims).
var (
	// ErrDecrypt is wrapped by Parse errors for an encrypted token that
	// cannot be decrypted: a bad JWE header, a nonce of the wrong length, or
	// a ciphertext or tag that fails authentication. Errors about the
	// token's structure (part count, base64url, header) also wrap
	// jwt.ErrTokenMalformed.
	ErrDecrypt = errors.New("token decryption failed")

	// ErrTokenType is wrapped by Parse errors for a token whose typ header
	// parameter is missing or differs from Config.Type: most likely a token
	// of another kind.
	ErrTokenType = errors.New("token type is not accepted")

	// ErrInvalidConfig is wrapped by NewHandler errors.
	ErrInvalidConfig = errors.New("invalid token handler config")
)

// tokenError is the error that Parse returns. Its message is
// "invalid KIND token: " followed by every failure, separated by "; ", and
// errors.Is and errors.As see each failure.
type tokenError struct {
	kind string
	errs []error
}

func (e *tokenError) Error() string {
	var b strings.Builder
	b.WriteString("invalid ")
	if e.kind != "" {
		b.WriteString(e.kind)
		b.WriteString(" ")
	}
	b.WriteString("token: ")
	for i, err := range e.errs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

func (e *tokenError) Unwrap() []error { return e.errs }

// claimError is one failed check of a claim, printed as
// "CLAIM: SENTINEL" or "CLAIM: SENTINEL: DETAIL". It wraps its sentinel and
// jwt.ErrTokenInvalidClaims.
type claimError struct {
	claim    string
	sentinel error
	detail   string
}

func (e *claimError) Error() string {
	msg := e.claim + ": " + e.sentinel.Error()
	if e.detail != "" {
		msg += ": " + e.detail
	}
	return msg
}

func (e *claimError) Unwrap() []error { return []error{e.sentinel, jwt.ErrTokenInvalidClaims} }

// invalidClaimsError marks an error from Codec.Check as a claims failure:
// it prints as the error itself and also wraps jwt.ErrTokenInvalidClaims.
type invalidClaimsError struct{ err error }

func (e *invalidClaimsError) Error() string   { return e.err.Error() }
func (e *invalidClaimsError) Unwrap() []error { return []error{e.err, jwt.ErrTokenInvalidClaims} }

// configError is the error that NewHandler returns: every problem found in
// the Config, separated by "; ". It wraps ErrInvalidConfig.
type configError struct {
	kind     string
	problems []string
}

func (e *configError) Error() string {
	var b strings.Builder
	b.WriteString(ErrInvalidConfig.Error())
	if e.kind != "" {
		b.WriteString(" for ")
		b.WriteString(e.kind)
	}
	b.WriteString(": ")
	b.WriteString(strings.Join(e.problems, "; "))
	return b.String()
}

func (e *configError) Unwrap() error { return ErrInvalidConfig }
