package generator

import (
	"fmt"
	"net/textproto"
	"strings"

	"github.com/dave/jennifer/jen"
)

// The helpers that the direct checks of guards call, emitted once per file
// when a guard needs them.
const (
	helperSingle      = "guardSingle"
	helperContains    = "guardContains"
	helperContainsInt = "guardContainsInt"
)

// genGuards emits a variable for each guard of a token kind. A guard whose
// rule the generator can check directly on the claims gets a type that
// does so before it calls the composed rule:
//
//	var EditOwnOrders AccessRule = editOwnOrdersGuard{AccessAllOf(
//		AccessHasScopes(ScopeWriteOrders),
//		AccessMatchValues(AccessClaimUserID.Value(), AccessPathValue("user_id")),
//	)}
//
// Any other guard is the composed rule itself.
func genGuards(f *jen.File, t *tokenPlan) {
	for _, g := range t.guards {
		f.Line()
		addDoc(f, fmt.Sprintf("%s is a rule on %s tokens, declared as a guard in the schema.", g.ident, t.token.Name), g.guard.Doc)
		f.Comment("//")
		f.Comment("// It checks, as its String method describes it:")
		f.Comment("//")
		f.Comment("//\t" + docLine(g.rule.desc))
		fast := guardDirectCheck(g.rule, nil)
		if fast.code == nil {
			f.Var().Id(g.ident).Id(t.rules.ruleType).Op("=").Add(ruleCode(g.rule))
			continue
		}
		f.Var().Id(g.ident).Id(t.rules.ruleType).Op("=").Id(g.typeName).Values(ruleCode(g.rule))
		genGuardType(f, t, g, fast)
	}
}

// genGuardType emits the type of the guard g, which embeds the composed
// rule for its error, Scopes and String:
//
//	type editOwnOrdersGuard struct{ AccessRule }
//
//	func (g editOwnOrdersGuard) Check(c *AccessClaims, r *http.Request) error {
//		if g.passes(c, r) {
//			return nil
//		}
//		return g.AccessRule.Check(c, r)
//	}
//
//	func (editOwnOrdersGuard) passes(c *AccessClaims, r *http.Request) bool {
//		return c != nil &&
//			c.Scopes.Has(ScopeWriteOrders) && ...
//	}
func genGuardType(f *jen.File, t *tokenPlan, g *guardPlan, fast directCode) {
	rule := t.rules.ruleType
	params := func() jen.Code {
		return jen.List(jen.Id("c").Op("*").Id(t.object.typeName), jen.Id("r").Op("*").Qual(httpPackage, "Request"))
	}

	f.Line()
	addComment(f, fmt.Sprintf("%s is the type of %s. Its Check method runs the checks of the guard on the claims and the request itself, which is faster than the composed %s that it embeds. When the guard fails, the embedded rule checks again, so the error is the one the composed rule returns. Scopes and String are those of the embedded rule.", g.typeName, g.ident, rule))
	f.Type().Id(g.typeName).Struct(jen.Id(rule))

	f.Line()
	addComment(f, "Check returns nil when the claims c and the request r pass the guard, and otherwise the error of the embedded rule.")
	f.Func().Params(jen.Id("g").Id(g.typeName)).Id("Check").Params(params()).Error().Block(
		jen.If(jen.Id("g").Dot("passes").Call(jen.Id("c"), jen.Id("r"))).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Id("g").Dot(rule).Dot("Check").Call(jen.Id("c"), jen.Id("r"))),
	)

	f.Line()
	summary := "passes reports whether c and r pass the guard, with the checks of the embedded rule written out. Values are compared in constant time, as the embedded rule compares them."
	if !fast.exact {
		summary += " False means that the guard fails or that only the embedded rule can tell."
	} else {
		summary += " It returns false exactly when the embedded rule fails."
	}
	addComment(f, summary)
	// return c != nil &&
	//	c.Scopes.Has(ScopeWriteOrders) &&
	//	...
	body := jen.Null()
	for i, term := range fast.terms() {
		if i > 0 {
			body.Op("&&").Line()
		}
		body.Add(term)
	}
	f.Func().Params(jen.Id(g.typeName)).Id("passes").Params(params()).Bool().Block(jen.Return(body))
}

// genGuardHelpers emits the helpers that the direct checks of the guards
// call, each only when a guard calls it.
func genGuardHelpers(f *jen.File, p *plan) {
	uses := map[string]bool{}
	for _, t := range p.tokens {
		for _, g := range t.guards {
			guardUses := map[string]bool{}
			if guardDirectCheck(g.rule, guardUses).code == nil {
				continue
			}
			for name := range guardUses {
				uses[name] = true
			}
		}
	}
	if uses[helperSingle] {
		f.Line()
		addComment(f, helperSingle+" returns the only element of values, or \"\" when there are none or several, so that a request value sent twice fails a guard's direct check.")
		f.Func().Id(helperSingle).Params(jen.Id("values").Index().String()).String().Block(
			jen.If(jen.Len(jen.Id("values")).Op("!=").Lit(1)).Block(jen.Return(jen.Lit(""))),
			jen.Return(jen.Id("values").Index(jen.Lit(0))),
		)
	}
	if uses[helperContains] {
		f.Line()
		addComment(f, helperContains+" reports whether a non-empty element of list equals s. It compares every element in constant time, so the time does not tell which one matched.")
		// match := 0
		// for _, e := range list {
		//	if e != "" {
		//		match |= subtle.ConstantTimeCompare([]byte(e), []byte(s))
		//	}
		// }
		// return match == 1
		f.Func().Id(helperContains).Params(jen.Id("list").Index().String(), jen.Id("s").String()).Bool().Block(
			jen.Id("match").Op(":=").Lit(0),
			jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("list")).Block(
				jen.If(jen.Id("e").Op("!=").Lit("")).Block(
					jen.Id("match").Op("|=").Add(constantTimeCompare(jen.Id("e"), jen.Id("s"))),
				),
			),
			jen.Return(jen.Id("match").Op("==").Lit(1)),
		)
	}
	if uses[helperContainsInt] {
		f.Line()
		addComment(f, helperContainsInt+" reports whether an element of list, written in decimal, equals s. It compares every element in constant time, so the time does not tell which one matched.")
		// var buf [20]byte
		// match := 0
		// for _, e := range list {
		//	match |= subtle.ConstantTimeCompare(strconv.AppendInt(buf[:0], e, 10), []byte(s))
		// }
		// return match == 1
		f.Func().Id(helperContainsInt).Params(jen.Id("list").Index().Int64(), jen.Id("s").String()).Bool().Block(
			jen.Var().Id("buf").Index(jen.Lit(20)).Byte(),
			jen.Id("match").Op(":=").Lit(0),
			jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("list")).Block(
				jen.Id("match").Op("|=").Qual(subtlePackage, "ConstantTimeCompare").Call(
					jen.Qual(strconvPackage, "AppendInt").Call(jen.Id("buf").Index(jen.Empty(), jen.Lit(0)), jen.Id("e"), jen.Lit(10)),
					jen.Index().Byte().Parens(jen.Id("s")),
				),
			),
			jen.Return(jen.Id("match").Op("==").Lit(1)),
		)
	}
}

// subtlePackage is the import path of the constant-time comparisons.
const subtlePackage = "crypto/subtle"

// directCode is a guard's rule, or a part of it, written out as a Go
// condition on the claims c, known not to be nil when the rule reads
// them, and the request r.
type directCode struct {
	// code is the condition, nil when the generator does not write the
	// rule out: the rule then never passes directly. When code is true,
	// the rule passes.
	code *jen.Statement
	// and lists the conditions that code joins with &&, for a rule of
	// several checks that all must pass; nil for one condition.
	and []*jen.Statement
	// exact is set when code is false exactly when the rule fails.
	exact bool
	// claimsOnly is set when the rule reads no request value, so that it
	// cannot be indeterminate for claims that are not nil.
	claimsOnly bool
}

// terms returns the conditions of d that must all hold.
func (d directCode) terms() []*jen.Statement {
	if d.and != nil {
		return d.and
	}
	return []*jen.Statement{d.code}
}

// allOf returns the direct code of conditions that all must hold.
func allOf(terms []*jen.Statement, exact, claimsOnly bool) directCode {
	if len(terms) == 1 {
		return directCode{code: terms[0], exact: exact, claimsOnly: claimsOnly}
	}
	code := jen.Null()
	for i, term := range terms {
		if i > 0 {
			code.Op("&&")
		}
		code.Add(term)
	}
	return directCode{code: code, and: terms, exact: exact, claimsOnly: claimsOnly}
}

// guardDirectCheck writes out the rule r of a guard as directCheck does, with
// the test that the claims are not nil before a rule reads them. A rule
// that passes without claims, such as an any over a request value, then
// is no longer written out exactly.
func guardDirectCheck(r *rulePlan, uses map[string]bool) directCode {
	d := directCheck(r, uses)
	if d.code == nil || !readsClaims(r) {
		return d
	}
	terms := append([]*jen.Statement{jen.Id("c").Op("!=").Nil()}, d.terms()...)
	return allOf(terms, d.exact && needsClaims(r), d.claimsOnly)
}

// readsClaims reports whether the rule r reads a claim.
func readsClaims(r *rulePlan) bool {
	switch r.op {
	case RuleAll, RuleAny, RuleNone:
		for _, child := range r.rules {
			if readsClaims(child) {
				return true
			}
		}
		return false
	case RuleMatch:
		for _, v := range r.values {
			if v.kind == SourceClaim {
				return true
			}
		}
		return false
	}
	return true
}

// needsClaims reports whether the rule r fails for nil claims. It may
// report false for a rule that does fail, which only costs exactness.
func needsClaims(r *rulePlan) bool {
	switch r.op {
	case RuleAll:
		for _, child := range r.rules {
			if needsClaims(child) {
				return true
			}
		}
		return false
	case RuleAny, RuleNone:
		// A none fails when one of its rules cannot be evaluated.
		for _, child := range r.rules {
			if !needsClaims(child) {
				return false
			}
		}
		return true
	}
	return readsClaims(r)
}

// directCheck writes the rule r out as a condition, recording in uses the
// helpers it calls when uses is not nil. It writes out what it can
// reproduce exactly as the runtime checks it; a form or JSON body value, a
// list in a match and a none over request values are left to the runtime.
func directCheck(r *rulePlan, uses map[string]bool) directCode {
	switch r.op {
	case RuleAll:
		var terms []*jen.Statement
		exact, claimsOnly := true, true
		for _, child := range r.rules {
			d := directCheck(child, uses)
			if d.code == nil {
				return directCode{}
			}
			terms = append(terms, d.terms()...)
			exact = exact && d.exact
			claimsOnly = claimsOnly && d.claimsOnly
		}
		return allOf(terms, exact, claimsOnly)
	case RuleAny:
		var (
			code     *jen.Statement
			operands int
		)
		exact, claimsOnly := true, true
		for _, child := range r.rules {
			d := directCheck(child, uses)
			claimsOnly = claimsOnly && d.claimsOnly
			if d.code == nil {
				exact = false
				continue
			}
			exact = exact && d.exact
			if code == nil {
				code = jen.Null()
			} else {
				code.Op("||")
			}
			code.Add(group(d))
			operands++
		}
		if code == nil {
			return directCode{}
		}
		if operands > 1 {
			code = jen.Parens(code)
		}
		return directCode{code: code, exact: exact, claimsOnly: claimsOnly}
	case RuleNone:
		// NoneOf fails when a rule cannot be evaluated, so every rule must
		// read the claims only, and be written out exactly.
		var terms []*jen.Statement
		for _, child := range r.rules {
			d := directCheck(child, uses)
			if d.code == nil || !d.exact || !d.claimsOnly {
				return directCode{}
			}
			terms = append(terms, jen.Op("!").Parens(d.code))
		}
		return allOf(terms, true, true)
	case RuleScopes, RuleAnyScope:
		return directScopes(r)
	case RuleKeys:
		if len(r.keys) == 0 || len(r.keys) != len(r.idents) {
			return directCode{}
		}
		var terms []*jen.Statement
		for _, sp := range r.keys {
			if absent(sp) != nil {
				terms = append(terms, present(sp))
			}
		}
		if terms == nil {
			// Every claim is required, so the claims always have them.
			terms = append(terms, jen.True())
		}
		return allOf(terms, true, true)
	case RuleValue:
		return directValue(r, uses)
	case RuleMatch:
		return directMatch(r, uses)
	}
	return directCode{}
}

// group returns the code of d as one operand of && or ||, in parentheses
// when it joins several conditions.
func group(d directCode) *jen.Statement {
	if d.and != nil {
		return jen.Parens(d.code)
	}
	return d.code
}

// directScopes writes out scopes and any_scope as calls of the Scopes
// methods, which test the same bits as the granted function of
// AccessHasScopes: c.Scopes.HasAll(ScopeReadOrders, ScopeWriteOrders).
func directScopes(r *rulePlan) directCode {
	if len(r.idents) == 0 {
		return directCode{}
	}
	method := "HasAll"
	switch {
	case r.op == RuleAnyScope && len(r.idents) > 1:
		method = "HasAny"
	case len(r.idents) == 1:
		method = "Has"
	}
	code := jen.Id("c").Dot("Scopes").Dot(method).CallFunc(func(g *jen.Group) {
		for _, ident := range r.idents {
			g.Id(ident)
		}
	})
	return directCode{code: code, exact: true, claimsOnly: true}
}

// directValue writes out value: the claim is present, and it equals the
// value or, for a list, has an element equal to it.
func directValue(r *rulePlan, uses map[string]bool) directCode {
	sp := r.values[0].sel
	if sp == nil || r.want == "" {
		return directCode{}
	}
	var terms []*jen.Statement
	if cond := absent(sp); cond != nil {
		terms = append(terms, present(sp))
	}
	switch typ := selectorType(sp); typ {
	case TypeStrings:
		// guardContains(c.Roles, "support")
		terms = append(terms, use(uses, helperContains).Call(claimExpr(sp), jen.Lit(r.want)))
	case TypeInt64s:
		// guardContainsInt(c.Regions, "46")
		terms = append(terms, use(uses, helperContainsInt).Call(claimExpr(sp), jen.Lit(r.want)))
	case TypeString, TypeBool, TypeInt, TypeInt64, TypeFloat64:
		// subtle.ConstantTimeCompare([]byte(*c.Plan), []byte("free")) == 1
		terms = append(terms, equal(formatValue(sp, typ), jen.Lit(r.want)))
	default:
		return directCode{}
	}
	return allOf(terms, true, true)
}

// directMatch writes out a match of values that are not lists and come
// from the claims, the path, the query or the headers. Every value must be
// present and equal one of them, the pivot: a claim when the match has
// one, as reading it is cheapest.
func directMatch(r *rulePlan, uses map[string]bool) directCode {
	var (
		conds      []*jen.Statement
		values     []jen.Code
		pivot      = -1
		nonEmpty   *jen.Statement // the pivot is not empty; nil when it cannot be
		request    bool
		claimsOnly = true
	)
	for _, v := range r.values {
		switch v.kind {
		case SourceClaim:
			sp := v.sel
			if sp == nil {
				return directCode{}
			}
			typ := selectorType(sp)
			if single, _ := compareKind(typ); !single {
				return directCode{}
			}
			if cond := absent(sp); cond != nil {
				conds = append(conds, present(sp))
			}
			if pivot < 0 {
				pivot = len(values)
				// A built-in claim that is present is not empty, and the
				// text of a number or bool never is.
				if sp.builtin == nil && typ == TypeString {
					nonEmpty = jen.Add(formatValue(sp, typ)).Op("!=").Lit("")
				}
			}
			values = append(values, formatValue(sp, typ))
		case SourcePath:
			request = true
			values = append(values, jen.Id("r").Dot("PathValue").Call(jen.Lit(v.name)))
		case SourceQuery:
			request = true
			conds = append(conds, jen.Id("r").Dot("URL").Op("!=").Nil())
			values = append(values, use(uses, helperSingle).Call(jen.Id("r").Dot("URL").Dot("Query").Call().Index(jen.Lit(v.name))))
		case SourceHeader:
			request = true
			key := textproto.CanonicalMIMEHeaderKey(v.name)
			values = append(values, use(uses, helperSingle).Call(jen.Id("r").Dot("Header").Index(jen.Lit(key))))
		default:
			return directCode{}
		}
		claimsOnly = claimsOnly && v.kind == SourceClaim
	}
	if len(values) < 2 {
		return directCode{}
	}
	if pivot < 0 {
		pivot = 0
		nonEmpty = jen.Add(values[0]).Op("!=").Lit("")
	}

	// r != nil && c.Plan != nil && r.URL != nil &&
	//	*c.Plan != "" &&
	//	... one comparison for every value but the pivot:
	//	subtle.ConstantTimeCompare([]byte(*c.Plan), []byte(r.PathValue("plan"))) == 1
	var terms []*jen.Statement
	if request {
		terms = append(terms, jen.Id("r").Op("!=").Nil())
	}
	terms = append(terms, conds...)
	if nonEmpty != nil {
		terms = append(terms, nonEmpty)
	}
	for i, v := range values {
		if i != pivot {
			terms = append(terms, equal(values[pivot], v))
		}
	}
	return allOf(terms, true, claimsOnly)
}

// use records that the code calls the helper name and returns its name.
func use(uses map[string]bool, name string) *jen.Statement {
	if uses != nil {
		uses[name] = true
	}
	return jen.Id(name)
}

// equal returns the constant-time comparison of the strings a and b that
// the runtime makes:
//
//	subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
func equal(a, b jen.Code) *jen.Statement {
	return constantTimeCompare(a, b).Op("==").Lit(1)
}

// constantTimeCompare returns subtle.ConstantTimeCompare([]byte(a), []byte(b)).
func constantTimeCompare(a, b jen.Code) *jen.Statement {
	return jen.Qual(subtlePackage, "ConstantTimeCompare").Call(jen.Index().Byte().Parens(a), jen.Index().Byte().Parens(b))
}

// docLine returns s as one line of a comment: with what the Go scanner
// rejects replaced, and line breaks as spaces.
func docLine(s string) string {
	return strings.ReplaceAll(commentSafe(s), "\n", " ")
}

// ruleCode returns the expression that builds the rule r.
func ruleCode(r *rulePlan) jen.Code {
	switch r.op {
	case RuleAll, RuleAny, RuleNone:
		// AccessAllOf(
		//	AccessHasScopes(ScopeWriteOrders),
		//	...
		// )
		return jen.Id(r.fn).CallFunc(func(g *jen.Group) {
			for _, child := range r.rules {
				g.Line().Add(ruleCode(child))
			}
			g.Line()
		})
	case RuleValue:
		// AccessHasValue(AccessClaimPlan.Value(), "pro")
		return jen.Id(r.fn).Call(valueCode(r.values[0]), jen.Lit(r.want))
	case RuleMatch:
		// AccessMatchValues(AccessClaimUserID.Value(), AccessPathValue("user_id"))
		return jen.Id(r.fn).CallFunc(func(g *jen.Group) {
			for _, v := range r.values {
				g.Add(valueCode(v))
			}
		})
	}

	// AccessHasScopes(ScopeWriteOrders) or AccessHasKeys(AccessClaimTenant)
	return jen.Id(r.fn).CallFunc(func(g *jen.Group) {
		for _, ident := range r.idents {
			g.Id(ident)
		}
	})
}

// valueCode returns the expression of a value that a rule compares:
// AccessClaimUserID.Value() or AccessPathValue("user_id").
func valueCode(v *valuePlan) jen.Code {
	if v.claim != "" {
		return jen.Id(v.claim).Dot("Value").Call()
	}
	return jen.Id(v.fn).Call(jen.Lit(v.name))
}
