package bench

import (
	"errors"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	golangjwt "github.com/golang-jwt/jwt/v5"
	"github.com/lestrrat-go/jwx/v3/jwa"
	jwxjwt "github.com/lestrrat-go/jwx/v3/jwt"
)

// result is the claims of a parsed token in one form for every path, so the
// correctness test can compare them.
type result struct {
	Issuer    string
	Subject   string
	Audience  []string
	UserID    string
	Scopes    []string
	Tenant    string
	Roles     []string
	ExpiresAt int64
	NotBefore int64
	IssuedAt  int64
	ID        string
}

var errTenantMissing = errors.New("tenant is missing")

// golang-jwt/jwt/v5: a hand-written claims struct, an algorithm allow-list,
// the issuer and audience, exp required, and iat checked. Its Validate
// method adds what the options cannot require: nbf, iat and tenant.

type golangJWTClaims struct {
	golangjwt.RegisteredClaims
	UserID string   `json:"uid"`
	Scopes []string `json:"scp"`
	Tenant string   `json:"tenant"`
	Roles  []string `json:"roles,omitempty"`
}

func (c *golangJWTClaims) Validate() error {
	switch {
	case c.NotBefore == nil:
		return errors.New("nbf is missing")
	case c.IssuedAt == nil:
		return errors.New("iat is missing")
	case c.Tenant == "":
		return errTenantMissing
	}
	return nil
}

var golangJWTOptions = []golangjwt.ParserOption{
	golangjwt.WithValidMethods([]string{"HS256"}),
	golangjwt.WithIssuer(issuer),
	golangjwt.WithAudience(audience),
	golangjwt.WithExpirationRequired(),
	golangjwt.WithIssuedAt(),
	golangjwt.WithTimeFunc(now),
}

func golangJWTKey(*golangjwt.Token) (any, error) { return hmacKey, nil }

func parseGolangJWT(token string) (*golangJWTClaims, error) {
	var c golangJWTClaims
	if _, err := golangjwt.ParseWithClaims(token, &c, golangJWTKey, golangJWTOptions...); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *golangJWTClaims) result() result {
	return result{
		Issuer:    c.Issuer,
		Subject:   c.Subject,
		Audience:  c.Audience,
		UserID:    c.UserID,
		Scopes:    c.Scopes,
		Tenant:    c.Tenant,
		Roles:     c.Roles,
		ExpiresAt: c.ExpiresAt.Unix(),
		NotBefore: c.NotBefore.Unix(),
		IssuedAt:  c.IssuedAt.Unix(),
		ID:        c.ID,
	}
}

// issueGolangJWT signs claims as golang-jwt's users do.
func issueGolangJWT(c *golangJWTClaims) (string, error) {
	return golangjwt.NewWithClaims(golangjwt.SigningMethodHS256, c).SignedString(hmacKey)
}

// lestrrat-go/jwx/v3: Parse with the key and algorithm, typed private
// claims, the issuer and audience, and every time claim required.

type jwxClock struct{}

func (jwxClock) Now() time.Time { return fixtureNow }

var jwxOptions = []jwxjwt.ParseOption{
	jwxjwt.WithKey(jwa.HS256(), hmacKey),
	jwxjwt.WithIssuer(issuer),
	jwxjwt.WithAudience(audience),
	jwxjwt.WithClock(jwxClock{}),
	jwxjwt.WithRequiredClaim(jwxjwt.ExpirationKey),
	jwxjwt.WithRequiredClaim(jwxjwt.NotBeforeKey),
	jwxjwt.WithRequiredClaim(jwxjwt.IssuedAtKey),
	jwxjwt.WithRequiredClaim("tenant"),
	jwxjwt.WithTypedClaim("uid", ""),
	jwxjwt.WithTypedClaim("scp", []string{}),
	jwxjwt.WithTypedClaim("tenant", ""),
	jwxjwt.WithTypedClaim("roles", []string{}),
}

func parseJWX(token string) (result, error) {
	tok, err := jwxjwt.Parse([]byte(token), jwxOptions...)
	if err != nil {
		return result{}, err
	}
	var r result
	r.Issuer, _ = tok.Issuer()
	r.Subject, _ = tok.Subject()
	r.Audience, _ = tok.Audience()
	r.ID, _ = tok.JwtID()
	exp, _ := tok.Expiration()
	nbf, _ := tok.NotBefore()
	iat, _ := tok.IssuedAt()
	r.ExpiresAt, r.NotBefore, r.IssuedAt = exp.Unix(), nbf.Unix(), iat.Unix()
	for _, claim := range []struct {
		name string
		dst  any
	}{
		{"uid", &r.UserID},
		{"scp", &r.Scopes},
		{"tenant", &r.Tenant},
		{"roles", &r.Roles},
	} {
		if !tok.Has(claim.name) {
			continue
		}
		if err := tok.Get(claim.name, claim.dst); err != nil {
			return result{}, err
		}
	}
	if r.Tenant == "" {
		return result{}, errTenantMissing
	}
	return r, nil
}

// go-jose/go-jose/v4: ParseSigned with an algorithm allow-list, Claims into
// the registered claims and a private struct, ValidateWithLeeway, and the
// presence checks go-jose leaves to its users.

type josePrivate struct {
	UserID string   `json:"uid"`
	Scopes []string `json:"scp"`
	Tenant string   `json:"tenant"`
	Roles  []string `json:"roles,omitempty"`
}

var joseExpected = josejwt.Expected{
	Issuer:      issuer,
	AnyAudience: josejwt.Audience{audience},
	Time:        fixtureNow,
}

func parseJose(token string) (result, error) {
	tok, err := josejwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.HS256})
	if err != nil {
		return result{}, err
	}
	return joseClaims(tok)
}

// parseJoseNested decrypts a JWE (dir, A256GCM) around an HS256 JWS, the
// nearest nested token go-jose supports: it has no XC20P.
func parseJoseNested(token string) (result, error) {
	nested, err := josejwt.ParseSignedAndEncrypted(token,
		[]jose.KeyAlgorithm{jose.DIRECT},
		[]jose.ContentEncryption{jose.A256GCM},
		[]jose.SignatureAlgorithm{jose.HS256})
	if err != nil {
		return result{}, err
	}
	tok, err := nested.Decrypt(encryptionKey)
	if err != nil {
		return result{}, err
	}
	return joseClaims(tok)
}

func joseClaims(tok *josejwt.JSONWebToken) (result, error) {
	var std josejwt.Claims
	var private josePrivate
	if err := tok.Claims(hmacKey, &std, &private); err != nil {
		return result{}, err
	}
	if err := std.ValidateWithLeeway(joseExpected, 0); err != nil {
		return result{}, err
	}
	switch {
	case std.Expiry == nil:
		return result{}, errors.New("exp is missing")
	case std.NotBefore == nil:
		return result{}, errors.New("nbf is missing")
	case std.IssuedAt == nil:
		return result{}, errors.New("iat is missing")
	case std.Issuer == "":
		return result{}, errors.New("iss is missing")
	case len(std.Audience) == 0:
		return result{}, errors.New("aud is missing")
	case private.Tenant == "":
		return result{}, errTenantMissing
	}
	return result{
		Issuer:    std.Issuer,
		Subject:   std.Subject,
		Audience:  std.Audience,
		UserID:    private.UserID,
		Scopes:    private.Scopes,
		Tenant:    private.Tenant,
		Roles:     private.Roles,
		ExpiresAt: std.Expiry.Time().Unix(),
		NotBefore: std.NotBefore.Time().Unix(),
		IssuedAt:  std.IssuedAt.Time().Unix(),
		ID:        std.ID,
	}, nil
}

// sealJose wraps the signed token jws in go-jose's nested JWE: dir and
// A256GCM, content type JWT.
func sealJose(jws string) string {
	enc, err := jose.NewEncrypter(jose.A256GCM,
		jose.Recipient{Algorithm: jose.DIRECT, Key: encryptionKey},
		(&jose.EncrypterOptions{}).WithContentType("JWT"))
	if err != nil {
		panic(err)
	}
	obj, err := enc.Encrypt([]byte(jws))
	if err != nil {
		panic(err)
	}
	token, err := obj.CompactSerialize()
	if err != nil {
		panic(err)
	}
	return token
}
