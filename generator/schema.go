package generator

import "time"

// Schema is a checked tokens.yaml. Load builds it; Generate emits Go code
// from it. Slices keep the order of the YAML document.
type Schema struct {
	// File is the schema's path as given to Load, used in diagnostics and in
	// the generated file's header.
	File string
	// Version is the schema version; only 1 exists.
	Version int
	// Package is the Go package name of the generated file; empty means the
	// caller decides (see Options.Package).
	Package string
	Scopes  []*Scope
	Tokens  []*Token
	// Warnings are the problems that do not make the schema invalid, such
	// as a check turned off, sorted by position; nil when there are none.
	Warnings Diagnostics
}

// Pos is a position in the schema file, 1-based.
type Pos struct {
	Line, Col int
}

// Scope is one entry of the scopes map.
type Scope struct {
	Pos  Pos
	Name string // as in the schema and on the wire: "read:orders"
	Doc  string // the description
}

// RegisteredClaim names a registered claim that require and verify accept.
type RegisteredClaim string

// The registered claims that require and verify accept.
const (
	ClaimExp RegisteredClaim = "exp"
	ClaimNbf RegisteredClaim = "nbf"
	ClaimIat RegisteredClaim = "iat"
	ClaimAud RegisteredClaim = "aud"
	ClaimIss RegisteredClaim = "iss"
)

// Token is one token kind.
type Token struct {
	Pos       Pos
	Name      string // Go identifier from the schema: "Access"
	Doc       string
	Lifespan  time.Duration // 0: not set, the program's config must give one
	Issuer    string
	Audience  []string
	Algorithm string // "HS256" when the schema omits it
	// Type is the typ header parameter that the kind's tokens carry and
	// Parse requires, such as "at+jwt"; empty when the schema omits typ.
	Type      string
	Encrypted bool
	Leeway    time.Duration

	// Require is the set of registered claims a token must contain; all
	// five when the schema omits require. Load sets all five keys, each to
	// true or false.
	Require map[RegisteredClaim]bool
	// Verify is the set of registered claims checked; all five when the
	// schema omits verify. Load sets all five keys, each to true or false.
	// VerifySignature is the signature switch.
	Verify          map[RegisteredClaim]bool
	VerifySignature bool

	Claims []*Claim

	// BareToken makes the middleware also accept a token sent without the
	// Bearer scheme, as the clients of the Python framework jason send it.
	BareToken bool
	// AutoUpdate configures the refresh of tokens in responses; nil means
	// no refresh.
	AutoUpdate *AutoUpdate
	// Guards are the named rules of the kind, in schema order.
	Guards []*Guard
}

// ClaimType is the type of a custom claim.
type ClaimType string

// The claim types a schema may use.
const (
	TypeString    ClaimType = "string"
	TypeBool      ClaimType = "bool"
	TypeInt       ClaimType = "int"
	TypeInt64     ClaimType = "int64"
	TypeFloat64   ClaimType = "float64"
	TypeTime      ClaimType = "time"
	TypeStrings   ClaimType = "[]string"
	TypeInt64s    ClaimType = "[]int64"
	TypeStringMap ClaimType = "map[string]string"
	TypeObject    ClaimType = "object"
)

// Claim is a custom claim, at the top level of a token or inside an object
// claim.
type Claim struct {
	Pos      Pos
	Key      string // the schema key: "login_at"
	JSONName string // the member name on the wire: the claim key, or claim:
	Type     ClaimType
	Required bool
	Doc      string
	Enum     []*EnumValue // only for TypeString
	Claims   []*Claim     // only for TypeObject
}

// EnumValue is one allowed value of a string claim with enum.
type EnumValue struct {
	Pos   Pos
	Value string
}
