package generator

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// genEnums emits the enum types of the claims in op.
func genEnums(f *jen.File, tokenName string, op *objectPlan) {
	for _, fp := range op.fields {
		if fp.enumType != "" {
			genEnum(f, tokenName, fp)
		}
	}
}

// genEnum emits
//
//	type AccessPlan string
//	const (
//		AccessPlanFree AccessPlan = "free"
//		AccessPlanPro  AccessPlan = "pro"
//	)
//	func (v AccessPlan) Valid() bool {
//		switch v {
//		case AccessPlanFree, AccessPlanPro:
//			return true
//		}
//		return false
//	}
func genEnum(f *jen.File, tokenName string, fp *fieldPlan) {
	f.Line()
	addDoc(f, fmt.Sprintf("%s is a value of the %s claim of %s tokens.", fp.enumType, fp.path, tokenName), fp.claim.Doc)
	f.Type().Id(fp.enumType).String()

	f.Line()
	f.Commentf("The values of %s that the schema declares.", fp.enumType)
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, v := range fp.enumValues {
			g.Id(v.ident).Id(fp.enumType).Op("=").Lit(v.value)
		}
	})

	cases := make([]jen.Code, len(fp.enumValues))
	for i, v := range fp.enumValues {
		cases[i] = jen.Id(v.ident)
	}
	f.Line()
	addComment(f, fmt.Sprintf("Valid reports whether v is one of the values the schema declares. Parse rejects a token whose %s claim has another value.", fp.path))
	f.Func().Params(jen.Id("v").Id(fp.enumType)).Id("Valid").Params().Bool().Block(
		jen.Switch(jen.Id("v")).Block(jen.Case(cases...).Block(jen.Return(jen.True()))),
		jen.Return(jen.False()),
	)
}
