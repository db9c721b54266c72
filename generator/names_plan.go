package generator

import (
	"errors"
	"fmt"
	"go/token"
	"slices"
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
	fromContext string      // AccessFromContext
	rules       *rulesPlan
	guards      []*guardPlan
}

// rulesPlan holds the names of a token kind's rule API: the rule and value
// types, the claim constants and the constructors that wrap the runtime's
// rules and values.
type rulesPlan struct {
	ruleType  string // AccessRule
	valueType string // AccessValue
	claimType string // AccessClaim

	hasScopes, anyScope, hasKeys, hasValue, matchValues string // AccessHasScopes, ...
	allOf, anyOf, noneOf                                string // AccessAllOf, ...
	pathValue, queryValue, headerValue, formValue       string // AccessPathValue, ...
	jsonValue                                           string // AccessJSONValue

	// selectors are the claim constants: the built-in claims, then the
	// custom claims depth first.
	selectors []*selectorPlan
	byClaim   map[*Claim]*selectorPlan
	byBuiltin map[string]*selectorPlan // by builtinRef.ref
}

// selectorPlan is one constant of a kind's claim type.
type selectorPlan struct {
	ident string // AccessClaimLimitsRps
	json  string // the claim's JSON path in messages: "limits.rps", "uid"
	// builtin is set for a built-in or registered claim.
	builtin *builtinRef
	// fields are the custom claim and the object claims that contain it,
	// outermost first.
	fields []*fieldPlan
}

// guardPlan is one guard's rule variable.
type guardPlan struct {
	guard *Guard
	ident string // EditOwnOrders
	// typeName is the type that checks the guard directly before it
	// calls the composed rule: editOwnOrdersGuard.
	typeName string
	rule     *rulePlan
}

// The formats of the per-kind names of the rule and middleware API, applied
// to the kind's name.
const (
	ruleTypeFormat    = "%sRule"
	valueTypeFormat   = "%sValue"
	claimTypeFormat   = "%sClaim"
	fromContextFormat = "%sFromContext"
)

// ruleFuncNames are the runtime functions that each kind's rule API wraps,
// as <Kind><Name>: AccessHasScopes wraps runtime.HasScopes.
var ruleFuncNames = []string{
	"HasScopes", "AnyScope", "HasKeys", "HasValue", "MatchValues",
	"AllOf", "AnyOf", "NoneOf",
	"PathValue", "QueryValue", "HeaderValue", "FormValue", "JSONValue",
}

// ruleAPINames returns the package-level names of kind's rule and
// middleware API, apart from the claim constants.
func ruleAPINames(kind string) []string {
	names := []string{
		fmt.Sprintf(ruleTypeFormat, kind),
		fmt.Sprintf(valueTypeFormat, kind),
		fmt.Sprintf(claimTypeFormat, kind),
		fmt.Sprintf(fromContextFormat, kind),
	}
	for _, fn := range ruleFuncNames {
		names = append(names, kind+fn)
	}
	return names
}

// claimConstName returns the name of the claim constant for the claim
// whose Go names, from the outermost object claim in, are fields:
// AccessClaimLimitsRps for limits.rps of kind Access.
func claimConstName(kind string, fields ...string) string {
	return fmt.Sprintf(claimTypeFormat, kind) + strings.Join(fields, "")
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
	// scopeIdents maps scope names to their constants, for guards.
	scopeIdents map[string]string
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
	pl.scopeIdents = make(map[string]string, len(s.Scopes))
	for _, sc := range s.Scopes {
		p.scopes = append(p.scopes, &scopePlan{scope: sc, ident: pl.scopeConst(sc)})
		pl.scopeIdents[sc.Name] = p.scopes[len(p.scopes)-1].ident
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
	tp.fromContext = pl.pkg.declare(fmt.Sprintf(fromContextFormat, kind), describe("context accessor"))
	tp.rules = pl.rules(t, kind, tp.object)
	for _, g := range t.Guards {
		subject := fmt.Sprintf("guard %q of %s", g.Name, t.Name)
		tp.guards = append(tp.guards, &guardPlan{
			guard:    g,
			ident:    pl.pkg.declare(g.Name, subject),
			typeName: pl.pkg.declare(unexported(g.Name)+"Guard", "the type of "+subject),
			rule:     pl.guardRule(g.Rule, t, tp.rules, subject),
		})
	}
	return tp
}

// rules names a token kind's rule API and its claim constants.
func (pl *planner) rules(t *Token, kind string, claims *objectPlan) *rulesPlan {
	describe := func(decl string) string { return fmt.Sprintf("the %s %s", t.Name, decl) }
	fn := func(name string) string { return pl.pkg.declare(kind+name, describe("rule function "+kind+name)) }
	rp := &rulesPlan{
		ruleType:    pl.pkg.declare(fmt.Sprintf(ruleTypeFormat, kind), describe("rule type")),
		valueType:   pl.pkg.declare(fmt.Sprintf(valueTypeFormat, kind), describe("rule value type")),
		claimType:   pl.pkg.declare(fmt.Sprintf(claimTypeFormat, kind), describe("claim type")),
		hasScopes:   fn("HasScopes"),
		anyScope:    fn("AnyScope"),
		hasKeys:     fn("HasKeys"),
		hasValue:    fn("HasValue"),
		matchValues: fn("MatchValues"),
		allOf:       fn("AllOf"),
		anyOf:       fn("AnyOf"),
		noneOf:      fn("NoneOf"),
		pathValue:   fn("PathValue"),
		queryValue:  fn("QueryValue"),
		headerValue: fn("HeaderValue"),
		formValue:   fn("FormValue"),
		jsonValue:   fn("JSONValue"),
		byClaim:     make(map[*Claim]*selectorPlan),
		byBuiltin:   make(map[string]*selectorPlan),
	}
	for i := range ruleBuiltins {
		b := &ruleBuiltins[i]
		sp := &selectorPlan{
			ident:   pl.pkg.declare(claimConstName(kind, b.field), fmt.Sprintf("the %s claim constant of %s", b.json, t.Name)),
			json:    b.json,
			builtin: b,
		}
		rp.selectors = append(rp.selectors, sp)
		rp.byBuiltin[b.ref] = sp
	}
	pl.claimSelectors(rp, kind, t.Name, claims, nil)
	return rp
}

// claimSelectors names the claim constants of the claims in op, depth
// first. outer are the object claims that contain op, outermost first.
func (pl *planner) claimSelectors(rp *rulesPlan, kind, token string, op *objectPlan, outer []*fieldPlan) {
	for _, fp := range op.fields {
		fields := append(slices.Clip(outer), fp)
		names := make([]string, len(fields))
		keys := make([]string, len(fields))
		for i, f := range fields {
			names[i] = f.field
			keys[i] = f.claim.Key
		}
		subject := fmt.Sprintf("claim %q of %s (its claim constant)", strings.Join(keys, "."), token)
		sp := &selectorPlan{
			ident:  pl.pkg.declare(claimConstName(kind, names...), subject),
			json:   fp.path,
			fields: fields,
		}
		rp.selectors = append(rp.selectors, sp)
		rp.byClaim[fp.claim] = sp
		if fp.object != nil {
			pl.claimSelectors(rp, kind, token, fp.object, fields)
		}
	}
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
	"context": true, "http": true, "slog": true,
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
