package generator

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// genCodec emits a token kind's runtime.Codec value and the methods it
// calls, then the decode, encode and check methods of its object claims.
func genCodec(f *jen.File, t *tokenPlan) {
	genCodecVar(f, t)
	genDecodeMember(f, t)
	genEncodeMembers(f, t.object, true)
	genCheck(f, t)
	genObjectCodecs(f, t.object)
}

// genObjectCodecs emits the methods of the object claim types in op, depth
// first.
func genObjectCodecs(f *jen.File, op *objectPlan) {
	for _, fp := range op.fields {
		if fp.object == nil {
			continue
		}
		genObjectDecodeMember(f, fp.object)
		genEncodeMembers(f, fp.object, false)
		if needsCheck(fp.object) {
			genObjectCheck(f, fp.object)
		}
		genObjectCodecs(f, fp.object)
	}
}

// genCodecVar emits
//
//	var accessCodec = runtime.Codec[AccessClaims]{
//		Registered:    func(c *AccessClaims) *runtime.RegisteredClaims { return &c.RegisteredClaims },
//		DecodeMember:  (*AccessClaims).decodeMember,
//		EncodeMembers: (*AccessClaims).encodeMembers,
//		Check:         (*AccessClaims).check,
//	}
func genCodecVar(f *jen.File, t *tokenPlan) {
	typ := t.object.typeName
	method := func(name string) jen.Code {
		return jen.Parens(jen.Op("*").Id(typ)).Dot(name)
	}
	f.Line()
	f.Commentf("%s connects %s to the runtime.", t.codecVar, typ)
	f.Var().Id(t.codecVar).Op("=").Qual(runtimePackage, "Codec").Types(jen.Id(typ)).Values(
		jen.Line().Id("Registered").Op(":").Func().Params(jen.Id("c").Op("*").Id(typ)).
			Op("*").Qual(runtimePackage, "RegisteredClaims").Block(jen.Return(jen.Op("&").Id("c").Dot("RegisteredClaims"))),
		jen.Line().Id("DecodeMember").Op(":").Add(method("decodeMember")),
		jen.Line().Id("EncodeMembers").Op(":").Add(method("encodeMembers")),
		jen.Line().Id("Check").Op(":").Add(method("check")),
		jen.Line(),
	)
}

// genDecodeMember emits
//
//	func (c *AccessClaims) decodeMember(name []byte, d *runtime.Decoder) (bool, error) {
//		switch string(name) {
//		case "uid":
//			v, err := d.StringOrInt()
//			...
//		case "scp":
//			c.Scopes = Scopes{}
//			return true, d.Words(c.Scopes.addName)
//		case "tenant":
//			v, err := d.String()
//			if err != nil {
//				return true, err
//			}
//			c.Tenant = v
//			c.hasTenant = true
//		default:
//			return false, nil
//		}
//		return true, nil
//	}
func genDecodeMember(f *jen.File, t *tokenPlan) {
	fail := jen.Return(jen.True(), jen.Id("err"))
	f.Line()
	addComment(f, "decodeMember decodes the value of the member name into c and reports whether the member is a claim of "+t.token.Name+" tokens. Unknown scope names are skipped.")
	f.Func().Params(jen.Id("c").Op("*").Id(t.object.typeName)).Id("decodeMember").
		Params(jen.Id("name").Index().Byte(), jen.Id("d").Op("*").Qual(runtimePackage, "Decoder")).
		Params(jen.Bool(), jen.Error()).Block(
		jen.Switch(jen.String().Call(jen.Id("name"))).BlockFunc(func(g *jen.Group) {
			g.Case(jen.Lit("uid")).Block(
				jen.List(jen.Id("v"), jen.Id("err")).Op(":=").Id("d").Dot("StringOrInt").Call(),
				jen.If(jen.Id("err").Op("!=").Nil()).Block(fail.Clone()),
				jen.Id("c").Dot("UserID").Op("=").Id("v"),
			)
			g.Case(jen.Lit("scp")).Block(
				jen.Id("c").Dot("Scopes").Op("=").Id(scopesType).Values(),
				jen.Return(jen.True(), jen.Id("d").Dot("Words").Call(jen.Id("c").Dot("Scopes").Dot("addName"))),
			)
			for _, fp := range t.object.fields {
				g.Case(jen.Lit(fp.claim.JSONName)).Block(decodeClaim("c", fp, fail)...)
			}
			g.Default().Block(jen.Return(jen.False(), jen.Nil()))
		}),
		jen.Return(jen.True(), jen.Nil()),
	)
}

// genObjectDecodeMember emits
//
//	func (o *AccessLimits) decodeMember(name []byte, d *runtime.Decoder) error {
//		switch string(name) {
//		case "rps":
//			...
//		default:
//			return d.Skip()
//		}
//		return nil
//	}
func genObjectDecodeMember(f *jen.File, op *objectPlan) {
	fail := jen.Return(jen.Id("err"))
	f.Line()
	addComment(f, "decodeMember decodes the value of the member name into o. Unknown members are skipped.")
	f.Func().Params(jen.Id("o").Op("*").Id(op.typeName)).Id("decodeMember").
		Params(jen.Id("name").Index().Byte(), jen.Id("d").Op("*").Qual(runtimePackage, "Decoder")).
		Error().Block(
		jen.Switch(jen.String().Call(jen.Id("name"))).BlockFunc(func(g *jen.Group) {
			for _, fp := range op.fields {
				g.Case(jen.Lit(fp.claim.JSONName)).Block(decodeClaim("o", fp, fail)...)
			}
			g.Default().Block(jen.Return(jen.Id("d").Dot("Skip").Call()))
		}),
		jen.Return(jen.Nil()),
	)
}

// decodeClaim returns the statements that read a claim's value into v and
// store it in recv's field, running fail on a decoding error:
//
//	v, err := d.Int64()
//	if err != nil {
//		return true, err
//	}
//	c.Quota = &v
func decodeClaim(recv string, fp *fieldPlan, fail *jen.Statement) []jen.Code {
	stmts := readClaim(fp, fail)
	value := jen.Id("v")
	if !fp.claim.Required && !isCollection(fp.claim.Type) {
		value = jen.Op("&").Id("v")
	}
	stmts = append(stmts, jen.Id(recv).Dot(fp.field).Op("=").Add(value))
	if fp.seen != "" {
		stmts = append(stmts, jen.Id(recv).Dot(fp.seen).Op("=").True())
	}
	return stmts
}

// readClaim returns the statements that read a claim's value into v:
//
//	s, err := d.String()
//	if err != nil {
//		return true, err
//	}
//	v := AccessPlan(s)
//
// or, for an object claim,
//
//	var v AccessLimits
//	if err := d.Object(func(name []byte) error { return v.decodeMember(name, d) }); err != nil {
//		return true, err
//	}
func readClaim(fp *fieldPlan, fail *jen.Statement) []jen.Code {
	if fp.object != nil {
		member := jen.Func().Params(jen.Id("name").Index().Byte()).Error().Block(
			jen.Return(jen.Id("v").Dot("decodeMember").Call(jen.Id("name"), jen.Id("d"))),
		)
		return []jen.Code{
			jen.Var().Id("v").Id(fp.object.typeName),
			jen.If(jen.Id("err").Op(":=").Id("d").Dot("Object").Call(member), jen.Id("err").Op("!=").Nil()).Block(fail.Clone()),
		}
	}
	if fp.enumType != "" {
		return []jen.Code{
			jen.List(jen.Id("s"), jen.Id("err")).Op(":=").Id("d").Dot("String").Call(),
			jen.If(jen.Id("err").Op("!=").Nil()).Block(fail.Clone()),
			jen.Id("v").Op(":=").Id(fp.enumType).Call(jen.Id("s")),
		}
	}
	return []jen.Code{
		jen.List(jen.Id("v"), jen.Id("err")).Op(":=").Id("d").Dot(decoderMethod(fp.claim.Type)).Call(),
		jen.If(jen.Id("err").Op("!=").Nil()).Block(fail.Clone()),
	}
}

// decoderMethod names the runtime.Decoder method that reads a claim type.
func decoderMethod(t ClaimType) string {
	switch t {
	case TypeBool:
		return "Bool"
	case TypeInt:
		return "Int"
	case TypeInt64:
		return "Int64"
	case TypeFloat64:
		return "Float64"
	case TypeTime:
		return "Time"
	case TypeStrings:
		return "Strings"
	case TypeInt64s:
		return "Int64s"
	case TypeStringMap:
		return "StringMap"
	default:
		return "String"
	}
}

// genEncodeMembers emits
//
//	func (c *AccessClaims) encodeMembers(e *runtime.Encoder) {
//		e.String("uid", c.UserID)
//		e.Strings("scp", c.Scopes.appendNames(make([]string, 0, 8)))
//		e.String("tenant", c.Tenant)
//		if c.Quota != nil {
//			e.Int64("q", *c.Quota)
//		}
//	}
//
// top adds uid and scp, which only a token kind's claims type has.
func genEncodeMembers(f *jen.File, op *objectPlan, top bool) {
	recv := "o"
	f.Line()
	if top {
		recv = "c"
		addComment(f, "encodeMembers appends uid, scp and the custom claims of c, leaving out absent optional claims.")
	} else {
		f.Comment("encodeMembers appends the members of o, leaving out absent optional claims.")
	}
	f.Func().Params(jen.Id(recv).Op("*").Id(op.typeName)).Id("encodeMembers").
		Params(jen.Id("e").Op("*").Qual(runtimePackage, "Encoder")).BlockFunc(func(g *jen.Group) {
		if top {
			g.Id("e").Dot("String").Call(jen.Lit("uid"), jen.Id(recv).Dot("UserID"))
			// The slice stays on the stack unless the token has more
			// than 8 scopes, and a non-nil empty one encodes as [].
			g.Id("e").Dot("Strings").Call(jen.Lit("scp"), jen.Id(recv).Dot("Scopes").Dot("appendNames").Call(
				jen.Make(jen.Index().String(), jen.Lit(0), jen.Lit(8))))
		}
		for _, fp := range op.fields {
			for _, stmt := range encodeClaim(recv, fp) {
				g.Add(stmt)
			}
		}
	})
}

// encodeClaim returns the statements that append a claim, guarded by a nil
// check when the claim is optional:
//
//	if c.Limits != nil {
//		e.BeginObject("limits")
//		c.Limits.encodeMembers(e)
//		e.EndObject()
//	}
func encodeClaim(recv string, fp *fieldPlan) []jen.Code {
	field := jen.Id(recv).Dot(fp.field)
	value := field.Clone()
	if !fp.claim.Required && !isCollection(fp.claim.Type) {
		value = jen.Op("*").Add(field.Clone())
	}

	var stmts []jen.Code
	name := jen.Lit(fp.claim.JSONName)
	switch {
	case fp.object != nil:
		stmts = []jen.Code{
			jen.Id("e").Dot("BeginObject").Call(name),
			field.Clone().Dot("encodeMembers").Call(jen.Id("e")),
			jen.Id("e").Dot("EndObject").Call(),
		}
	case fp.enumType != "":
		stmts = []jen.Code{jen.Id("e").Dot("String").Call(name, jen.String().Call(value))}
	case fp.claim.Type == TypeInt:
		stmts = []jen.Code{jen.Id("e").Dot("Int64").Call(name, jen.Int64().Call(value))}
	default:
		stmts = []jen.Code{jen.Id("e").Dot(decoderMethod(fp.claim.Type)).Call(name, value)}
	}

	if fp.claim.Required {
		return stmts
	}
	return []jen.Code{jen.If(field.Clone().Op("!=").Nil()).Block(stmts...)}
}

// genCheck emits
//
//	func (c *AccessClaims) check() error {
//		var errs []error
//		if !c.hasTenant {
//			errs = append(errs, fmt.Errorf("tenant: %w", jwt.ErrTokenRequiredClaimMissing))
//		}
//		...
//		return errors.Join(errs...)
//	}
func genCheck(f *jen.File, t *tokenPlan) {
	recv := jen.Id("c").Op("*").Id(t.object.typeName)
	f.Line()
	if !needsCheck(t.object) {
		addComment(f, fmt.Sprintf("check returns nil, because %s tokens have no required custom claims and no enums.", t.token.Name))
		f.Func().Params(recv).Id("check").Params().Error().Block(jen.Return(jen.Nil()))
		return
	}
	addComment(f, "check reports every missing required claim, wrapping jwt.ErrTokenRequiredClaimMissing, and every value outside its enum, wrapping jwt.ErrTokenInvalidClaims.")
	f.Func().Params(recv).Id("check").Params().Error().BlockFunc(func(g *jen.Group) {
		g.Var().Id("errs").Index().Error()
		for _, fp := range t.object.fields {
			if s := checkClaim("c", fp); s != nil {
				g.Add(s)
			}
		}
		g.Return(jen.Qual(errorsPackage, "Join").Call(jen.Id("errs").Op("...")))
	})
}

// genObjectCheck emits
//
//	func (o *AccessLimits) check(errs []error) []error {
//		...
//		return errs
//	}
func genObjectCheck(f *jen.File, op *objectPlan) {
	f.Line()
	addComment(f, "check appends to errs an error for every missing required claim and every value outside its enum.")
	f.Func().Params(jen.Id("o").Op("*").Id(op.typeName)).Id("check").
		Params(jen.Id("errs").Index().Error()).Index().Error().BlockFunc(func(g *jen.Group) {
		for _, fp := range op.fields {
			if s := checkClaim("o", fp); s != nil {
				g.Add(s)
			}
		}
		g.Return(jen.Id("errs"))
	})
}

// checkClaim returns the check of one claim, or nil when it has none:
//
//	if !c.hasTenant {
//		errs = append(errs, fmt.Errorf("tenant: %w", jwt.ErrTokenRequiredClaimMissing))
//	}
//	if c.Plan != nil && !c.Plan.Valid() {
//		errs = append(errs, fmt.Errorf("plan: %w: %q is not one of free, pro", jwt.ErrTokenInvalidClaims, *c.Plan))
//	}
//
// A required enum claim gets `else if !c.Plan.Valid()` after its presence
// check, and an object claim calls the check method of its type.
func checkClaim(recv string, fp *fieldPlan) jen.Code {
	field := jen.Id(recv).Dot(fp.field)
	if !fp.claim.Required {
		switch {
		case fp.enumType != "":
			return jen.If(field.Clone().Op("!=").Nil().Op("&&").Op("!").Add(field.Clone()).Dot("Valid").Call()).
				Block(enumError(jen.Op("*").Add(field.Clone()), fp))
		case fp.object != nil && needsCheck(fp.object):
			return jen.If(field.Clone().Op("!=").Nil()).Block(objectCheck(field))
		}
		return nil
	}

	missing := jen.If(jen.Op("!").Id(recv).Dot(fp.seen)).Block(
		appendErr(jen.Qual(fmtPackage, "Errorf").Call(
			jen.Lit(formatEscape(fp.path)+": %w"),
			jen.Qual(jwtPackage, "ErrTokenRequiredClaimMissing"),
		)),
	)
	switch {
	case fp.enumType != "":
		return missing.Else().If(jen.Op("!").Add(field.Clone()).Dot("Valid").Call()).Block(enumError(field, fp))
	case fp.object != nil && needsCheck(fp.object):
		return missing.Else().Block(objectCheck(field))
	}
	return missing
}

// enumError appends the error for an enum claim whose value is not
// declared.
func enumError(value *jen.Statement, fp *fieldPlan) jen.Code {
	return appendErr(jen.Qual(fmtPackage, "Errorf").Call(
		jen.Lit(formatEscape(fp.path)+": %w: %q is not one of "+formatEscape(enumList(fp))),
		jen.Qual(jwtPackage, "ErrTokenInvalidClaims"),
		value.Clone(),
	))
}

// objectCheck emits errs = c.Limits.check(errs).
func objectCheck(field *jen.Statement) jen.Code {
	return jen.Id("errs").Op("=").Add(field.Clone()).Dot("check").Call(jen.Id("errs"))
}

// appendErr emits errs = append(errs, err).
func appendErr(err jen.Code) jen.Code {
	return jen.Id("errs").Op("=").Append(jen.Id("errs"), err)
}

// needsCheck reports whether op or an object inside it has a required claim
// or an enum.
func needsCheck(op *objectPlan) bool {
	for _, fp := range op.fields {
		if fp.claim.Required || fp.enumType != "" || (fp.object != nil && needsCheck(fp.object)) {
			return true
		}
	}
	return false
}

// enumList returns the values of an enum claim for an error message:
// "free, pro".
func enumList(fp *fieldPlan) string {
	values := make([]string, len(fp.enumValues))
	for i, v := range fp.enumValues {
		values[i] = v.value
	}
	return strings.Join(values, ", ")
}

// formatEscape escapes s for use in a fmt format string.
func formatEscape(s string) string {
	return strings.ReplaceAll(s, "%", "%%")
}
