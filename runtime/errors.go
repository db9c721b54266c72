package runtime

import "errors"

// Errors returned by this package besides golang-jwt/jwt/v5's sentinels,
// which Parse errors wrap (jwt.ErrTokenMalformed, jwt.ErrTokenSignatureInvalid,
// jwt.ErrTokenExpired, jwt.ErrTokenNotValidYet, jwt.ErrTokenUsedBeforeIssued,
// jwt.ErrTokenInvalidAudience, jwt.ErrTokenInvalidIssuer,
// jwt.ErrTokenRequiredClaimMissing, jwt.ErrTokenInvalidClaims).
var (
	// ErrDecrypt is wrapped by Parse errors for an encrypted token that
	// cannot be decrypted: a bad JWE header, a nonce of the wrong length, or
	// a ciphertext or tag that fails authentication.
	ErrDecrypt = errors.New("token decryption failed")

	// ErrInvalidConfig is wrapped by NewHandler errors.
	ErrInvalidConfig = errors.New("invalid token handler config")
)
