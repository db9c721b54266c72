package runtime

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/textproto"
	"time"
)

// withRefreshedToken returns w, or a wrapper of w that adds a refreshed
// token for the claims c to the response when HTTPConfig.AutoUpdate is
// enabled and the token is due. The caller must call finishRefresh after
// the handler returns.
func (h *Handler[C]) withRefreshedToken(w http.ResponseWriter, r *http.Request, c *C) http.ResponseWriter {
	u := &h.cfg.HTTP.AutoUpdate
	if !u.Enabled {
		return w
	}
	token, err := h.refresh(c, h.httpNow())
	if err != nil {
		h.logRefreshError(r, err)
		return w
	}
	if token == "" {
		return w
	}

	name := "Authorization"
	if u.Header != "" {
		name = textproto.CanonicalMIMEHeaderKey(u.Header)
	}
	if name == "Authorization" {
		token = "Bearer " + token
	}
	return &refreshWriter{ResponseWriter: w, name: name, value: token}
}

// finishRefresh adds the refreshed token to the header of a response that
// the handler never started, before the server writes it.
func finishRefresh(w http.ResponseWriter) {
	if rw, ok := w.(*refreshWriter); ok {
		rw.addToken()
	}
}

// refreshWriter adds a refreshed token to the response header just before
// the status line goes out: on WriteHeader with a final status, Write,
// Flush or ReadFrom, or in finishRefresh. It sets the header then rather
// than before the handler runs, so that it also replaces a Cache-Control
// the handler set: a cached response would hand the token to others.
//
// Unwrap lets http.ResponseController reach the server's ResponseWriter
// for deadlines, full duplex and hijacking. Flush goes through the wrapper
// so the header is added first.
type refreshWriter struct {
	http.ResponseWriter
	name, value string
	added       bool
}

func (w *refreshWriter) addToken() {
	if w.added {
		return
	}
	w.added = true
	header := w.ResponseWriter.Header()
	header.Set(w.name, w.value)
	header.Set("Cache-Control", "no-store")
}

// WriteHeader adds the token before a final status. An informational
// status (1xx) goes out without it.
func (w *refreshWriter) WriteHeader(code int) {
	if code >= 200 {
		w.addToken()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *refreshWriter) Write(p []byte) (int, error) {
	w.addToken()
	return w.ResponseWriter.Write(p)
}

// ReadFrom keeps the server's io.ReaderFrom, which can send files with
// sendfile, reachable through io.Copy.
func (w *refreshWriter) ReadFrom(src io.Reader) (int64, error) {
	w.addToken()
	return io.Copy(w.ResponseWriter, src)
}

// Flush implements http.Flusher. It does nothing when the server's
// ResponseWriter cannot flush.
func (w *refreshWriter) Flush() {
	w.FlushError()
}

// FlushError adds the token and flushes. http.ResponseController.Flush
// calls it, and it returns http.ErrNotSupported when the server's
// ResponseWriter cannot flush.
func (w *refreshWriter) FlushError() error {
	w.addToken()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack implements http.Hijacker for handlers that assert it, such as
// WebSocket upgraders. It returns http.ErrNotSupported when the server's
// ResponseWriter cannot be hijacked.
func (w *refreshWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap returns the ResponseWriter that w wraps.
func (w *refreshWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
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
