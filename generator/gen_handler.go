package generator

import (
	"fmt"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"
)

// registeredChecks lists the registered claims with their runtime.Check
// constants, in the order the generated code names them.
var registeredChecks = []struct {
	claim RegisteredClaim
	check string
}{
	{ClaimExp, "CheckExp"},
	{ClaimNbf, "CheckNbf"},
	{ClaimIat, "CheckIat"},
	{ClaimAud, "CheckAud"},
	{ClaimIss, "CheckIss"},
}

// genHandler emits a token kind's handler type, its constructor, and its
// Issue and Parse methods.
func genHandler(f *jen.File, t *tokenPlan) {
	f.Line()
	f.Commentf("%s issues and parses %s tokens. It is safe for concurrent use.", t.handlerType, t.token.Name)
	f.Type().Id(t.handlerType).Struct(
		jen.Id("h").Op("*").Qual(runtimePackage, "Handler").Types(jen.Id(t.object.typeName)),
	)
	genNewHandler(f, t)
	genIssueParse(f, t)
}

// genNewHandler emits
//
//	func NewAccessHandler(cfg AccessConfig) (*AccessHandler, error) {
//		rc := runtime.Config{
//			Kind:      "Access",
//			Algorithm: "HS256",
//			Key:       cfg.Key,
//			...
//		}
//		if rc.Lifespan == 0 {
//			rc.Lifespan = 15 * time.Minute
//		}
//		h, err := runtime.NewHandler(rc, accessCodec)
//		if err != nil {
//			return nil, err
//		}
//		return &AccessHandler{h: h}, nil
//	}
func genNewHandler(f *jen.File, t *tokenPlan) {
	f.Line()
	addComment(f, newHandlerDoc(t))
	body := []jen.Code{jen.Id("rc").Op(":=").Qual(runtimePackage, "Config").Values(runtimeConfig(t)...)}
	body = append(body, configDefaults(t.token)...)
	body = append(body,
		jen.Id("h").Op(",").Id("err").Op(":=").Qual(runtimePackage, "NewHandler").Call(jen.Id("rc"), jen.Id(t.codecVar)),
		jen.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("err"))),
		jen.Return(jen.Op("&").Id(t.handlerType).Values(jen.Id("h").Op(":").Id("h")), jen.Nil()),
	)
	f.Func().Id(t.newHandler).Params(jen.Id("cfg").Id(t.configType)).
		Params(jen.Op("*").Id(t.handlerType), jen.Error()).Block(body...)
}

// newHandlerDoc states what the schema fixes for a kind's handler.
func newHandlerDoc(t *tokenPlan) string {
	tok := t.token
	var b strings.Builder
	fmt.Fprintf(&b, "%s returns a handler for %s tokens signed with %s", t.newHandler, tok.Name, tok.Algorithm)
	if tok.Encrypted {
		b.WriteString(" and encrypted with XChaCha20-Poly1305")
	}
	b.WriteString(". ")
	if tok.Type != "" {
		fmt.Fprintf(&b, "Their header has typ %s, and Parse rejects tokens of another typ. ", tok.Type)
	}
	if req := claimList(tok.Require); req != "" {
		fmt.Fprintf(&b, "Tokens must contain %s. ", req)
	} else {
		b.WriteString("Tokens need not contain any registered claim. ")
	}
	b.WriteString(verifyDoc(tok))
	b.WriteString("\n\nZero fields of cfg take the schema's values. The error names every missing or unusable value of cfg and wraps runtime.ErrInvalidConfig.")
	return b.String()
}

// verifyDoc states which checks Parse runs.
func verifyDoc(tok *Token) string {
	checks := claimList(tok.Verify)
	switch {
	case tok.VerifySignature && checks != "":
		return "Parse verifies the signature and checks " + checks + "."
	case tok.VerifySignature:
		return "Parse verifies the signature and checks no registered claim."
	case checks != "":
		return "Parse checks " + checks + " but, as the schema sets, not the signature."
	default:
		return "Parse verifies nothing, as the schema sets. It checks neither the signature nor any registered claim."
	}
}

// claimList returns the claims in set in the fixed order, as prose:
// "exp, nbf and iss".
func claimList(set map[RegisteredClaim]bool) string {
	var names []string
	for _, rc := range registeredChecks {
		if set[rc.claim] {
			names = append(names, string(rc.claim))
		}
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// runtimeConfig returns the fields of the runtime.Config literal: the
// schema's facts and the program's config.
func runtimeConfig(t *tokenPlan) []jen.Code {
	tok := t.token
	field := func(name string, value jen.Code) jen.Code {
		return jen.Line().Id(name).Op(":").Add(value)
	}
	fields := []jen.Code{
		field("Kind", jen.Lit(tok.Name)),
		field("Algorithm", jen.Lit(tok.Algorithm)),
		field("Key", jen.Id("cfg").Dot("Key")),
	}
	if tok.Type != "" {
		fields = append(fields, field("Type", jen.Lit(tok.Type)))
	}
	if tok.Encrypted {
		fields = append(fields,
			field("Encrypted", jen.True()),
			field("EncryptionKey", jen.Id("cfg").Dot("EncryptionKey")))
	}
	for _, name := range []string{"Lifespan", "Issuer", "Audience", "Leeway"} {
		fields = append(fields, field(name, jen.Id("cfg").Dot(name)))
	}
	return append(fields,
		field("Require", checkSet(tok.Require, false)),
		field("Verify", checkSet(tok.Verify, tok.VerifySignature)),
		field("Now", jen.Id("cfg").Dot("Now")),
		field("HTTP", httpConfig(tok)),
		jen.Line(),
	)
}

// checkSet returns the runtime.Check expression for set, plus
// runtime.CheckSignature when signature is true:
//
//	runtime.CheckExp | runtime.CheckIss
func checkSet(set map[RegisteredClaim]bool, signature bool) jen.Code {
	var checks []string
	for _, rc := range registeredChecks {
		if set[rc.claim] {
			checks = append(checks, rc.check)
		}
	}
	if signature {
		if len(checks) == len(registeredChecks) {
			return jen.Qual(runtimePackage, "CheckAll")
		}
		checks = append(checks, "CheckSignature")
	}
	if len(checks) == 0 {
		return jen.Lit(0)
	}
	expr := jen.Qual(runtimePackage, checks[0])
	for _, c := range checks[1:] {
		expr = expr.Op("|").Qual(runtimePackage, c)
	}
	return expr
}

// configDefaults returns the statements that give zero config fields the
// schema's values, and a negative Leeway the value zero:
//
//	if rc.Lifespan == 0 {
//		rc.Lifespan = 15 * time.Minute
//	}
func configDefaults(tok *Token) []jen.Code {
	var stmts []jen.Code
	setIf := func(name string, zero, value jen.Code) {
		stmts = append(stmts, jen.If(jen.Id("rc").Dot(name).Op("==").Add(zero)).Block(
			jen.Id("rc").Dot(name).Op("=").Add(value),
		))
	}
	if tok.Lifespan != 0 {
		setIf("Lifespan", jen.Lit(0), durationExpr(tok.Lifespan))
	}
	if tok.Issuer != "" {
		setIf("Issuer", jen.Lit(""), jen.Lit(tok.Issuer))
	}
	if len(tok.Audience) > 0 {
		values := make([]jen.Code, len(tok.Audience))
		for i, a := range tok.Audience {
			values[i] = jen.Lit(a)
		}
		setIf("Audience", jen.Nil(), jen.Index().String().Values(values...))
	}
	if tok.Leeway != 0 {
		// A negative Leeway turns the schema's leeway off, as zero
		// cannot.
		leeway := jen.Id("rc").Dot("Leeway")
		stmts = append(stmts, jen.Switch().Block(
			jen.Case(leeway.Clone().Op("==").Lit(0)).Block(leeway.Clone().Op("=").Add(durationExpr(tok.Leeway))),
			jen.Case(leeway.Clone().Op("<").Lit(0)).Block(leeway.Clone().Op("=").Lit(0)),
		))
	}
	return stmts
}

// durationExpr returns d as a constant expression in the largest unit that
// divides it: 15 * time.Minute, 1500 * time.Millisecond.
func durationExpr(d time.Duration) jen.Code {
	units := []struct {
		size time.Duration
		name string
	}{
		{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"},
		{time.Millisecond, "Millisecond"}, {time.Microsecond, "Microsecond"},
	}
	for _, u := range units {
		if d%u.size == 0 {
			return jen.Lit(int(d/u.size)).Op("*").Qual(timePackage, u.name)
		}
	}
	return jen.Qual(timePackage, "Duration").Call(jen.Lit(int(d)))
}

// genIssueParse emits
//
//	func (h *AccessHandler) Issue(claims AccessClaims) (string, error) {
//		return h.h.Issue(&claims)
//	}
//	func (h *AccessHandler) Parse(token string) (*AccessClaims, error) {
//		return h.h.Parse(token)
//	}
func genIssueParse(f *jen.File, t *tokenPlan) {
	recv := jen.Id("h").Op("*").Id(t.handlerType)
	f.Line()
	addComment(f, issueDoc(t.token))
	f.Func().Params(recv.Clone()).Id("Issue").Params(jen.Id("claims").Id(t.object.typeName)).Params(jen.String(), jen.Error()).Block(
		jen.Return(jen.Id("h").Dot("h").Dot("Issue").Call(jen.Op("&").Id("claims"))),
	)

	f.Line()
	addComment(f, parseDoc(t.token))
	f.Func().Params(recv.Clone()).Id("Parse").Params(jen.Id("token").String()).Params(jen.Op("*").Id(t.object.typeName), jen.Error()).Block(
		jen.Return(jen.Id("h").Dot("h").Dot("Parse").Call(jen.Id("token"))),
	)
}

// issueDoc documents Issue.
func issueDoc(tok *Token) string {
	result := "a signed token"
	if tok.Encrypted {
		result = "a signed and encrypted token"
	}
	return "Issue returns " + result + " for a copy of claims. In the copy, iat is now, nbf is now unless claims.NotBefore is set, and exp is now plus the lifespan. iss and aud come from the config, and jti is random unless claims.ID is set."
}

// parseDoc documents Parse.
func parseDoc(tok *Token) string {
	first := "Parse verifies and decodes token and validates its claims."
	if tok.Encrypted {
		first = "Parse decrypts, verifies and decodes token and validates its claims."
	}
	return first + " Scope names that the schema does not declare are left out of Scopes. Errors name the failed check and wrap the sentinels of github.com/golang-jwt/jwt/v5 (jwt.ErrTokenMalformed, jwt.ErrTokenSignatureInvalid, jwt.ErrTokenExpired, jwt.ErrTokenRequiredClaimMissing and others)" + runtimeErrorsNote(tok) + "."
}

// runtimeErrorsNote adds runtime.ErrDecrypt to the error list of encrypted
// kinds, and runtime.ErrTokenType to that of kinds with a typ.
func runtimeErrorsNote(tok *Token) string {
	var notes []string
	if tok.Encrypted {
		notes = append(notes, "runtime.ErrDecrypt when the token cannot be decrypted")
	}
	if tok.Type != "" {
		notes = append(notes, "runtime.ErrTokenType when its typ is not "+tok.Type)
	}
	switch len(notes) {
	case 0:
		return ""
	case 1:
		return ", or " + notes[0]
	}
	return ", " + notes[0] + ", or " + notes[1]
}
