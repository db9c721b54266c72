package runtime

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// guardCodec is the codec that generated code would write for guardClaims.
var guardCodec = Codec[guardClaims]{
	Registered: func(c *guardClaims) *RegisteredClaims { return &c.RegisteredClaims },
	DecodeMember: func(c *guardClaims, name []byte, d *Decoder) (known bool, err error) {
		switch string(name) {
		case "uid":
			c.UserID, err = d.String()
		case "scp":
			err = d.Words(func(word []byte) {
				if i := slices.Index(guardScopeNames[1:], string(word)); i >= 0 {
					c.Scopes |= 1 << (i + 1)
				}
			})
		case "tenant":
			c.Tenant, err = d.String()
		case "roles":
			c.Roles, err = d.Strings()
		case "plan":
			var plan string
			plan, err = d.String()
			c.Plan = &plan
		default:
			return false, nil
		}
		return true, err
	},
	EncodeMembers: func(c *guardClaims, e *Encoder) {
		e.String("uid", c.UserID)
		var scopes []string
		for s := scopeRead; s <= scopeAdmin; s++ {
			if guardGranted(c, s) {
				scopes = append(scopes, s.String())
			}
		}
		e.Strings("scp", scopes)
		if c.Tenant != "" {
			e.String("tenant", c.Tenant)
		}
		if c.Roles != nil {
			e.Strings("roles", c.Roles)
		}
		if c.Plan != nil {
			e.String("plan", *c.Plan)
		}
	},
	Check: func(*guardClaims) error { return nil },
}

// guardStart is when the test clocks start; times in tokens are whole
// seconds, so it has no fraction.
var guardStart = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

// guardClock is a clock that tests move forward.
type guardClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *guardClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *guardClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

const guardLifespan = 15 * time.Minute

// newGuardHandler returns a Handler for guardClaims with a clock at
// guardStart, after applying configure to its HTTPConfig.
func newGuardHandler(t testing.TB, configure func(*HTTPConfig)) (*Handler[guardClaims], *guardClock) {
	t.Helper()
	clock := &guardClock{now: guardStart}
	cfg := Config{
		Kind:      "Access",
		Algorithm: "HS256",
		Key:       []byte("guard-test-secret-0123456789abcdef"),
		Lifespan:  guardLifespan,
		Issuer:    "https://auth.example.test",
		Audience:  []string{"orders-api"},
		Require:   CheckAll,
		Verify:    CheckAll,
		Now:       clock.Now,
	}
	if configure != nil {
		configure(&cfg.HTTP)
	}
	h, err := NewHandler(cfg, guardCodec)
	if err != nil {
		t.Fatalf("NewHandler = %v", err)
	}
	return h, clock
}

func issueGuardToken(t testing.TB, h *Handler[guardClaims], c *guardClaims) string {
	t.Helper()
	token, err := h.Issue(c)
	if err != nil {
		t.Fatalf("Issue(%+v) = %v", c, err)
	}
	return token
}

// echoClaims writes the uid and scopes of the claims in the request's
// context, or "anonymous".
var echoClaims = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	c, ok := FromContext[guardClaims](r.Context())
	if !ok {
		io.WriteString(w, "anonymous")
		return
	}
	io.WriteString(w, "uid="+c.UserID)
})

// response is what a test reads back from a server.
type response struct {
	status int
	header http.Header
	body   string
}

// send sends a request with the Authorization header values to srv.
func send(t *testing.T, srv *httptest.Server, method, path, body string, authorization ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range authorization {
		req.Header.Add("Authorization", a)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// checkProblem checks that resp is a problem details response with status
// and detail, and that it contains no part of token.
func checkProblem(t *testing.T, call string, resp response, status int, detail, token string) {
	t.Helper()
	if got := resp.header.Get("Content-Type"); got != "application/problem+json" {
		t.Errorf("%s: Content-Type = %q, want application/problem+json", call, got)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(resp.body), &p); err != nil {
		t.Fatalf("%s: body %q is not JSON: %v", call, resp.body, err)
	}
	want := map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": float64(status), "detail": detail}
	for key, v := range want {
		if p[key] != v {
			t.Errorf("%s: problem %s = %v, want %v (body %s)", call, key, p[key], v, resp.body)
		}
	}
	if len(p) != len(want) {
		t.Errorf("%s: problem has members %v, want only type, title, status and detail", call, p)
	}
	checkNoToken(t, call+" body", resp.body, token)
}

// checkNoToken checks that text contains none of the three parts of token.
func checkNoToken(t *testing.T, what, text, token string) {
	t.Helper()
	if token == "" {
		return
	}
	for _, part := range strings.Split(token, ".") {
		if len(part) > 8 && strings.Contains(text, part) {
			t.Errorf("%s %q contains part %q of the token", what, text, part)
		}
	}
}

func TestAuthenticate(t *testing.T) {
	h, clock := newGuardHandler(t, nil)
	valid := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeRead))
	otherKey, _ := newGuardHandler(t, nil)
	otherKey.cfg.Key = []byte("another-secret-0123456789abcdefghij")
	otherKey, err := NewHandler(otherKey.cfg, guardCodec)
	if err != nil {
		t.Fatal(err)
	}
	forged := issueGuardToken(t, otherKey, newGuardClaims("42", "acme", scopeAdmin))
	clock.Set(guardStart.Add(-time.Hour))
	expired := issueGuardToken(t, h, newGuardClaims("42", "acme"))
	clock.Set(guardStart)

	srv := httptest.NewServer(h.Authenticate(echoClaims))
	defer srv.Close()
	bare, _ := newGuardHandler(t, func(c *HTTPConfig) { c.BareToken = true })
	bareSrv := httptest.NewServer(bare.Authenticate(echoClaims))
	defer bareSrv.Close()

	const invalid = `Bearer error="invalid_token", error_description="The token is invalid"`
	tests := []struct {
		desc          string
		srv           *httptest.Server
		authorization []string
		wantStatus    int
		wantBody      string
		wantChallenge string
		wantDetail    string
	}{
		{desc: "no token", srv: srv, wantStatus: 200, wantBody: "anonymous"},
		{desc: "valid token", srv: srv, authorization: []string{"Bearer " + valid}, wantStatus: 200, wantBody: "uid=42"},
		{desc: "scheme in lower case", srv: srv, authorization: []string{"bearer " + valid}, wantStatus: 200, wantBody: "uid=42"},
		{desc: "scheme in upper case", srv: srv, authorization: []string{"BEARER " + valid}, wantStatus: 200, wantBody: "uid=42"},
		{desc: "other scheme", srv: srv, authorization: []string{"Basic dXNlcjpwYXNz"}, wantStatus: 200, wantBody: "anonymous"},
		{desc: "bare token not enabled", srv: srv, authorization: []string{valid}, wantStatus: 200, wantBody: "anonymous"},
		{desc: "bare token enabled", srv: bareSrv, authorization: []string{valid}, wantStatus: 200, wantBody: "uid=42"},
		{desc: "bearer token with bare enabled", srv: bareSrv, authorization: []string{"Bearer " + valid}, wantStatus: 200, wantBody: "uid=42"},
		{desc: "bad bare token", srv: bareSrv, authorization: []string{"not-a-token"}, wantStatus: 401, wantChallenge: invalid, wantDetail: "The token is invalid."},
		{desc: "forged signature", srv: srv, authorization: []string{"Bearer " + forged}, wantStatus: 401, wantChallenge: invalid, wantDetail: "The token is invalid."},
		{
			desc: "expired token", srv: srv, authorization: []string{"Bearer " + expired}, wantStatus: 401,
			wantChallenge: `Bearer error="invalid_token", error_description="The token has expired"`,
			wantDetail:    "The token has expired.",
		},
		{desc: "malformed token", srv: srv, authorization: []string{"Bearer abc.def"}, wantStatus: 401, wantChallenge: invalid, wantDetail: "The token is invalid."},
		{desc: "scheme without token", srv: srv, authorization: []string{"Bearer"}, wantStatus: 401, wantChallenge: invalid, wantDetail: "The token is invalid."},
		{desc: "two tokens", srv: srv, authorization: []string{"Bearer " + valid + " " + valid}, wantStatus: 401, wantChallenge: invalid, wantDetail: "The token is invalid."},
		{desc: "two headers", srv: srv, authorization: []string{"Bearer " + valid, "Bearer " + valid}, wantStatus: 401, wantChallenge: invalid, wantDetail: "The token is invalid."},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			resp := send(t, tt.srv, "GET", "/orders", "", tt.authorization...)
			call := "GET /orders with Authorization " + strings.Join(tt.authorization, ", ")
			if resp.status != tt.wantStatus {
				t.Fatalf("%s: status %d, want %d (body %q)", call, resp.status, tt.wantStatus, resp.body)
			}
			if got := resp.header.Get("WWW-Authenticate"); got != tt.wantChallenge {
				t.Errorf("%s: WWW-Authenticate = %q, want %q", call, got, tt.wantChallenge)
			}
			if tt.wantStatus == 200 {
				if resp.body != tt.wantBody {
					t.Errorf("%s: body %q, want %q", call, resp.body, tt.wantBody)
				}
				return
			}
			for _, a := range tt.authorization {
				checkProblem(t, call, resp, tt.wantStatus, tt.wantDetail, strings.TrimPrefix(a, "Bearer "))
			}
		})
	}
}

func TestProtect(t *testing.T) {
	h, _ := newGuardHandler(t, nil)
	reader := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeRead))
	writer := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeRead, scopeWrite))
	otherWriter := issueGuardToken(t, h, newGuardClaims("7", "acme", scopeRead, scopeWrite))
	tampered := writer[:len(writer)-4] + "AAAA"

	// Routes as a service would declare them on a ServeMux.
	mux := http.NewServeMux()
	mux.Handle("GET /orders", h.Protect(hasScopes(scopeRead))(echoClaims))
	mux.Handle("POST /orders", h.Protect(hasScopes(scopeRead), hasScopes(scopeWrite))(echoClaims))
	mux.Handle("GET /users/{user_id}/orders", h.Protect(MatchValues(claimUID, PathValue[guardClaims]("user_id")))(echoClaims))
	mux.Handle("GET /health", h.Protect()(echoClaims))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		desc          string
		method, path  string
		token         string
		wantStatus    int
		wantChallenge string
		wantDetail    string
	}{
		{desc: "scope granted", method: "GET", path: "/orders", token: reader, wantStatus: 200},
		{desc: "both scopes granted", method: "POST", path: "/orders", token: writer, wantStatus: 200},
		{
			desc: "scope missing", method: "POST", path: "/orders", token: reader, wantStatus: 403,
			wantChallenge: `Bearer error="insufficient_scope", scope="read:orders write:orders"`,
			wantDetail:    "The token does not grant access to this resource.",
		},
		{desc: "own user", method: "GET", path: "/users/42/orders", token: writer, wantStatus: 200},
		{
			desc: "other user", method: "GET", path: "/users/42/orders", token: otherWriter, wantStatus: 403,
			wantChallenge: `Bearer error="insufficient_scope"`,
			wantDetail:    "The token does not grant access to this resource.",
		},
		{desc: "no rules, valid token", method: "GET", path: "/health", token: reader, wantStatus: 200},
		{
			desc: "no rules, no token", method: "GET", path: "/health", wantStatus: 401,
			wantChallenge: "Bearer", wantDetail: "The request has no bearer token.",
		},
		{
			desc: "no token", method: "GET", path: "/orders", wantStatus: 401,
			wantChallenge: "Bearer", wantDetail: "The request has no bearer token.",
		},
		{
			desc: "tampered token", method: "GET", path: "/orders", token: tampered, wantStatus: 401,
			wantChallenge: `Bearer error="invalid_token", error_description="The token is invalid"`,
			wantDetail:    "The token is invalid.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var auth []string
			if tt.token != "" {
				auth = []string{"Bearer " + tt.token}
			}
			resp := send(t, srv, tt.method, tt.path, "", auth...)
			call := tt.method + " " + tt.path
			if resp.status != tt.wantStatus {
				t.Fatalf("%s: status %d, want %d (body %q)", call, resp.status, tt.wantStatus, resp.body)
			}
			if got := resp.header.Get("WWW-Authenticate"); got != tt.wantChallenge {
				t.Errorf("%s: WWW-Authenticate = %q, want %q", call, got, tt.wantChallenge)
			}
			if tt.wantStatus == 200 {
				if !strings.HasPrefix(resp.body, "uid=") {
					t.Errorf("%s: body %q, want the uid from the context", call, resp.body)
				}
				return
			}
			checkProblem(t, call, resp, tt.wantStatus, tt.wantDetail, tt.token)
		})
	}
}

func TestProtectUsesContextClaims(t *testing.T) {
	h, _ := newGuardHandler(t, nil)

	// Claims put in the context by other code, without any token.
	withClaims := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := newGuardClaims("99", "acme", scopeAdmin)
			next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), c)))
		})
	}
	srv := httptest.NewServer(withClaims(h.Protect(hasScopes(scopeAdmin))(echoClaims)))
	defer srv.Close()

	resp := send(t, srv, "GET", "/admin", "")
	if resp.status != 200 || resp.body != "uid=99" {
		t.Errorf("GET /admin with claims in the context: status %d, body %q, want 200, %q", resp.status, resp.body, "uid=99")
	}
}

func TestProtectJSONBodyStillReadable(t *testing.T) {
	h, _ := newGuardHandler(t, nil)
	token := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeWrite))
	body := `{"order": {"owner": "42", "item": "tea"}}`

	var got []byte
	mux := http.NewServeMux()
	guard := h.Protect(hasScopes(scopeWrite), MatchValues(claimUID, JSONValue[guardClaims]("/order/owner")))
	mux.Handle("POST /orders", guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var err error
		if got, err = io.ReadAll(r.Body); err != nil {
			t.Errorf("handler reading the body: %v", err)
		}
	})))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	resp := send(t, srv, "POST", "/orders", body, "Bearer "+token)
	if resp.status != 200 {
		t.Fatalf("POST /orders: status %d, want 200 (body %q)", resp.status, resp.body)
	}
	if string(got) != body {
		t.Errorf("POST /orders: handler read body %q, want %q", got, body)
	}

	resp = send(t, srv, "POST", "/orders", `{"order": {"owner": "7"}}`, "Bearer "+token)
	if resp.status != 403 {
		t.Errorf("POST /orders for another owner: status %d, want 403", resp.status)
	}
}

// chain composes middleware the way chi's Router.Use does: the first
// middleware is the outermost.
func chain(h http.Handler, middleware ...func(http.Handler) http.Handler) http.Handler {
	for i := len(middleware) - 1; i >= 0; i-- {
		h = middleware[i](h)
	}
	return h
}

func TestMiddlewareChain(t *testing.T) {
	h, _ := newGuardHandler(t, func(c *HTTPConfig) { c.AutoUpdate = AutoUpdate{Enabled: true} })
	token := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeRead))

	srv := httptest.NewServer(chain(echoClaims, h.Authenticate, h.Protect(hasScopes(scopeRead)), h.Protect(anyScope(scopeRead, scopeAdmin))))
	defer srv.Close()

	resp := send(t, srv, "GET", "/orders", "", "Bearer "+token)
	if resp.status != 200 || resp.body != "uid=42" {
		t.Fatalf("GET /orders: status %d, body %q, want 200, %q", resp.status, resp.body, "uid=42")
	}
	// Authenticate parsed the token once, so only it set a refreshed token.
	if got := resp.header.Values("Authorization"); len(got) != 1 {
		t.Errorf("GET /orders: Authorization headers %q, want one refreshed token", got)
	}

	resp = send(t, srv, "GET", "/orders", "")
	if resp.status != 401 || resp.header.Get("WWW-Authenticate") != "Bearer" {
		t.Errorf("GET /orders without token: status %d, WWW-Authenticate %q, want 401, %q", resp.status, resp.header.Get("WWW-Authenticate"), "Bearer")
	}
}

func TestRejectionLog(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	h, _ := newGuardHandler(t, func(c *HTTPConfig) {
		c.Logger = logger
		c.Level = slog.LevelWarn
	})
	token := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeRead))
	srv := httptest.NewServer(h.Protect(hasScopes(scopeWrite))(echoClaims))
	defer srv.Close()

	tests := []struct {
		desc          string
		authorization string
		want          map[string]any
	}{
		{
			desc:          "rule failed",
			authorization: "Bearer " + token,
			want: map[string]any{
				"level": "WARN", "msg": "request rejected: rule failed", "method": "DELETE", "path": "/orders/5",
				"status": float64(403), "token_kind": "Access", "rule": "HasScopes(write:orders)",
				"error": "HasScopes(write:orders): missing scope write:orders",
			},
		},
		{
			desc:          "invalid token",
			authorization: "Bearer " + token + "x",
			want: map[string]any{
				"level": "WARN", "msg": "request rejected: invalid bearer token", "method": "DELETE", "path": "/orders/5",
				"status": float64(401), "token_kind": "Access",
			},
		},
		{
			desc: "no token",
			want: map[string]any{
				"level": "WARN", "msg": "request rejected: missing bearer token", "method": "DELETE", "path": "/orders/5",
				"status": float64(401), "token_kind": "Access",
			},
		},
		{
			desc:          "another scheme",
			authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
			want: map[string]any{
				"level": "WARN", "msg": "request rejected: missing bearer token", "status": float64(401),
				"error": "the Authorization header does not use the Bearer scheme",
			},
		},
		{
			desc:          "bare token without bare_token",
			authorization: token,
			want: map[string]any{
				"level": "WARN", "msg": "request rejected: missing bearer token", "status": float64(401),
				"error": "the Authorization header has no scheme; a token sent without one is accepted only with bare_token",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			buf.Reset()
			var auth []string
			if tt.authorization != "" {
				auth = []string{tt.authorization}
			}
			send(t, srv, "DELETE", "/orders/5", "", auth...)
			var record map[string]any
			if err := json.Unmarshal(buf.Bytes(), &record); err != nil {
				t.Fatalf("log %q is not one JSON record: %v", buf.String(), err)
			}
			for key, want := range tt.want {
				if record[key] != want {
					t.Errorf("log record %s = %v, want %v (record %s)", key, record[key], want, buf.String())
				}
			}
			checkNoToken(t, "log record", buf.String(), token)
		})
	}
}

func TestRejectionLogBelowLevel(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}))
	h, _ := newGuardHandler(t, func(c *HTTPConfig) {
		c.Logger = logger
		c.Level = slog.LevelInfo
	})
	srv := httptest.NewServer(h.Protect()(echoClaims))
	defer srv.Close()

	send(t, srv, "GET", "/", "")
	if buf.Len() != 0 {
		t.Errorf("with Level info and a logger at error, the log is %q, want empty", buf.String())
	}
}

func TestErrorWriter(t *testing.T) {
	var got *AuthError
	var challenge string
	h, _ := newGuardHandler(t, func(c *HTTPConfig) {
		c.ErrorWriter = func(w http.ResponseWriter, r *http.Request, e *AuthError) {
			got = e
			challenge = w.Header().Get("WWW-Authenticate")
			w.WriteHeader(e.Status)
			io.WriteString(w, "denied")
		}
	})
	token := issueGuardToken(t, h, newGuardClaims("42", "acme", scopeRead))
	srv := httptest.NewServer(h.Protect(hasScopes(scopeAdmin))(echoClaims))
	defer srv.Close()

	resp := send(t, srv, "GET", "/", "", "Bearer "+token)
	if resp.status != 403 || resp.body != "denied" {
		t.Errorf("GET /: status %d, body %q, want 403, %q", resp.status, resp.body, "denied")
	}
	if got == nil {
		t.Fatal("ErrorWriter was not called")
	}
	wantChallenge := `Bearer error="insufficient_scope", scope="admin"`
	if challenge != wantChallenge {
		t.Errorf("WWW-Authenticate when ErrorWriter runs = %q, want %q", challenge, wantChallenge)
	}
	if got.Code != CodeInsufficientScope || got.Rule != "HasScopes(admin)" || !slices.Equal(got.Scopes, []string{"admin"}) {
		t.Errorf("AuthError = %+v, want code %s, rule HasScopes(admin), scopes [admin]", got, CodeInsufficientScope)
	}
	if want := "rule failed: HasScopes(admin): missing scope admin"; got.Error() != want {
		t.Errorf("AuthError.Error() = %q, want %q", got.Error(), want)
	}
}

func TestBearerToken(t *testing.T) {
	tests := []struct {
		desc      string
		values    []string
		bare      bool
		wantToken string
		wantFound bool
		wantErr   bool
	}{
		{desc: "no header"},
		{desc: "bearer", values: []string{"Bearer abc.def.ghi"}, wantToken: "abc.def.ghi", wantFound: true},
		{desc: "mixed case scheme", values: []string{"bEaReR abc"}, wantToken: "abc", wantFound: true},
		{desc: "two spaces", values: []string{"Bearer  abc"}, wantToken: "abc", wantFound: true},
		{desc: "scheme only", values: []string{"Bearer"}, wantFound: true, wantErr: true},
		{desc: "scheme and space", values: []string{"Bearer "}, wantFound: true, wantErr: true},
		{desc: "two words", values: []string{"Bearer abc def"}, wantFound: true, wantErr: true},
		{desc: "tab in token", values: []string{"Bearer abc\tdef"}, wantFound: true, wantErr: true},
		{desc: "two headers", values: []string{"Bearer abc", "Bearer abc"}, wantFound: true, wantErr: true},
		{desc: "basic", values: []string{"Basic dXNlcjpwYXNz"}},
		{desc: "basic with bare", values: []string{"Basic dXNlcjpwYXNz"}, bare: true},
		{desc: "bare off", values: []string{"abc.def.ghi"}},
		{desc: "bare on", values: []string{"abc.def.ghi"}, bare: true, wantToken: "abc.def.ghi", wantFound: true},
		{desc: "bearer with bare on", values: []string{"Bearer abc"}, bare: true, wantToken: "abc", wantFound: true},
		{desc: "empty with bare on", values: []string{""}, bare: true},
	}
	for _, tt := range tests {
		token, found, err := bearerToken(tt.values, tt.bare)
		if token != tt.wantToken || found != tt.wantFound || (err != nil) != tt.wantErr {
			t.Errorf("%s: bearerToken(%q, %v) = %q, %v, %v, want %q, %v, error %v",
				tt.desc, tt.values, tt.bare, token, found, err, tt.wantToken, tt.wantFound, tt.wantErr)
		}
	}
}

func TestAuthErrorChallenge(t *testing.T) {
	tests := []struct {
		desc string
		err  AuthError
		want string
	}{
		{"no token", AuthError{Status: 401}, "Bearer"},
		{"invalid", AuthError{Status: 401, Code: CodeInvalidToken}, `Bearer error="invalid_token", error_description="The token is invalid"`},
		{"scopes", AuthError{Status: 403, Code: CodeInsufficientScope, Scopes: []string{"a:b", "c"}}, `Bearer error="insufficient_scope", scope="a:b c"`},
		{"no scopes", AuthError{Status: 403, Code: CodeInsufficientScope}, `Bearer error="insufficient_scope"`},
	}
	for _, tt := range tests {
		if got := tt.err.Challenge(); got != tt.want {
			t.Errorf("%s: Challenge() = %q, want %q", tt.desc, got, tt.want)
		}
	}
}

func TestFromContextEmpty(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if c, ok := FromContext[guardClaims](r.Context()); ok || c != nil {
		t.Errorf("FromContext of a fresh request = %v, %v, want nil, false", c, ok)
	}
	ctx := NewContext[guardClaims](r.Context(), nil)
	if c, ok := FromContext[guardClaims](ctx); ok || c != nil {
		t.Errorf("FromContext after NewContext(nil) = %v, %v, want nil, false", c, ok)
	}
	ctx = NewContext(r.Context(), &RegisteredClaims{Subject: "x"})
	if c, ok := FromContext[guardClaims](ctx); ok || c != nil {
		t.Errorf("FromContext[guardClaims] with other claims type = %v, %v, want nil, false", c, ok)
	}
}

// BenchmarkProtect measures Protect with a three-rule guard on a request
// with a valid HS256 token, parsing included, without a network.
func BenchmarkProtect(b *testing.B) {
	h, _ := newGuardHandler(b, nil)
	token := issueGuardToken(b, h, newGuardClaims("user-4242", "acme", scopeRead, scopeWrite).withPlan("pro"))
	mux := http.NewServeMux()
	guard := h.Protect(
		hasScopes(scopeRead, scopeWrite),
		HasValue(claimPlan, "pro"),
		MatchValues(claimUID, PathValue[guardClaims]("user_id")),
	)
	mux.Handle("PUT /users/{user_id}/orders/{id}", guard(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	r := httptest.NewRequest("PUT", "/users/user-4242/orders/1", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	if w.Code != 200 {
		b.Fatalf("status %d, want 200 (body %q)", w.Code, w.Body)
	}

	b.ReportAllocs()
	for b.Loop() {
		mux.ServeHTTP(w, r)
	}
}
