package runtime

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// The error codes of RFC 6750 section 3.1 that AuthError.Code holds.
const (
	// CodeInvalidToken is the code of a 401 response to a token that is
	// malformed, expired, not yet valid or fails verification.
	CodeInvalidToken = "invalid_token"
	// CodeInsufficientScope is the code of a 403 response to a valid token
	// whose claims fail the rules.
	CodeInsufficientScope = "insufficient_scope"
)

// AuthError describes a request that Authenticate or Protect rejects. The
// middleware passes it to HTTPConfig.ErrorWriter after setting the
// WWW-Authenticate header.
type AuthError struct {
	// Status is http.StatusUnauthorized or http.StatusForbidden.
	Status int
	// Code is empty for a request without a token, else CodeInvalidToken
	// or CodeInsufficientScope.
	Code string
	// Scopes are the scopes the failed rules ask for, listed in the
	// scope attribute of a 403 response's WWW-Authenticate header.
	Scopes []string
	// Rule is the rule that failed, for a 403 response.
	Rule string
	// Err is the cause: the error of Parse or of the rule. It is meant
	// for logs and must not be sent to the client, because it describes
	// the token's claims and the server's checks.
	Err error
}

// Error describes the rejection and its cause, for logs.
func (e *AuthError) Error() string {
	if e.Err == nil {
		return e.summary()
	}
	return e.summary() + ": " + e.Err.Error()
}

// summary is the reason of the rejection in a few words.
func (e *AuthError) summary() string {
	switch e.Code {
	case "":
		return "missing bearer token"
	case CodeInvalidToken:
		return "invalid bearer token"
	}
	return "rule failed"
}

// Unwrap returns e.Err.
func (e *AuthError) Unwrap() error { return e.Err }

// Challenge returns the value of the WWW-Authenticate header for e
// (RFC 6750 section 3): `Bearer` without a token,
// `Bearer error="invalid_token", error_description="..."` for a bad one,
// and `Bearer error="insufficient_scope", scope="..."` when rules fail.
// The description is one of two fixed texts, which differ only in whether
// the token expired. The scope attribute is left out when the rules check
// for no scope.
func (e *AuthError) Challenge() string {
	switch e.Code {
	case "":
		return "Bearer"
	case CodeInvalidToken:
		return `Bearer error="invalid_token", error_description="` + e.description() + `"`
	}
	challenge := `Bearer error="` + e.Code + `"`
	if len(e.Scopes) > 0 {
		// Scope names passed validScopeToken, so they need no escaping.
		challenge += `, scope="` + strings.Join(e.Scopes, " ") + `"`
	}
	return challenge
}

// description is the text for error_description and the problem detail.
// Expired tokens get their own text, so a client can tell that it needs a
// new token, but the text reveals nothing else about the token.
func (e *AuthError) description() string {
	switch {
	case e.Code == "":
		return "The request has no bearer token"
	case e.Code == CodeInvalidToken && errors.Is(e.Err, jwt.ErrTokenExpired):
		return "The token has expired"
	case e.Code == CodeInvalidToken:
		return "The token is invalid"
	}
	return "The token does not grant access to this resource"
}

// Problem is an RFC 9457 problem details object, the body of the 401 and
// 403 responses that WriteProblem writes.
type Problem struct {
	// Type is a URI identifying the problem type. "about:blank" means that
	// the problem is fully described by the HTTP status code.
	Type string `json:"type"`
	// Title is a short summary of the problem type.
	Title string `json:"title"`
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Detail explains this occurrence of the problem.
	Detail string `json:"detail,omitempty"`
}

// Problem returns the problem details for e: type "about:blank", the
// status text as title, and a fixed detail that contains no token data,
// claims or internal errors.
func (e *AuthError) Problem() Problem {
	return Problem{
		Type:   "about:blank",
		Title:  http.StatusText(e.Status),
		Status: e.Status,
		Detail: e.description() + ".",
	}
}

// WriteProblem writes e as an application/problem+json response with
// e.Status, the default of HTTPConfig.ErrorWriter. It sets
// Cache-Control: no-store, so the rejection is not cached.
func WriteProblem(w http.ResponseWriter, _ *http.Request, e *AuthError) {
	body, err := json.Marshal(e.Problem())
	if err != nil {
		// Unreachable: a Problem has strings and an int only.
		body = nil
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status)
	w.Write(append(body, '\n'))
}
