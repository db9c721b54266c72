package runtime

import (
	"log/slog"
	"net/http"
	"net/textproto"
	"time"
)

// setRefreshedToken puts a refreshed token for the claims c in w's header
// when HTTPConfig.AutoUpdate is enabled and the token is due. It runs before next handles the
// request, so the header is in place however the handler starts its
// response: WriteHeader, Write, Flush, or returning without writing. The
// ResponseWriter stays unwrapped, so Flusher, Hijacker, io.ReaderFrom and
// http.ResponseController keep working, and a handler can remove the
// header (a logout handler, for instance) with w.Header().Del.
//
// The response also gets Cache-Control: no-store, unless the handler
// replaces it, so no cache keeps the token.
func (h *Handler[C]) setRefreshedToken(w http.ResponseWriter, r *http.Request, c *C) {
	u := &h.cfg.HTTP.AutoUpdate
	if !u.Enabled {
		return
	}
	token, err := h.refresh(c, h.httpNow())
	if err != nil {
		h.logRefreshError(r, err)
		return
	}
	if token == "" {
		return
	}

	name := "Authorization"
	if u.Header != "" {
		name = textproto.CanonicalMIMEHeaderKey(u.Header)
	}
	if name == "Authorization" {
		token = "Bearer " + token
	}
	header := w.Header()
	header.Set(name, token)
	header.Set("Cache-Control", "no-store")
}

// refresh returns a new token with the claims c, a new exp, iat and jti,
// nbf set to now and auth_time set to the first issue time, or "" when c
// is not due for refresh at now.
func (h *Handler[C]) refresh(c *C, now time.Time) (string, error) {
	old := h.codec.Registered(c)
	first := old.AuthTime
	if first.IsZero() {
		first = old.IssuedAt
	}
	if !refreshDue(&h.cfg.HTTP.AutoUpdate, old, first, now) {
		return "", nil
	}

	// Issue sets iat, nbf (when zero), exp and jti (when empty) of a copy.
	next := *c
	rc := h.codec.Registered(&next)
	rc.AuthTime = first
	rc.IssuedAt = time.Time{}
	rc.NotBefore = time.Time{}
	rc.ExpiresAt = time.Time{}
	rc.ID = ""
	return h.Issue(&next)
}

// refreshDue reports whether a token with the registered claims rc and
// first issue time first is to be refreshed at now.
func refreshDue(u *AutoUpdate, rc *RegisteredClaims, first, now time.Time) bool {
	// Stop at MaxAge; without a first issue time the age is unknown.
	if u.MaxAge > 0 && (first.IsZero() || now.Sub(first) >= u.MaxAge) {
		return false
	}

	// Refresh once the share After of the token's life has passed. The
	// negated test also rejects NaN.
	if !(u.After >= 0 && u.After <= 1) {
		return false
	}
	if u.After == 0 {
		return true
	}
	if rc.IssuedAt.IsZero() || rc.ExpiresAt.IsZero() {
		return false
	}
	life := rc.ExpiresAt.Sub(rc.IssuedAt)
	return now.Sub(rc.IssuedAt) >= time.Duration(u.After*float64(life))
}

// httpNow returns the current time from Config.Now.
func (h *Handler[C]) httpNow() time.Time {
	if h.cfg.Now != nil {
		return h.cfg.Now()
	}
	return time.Now()
}

func (h *Handler[C]) logRefreshError(r *http.Request, err error) {
	logger := h.cfg.HTTP.Logger
	if logger == nil || !logger.Enabled(r.Context(), slog.LevelError) {
		return
	}
	attrs := append(requestAttrs(r, h.cfg.Kind), slog.String("error", err.Error()))
	logger.LogAttrs(r.Context(), slog.LevelError, "token refresh failed", attrs...)
}
