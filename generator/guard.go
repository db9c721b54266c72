package generator

import (
	"strings"
	"time"
)

// Guard is a named rule of a token kind. The generated file declares it as
// an exported variable of the kind's rule type.
type Guard struct {
	Pos  Pos
	Name string // exported Go identifier: "EditOwnOrders"
	Doc  string
	Rule *Rule
}

// RuleOp is the form of a rule, named by its key in the schema.
type RuleOp string

// The rule forms a guard may use.
const (
	RuleAll      RuleOp = "all"       // every rule in Rules passes
	RuleAny      RuleOp = "any"       // at least one rule in Rules passes
	RuleNone     RuleOp = "none"      // no rule in Rules passes
	RuleScopes   RuleOp = "scopes"    // every scope in Names is granted
	RuleAnyScope RuleOp = "any_scope" // at least one scope in Names is granted
	RuleKeys     RuleOp = "keys"      // every claim in Names is present
	RuleValue    RuleOp = "value"     // claim Claim equals or contains Value
	RuleMatch    RuleOp = "match"     // all Sources have the same value
)

// Rule is one rule of a guard.
type Rule struct {
	Pos Pos
	Op  RuleOp
	// Rules are the rules of all, any and none.
	Rules []*Rule
	// Names are the scope names of scopes and any_scope, and the claim
	// references of keys, as the schema writes them.
	Names []string
	// Claim is the claim reference of value.
	Claim string
	// Contains is set when value tests a list claim for an element rather
	// than a claim for equality.
	Contains bool
	// Value is the value that value compares the claim with, written as the
	// generated rule compares it: "42" for an integer, "true" for a bool.
	Value string
	// Sources are the values of match, two or more.
	Sources []*Source
}

// SourceKind is the origin of a value of match.
type SourceKind string

// The sources of match.
const (
	SourceClaim  SourceKind = "claim"  // a claim reference
	SourcePath   SourceKind = "path"   // a wildcard of the ServeMux pattern
	SourceQuery  SourceKind = "query"  // a URL query parameter
	SourceHeader SourceKind = "header" // a request header
	SourceForm   SourceKind = "form"   // a field of a form body
	SourceJSON   SourceKind = "json"   // a JSON pointer into a JSON body
)

// Source is one value of a match rule.
type Source struct {
	Pos  Pos
	Kind SourceKind
	Name string // claim reference, wildcard, parameter, header, field or JSON pointer
}

// AutoUpdate is the refresh of tokens in responses of the middleware.
type AutoUpdate struct {
	Pos Pos
	// Header is the response header that carries the refreshed token; ""
	// means Authorization.
	Header string
	// After is the share of a token's life, 0 to 1, that must have passed
	// before it is refreshed.
	After float64
	// MaxAge stops the refresh once the token's first issue time is this
	// old; 0 means no limit.
	MaxAge time.Duration
}

// builtinRef is a claim that every token kind has and that guards and the
// generated rule API can read.
type builtinRef struct {
	ref   string // the name that guards use: "user_id"
	json  string // the JSON name: "uid"
	field string // the field of the claims type: "UserID"
	list  bool   // a list of strings rather than one string
}

// ruleBuiltins are the built-in and registered claims that rules read, in
// the order the generated claim constants list them. The time claims exp,
// nbf, iat and auth_time are left out: Parse checks them.
var ruleBuiltins = []builtinRef{
	{ref: "user_id", json: "uid", field: "UserID"},
	{ref: "iss", json: "iss", field: "Issuer"},
	{ref: "sub", json: "sub", field: "Subject"},
	{ref: "aud", json: "aud", field: "Audience", list: true},
	{ref: "jti", json: "jti", field: "ID"},
}

// claimRef is the claim that a claim reference of a guard names: a
// built-in claim, or a custom claim with the object claims that contain
// it.
type claimRef struct {
	builtin *builtinRef
	chain   []*Claim // outermost first; the last is the claim itself
}

// claim returns the custom claim that r names, or nil for a built-in one.
func (r claimRef) claim() *Claim {
	if len(r.chain) == 0 {
		return nil
	}
	return r.chain[len(r.chain)-1]
}

// resolveClaim returns what the claim reference ref names among the
// claims of token kind t, and whether it names anything. A custom claim's
// key wins over a built-in claim of the same name. Nested claims are named
// by their keys joined with dots: "limits.rps".
func resolveClaim(t *Token, ref string) (claimRef, bool) {
	if chain := findClaim(t.Claims, ref); chain != nil {
		return claimRef{chain: chain}, true
	}
	for i := range ruleBuiltins {
		if ruleBuiltins[i].ref == ref {
			return claimRef{builtin: &ruleBuiltins[i]}, true
		}
	}
	return claimRef{}, false
}

// findClaim returns the chain of claims that path names in claims, or nil.
// A key may itself contain a dot, so both readings are tried, in schema
// order.
func findClaim(claims []*Claim, path string) []*Claim {
	for _, c := range claims {
		if c.Key == path {
			return []*Claim{c}
		}
		rest, ok := strings.CutPrefix(path, c.Key+".")
		if !ok || rest == "" || c.Type != TypeObject {
			continue
		}
		if chain := findClaim(c.Claims, rest); chain != nil {
			return append([]*Claim{c}, chain...)
		}
	}
	return nil
}

// claimRefs lists every claim reference of token kind t: the built-in
// claims, then the custom claims depth first, for messages.
func claimRefs(t *Token) []string {
	refs := make([]string, 0, len(ruleBuiltins)+len(t.Claims))
	for _, b := range ruleBuiltins {
		refs = append(refs, b.ref)
	}
	return appendClaimRefs(refs, t.Claims, "")
}

func appendClaimRefs(refs []string, claims []*Claim, prefix string) []string {
	for _, c := range claims {
		refs = append(refs, prefix+c.Key)
		refs = appendClaimRefs(refs, c.Claims, prefix+c.Key+".")
	}
	return refs
}

// compareKind reports how a rule can compare a claim of type typ: as one
// value, as a list of values, or not at all. Time claims are left out,
// because their text, Unix seconds, is rarely what a schema means.
func compareKind(typ ClaimType) (single, list bool) {
	switch typ {
	case TypeString, TypeBool, TypeInt, TypeInt64, TypeFloat64:
		return true, false
	case TypeStrings, TypeInt64s:
		return false, true
	}
	return false, false
}
