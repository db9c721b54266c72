package generator

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// genMiddleware emits a token kind's net/http middleware, Authenticate and
// Protect, and the function that reads its claims from a context.
func genMiddleware(f *jen.File, t *tokenPlan) {
	recv := jen.Id("h").Op("*").Id(t.handlerType)
	handler := jen.Qual(httpPackage, "Handler")

	// func (h *AccessHandler) Authenticate(next http.Handler) http.Handler {
	//	return h.h.Authenticate(next)
	// }
	f.Line()
	addComment(f, authenticateDoc(t))
	f.Func().Params(recv.Clone()).Id("Authenticate").Params(jen.Id("next").Add(handler.Clone())).Add(handler.Clone()).Block(
		jen.Return(jen.Id("h").Dot("h").Dot("Authenticate").Call(jen.Id("next"))),
	)

	// func (h *AccessHandler) Protect(rules ...AccessRule) func(http.Handler) http.Handler {
	//	return h.h.Protect(rules...)
	// }
	f.Line()
	addComment(f, protectDoc(t))
	f.Func().Params(recv.Clone()).Id("Protect").Params(jen.Id("rules").Op("...").Id(t.rules.ruleType)).
		Func().Params(handler.Clone()).Add(handler.Clone()).Block(
		jen.Return(jen.Id("h").Dot("h").Dot("Protect").Call(jen.Id("rules").Op("..."))),
	)

	// func AccessFromContext(ctx context.Context) (*AccessClaims, bool) {
	//	return runtime.FromContext[AccessClaims](ctx)
	// }
	f.Line()
	addComment(f, fmt.Sprintf("%s returns the claims of the %s token that Authenticate or Protect stored in ctx, and whether there are any. The claims are shared by everything that handles the request, so treat them as read-only. Tests store claims with runtime.NewContext.", t.fromContext, t.token.Name))
	f.Func().Id(t.fromContext).Params(jen.Id("ctx").Qual(contextPackage, "Context")).Params(jen.Op("*").Id(t.object.typeName), jen.Bool()).Block(
		jen.Return(jen.Qual(runtimePackage, "FromContext").Types(jen.Id(t.object.typeName)).Call(jen.Id("ctx"))),
	)
}

// authenticateDoc documents Authenticate with the schema's bare_token and
// auto_update.
func authenticateDoc(t *tokenPlan) string {
	tok := t.token
	var b strings.Builder
	fmt.Fprintf(&b, "Authenticate returns middleware that reads the %s token of a request from its Authorization header: \"Bearer <token>\", with the scheme in any case", tok.Name)
	if tok.BareToken {
		b.WriteString(", or the token alone, as the schema's bare_token allows for the clients of jason")
	}
	fmt.Fprintf(&b, ". A request with a valid token goes on to next with the claims in its context, where %s finds them. ", t.fromContext)
	b.WriteString("An invalid or expired token, or a malformed or repeated Authorization header, gets a 401 response with `WWW-Authenticate: Bearer error=\"invalid_token\"`, and next is not called. A request without a token goes on unauthenticated, so use Protect to require one.")
	if tok.AutoUpdate != nil {
		b.WriteString("\n\n" + refreshDoc(tok.AutoUpdate))
	}
	return b.String()
}

// refreshDoc states when the middleware sends a refreshed token, and in
// which header.
func refreshDoc(u *AutoUpdate) string {
	header := "Authorization header, as \"Bearer <token>\""
	if u.Header != "" && !strings.EqualFold(u.Header, "Authorization") {
		header = u.Header + " header"
	}
	when := "with every response"
	if u.After > 0 {
		percent := strconv.FormatFloat(math.Round(u.After*1e4)/1e2, 'f', -1, 64)
		when = fmt.Sprintf("once %s%% of the token's life has passed", percent)
	}
	doc := fmt.Sprintf("Authenticate and Protect send a refreshed token in the response's %s %s, as the schema's auto_update asks, and set Cache-Control: no-store on such responses.", header, when)
	if u.MaxAge > 0 {
		doc += fmt.Sprintf(" They stop refreshing %s after the first token of the session was issued, so that the user must log in again.", shortDuration(u.MaxAge))
	}
	return doc
}

// protectDoc documents Protect.
func protectDoc(t *tokenPlan) string {
	return fmt.Sprintf("Protect returns middleware that lets a request through only with a valid %s token whose claims pass every one of rules. With no rules, any valid token passes. It uses the claims that Authenticate stored, or else reads the token as Authenticate does. As RFC 6750 describes, it rejects a request without a token with 401 and `WWW-Authenticate: Bearer`, a request with an invalid token with 401 and error=\"invalid_token\", and a request whose claims fail a rule with 403 and error=\"insufficient_scope\", listing the scopes that the rules ask for. %s.ErrorWriter writes the response, by default as application/problem+json (RFC 9457), and %s.Logger logs the rejection with the rule that failed.", t.token.Name, t.configType, t.configType) +
		"\n\nThe result wraps a handler, the form of middleware that net/http's ServeMux and routers such as chi take. Protect panics when a rule is nil."
}

// httpConfig returns the runtime.HTTPConfig literal of a kind's handler:
//
//	runtime.HTTPConfig{
//		BareToken:   true,
//		Logger:      cfg.Logger,
//		Level:       cfg.LogLevel,
//		ErrorWriter: cfg.ErrorWriter,
//		AutoUpdate:  runtime.AutoUpdate{Enabled: true, Header: "X-Refreshed-Token", After: 0.5},
//	}
func httpConfig(tok *Token) jen.Code {
	field := func(name string, value jen.Code) jen.Code {
		return jen.Line().Id(name).Op(":").Add(value)
	}
	var fields []jen.Code
	if tok.BareToken {
		fields = append(fields, field("BareToken", jen.True()))
	}
	fields = append(fields,
		field("Logger", jen.Id("cfg").Dot("Logger")),
		field("Level", jen.Id("cfg").Dot("LogLevel")),
		field("ErrorWriter", jen.Id("cfg").Dot("ErrorWriter")),
	)
	if u := tok.AutoUpdate; u != nil {
		update := []jen.Code{field("Enabled", jen.True())}
		if u.Header != "" {
			update = append(update, field("Header", jen.Lit(u.Header)))
		}
		if u.After != 0 {
			update = append(update, field("After", jen.Lit(u.After)))
		}
		if u.MaxAge != 0 {
			update = append(update, field("MaxAge", durationExpr(u.MaxAge)))
		}
		fields = append(fields, field("AutoUpdate", jen.Qual(runtimePackage, "AutoUpdate").Values(append(update, jen.Line())...)))
	}
	return jen.Qual(runtimePackage, "HTTPConfig").Values(append(fields, jen.Line())...)
}
