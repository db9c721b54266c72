package runtime

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"slices"
	"strings"
	"testing"
	"time"
)

// refreshedToken returns the refreshed token in resp, or "" if there is
// none, and checks the form of the header: "Bearer <token>" in
// Authorization, the bare token in any other header.
func refreshedToken(t *testing.T, resp response, header string) string {
	t.Helper()
	values := resp.header.Values(header)
	switch len(values) {
	case 0:
		return ""
	case 1:
	default:
		t.Fatalf("response has %d %s headers, want at most one", len(values), header)
	}
	if got := resp.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("response with a refreshed token has Cache-Control %q, want no-store", got)
	}
	if header != "Authorization" {
		return values[0]
	}
	token, ok := strings.CutPrefix(values[0], "Bearer ")
	if !ok {
		t.Fatalf("Authorization response header %q, want \"Bearer <token>\"", values[0])
	}
	return token
}

func TestAutoUpdateHandlerStyles(t *testing.T) {
	tests := []struct {
		desc    string
		handler http.HandlerFunc
		status  int
	}{
		{
			desc: "write only",
			handler: func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "ok")
			},
			status: 200,
		},
		{
			desc: "early WriteHeader",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusCreated)
				io.WriteString(w, "created")
			},
			status: 201,
		},
		{
			desc: "WriteHeader without body",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusNoContent)
			},
			status: 204,
		},
		{
			desc: "Flusher before writing",
			handler: func(w http.ResponseWriter, r *http.Request) {
				f, ok := w.(http.Flusher)
				if !ok {
					t.Error("ResponseWriter is not an http.Flusher")
					return
				}
				f.Flush()
				io.WriteString(w, "streamed")
			},
			status: 200,
		},
		{
			desc: "ResponseController flush and hijack support",
			handler: func(w http.ResponseWriter, r *http.Request) {
				if _, ok := w.(http.Hijacker); !ok {
					t.Error("ResponseWriter is not an http.Hijacker")
				}
				if err := http.NewResponseController(w).Flush(); err != nil {
					t.Errorf("ResponseController.Flush() = %v, want nil", err)
				}
				io.WriteString(w, "streamed")
			},
			status: 200,
		},
		{
			desc:    "no write at all",
			handler: func(w http.ResponseWriter, r *http.Request) {},
			status:  200,
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			h, _ := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
			token := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeRead))
			srv := httptest.NewServer(h.Authenticate(tt.handler))
			defer srv.Close()

			resp := send(t, srv, "GET", "/", "", "Bearer "+token)
			if resp.status != tt.status {
				t.Errorf("status %d, want %d", resp.status, tt.status)
			}
			refreshed := refreshedToken(t, resp, "Authorization")
			if refreshed == "" {
				t.Fatalf("response headers %v, want a refreshed token in Authorization", resp.header)
			}
			if _, err := h.Parse(refreshed); err != nil {
				t.Errorf("Parse(refreshed token) = %v, want a valid token", err)
			}
		})
	}
}

func TestAutoUpdateOtherHeader(t *testing.T) {
	h, _ := newGuardHandler(t, func(c *HTTPConfig) {
		c.AutoUpdate = AutoUpdate{Enabled: true, Header: "x-refreshed-token"}
	})
	token := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeRead))
	srv := httptest.NewServer(h.Protect(hasScopes(scopeRead))(echoClaims))
	defer srv.Close()

	resp := send(t, srv, "GET", "/", "", "Bearer "+token)
	refreshed := refreshedToken(t, resp, "X-Refreshed-Token")
	if refreshed == "" {
		t.Fatalf("response headers %v, want a refreshed token in X-Refreshed-Token", resp.header)
	}
	if _, err := h.Parse(refreshed); err != nil {
		t.Errorf("Parse(X-Refreshed-Token %q) = %v, want a valid bare token", refreshed, err)
	}
	if got := resp.header.Get("Authorization"); got != "" {
		t.Errorf("Authorization response header %q, want none", got)
	}
}

func TestAutoUpdateReplacesCacheControl(t *testing.T) {
	h, _ := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	public := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		io.WriteString(w, "catalog")
	})
	srv := httptest.NewServer(h.Authenticate(public))
	defer srv.Close()

	resp := send(t, srv, "GET", "/catalog", "", "Bearer "+token)
	if got := resp.header.Values("Cache-Control"); !slices.Equal(got, []string{"no-store"}) {
		t.Errorf("Cache-Control of a response with a refreshed token = %q, want [no-store]", got)
	}
}

func TestAutoUpdateEarlyHints(t *testing.T) {
	h, _ := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	hints := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</style.css>; rel=preload; as=style")
		w.WriteHeader(http.StatusEarlyHints)
		io.WriteString(w, "page")
	})
	srv := httptest.NewServer(h.Authenticate(hints))
	defer srv.Close()

	var early []textproto.MIMEHeader
	trace := &httptrace.ClientTrace{
		Got1xxResponse: func(code int, header textproto.MIMEHeader) error {
			early = append(early, header)
			return nil
		},
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	if len(early) != 1 {
		t.Fatalf("client got %d informational responses, want 1", len(early))
	}
	if got := early[0].Get("Authorization"); got != "" {
		t.Errorf("103 Early Hints carries Authorization %q, want none", got)
	}
	if got := resp.Header.Get("Authorization"); !strings.HasPrefix(got, "Bearer ") {
		t.Errorf("final response Authorization %q, want a refreshed token", got)
	}
}

func TestAutoUpdateWriterUnwrap(t *testing.T) {
	h, _ := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("ResponseController.SetWriteDeadline() = %v, want nil through Unwrap", err)
		}
		if err := rc.EnableFullDuplex(); err != nil {
			t.Errorf("ResponseController.EnableFullDuplex() = %v, want nil through Unwrap", err)
		}
		io.WriteString(w, "ok")
	})
	srv := httptest.NewServer(h.Authenticate(handler))
	defer srv.Close()

	resp := send(t, srv, "GET", "/", "", "Bearer "+token)
	if refreshedToken(t, resp, "Authorization") == "" {
		t.Errorf("response headers %v, want a refreshed token", resp.header)
	}
}

func TestAutoUpdateHijack(t *testing.T) {
	h, _ := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	upgrade := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("ResponseWriter is not an http.Hijacker")
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			t.Errorf("Hijack() = %v", err)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		buf.Flush()
	})
	srv := httptest.NewServer(h.Authenticate(upgrade))
	defer srv.Close()

	resp := send(t, srv, "GET", "/ws", "", "Bearer "+token)
	if resp.status != 200 || resp.body != "hijacked" {
		t.Errorf("hijacked response: status %d, body %q, want 200, %q", resp.status, resp.body, "hijacked")
	}
}

func TestAutoUpdateSkipsRejected(t *testing.T) {
	h, _ := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	srv := httptest.NewServer(h.Authenticate(echoClaims))
	defer srv.Close()

	tests := []struct {
		desc          string
		authorization []string
	}{
		{"no token", nil},
		{"invalid token", []string{"Bearer " + token + "x"}},
	}
	for _, tt := range tests {
		resp := send(t, srv, "GET", "/", "", tt.authorization...)
		if got := resp.header.Get("Authorization"); got != "" {
			t.Errorf("%s: Authorization response header %q, want none", tt.desc, got)
		}
	}
}

func TestAutoUpdateDisabled(t *testing.T) {
	h, _ := newGuardHandler(t, nil)
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	srv := httptest.NewServer(h.Authenticate(echoClaims))
	defer srv.Close()

	resp := send(t, srv, "GET", "/", "", "Bearer "+token)
	if got := resp.header.Get("Authorization"); got != "" {
		t.Errorf("Authorization response header %q without AutoUpdate, want none", got)
	}
}

func TestRefreshedClaims(t *testing.T) {
	loginAt := guardStart.Add(-30 * time.Minute)
	tests := []struct {
		desc         string
		authTime     time.Time
		wantAuthTime time.Time
	}{
		{desc: "first refresh keeps iat", wantAuthTime: guardStart},
		{desc: "later refresh keeps auth_time", authTime: loginAt, wantAuthTime: loginAt},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			h, clock := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
			claims := newGuardClaims("42", "acme", scopeRead, scopeAdmin).withRoles("clerk").withPlan("pro")
			claims.Subject = "user-42"
			claims.AuthTime = tt.authTime
			token := issueGuardToken(t, h, claims)
			old, err := h.Parse(token)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h.Authenticate(echoClaims))
			defer srv.Close()

			now := guardStart.Add(5 * time.Minute)
			clock.Set(now)
			refreshed := refreshedToken(t, send(t, srv, "GET", "/", "", "Bearer "+token), "Authorization")
			got, err := h.Parse(refreshed)
			if err != nil {
				t.Fatalf("Parse(refreshed token) = %v", err)
			}

			// The registered claims that change.
			want := old.RegisteredClaims
			want.IssuedAt = now
			want.NotBefore = now
			want.ExpiresAt = now.Add(guardLifespan)
			want.AuthTime = tt.wantAuthTime
			want.ID = got.ID
			if !equalRegistered(got.RegisteredClaims, want) {
				t.Errorf("refreshed registered claims %+v, want %+v", got.RegisteredClaims, want)
			}
			if got.ID == "" || got.ID == old.ID {
				t.Errorf("refreshed jti %q, old %q, want a new one", got.ID, old.ID)
			}

			// The claims that stay.
			if got.UserID != old.UserID || got.Scopes != old.Scopes || got.Tenant != old.Tenant ||
				!slices.Equal(got.Roles, old.Roles) || got.Plan == nil || *got.Plan != *old.Plan {
				t.Errorf("refreshed custom claims %+v, want those of %+v", got, old)
			}
		})
	}
}

func equalRegistered(a, b RegisteredClaims) bool {
	return a.Issuer == b.Issuer && a.Subject == b.Subject && slices.Equal(a.Audience, b.Audience) &&
		a.ExpiresAt.Equal(b.ExpiresAt) && a.NotBefore.Equal(b.NotBefore) && a.IssuedAt.Equal(b.IssuedAt) &&
		a.ID == b.ID && a.AuthTime.Equal(b.AuthTime)
}

func TestAutoUpdateAfter(t *testing.T) {
	h, clock := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true, After: 0.5} })
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	srv := httptest.NewServer(h.Authenticate(echoClaims))
	defer srv.Close()

	// The token lives 15 minutes, so it is refreshed from 7m30s on.
	tests := []struct {
		age           time.Duration
		wantRefreshed bool
	}{
		{0, false},
		{7*time.Minute + 29*time.Second, false},
		{7*time.Minute + 30*time.Second, true},
		{14 * time.Minute, true},
	}
	for _, tt := range tests {
		clock.Set(guardStart.Add(tt.age))
		resp := send(t, srv, "GET", "/", "", "Bearer "+token)
		if resp.status != 200 {
			t.Fatalf("at age %v: status %d, want 200", tt.age, resp.status)
		}
		if got := refreshedToken(t, resp, "Authorization") != ""; got != tt.wantRefreshed {
			t.Errorf("After 0.5, token of age %v: refreshed %v, want %v", tt.age, got, tt.wantRefreshed)
		}
	}
}

func TestAutoUpdateMaxAge(t *testing.T) {
	h, clock := newGuardHandler(t, func(c *HTTPConfig) {
		c.AutoUpdate = AutoUpdate{Enabled: true, After: 0.5, MaxAge: time.Hour}
	})
	srv := httptest.NewServer(h.Authenticate(echoClaims))
	defer srv.Close()

	// A client that sends each refreshed token back every ten minutes gets
	// new tokens until the login is an hour old.
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	for minute := 10; minute <= 60; minute += 10 {
		clock.Set(guardStart.Add(time.Duration(minute) * time.Minute))
		resp := send(t, srv, "GET", "/", "", "Bearer "+token)
		if resp.status != 200 {
			t.Fatalf("minute %d: status %d, want 200", minute, resp.status)
		}
		refreshed := refreshedToken(t, resp, "Authorization")
		if wantRefresh := minute < 60; (refreshed != "") != wantRefresh {
			t.Fatalf("minute %d: refreshed %v, want %v", minute, refreshed != "", wantRefresh)
		}
		if refreshed == "" {
			break
		}
		c, err := h.Parse(refreshed)
		if err != nil {
			t.Fatalf("minute %d: Parse(refreshed) = %v", minute, err)
		}
		if !c.AuthTime.Equal(guardStart) {
			t.Errorf("minute %d: refreshed auth_time %v, want the login time %v", minute, c.AuthTime, guardStart)
		}
		token = refreshed
	}

	// The token refreshed at minute 50 expires at minute 65; then the
	// client must log in again.
	clock.Set(guardStart.Add(65*time.Minute + time.Second))
	resp := send(t, srv, "GET", "/", "", "Bearer "+token)
	if resp.status != 401 {
		t.Errorf("after the last token expired: status %d, want 401", resp.status)
	}
}

func TestRefreshDue(t *testing.T) {
	iat := guardStart
	exp := iat.Add(10 * time.Minute)
	tests := []struct {
		desc   string
		update AutoUpdate
		rc     RegisteredClaims
		first  time.Time
		now    time.Time
		want   bool
	}{
		{"after 0 at once", AutoUpdate{}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, iat, true},
		{"after 0 without times", AutoUpdate{}, RegisteredClaims{}, time.Time{}, iat, true},
		{"after 1 before exp", AutoUpdate{After: 1}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, exp.Add(-time.Second), false},
		{"after 1 at exp", AutoUpdate{After: 1}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, exp, true},
		{"after 0.25 too early", AutoUpdate{After: 0.25}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, iat.Add(149 * time.Second), false},
		{"after 0.25 on time", AutoUpdate{After: 0.25}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, iat.Add(150 * time.Second), true},
		{"after without iat", AutoUpdate{After: 0.5}, RegisteredClaims{ExpiresAt: exp}, iat, exp, false},
		{"after without exp", AutoUpdate{After: 0.5}, RegisteredClaims{IssuedAt: iat}, iat, exp, false},
		{"after negative", AutoUpdate{After: -0.1}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, exp, false},
		{"after above 1", AutoUpdate{After: 1.5}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, exp, false},
		{"after NaN", AutoUpdate{After: math.NaN()}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, exp, false},
		{"max age not reached", AutoUpdate{MaxAge: time.Hour}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, iat.Add(59 * time.Minute), true},
		{"max age reached", AutoUpdate{MaxAge: time.Hour}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, iat.Add(time.Hour), false},
		{"max age without first time", AutoUpdate{MaxAge: time.Hour}, RegisteredClaims{ExpiresAt: exp}, time.Time{}, iat, false},
		{"negative max age is no limit", AutoUpdate{MaxAge: -time.Hour}, RegisteredClaims{IssuedAt: iat, ExpiresAt: exp}, iat, iat.Add(48 * time.Hour), true},
	}
	for _, tt := range tests {
		if got := refreshDue(&tt.update, &tt.rc, tt.first, tt.now); got != tt.want {
			t.Errorf("%s: refreshDue(%+v, iat %v exp %v, first %v, now %v) = %v, want %v",
				tt.desc, tt.update, tt.rc.IssuedAt, tt.rc.ExpiresAt, tt.first, tt.now, got, tt.want)
		}
	}
}

func TestAutoUpdateRejectsVerifyOnlyKey(t *testing.T) {
	// A handler with only the public key parses tokens but cannot issue
	// refreshed ones, so NewHandler rejects auto update for it.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := newGuardHandler(t, nil)
	cfg := signer.cfg
	cfg.Algorithm, cfg.Key = "ES256", &key.PublicKey
	cfg.HTTP = HTTPConfig{AutoUpdate: AutoUpdate{Enabled: true}}
	_, err = NewHandler(cfg, guardCodec)
	want := "HTTP.AutoUpdate is enabled, but Key can only verify, so no token can be refreshed"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("NewHandler(public key, auto update) = %v, want an error containing %q", err, want)
	}
	if !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("NewHandler(public key, auto update) = %v, want an error wrapping ErrInvalidConfig", err)
	}
}

func TestHTTPConfigProblems(t *testing.T) {
	tests := []struct {
		desc string
		cfg  HTTPConfig
		want []string
	}{
		{desc: "zero value"},
		{desc: "valid update", cfg: HTTPConfig{AutoUpdate: AutoUpdate{Enabled: true, Header: "X-Token", After: 1, MaxAge: time.Hour}}},
		{
			desc: "every problem",
			cfg:  HTTPConfig{AutoUpdate: AutoUpdate{Header: "X Token", After: 1.5, MaxAge: -time.Second}},
			want: []string{
				"HTTP.AutoUpdate.After is 1.5, want 0..1",
				"HTTP.AutoUpdate.MaxAge is -1s, want 0 (no limit) or more",
				`HTTP.AutoUpdate.Header "X Token" is not a valid header name`,
			},
		},
		{desc: "NaN", cfg: HTTPConfig{AutoUpdate: AutoUpdate{After: math.NaN()}}, want: []string{"HTTP.AutoUpdate.After is NaN, want 0..1"}},
		{desc: "non-ASCII header", cfg: HTTPConfig{AutoUpdate: AutoUpdate{Header: "X-Tokén"}}, want: []string{`HTTP.AutoUpdate.Header "X-Tokén" is not a valid header name`}},
	}
	for _, tt := range tests {
		if got := tt.cfg.problems(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: problems() = %q, want %q", tt.desc, got, tt.want)
		}
	}
}

// plainWriter is a ResponseWriter that can neither flush nor be hijacked.
type plainWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (w *plainWriter) Header() http.Header { return w.header }

func (w *plainWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.body.Write(p)
}

func (w *plainWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func TestAutoUpdateWriterNotSupported(t *testing.T) {
	h, _ := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
	token := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.Flush(); !errors.Is(err, http.ErrNotSupported) {
			t.Errorf("ResponseController.Flush() = %v, want http.ErrNotSupported", err)
		}
		if _, _, err := rc.Hijack(); !errors.Is(err, http.ErrNotSupported) {
			t.Errorf("ResponseController.Hijack() = %v, want http.ErrNotSupported", err)
		}
		io.WriteString(w, "ok")
	})

	w := &plainWriter{header: http.Header{}}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	h.Authenticate(handler).ServeHTTP(w, r)
	if w.code != 200 || w.body.String() != "ok" {
		t.Errorf("status %d, body %q, want 200, %q", w.code, w.body.String(), "ok")
	}
	if got := w.header.Get("Authorization"); !strings.HasPrefix(got, "Bearer ") {
		t.Errorf("Authorization response header %q, want a refreshed token", got)
	}
}
