package generator

import (
	"errors"
	"fmt"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// plan holds every name and choice of a generated file, fixed before any
// code is emitted. Emitters read names from it and never build them.
type plan struct {
	pkg    string
	source string // base name of the schema file; "" when unknown
	scopes []*scopePlan
	// scopeWords is the length of the Scopes bit array, ceil(len(scopes)/64).
	scopeWords int
	tokens     []*tokenPlan
}

// scopePlan is one Scope constant.
type scopePlan struct {
	scope *Scope
	ident string // ScopeReadOrders
}

// tokenPlan holds the names of one token kind's declarations.
type tokenPlan struct {
	token       *Token
	object      *objectPlan // the claims type and its custom claims
	newClaims   string      // NewAccessClaims
	configType  string      // AccessConfig
	handlerType string      // AccessHandler
	newHandler  string      // NewAccessHandler
	codecVar    string      // accessCodec
	hmac        bool        // Key is []byte rather than any
}

// objectPlan is a struct of custom claims: a token kind's claims type or the
// type of an object claim.
type objectPlan struct {
	typeName string // AccessClaims, AccessLimits
	fields   []*fieldPlan
}

// fieldPlan is one custom claim and the Go names made for it.
type fieldPlan struct {
	claim *Claim
	field string // Go field name: Tenant
	// param is the constructor parameter of a required top-level claim.
	param string
	// seen names the unexported bool field that records that decoding read
	// this required claim; "" for optional claims.
	seen string
	// path is the claim's dotted JSON path in error messages: limits.rps.
	path string
	// enumType and enumValues are set for a string claim with enum.
	enumType   string
	enumValues []*enumValuePlan
	// object is set for an object claim.
	object *objectPlan
}

// enumValuePlan is one constant of an enum type.
type enumValuePlan struct {
	value string
	ident string // AccessPlanPro
}

// The fixed names of the scope declarations.
const (
	scopeType      = "Scope"
	scopesType     = "Scopes"
	newScopesFunc  = "NewScopes"
	parseScopeFunc = "ParseScope"
	lookupScopeFn  = "lookupScope"
	scopeCountName = "scopeCount"
)

// The fields of runtime.RegisteredClaims, promoted into every claims type.
var registeredFields = []string{
	"RegisteredClaims", "Issuer", "Subject", "Audience", "ExpiresAt",
	"NotBefore", "IssuedAt", "ID", "AuthTime",
}

// namespace hands out the identifiers of one Go scope (the package, or the
// fields and methods of one type) and records every clash.
type namespace struct {
	owners map[string]string // identifier -> the schema entry it names
	errs   *[]error
}

func newNamespace(errs *[]error) *namespace {
	return &namespace{owners: map[string]string{}, errs: errs}
}

// declare records that ident names subject and returns ident. An invalid
// identifier or one already declared is recorded as an error.
func (ns *namespace) declare(ident, subject string) string {
	if !token.IsIdentifier(ident) {
		*ns.errs = append(*ns.errs, fmt.Errorf("%s gets the Go name %q, which is not a valid identifier; rename it in the schema", subject, ident))
		return ident
	}
	if owner, ok := ns.owners[ident]; ok {
		*ns.errs = append(*ns.errs, fmt.Errorf("%s and %s both get the Go name %s; rename one of them in the schema", owner, subject, ident))
		return ident
	}
	ns.owners[ident] = subject
	return ident
}

// planner builds a plan. Every generated identifier gets its name from one
// of its methods.
type planner struct {
	errs []error
	pkg  *namespace
}

// newPlan fixes the names and choices of the file generated from s.
func newPlan(s *Schema, opts Options) (*plan, error) {
	pkg, err := packageName(s, opts)
	if err != nil {
		return nil, err
	}
	pl := &planner{}
	pl.pkg = newNamespace(&pl.errs)
	for _, fixed := range []string{scopeType, scopesType, newScopesFunc, parseScopeFunc, lookupScopeFn, scopeCountName} {
		pl.pkg.declare(fixed, "the generated "+fixed)
	}

	p := &plan{pkg: pkg, source: sourceName(s.File)}
	for _, sc := range s.Scopes {
		p.scopes = append(p.scopes, &scopePlan{scope: sc, ident: pl.scopeConst(sc)})
	}
	p.scopeWords = (len(s.Scopes) + 63) / 64
	for _, t := range s.Tokens {
		p.tokens = append(p.tokens, pl.token(t))
	}
	if len(pl.errs) > 0 {
		return nil, errors.Join(pl.errs...)
	}
	return p, nil
}

// scopeConst names a Scope constant: read:orders gives ScopeReadOrders.
func (pl *planner) scopeConst(sc *Scope) string {
	return pl.pkg.declare(scopeType+GoName(sc.Name), fmt.Sprintf("scope %q", sc.Name))
}

// token names the declarations of one token kind.
func (pl *planner) token(t *Token) *tokenPlan {
	kind := kindName(t.Name)
	describe := func(decl string) string { return fmt.Sprintf("the %s %s", t.Name, decl) }
	tp := &tokenPlan{
		token:       t,
		newClaims:   pl.pkg.declare("New"+kind+"Claims", describe("claims constructor")),
		configType:  pl.pkg.declare(kind+"Config", describe("config type")),
		handlerType: pl.pkg.declare(kind+"Handler", describe("handler type")),
		newHandler:  pl.pkg.declare("New"+kind+"Handler", describe("handler constructor")),
		codecVar:    pl.pkg.declare(unexported(kind)+"Codec", describe("codec variable")),
		hmac:        strings.HasPrefix(t.Algorithm, "HS"),
	}
	claimsType := pl.pkg.declare(kind+"Claims", describe("claims type"))
	tp.object = pl.object(claimsType, kind, claimPath{token: t.Name}, t.Claims)
	return tp
}

// claimPath locates the claims of one struct in messages.
type claimPath struct {
	token string // the token kind
	keys  string // schema keys of the enclosing object claims: "device."
	json  string // their JSON names: "dev."
}

// top reports whether the path is a token kind's claims type.
func (cp claimPath) top() bool { return cp.keys == "" }

// object plans a struct of custom claims: a token kind's claims type, or
// the type of an object claim. prefix starts the names of the types made
// for its claims: the kind, or the object type's name.
func (pl *planner) object(typeName, prefix string, at claimPath, claims []*Claim) *objectPlan {
	fields := pl.structFields(typeName, at.top())
	params := newNamespace(&pl.errs)
	params.declare("userID", "the constructor parameter userID")
	params.declare("scopes", "the constructor parameter scopes")

	op := &objectPlan{typeName: typeName}
	for _, c := range claims {
		subject := fmt.Sprintf("claim %q of %s", at.keys+c.Key, at.token)
		fp := &fieldPlan{claim: c, path: at.json + c.JSONName}
		fp.field = fields.declare(GoName(c.Key), subject)
		if c.Required {
			fp.seen = fields.declare("has"+fp.field, subject+" (its presence flag)")
		}
		if c.Required && at.top() {
			fp.param = params.declare(paramName(fp.field), subject+" (its constructor parameter)")
		}
		nested := claimPath{token: at.token, keys: at.keys + c.Key + ".", json: fp.path + "."}
		pl.claimTypes(fp, prefix+fp.field, nested, subject)
		op.fields = append(op.fields, fp)
	}
	return op
}

// structFields returns the namespace of a claims struct's fields and
// methods, with the names that every such struct has declared.
func (pl *planner) structFields(typeName string, top bool) *namespace {
	fields := newNamespace(&pl.errs)
	for _, fixed := range []string{"decodeMember", "encodeMembers", "check"} {
		fields.declare(fixed, "the generated method "+typeName+"."+fixed)
	}
	if !top {
		return fields
	}
	for _, fixed := range registeredFields {
		fields.declare(fixed, "the promoted field "+typeName+"."+fixed)
	}
	fields.declare("UserID", "the uid claim's field "+typeName+".UserID")
	fields.declare("Scopes", "the scp claim's field "+typeName+".Scopes")
	fields.declare("MarshalJSON", "the method "+typeName+".MarshalJSON")
	fields.declare("UnmarshalJSON", "the method "+typeName+".UnmarshalJSON")
	return fields
}

// claimTypes names the enum or object type of a claim, and its constants.
// nested locates the claims of an object claim.
func (pl *planner) claimTypes(fp *fieldPlan, typeName string, nested claimPath, subject string) {
	c := fp.claim
	switch {
	case len(c.Enum) > 0:
		fp.enumType = pl.pkg.declare(typeName, subject+" (its enum type)")
		for _, v := range c.Enum {
			ident := pl.pkg.declare(typeName+GoName(enumWords(v.Value)), fmt.Sprintf("enum value %q of %s", v.Value, subject))
			fp.enumValues = append(fp.enumValues, &enumValuePlan{value: v.Value, ident: ident})
		}
	case c.Type == TypeObject:
		name := pl.pkg.declare(typeName, subject+" (its object type)")
		fp.object = pl.object(name, name, nested, c.Claims)
	}
}

// kindName returns the Go name that starts a token kind's declarations: the
// kind as the schema spells it, with its first letter made upper case.
func kindName(kind string) string {
	r, size := utf8.DecodeRuneInString(kind)
	return string(unicode.ToUpper(r)) + kind[size:]
}

// enumWords prepares an enum value for GoName: characters other than letters
// and digits become word breaks, so "free plan" gives FreePlan.
func enumWords(value string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '_'
	}, value)
}

// unexported lowers the leading upper-case word of an exported name:
// Access gives access, APIKey gives apiKey, ID gives id.
func unexported(name string) string {
	runes := []rune(name)
	upper := 0
	for upper < len(runes) && unicode.IsUpper(runes[upper]) {
		upper++
	}
	switch {
	case upper == 0:
		return name
	case upper == 1 || upper == len(runes):
		// A lone capital, or a name that is all one initialism.
	case unicode.IsLower(runes[upper]):
		upper-- // keep the capital that starts the next word: APIKey
	}
	for i := 0; i < upper; i++ {
		runes[i] = unicode.ToLower(runes[i])
	}
	return string(runes)
}

// paramName makes a constructor parameter from a field name. Keywords and
// the names of imported packages or predeclared identifiers get a trailing
// underscore, so the parameter shadows nothing the body uses.
func paramName(field string) string {
	name := unexported(field)
	if token.IsKeyword(name) || reservedParams[name] {
		return name + "_"
	}
	return name
}

// reservedParams are the names a constructor parameter must not shadow: the
// imported packages and the predeclared identifiers.
var reservedParams = map[string]bool{
	"errors": true, "fmt": true, "strconv": true, "time": true, "jwt": true, "runtime": true,
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true,
	"complex128": true, "error": true, "float32": true, "float64": true, "int": true,
	"int8": true, "int16": true, "int32": true, "int64": true, "rune": true,
	"string": true, "uint": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "uintptr": true, "true": true, "false": true, "iota": true,
	"nil": true, "append": true, "cap": true, "clear": true, "close": true,
	"complex": true, "copy": true, "delete": true, "imag": true, "len": true,
	"make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true,
}
