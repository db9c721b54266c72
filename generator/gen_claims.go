package generator

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// genClaims emits a token kind's claims type, its constructor and its JSON
// methods.
func genClaims(f *jen.File, t *tokenPlan) {
	genClaimsType(f, t)
	genNewClaims(f, t)
	genClaimsJSON(f, t)
}

// genClaimsType emits
//
//	type AccessClaims struct {
//		runtime.RegisteredClaims
//		UserID string
//		Scopes Scopes
//		Tenant string
//		Plan   *AccessPlan
//		hasTenant bool
//	}
func genClaimsType(f *jen.File, t *tokenPlan) {
	f.Line()
	addDoc(f, fmt.Sprintf("%s are the claims of %s tokens.", t.object.typeName, t.token.Name), t.token.Doc)
	if hasSeenFields(t.object) {
		addComment(f, "\n"+seenFieldsDoc(t.newClaims))
	}
	f.Type().Id(t.object.typeName).StructFunc(func(g *jen.Group) {
		g.Qual(runtimePackage, "RegisteredClaims")
		addComment(g, "UserID is the uid claim: the user the token was issued to. Parse also accepts a JSON integer, which jason writes for integer IDs, and stores its decimal text.")
		g.Id("UserID").String()
		g.Comment("Scopes is the scp claim: the scopes granted to the user.")
		g.Id("Scopes").Id(scopesType)
		genFields(g, t.object)
	})
}

// genObject emits the struct type of an object claim:
//
//	type AccessLimits struct {
//		Rps *int
//	}
func genObject(f *jen.File, tokenName string, fp *fieldPlan) {
	op := fp.object
	f.Line()
	addDoc(f, fmt.Sprintf("%s is the value of the %s claim of %s tokens.", op.typeName, fp.path, tokenName), fp.claim.Doc)
	if hasSeenFields(op) {
		addComment(f, "\n"+seenFieldsDoc(""))
	}
	f.Type().Id(op.typeName).StructFunc(func(g *jen.Group) {
		genFields(g, op)
	})
}

// genObjects emits the struct and enum types of the object claims in op,
// depth first.
func genObjects(f *jen.File, tokenName string, op *objectPlan) {
	for _, fp := range op.fields {
		if fp.object == nil {
			continue
		}
		genObject(f, tokenName, fp)
		genEnums(f, tokenName, fp.object)
		genObjects(f, tokenName, fp.object)
	}
}

// genFields emits the custom claim fields of op, then its presence flags.
func genFields(g *jen.Group, op *objectPlan) {
	for _, fp := range op.fields {
		addFieldDoc(g, fieldSummary(fp), fp.claim.Doc)
		g.Id(fp.field).Add(fieldType(fp))
	}
	if !hasSeenFields(op) {
		return
	}
	g.Line()
	g.Comment("The has fields record which required claims are present.")
	for _, fp := range op.fields {
		if fp.seen != "" {
			g.Id(fp.seen).Bool()
		}
	}
}

// fieldSummary returns the first sentence of a claim field's doc, which
// states how an absent claim is represented.
func fieldSummary(fp *fieldPlan) string {
	head := fmt.Sprintf("%s is the %s claim", fp.field, fp.path)
	switch {
	case fp.claim.Required:
		return head + ", required."
	case isCollection(fp.claim.Type):
		return head + ", optional: nil means absent, and an empty non-nil value is sent as an empty " + collectionNoun(fp.claim.Type) + "."
	default:
		return head + ", optional: nil means absent."
	}
}

// collectionNoun names the JSON value of a slice or map claim.
func collectionNoun(t ClaimType) string {
	if t == TypeStringMap {
		return "object"
	}
	return "array"
}

// seenFieldsDoc explains the presence flags of a type with required claims.
func seenFieldsDoc(constructor string) string {
	setBy := "decoding sets them"
	if constructor != "" {
		setBy = constructor + " and decoding set them"
	}
	return "Unexported fields record which required claims are present, and " + setBy + ", so compare claims field by field, not with ==."
}

// hasSeenFields reports whether op has a required claim.
func hasSeenFields(op *objectPlan) bool {
	for _, fp := range op.fields {
		if fp.seen != "" {
			return true
		}
	}
	return false
}

// isCollection reports whether a claim type is a slice or map, which is nil
// when absent instead of being a pointer.
func isCollection(t ClaimType) bool {
	return t == TypeStrings || t == TypeInt64s || t == TypeStringMap
}

// fieldType returns the Go type of a claim's field: the value type for a
// required claim or a slice or map, else a pointer to it.
func fieldType(fp *fieldPlan) *jen.Statement {
	if fp.claim.Required || isCollection(fp.claim.Type) {
		return valueType(fp)
	}
	return jen.Op("*").Add(valueType(fp))
}

// valueType returns the Go type of a claim's value.
func valueType(fp *fieldPlan) *jen.Statement {
	switch {
	case fp.enumType != "":
		return jen.Id(fp.enumType)
	case fp.object != nil:
		return jen.Id(fp.object.typeName)
	}
	switch fp.claim.Type {
	case TypeBool:
		return jen.Bool()
	case TypeInt:
		return jen.Int()
	case TypeInt64:
		return jen.Int64()
	case TypeFloat64:
		return jen.Float64()
	case TypeTime:
		return jen.Qual(timePackage, "Time")
	case TypeStrings:
		return jen.Index().String()
	case TypeInt64s:
		return jen.Index().Int64()
	case TypeStringMap:
		return jen.Map(jen.String()).String()
	default:
		return jen.String()
	}
}

// genNewClaims emits
//
//	func NewAccessClaims(userID string, tenant string, scopes ...Scope) AccessClaims {
//		return AccessClaims{
//			UserID:    userID,
//			Scopes:    NewScopes(scopes...),
//			Tenant:    tenant,
//			hasTenant: true,
//		}
//	}
func genNewClaims(f *jen.File, t *tokenPlan) {
	f.Line()
	with := "the given scopes"
	if hasSeenFields(t.object) {
		with = "the required claims and the given scopes"
	}
	addComment(f, fmt.Sprintf("%s returns %s token claims for the user userID, with %s. Issue fills in the registered claims.", t.newClaims, t.token.Name, with))
	params := []jen.Code{jen.Id("userID").String()}
	values := []jen.Code{
		jen.Line().Id("UserID").Op(":").Id("userID"),
		jen.Line().Id("Scopes").Op(":").Id(newScopesFunc).Call(jen.Id("scopes").Op("...")),
	}
	for _, fp := range t.object.fields {
		if fp.param == "" {
			continue
		}
		params = append(params, jen.Id(fp.param).Add(valueType(fp)))
		values = append(values, jen.Line().Id(fp.field).Op(":").Id(fp.param))
	}
	for _, fp := range t.object.fields {
		if fp.seen != "" {
			values = append(values, jen.Line().Id(fp.seen).Op(":").True())
		}
	}
	params = append(params, jen.Id("scopes").Op("...").Id(scopeType))
	values = append(values, jen.Line())
	f.Func().Id(t.newClaims).Params(params...).Id(t.object.typeName).Block(
		jen.Return(jen.Id(t.object.typeName).Values(values...)),
	)
}

// genClaimsJSON emits
//
//	func (c AccessClaims) MarshalJSON() ([]byte, error) {
//		return runtime.MarshalClaims(accessCodec, &c)
//	}
//	func (c *AccessClaims) UnmarshalJSON(data []byte) error {
//		return runtime.UnmarshalClaims(accessCodec, data, c)
//	}
func genClaimsJSON(f *jen.File, t *tokenPlan) {
	typ := t.object.typeName
	f.Line()
	addComment(f, "MarshalJSON encodes c as "+t.token.Name+" token claims: the registered claims, then uid, scp and the custom claims. Absent optional claims are left out.")
	f.Func().Params(jen.Id("c").Id(typ)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Qual(runtimePackage, "MarshalClaims").Call(jen.Id(t.codecVar), jen.Op("&").Id("c"))),
	)

	f.Line()
	addComment(f, "UnmarshalJSON decodes claims JSON into c as strictly as Parse does: member names match exactly, and duplicates and values of the wrong type are errors. Unlike Parse it validates nothing: not the times, issuer, audience, required claims or enum values.")
	f.Func().Params(jen.Id("c").Op("*").Id(typ)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Return(jen.Qual(runtimePackage, "UnmarshalClaims").Call(jen.Id(t.codecVar), jen.Id("data"), jen.Id("c"))),
	)
}
