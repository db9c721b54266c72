package runtime

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
)

// Authenticate returns middleware that reads the bearer token of a request
// from its Authorization header, "Bearer <token>" with the scheme in any
// case, or "<token>" alone when HTTPConfig.BareToken is set.
//
//   - A valid token: the claims go into the request's context, where
//     FromContext finds them, and the response carries a refreshed token
//     if HTTPConfig.AutoUpdate is enabled.
//   - An invalid or expired token, or a malformed or repeated Authorization
//     header: a 401 response with
//     `WWW-Authenticate: Bearer error="invalid_token"`; next is not called.
//   - No bearer token: next handles the request unauthenticated.
//
// Authenticate enforces nothing else; use Protect for that. A request that
// already has claims of type C in its context passes unchanged.
func (h *Handler[C]) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := FromContext[C](r.Context()); ok {
			next.ServeHTTP(w, r)
			return
		}
		ctx, err := h.authenticate(r)
		switch {
		case err != nil:
			h.reject(w, r, err)
		case ctx != nil:
			w = h.withRefreshedToken(w, r, &ctx.claims)
			next.ServeHTTP(w, r.WithContext(ctx))
			finishRefresh(w)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// Protect returns middleware that lets a request through only with a valid
// token whose claims pass every one of rules, which Protect combines as
// AllOf does. With no rules, any valid token passes.
//
// Protect uses the claims in the request's context when Authenticate, or
// another Protect, ran before it. Otherwise it authenticates the request
// itself as Authenticate does. It rejects a request:
//
//   - without a bearer token: 401 with `WWW-Authenticate: Bearer`;
//   - with an invalid token: 401 with
//     `WWW-Authenticate: Bearer error="invalid_token"`;
//   - whose claims fail the rules: 403 with
//     `WWW-Authenticate: Bearer error="insufficient_scope", scope="..."`,
//     listing the scopes that the rules ask for.
//
// The responses are written by HTTPConfig.ErrorWriter, by default
// WriteProblem, and logged to HTTPConfig.Logger. Rules that read the body
// leave it readable for next: see FormValue and JSONValue.
//
// The result has the signature of middleware for net/http's ServeMux
// (wrap a handler) and for routers such as chi (Use, With). Protect panics
// when a rule is nil.
func (h *Handler[C]) Protect(rules ...Rule[C]) func(http.Handler) http.Handler {
	var rule Rule[C]
	switch len(rules) {
	case 0:
	case 1:
		if rules[0] == nil {
			panic("runtime: Protect: nil rule")
		}
		rule = rules[0]
	default:
		rule = AllOf(rules...)
	}

	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, ok := FromContext[C](r.Context())
			if !ok {
				ctx, err := h.authenticate(r)
				switch {
				case err != nil:
					h.reject(w, r, err)
					return
				case ctx == nil:
					h.reject(w, r, &AuthError{
						Status: http.StatusUnauthorized,
						Err:    noBearerReason(r.Header["Authorization"]),
					})
					return
				}
				c = &ctx.claims
				r = r.WithContext(ctx)
				w = h.withRefreshedToken(w, r, c)
				defer finishRefresh(w)
			}

			if rule != nil {
				if err := rule.Check(c, r); err != nil {
					h.reject(w, r, &AuthError{
						Status: http.StatusForbidden,
						Code:   CodeInsufficientScope,
						Scopes: rule.Scopes(),
						Rule:   rule.String(),
						Err:    err,
					})
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// authenticate parses the bearer token of r. For a valid token it returns
// the context of r with the claims added. Without a bearer token it returns
// nil and a nil error, and for a bad token a 401 AuthError.
func (h *Handler[C]) authenticate(r *http.Request) (*claimsContext[C], *AuthError) {
	token, found, err := bearerToken(r.Header["Authorization"], h.cfg.HTTP.BareToken)
	if !found {
		return nil, nil
	}
	if err == nil {
		var ctx *claimsContext[C]
		if ctx, err = h.parseContext(r.Context(), token); err == nil {
			return ctx, nil
		}
	}
	return nil, &AuthError{Status: http.StatusUnauthorized, Code: CodeInvalidToken, Err: err}
}

// parseContext is Parse, returning the claims in a context derived from
// parent. Claims and context take one allocation instead of two.
func (h *Handler[C]) parseContext(parent context.Context, token string) (*claimsContext[C], error) {
	sc := h.getScratch()
	defer h.putScratch(sc)
	payload, err := h.open(token, sc)
	if err != nil {
		return nil, err
	}
	ctx := &claimsContext[C]{Context: parent}
	if err := h.decode(payload, &ctx.claims); err != nil {
		return nil, err
	}
	return ctx, nil
}

// bearerToken returns the token in the values of the Authorization header
// and whether there is one. A header that names the Bearer scheme but
// holds no single token, or more than one Authorization header, is found
// but returns an error. A value without a space is a bare token when bare
// is set; any other scheme is no bearer token.
func bearerToken(values []string, bare bool) (token string, found bool, err error) {
	switch {
	case len(values) == 0:
		return "", false, nil
	case len(values) > 1:
		return "", true, errors.New("request has " + strconv.Itoa(len(values)) + " Authorization headers, want one")
	}

	scheme, rest, hasParam := strings.Cut(values[0], " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		token = strings.TrimLeft(rest, " ")
		// Two IndexByte calls, unlike ContainsAny, scan a long token
		// several bytes at a time.
		if token == "" || strings.IndexByte(token, ' ') >= 0 || strings.IndexByte(token, '\t') >= 0 {
			return "", true, errors.New("malformed Authorization header, want \"Bearer <token>\"")
		}
		return token, true, nil
	case !hasParam && bare && scheme != "":
		return scheme, true, nil
	}
	return "", false, nil
}

// noBearerReason explains, for the log, why the Authorization header values
// hold no bearer token, or returns nil when there is no such header. The
// explanation never contains the header's value, which may be a token.
func noBearerReason(values []string) error {
	if len(values) == 0 {
		return nil
	}
	if !strings.Contains(values[0], " ") {
		return errors.New("the Authorization header has no scheme; a token sent without one is accepted only with bare_token")
	}
	return errors.New("the Authorization header does not use the Bearer scheme")
}

// reject logs e and writes its response.
func (h *Handler[C]) reject(w http.ResponseWriter, r *http.Request, e *AuthError) {
	h.logRejection(r, e)
	w.Header().Set("WWW-Authenticate", e.Challenge())
	write := h.cfg.HTTP.ErrorWriter
	if write == nil {
		write = WriteProblem
	}
	write(w, r, e)
}

func (h *Handler[C]) logRejection(r *http.Request, e *AuthError) {
	logger, level := h.cfg.HTTP.Logger, h.cfg.HTTP.Level
	if logger == nil || !logger.Enabled(r.Context(), level) {
		return
	}
	attrs := append(requestAttrs(r, h.cfg.Kind), slog.Int("status", e.Status))
	if e.Rule != "" {
		attrs = append(attrs, slog.String("rule", e.Rule))
	}
	if e.Err != nil {
		attrs = append(attrs, slog.String("error", e.Err.Error()))
	}
	logger.LogAttrs(r.Context(), level, "request rejected: "+e.summary(), attrs...)
}

// requestAttrs returns the log attributes that identify r: method, path
// and the token kind.
func requestAttrs(r *http.Request, kind string) []slog.Attr {
	attrs := make([]slog.Attr, 0, 6)
	attrs = append(attrs, slog.String("method", r.Method))
	if r.URL != nil {
		attrs = append(attrs, slog.String("path", r.URL.Path))
	}
	if kind != "" {
		attrs = append(attrs, slog.String("token_kind", kind))
	}
	return attrs
}
