package runtime

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"time"
)

// HTTPConfig configures the net/http middleware of a Handler: Authenticate,
// Protect and the refresh of tokens in responses. The zero value reads
// "Authorization: Bearer <token>", logs nothing, writes problem details and
// refreshes nothing.
type HTTPConfig struct {
	// BareToken makes the middleware also accept a token sent without a
	// scheme, "Authorization: <token>", as clients of the Python framework
	// jason send it. A value with another scheme ("Basic ...") is never
	// taken for a token.
	BareToken bool

	// Logger receives one record for every request the middleware rejects,
	// with the method, the path and the check that failed, never the token,
	// and one record at slog.LevelError for every refresh that fails.
	// Nil logs nothing.
	Logger *slog.Logger

	// Level is the level of the records of rejected requests. The zero
	// value is slog.LevelInfo.
	Level slog.Level

	// ErrorWriter writes the 401 and 403 responses. The WWW-Authenticate
	// header is already set when it is called. Nil means WriteProblem.
	ErrorWriter func(w http.ResponseWriter, r *http.Request, e *AuthError)

	// AutoUpdate sends a refreshed token with the responses to
	// authenticated requests.
	AutoUpdate AutoUpdate
}

// AutoUpdate configures the refresh of tokens in responses. Every response
// to a request with a valid token, a 403 from Protect included, gets a new
// token with the same claims and a new exp, iat and jti, and nbf set to the
// current time. The refreshed token keeps the first issue time in its
// auth_time claim: the old token's auth_time, or its iat when it has no
// auth_time. Such a response also gets Cache-Control: no-store, replacing
// any value the handler set, so that no cache keeps the token.
//
// The middleware wraps the ResponseWriter to add the header when the
// response starts: on WriteHeader with a final status, the first Write or
// Flush, or after the handler returns without writing. The wrapper
// implements http.Flusher and http.Hijacker, and http.ResponseController
// reaches the server's ResponseWriter through its Unwrap method.
type AutoUpdate struct {
	// Enabled turns the refresh on.
	Enabled bool

	// Header is the response header that carries the refreshed token.
	// The default is "Authorization", whose value is "Bearer <token>", the
	// form clients send back. Any other header carries the bare token.
	// A browser client reading it across origins needs the header listed
	// in Access-Control-Expose-Headers, which this package does not set.
	Header string

	// After is the share of a token's life, from iat to exp, that must have
	// passed before it is refreshed: 0 refreshes on every response, 0.5
	// once half the life has passed. It must be within 0..1. When After is
	// above 0, a token without iat or exp is not refreshed.
	After float64

	// MaxAge stops the refresh once the first issue time is this old, so
	// a session cannot be extended forever and the client must log in
	// again. The last refreshed token is still valid for its lifespan, so
	// a session lasts at most MaxAge plus Config.Lifespan. Zero means no
	// limit. When MaxAge is set, a token with neither auth_time nor iat is
	// not refreshed.
	MaxAge time.Duration
}

// problems returns a message for every unusable value in c, in the form
// of checkConfig's problems.
func (c *HTTPConfig) problems() []string {
	var problems []string
	u := c.AutoUpdate
	if math.IsNaN(u.After) || u.After < 0 || u.After > 1 {
		problems = append(problems, fmt.Sprintf("HTTP.AutoUpdate.After is %v, want 0..1", u.After))
	}
	if u.MaxAge < 0 {
		problems = append(problems, fmt.Sprintf("HTTP.AutoUpdate.MaxAge is %v, want 0 (no limit) or more", u.MaxAge))
	}
	if u.Header != "" && !validHeaderName(u.Header) {
		problems = append(problems, fmt.Sprintf("HTTP.AutoUpdate.Header %q is not a valid header name", u.Header))
	}
	return problems
}

// validHeaderName reports whether name is an RFC 9110 field name: one or
// more token characters.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9':
		case ch < 0x80 && isTokenPunct(ch):
		default:
			return false
		}
	}
	return true
}

func isTokenPunct(ch byte) bool {
	switch ch {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}
