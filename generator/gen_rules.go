package generator

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// genRules emits a token kind's rule API: the rule and value types, the
// claim constants and the functions that build rules and values.
func genRules(f *jen.File, t *tokenPlan) {
	genRuleTypes(f, t)
	genClaimConsts(f, t)
	genClaimString(f, t)
	genClaimValue(f, t)
	genClaimKey(f, t)
	genScopeRules(f, t)
	genClaimRules(f, t)
	genGroupRules(f, t)
	genRequestValues(f, t)
}

// genRuleTypes emits
//
//	type AccessRule = runtime.Rule[AccessClaims]
//	type AccessValue = runtime.Value[AccessClaims]
func genRuleTypes(f *jen.File, t *tokenPlan) {
	rp, kind, claims := t.rules, t.token.Name, t.object.typeName
	f.Line()
	addComment(f, fmt.Sprintf("%s is a rule on %s tokens: a condition on their claims and, for rules that read the request, on the HTTP request. %s.Protect enforces rules. Elsewhere, such as in a queue consumer, call Check with the claims and a nil request, and a rule that reads the request then fails with an error wrapping runtime.ErrNoRequest.", rp.ruleType, kind, t.handlerType))
	addComment(f, "\n"+fmt.Sprintf("Check returns nil when the rule passes. Otherwise its error names the rule and the scope, claim or request value that failed, and %s reports every rule that failed.", rp.allOf))
	f.Type().Id(rp.ruleType).Op("=").Qual(runtimePackage, "Rule").Types(jen.Id(claims))

	f.Line()
	addComment(f, fmt.Sprintf("%s is a value that %s and %s compare: a claim, from %s.Value, or a part of the request, from %s, %s, %s, %s or %s. An empty value counts as missing.",
		rp.valueType, rp.hasValue, rp.matchValues, rp.claimType, rp.pathValue, rp.queryValue, rp.headerValue, rp.formValue, rp.jsonValue))
	f.Type().Id(rp.valueType).Op("=").Qual(runtimePackage, "Value").Types(jen.Id(claims))
}

// genClaimConsts emits
//
//	type AccessClaim uint16
//	const (
//		AccessClaimUserID AccessClaim = iota + 1
//		...
//	)
func genClaimConsts(f *jen.File, t *tokenPlan) {
	rp := t.rules
	f.Line()
	addComment(f, fmt.Sprintf("%s is a claim of %s tokens that rules read. Use the constants, because a string cannot be used in their place. The zero %s is invalid.", rp.claimType, t.token.Name, rp.claimType))
	f.Type().Id(rp.claimType).Uint16()

	f.Line()
	f.Const().DefsFunc(func(g *jen.Group) {
		for i, sp := range rp.selectors {
			addComment(g, selectorDoc(t, sp))
			if i == 0 {
				g.Id(sp.ident).Id(rp.claimType).Op("=").Iota().Op("+").Lit(1)
				continue
			}
			g.Id(sp.ident)
		}
	})
}

// selectorDoc documents a claim constant: the claim and the field that
// holds it.
func selectorDoc(t *tokenPlan, sp *selectorPlan) string {
	if sp.builtin != nil {
		return fmt.Sprintf("%s is the %s claim, in %s.%s.", sp.ident, sp.json, t.object.typeName, sp.builtin.field)
	}
	return fmt.Sprintf("%s is the %s claim, in %s.", sp.ident, sp.json, t.object.typeName+"."+fieldPath(sp.fields))
}

// fieldPath returns the Go names of fields joined with dots: Limits.Rps.
func fieldPath(fields []*fieldPlan) string {
	path := ""
	for i, fp := range fields {
		if i > 0 {
			path += "."
		}
		path += fp.field
	}
	return path
}

// genClaimString emits
//
//	func (claim AccessClaim) String() string {
//		switch claim {
//		case AccessClaimUserID:
//			return "uid"
//		}
//		return "AccessClaim(" + strconv.Itoa(int(claim)) + ")"
//	}
func genClaimString(f *jen.File, t *tokenPlan) {
	rp := t.rules
	f.Line()
	addComment(f, fmt.Sprintf(`String returns the claim's JSON name, with dots between the names of nested claims: "uid", "limits.rps". It returns "%s(n)" for a value that is not one of the constants.`, rp.claimType))
	f.Func().Params(jen.Id("claim").Id(rp.claimType)).Id("String").Params().String().Block(
		jen.Switch(jen.Id("claim")).BlockFunc(func(g *jen.Group) {
			for _, sp := range rp.selectors {
				g.Case(jen.Id(sp.ident)).Block(jen.Return(jen.Lit(sp.json)))
			}
		}),
		jen.Return(jen.Lit(rp.claimType+"(").Op("+").Qual(strconvPackage, "Itoa").Call(jen.Int().Call(jen.Id("claim"))).Op("+").Lit(")")),
	)
}

// genClaimValue emits
//
//	func (claim AccessClaim) Value() AccessValue {
//		switch claim {
//		case AccessClaimUserID:
//			return runtime.ClaimValue("uid", func(c *AccessClaims) (string, bool) {...})
//		case AccessClaimRoles:
//			return runtime.ClaimList("roles", func(c *AccessClaims) ([]string, bool) {...})
//		}
//		return AccessValue{}
//	}
func genClaimValue(f *jen.File, t *tokenPlan) {
	rp := t.rules
	f.Line()
	addComment(f, fmt.Sprintf("Value returns claim as a value that %s and %s compare. A list claim, such as %s, is compared by its elements. Claims that are not strings are compared as text: integers in decimal, bools as true or false, float64 values as strconv.FormatFloat(v, 'g', -1, 64) writes them, and times as Unix seconds.",
		rp.hasValue, rp.matchValues, rp.byBuiltin["aud"].ident))
	addComment(f, "\n"+fmt.Sprintf("Value returns the zero %s, which rules reject with a panic, for map and object claims and for a value that is not one of the constants.", rp.valueType))
	f.Func().Params(jen.Id("claim").Id(rp.claimType)).Id("Value").Params().Id(rp.valueType).Block(
		jen.Switch(jen.Id("claim")).BlockFunc(func(g *jen.Group) {
			for _, sp := range rp.selectors {
				if value := claimValue(t, sp); value != nil {
					g.Case(jen.Id(sp.ident)).Block(jen.Return(value))
				}
			}
		}),
		jen.Return(jen.Id(rp.valueType).Values()),
	)
}

// claimValue returns the runtime.ClaimValue or runtime.ClaimList call for
// the claim of sp, or nil for a claim that has no value to compare.
func claimValue(t *tokenPlan, sp *selectorPlan) jen.Code {
	claims := jen.Id("c").Op("*").Id(t.object.typeName)
	typ := selectorType(sp)
	switch typ {
	case TypeStringMap, TypeObject, "":
		return nil
	case TypeStrings, TypeInt64s:
		get := jen.Func().Params(claims).Params(jen.Index().String(), jen.Bool()).Block(listAccessor(sp)...)
		return jen.Qual(runtimePackage, "ClaimList").Call(jen.Lit(sp.json), get)
	}
	var body []jen.Code
	if cond := absent(sp); cond != nil {
		body = append(body, jen.If(cond).Block(jen.Return(jen.Lit(""), jen.False())))
	}
	body = append(body, jen.Return(formatValue(sp, typ), jen.True()))
	get := jen.Func().Params(claims).Params(jen.String(), jen.Bool()).Block(body...)
	return jen.Qual(runtimePackage, "ClaimValue").Call(jen.Lit(sp.json), get)
}

// selectorType returns the type of the claim of sp: string for the built-in
// claims, []string for aud.
func selectorType(sp *selectorPlan) ClaimType {
	switch {
	case sp.builtin != nil && sp.builtin.list:
		return TypeStrings
	case sp.builtin != nil:
		return TypeString
	}
	return sp.fields[len(sp.fields)-1].claim.Type
}

// listAccessor returns the body of the accessor of a list claim:
//
//	if c.Roles == nil {
//		return nil, false
//	}
//	return c.Roles, true
//
// or, for []int64, a loop that formats the elements into a new list.
func listAccessor(sp *selectorPlan) []jen.Code {
	var body []jen.Code
	if cond := absent(sp); cond != nil {
		body = append(body, jen.If(cond).Block(jen.Return(jen.Nil(), jen.False())))
	}
	value := claimExpr(sp)
	if selectorType(sp) == TypeStrings {
		return append(body, jen.Return(value, jen.True()))
	}

	// list := make([]string, len(c.Seen))
	// for i, v := range c.Seen {
	//	list[i] = strconv.FormatInt(v, 10)
	// }
	return append(body,
		jen.Id("list").Op(":=").Make(jen.Index().String(), jen.Len(value.Clone())),
		jen.For(jen.List(jen.Id("i"), jen.Id("v")).Op(":=").Range().Add(value.Clone())).Block(
			jen.Id("list").Index(jen.Id("i")).Op("=").Qual(strconvPackage, "FormatInt").Call(jen.Id("v"), jen.Lit(10)),
		),
		jen.Return(jen.Id("list"), jen.True()),
	)
}

// claimExpr returns the expression that reads the claim of sp from c:
// c.UserID, c.Limits.Rps.
func claimExpr(sp *selectorPlan) *jen.Statement {
	if sp.builtin != nil {
		return jen.Id("c").Dot(sp.builtin.field)
	}
	return fieldsExpr(sp.fields)
}

// fieldsExpr returns c followed by the Go names of fields: c.Limits.Rps.
func fieldsExpr(fields []*fieldPlan) *jen.Statement {
	expr := jen.Id("c")
	for _, fp := range fields {
		expr = expr.Dot(fp.field)
	}
	return expr
}

// absent returns the condition that the claims c lack the claim of sp or
// an object claim that contains it, or nil when c always has it:
//
//	c.Limits == nil || c.Limits.Rps == nil
//
// A required claim counts as present whenever its object is, because
// Issue always writes it and Parse rejects a token without it.
func absent(sp *selectorPlan) *jen.Statement {
	if b := sp.builtin; b != nil {
		if b.list {
			return jen.Len(jen.Id("c").Dot(b.field)).Op("==").Lit(0)
		}
		return jen.Id("c").Dot(b.field).Op("==").Lit("")
	}
	var cond *jen.Statement
	for i, fp := range sp.fields {
		if fp.claim.Required {
			continue
		}
		if cond == nil {
			cond = jen.Null()
		} else {
			cond.Op("||")
		}
		cond.Add(fieldsExpr(sp.fields[:i+1])).Op("==").Nil()
	}
	return cond
}

// present returns the negation of absent, true when c always has the
// claim:
//
//	c.Limits != nil && c.Limits.Rps != nil
func present(sp *selectorPlan) *jen.Statement {
	if b := sp.builtin; b != nil {
		if b.list {
			return jen.Len(jen.Id("c").Dot(b.field)).Op(">").Lit(0)
		}
		return jen.Id("c").Dot(b.field).Op("!=").Lit("")
	}
	var cond *jen.Statement
	for i, fp := range sp.fields {
		if fp.claim.Required {
			continue
		}
		if cond == nil {
			cond = jen.Null()
		} else {
			cond.Op("&&")
		}
		cond.Add(fieldsExpr(sp.fields[:i+1])).Op("!=").Nil()
	}
	if cond == nil {
		return jen.True()
	}
	return cond
}

// formatValue returns the claim of sp, known to be present, as a string:
//
//	strconv.FormatInt(*c.Quota, 10)
func formatValue(sp *selectorPlan, typ ClaimType) jen.Code {
	v := claimExpr(sp)
	if sp.builtin == nil {
		fp := sp.fields[len(sp.fields)-1]
		if !fp.claim.Required {
			v = jen.Op("*").Add(v)
			if typ == TypeTime {
				v = jen.Parens(v) // for the method call below
			}
		}
		if fp.enumType != "" {
			return jen.String().Call(v)
		}
	}
	switch typ {
	case TypeBool:
		return jen.Qual(strconvPackage, "FormatBool").Call(v)
	case TypeInt:
		return jen.Qual(strconvPackage, "Itoa").Call(v)
	case TypeInt64:
		return jen.Qual(strconvPackage, "FormatInt").Call(v, jen.Lit(10))
	case TypeFloat64:
		return jen.Qual(strconvPackage, "FormatFloat").Call(v, jen.LitRune('g'), jen.Lit(-1), jen.Lit(64))
	case TypeTime:
		return jen.Qual(strconvPackage, "FormatInt").Call(v.Dot("Unix").Call(), jen.Lit(10))
	}
	return v
}

// genClaimKey emits
//
//	func (claim AccessClaim) present(c *AccessClaims) bool {
//		switch claim {
//		case AccessClaimUserID:
//			return c.UserID != ""
//		}
//		return false
//	}
//	func (claim AccessClaim) key() runtime.Key[AccessClaims] {
//		key := runtime.Key[AccessClaims]{Name: claim.String()}
//		if claim >= AccessClaimUserID && claim <= AccessClaimLimitsRps {
//			key.Present = claim.present
//		}
//		return key
//	}
func genClaimKey(f *jen.File, t *tokenPlan) {
	rp := t.rules
	claims := jen.Id("c").Op("*").Id(t.object.typeName)
	f.Line()
	f.Comment("present reports whether c has the claim.")
	f.Func().Params(jen.Id("claim").Id(rp.claimType)).Id("present").Params(claims).Bool().Block(
		jen.Switch(jen.Id("claim")).BlockFunc(func(g *jen.Group) {
			for _, sp := range rp.selectors {
				g.Case(jen.Id(sp.ident)).Block(jen.Return(present(sp)))
			}
		}),
		jen.Return(jen.False()),
	)

	first, last := rp.selectors[0].ident, rp.selectors[len(rp.selectors)-1].ident
	key := jen.Qual(runtimePackage, "Key").Types(jen.Id(t.object.typeName))
	f.Line()
	addComment(f, fmt.Sprintf("key returns claim as a key for runtime.HasKeys. The key of a value that is not one of the constants has no Present function, so %s panics on it.", rp.hasKeys))
	f.Func().Params(jen.Id("claim").Id(rp.claimType)).Id("key").Params().Add(key.Clone()).Block(
		jen.Id("key").Op(":=").Add(key.Clone()).Values(jen.Dict{jen.Id("Name"): jen.Id("claim").Dot("String").Call()}),
		jen.If(jen.Id("claim").Op(">=").Id(first).Op("&&").Id("claim").Op("<=").Id(last)).Block(
			jen.Id("key").Dot("Present").Op("=").Id("claim").Dot("present"),
		),
		jen.Return(jen.Id("key")),
	)
}

// genScopeRules emits
//
//	func AccessHasScopes(scopes ...Scope) AccessRule {
//		return runtime.HasScopes(func(c *AccessClaims, scope Scope) bool { return c.Scopes.Has(scope) }, scopes...)
//	}
//
// and AccessAnyScope.
func genScopeRules(f *jen.File, t *tokenPlan) {
	rp := t.rules
	granted := jen.Func().Params(jen.Id("c").Op("*").Id(t.object.typeName), jen.Id("scope").Id(scopeType)).Bool().Block(
		jen.Return(jen.Id("c").Dot("Scopes").Dot("Has").Call(jen.Id("scope"))),
	)
	for _, r := range []struct{ name, runtimeFunc, doc string }{
		{rp.hasScopes, "HasScopes", fmt.Sprintf("%s returns the rule that the %s token grants every one of scopes. Its error names the missing scopes, and a 403 response from Protect lists scopes in its WWW-Authenticate header. It panics when scopes is empty.", rp.hasScopes, t.token.Name)},
		{rp.anyScope, "AnyScope", fmt.Sprintf("%s returns the rule that the %s token grants at least one of scopes. It panics when scopes is empty.", rp.anyScope, t.token.Name)},
	} {
		f.Line()
		addComment(f, r.doc)
		f.Func().Id(r.name).Params(jen.Id("scopes").Op("...").Id(scopeType)).Id(rp.ruleType).Block(
			jen.Return(jen.Qual(runtimePackage, r.runtimeFunc).Call(granted.Clone(), jen.Id("scopes").Op("..."))),
		)
	}
}

// genClaimRules emits AccessHasKeys, AccessHasValue and AccessMatchValues.
func genClaimRules(f *jen.File, t *tokenPlan) {
	rp, kind := t.rules, t.token.Name

	// keys := make([]runtime.Key[AccessClaims], len(claims))
	// for i, claim := range claims {
	//	keys[i] = claim.key()
	// }
	// return runtime.HasKeys(keys...)
	f.Line()
	addComment(f, fmt.Sprintf("%s returns the rule that the %s token has every one of claims. It panics when claims is empty or holds a value that is not one of the %s constants.", rp.hasKeys, kind, rp.claimType))
	f.Func().Id(rp.hasKeys).Params(jen.Id("claims").Op("...").Id(rp.claimType)).Id(rp.ruleType).Block(
		jen.Id("keys").Op(":=").Make(jen.Index().Qual(runtimePackage, "Key").Types(jen.Id(t.object.typeName)), jen.Len(jen.Id("claims"))),
		jen.For(jen.List(jen.Id("i"), jen.Id("claim")).Op(":=").Range().Id("claims")).Block(
			jen.Id("keys").Index(jen.Id("i")).Op("=").Id("claim").Dot("key").Call(),
		),
		jen.Return(jen.Qual(runtimePackage, "HasKeys").Call(jen.Id("keys").Op("..."))),
	)

	f.Line()
	addComment(f, fmt.Sprintf("%s returns the rule that value equals want or, for a list claim, has an element equal to want: %s(%s.Value(), \"orders-api\"). The comparison takes constant time for values of equal length. It panics when value is the zero %s or want is empty.",
		rp.hasValue, rp.hasValue, rp.byBuiltin["aud"].ident, rp.valueType))
	f.Func().Id(rp.hasValue).Params(jen.Id("value").Id(rp.valueType), jen.Id("want").String()).Id(rp.ruleType).Block(
		jen.Return(jen.Qual(runtimePackage, "HasValue").Call(jen.Id("value"), jen.Id("want"))),
	)

	f.Line()
	addComment(f, fmt.Sprintf("%s returns the rule that values, two or more, are equal, where a list claim matches any of its elements. A missing value fails the rule. This rule lets users reach only their own resources:", rp.matchValues))
	f.Comment("//")
	f.Comment(fmt.Sprintf("//\t%s(%s.Value(), %s(\"user_id\"))", rp.matchValues, rp.byBuiltin["user_id"].ident, rp.pathValue))
	addComment(f, "\n"+fmt.Sprintf("The comparisons take constant time for values of equal length. It panics when given fewer than two values or a zero %s.", rp.valueType))
	f.Func().Id(rp.matchValues).Params(jen.Id("values").Op("...").Id(rp.valueType)).Id(rp.ruleType).Block(
		jen.Return(jen.Qual(runtimePackage, "MatchValues").Call(jen.Id("values").Op("..."))),
	)
}

// genGroupRules emits
//
//	func AccessAllOf(rules ...AccessRule) AccessRule {
//		return runtime.AllOf(rules...)
//	}
//
// and AccessAnyOf and AccessNoneOf.
func genGroupRules(f *jen.File, t *tokenPlan) {
	rp := t.rules
	for _, r := range []struct{ name, runtimeFunc, doc string }{
		{rp.allOf, "AllOf", fmt.Sprintf("%s returns the rule that every one of rules passes. Its error reports every rule that failed, not only the first.", rp.allOf)},
		{rp.anyOf, "AnyOf", fmt.Sprintf("%s returns the rule that at least one of rules passes. The rules are checked in order until one passes; when none does, the error reports them all.", rp.anyOf)},
		{rp.noneOf, "NoneOf", fmt.Sprintf("%s returns the rule that none of rules passes. A rule that cannot be evaluated, because the request is nil or a request value is sent twice or cannot be read, fails %s too.", rp.noneOf, rp.noneOf)},
	} {
		f.Line()
		addComment(f, r.doc+" It panics when rules is empty or holds a nil rule.")
		f.Func().Id(r.name).Params(jen.Id("rules").Op("...").Id(rp.ruleType)).Id(rp.ruleType).Block(
			jen.Return(jen.Qual(runtimePackage, r.runtimeFunc).Call(jen.Id("rules").Op("..."))),
		)
	}
}

// genRequestValues emits
//
//	func AccessPathValue(name string) AccessValue {
//		return runtime.PathValue[AccessClaims](name)
//	}
//
// and the other values of the request.
func genRequestValues(f *jen.File, t *tokenPlan) {
	rp := t.rules
	for _, v := range []struct{ name, runtimeFunc, param, doc string }{
		{rp.pathValue, "PathValue", "name", fmt.Sprintf("%s returns the value of the wildcard name in the pattern of the ServeMux route that matched the request, as Request.PathValue returns it: \"user_id\" in \"GET /users/{user_id}/orders\".", rp.pathValue)},
		{rp.queryValue, "QueryValue", "name", fmt.Sprintf("%s returns the URL query parameter name. A parameter sent more than once fails the rule.", rp.queryValue)},
		{rp.headerValue, "HeaderValue", "name", fmt.Sprintf("%s returns the request header name, matched case-insensitively. A header sent more than once fails the rule.", rp.headerValue)},
		{rp.formValue, "FormValue", "name", fmt.Sprintf("%s returns the field name of a form in the request body, not of the URL query. The rule parses the form, so the handler reads it from Request.Form, Request.PostForm or Request.FormValue; see runtime.FormValue.", rp.formValue)},
		{rp.jsonValue, "JSONValue", "pointer", fmt.Sprintf("%s returns the member of a JSON request body that pointer addresses (RFC 6901), such as \"/order/user_id\". The rule reads at most runtime.MaxJSONBody bytes and leaves the body readable for the handler; see runtime.JSONValue for how values compare. It panics when pointer is not a valid JSON pointer.", rp.jsonValue)},
	} {
		f.Line()
		addComment(f, v.doc)
		f.Func().Id(v.name).Params(jen.Id(v.param).String()).Id(rp.valueType).Block(
			jen.Return(jen.Qual(runtimePackage, v.runtimeFunc).Types(jen.Id(t.object.typeName)).Call(jen.Id(v.param))),
		)
	}
}
