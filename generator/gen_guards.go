package generator

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// genGuards emits a variable for each guard of a token kind:
//
//	var EditOwnOrders AccessRule = AccessAllOf(
//		AccessHasScopes(ScopeWriteOrders),
//		AccessMatchValues(AccessClaimUserID.Value(), AccessPathValue("user_id")),
//	)
func genGuards(f *jen.File, t *tokenPlan) {
	for _, g := range t.guards {
		f.Line()
		addDoc(f, fmt.Sprintf("%s is a rule on %s tokens, declared as a guard in the schema.", g.ident, t.token.Name), g.guard.Doc)
		f.Comment("//")
		f.Comment("// It checks, as its String method describes it:")
		f.Comment("//")
		f.Comment("//\t" + docLine(g.rule.desc))
		f.Var().Id(g.ident).Id(t.rules.ruleType).Op("=").Add(ruleCode(g.rule))
	}
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
