package runtime

import "time"

// RegisteredClaims holds the registered claims of RFC 7519 section 4.1.
// Generated claims types embed it, so its fields are promoted.
//
// A zero value means the claim is absent: an empty string, a nil Audience or
// a zero time.Time. A token whose exp is 0 decodes to time.Unix(0, 0), which
// is not the zero time.Time, so it is present and expired.
type RegisteredClaims struct {
	// Issuer is the iss claim.
	Issuer string
	// Subject is the sub claim.
	Subject string
	// Audience is the aud claim. A single string on the wire decodes to a
	// one-element slice.
	Audience []string
	// ExpiresAt is the exp claim.
	ExpiresAt time.Time
	// NotBefore is the nbf claim.
	NotBefore time.Time
	// IssuedAt is the iat claim.
	IssuedAt time.Time
	// ID is the jti claim.
	ID string
	// AuthTime is the auth_time claim (OpenID Connect Core 1.0, section 2):
	// when the user authenticated. A refreshed token keeps the AuthTime of
	// the token it replaces, which bounds how long a session can slide.
	AuthTime time.Time
}

// Check is a set of registered-claim checks, used for both the claims a
// token must contain (require) and the claims that are verified (verify).
type Check uint8

// The checks. CheckSignature is meaningful for verify only.
const (
	CheckExp Check = 1 << iota
	CheckNbf
	CheckIat
	CheckAud
	CheckIss
	CheckSignature

	// CheckAll is every check; it is the default of both require and verify.
	CheckAll = CheckExp | CheckNbf | CheckIat | CheckAud | CheckIss | CheckSignature
)

// Codec connects a generated claims type C to the runtime. Generated code
// builds one Codec per token kind; programs never need to.
type Codec[C any] struct {
	// Registered returns the registered claims embedded in c.
	Registered func(c *C) *RegisteredClaims

	// DecodeMember decodes the value of the top-level member name into c
	// and reports whether the member is known. It is called for every member
	// that is not a registered claim (uid and scp included). An unknown
	// member must not be consumed: the runtime skips it.
	DecodeMember func(c *C, name []byte, d *Decoder) (known bool, err error)

	// EncodeMembers appends every member of c that is not a registered
	// claim (uid and scp included), omitting absent optional claims.
	EncodeMembers func(c *C, e *Encoder)

	// Check runs after decoding and reports every missing required custom
	// claim (wrapping jwt.ErrTokenRequiredClaimMissing) and every value
	// outside its enum (wrapping jwt.ErrTokenInvalidClaims), joined.
	Check func(c *C) error
}
