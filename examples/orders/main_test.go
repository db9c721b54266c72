package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

var testKey = bytes.Repeat([]byte{1}, 32)

func TestTokenTour(t *testing.T) {
	var out bytes.Buffer
	if err := tokenTour(&out, testKey, bytes.Repeat([]byte{2}, 32)); err != nil {
		t.Fatalf("tokenTour: %v\noutput:\n%s", err, out.String())
	}
	for _, want := range []string{
		"UserID=42 Tenant=acme Scopes=[read:orders write:orders]",
		"Scopes.Has(ScopeWriteOrders)=true Scopes.Has(ScopeAdmin)=false",
		"Plan=pro Quota=100",
		"LoginAt=nil",
		"Issuer=https://auth.example.test Audience=[orders-api] lifetime=15m0s",
		"UserID=42 Email=ada@example.test lifetime=12h0m0s",
		"invalid Session token: token decryption failed",
		"expired: invalid Access token: exp: token is expired",
		"for another audience: invalid Access token: aud: token has invalid audience",
		"tampered: invalid Access token: token signature is invalid",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tokenTour output lacks %q\noutput:\n%s", want, out.String())
		}
	}
}

func TestTour(t *testing.T) {
	var out bytes.Buffer
	if err := tour(&out, testKey); err != nil {
		t.Fatalf("tour: %v\noutput:\n%s", err, out.String())
	}
	for _, want := range []string{
		"GET /users/42/orders, no token\n   server log: level=INFO msg=\"request rejected: missing bearer token\"",
		"=> 401 Unauthorized\n   WWW-Authenticate: Bearer\n",
		`WWW-Authenticate: Bearer error="invalid_token", error_description="The token is invalid"`,
		"=> 201 Created\n   {\"id\":1,\"item\":\"green tea\",\"tenant\":\"acme\"}",
		"=> 200 OK\n   [{\"id\":1,\"item\":\"green tea\",\"tenant\":\"acme\"}]",
		"GET /users/7/orders",
		`WWW-Authenticate: Bearer error="insufficient_scope", scope="read:orders"`,
		`WWW-Authenticate: Bearer error="insufficient_scope", scope="admin"`,
		`{"42":[{"id":1,"item":"green tea","tenant":"acme"}]}`,
		`NoneOf(HasValue(claim plan, \"free\")): HasValue(claim plan, \"free\") passed`,
		"(no scheme)\n=> 200 OK\n   X-Refreshed-Token: eyJ",
		`error_description="The token has expired"`,
		`"type":"about:blank","title":"Forbidden","status":403`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tour output lacks %q\noutput:\n%s", want, out.String())
		}
	}
	if got := strings.Count(out.String(), "X-Refreshed-Token: "); got != 2 {
		t.Errorf("tour output has %d refreshed tokens, want 2: after half the first token's life, and for the refreshed token past half its own\noutput:\n%s", got, out.String())
	}
}

func TestDevTokenErrors(t *testing.T) {
	access, err := NewAccessHandler(AccessConfig{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		desc       string
		devTokens  bool
		form       url.Values
		wantStatus int
		wantBody   string
	}{
		{"valid", true, url.Values{"user_id": {"1"}, "scope": {"admin"}, "plan": {"pro"}}, 200, `"token_type":"Bearer"`},
		{"unknown scope", true, url.Values{"user_id": {"1"}, "scope": {"delete:orders"}}, 400, `unknown scope "delete:orders": declared scopes are read:orders, write:orders, admin`},
		{"unknown plan", true, url.Values{"user_id": {"1"}, "plan": {"gold"}}, 400, `unknown plan "gold", want free or pro`},
		{"no user", true, url.Values{"scope": {"admin"}}, 400, "user_id is missing"},
		{"endpoint off", false, url.Values{"user_id": {"1"}}, 404, "404 page not found"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			handler := newServer(access, tt.devTokens, logger)
			r, err := http.NewRequest("POST", "/dev/token", strings.NewReader(tt.form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			w := httptest.NewRecorder()
			handler.ServeHTTP(w, r)
			if w.Code != tt.wantStatus || !strings.Contains(w.Body.String(), tt.wantBody) {
				t.Errorf("POST /dev/token %s: %d %q, want %d and a body containing %q", tt.form.Encode(), w.Code, w.Body.String(), tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	logWriter := &lockedWriter{w: &logs}
	logger := slog.New(slog.NewTextHandler(logWriter, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, testKey, true, logger) }()
	base := "http://" + ln.Addr().String()

	resp, err := http.PostForm(base+"/dev/token", url.Values{"user_id": {"42"}, "scope": {"read:orders"}})
	if err != nil {
		t.Fatalf("POST /dev/token: %v", err)
	}
	var token tokenResponse
	err = json.NewDecoder(resp.Body).Decode(&token)
	resp.Body.Close()
	if err != nil || token.AccessToken == "" {
		t.Fatalf("POST /dev/token: status %d, token %q, error %v; want a token", resp.StatusCode, token.AccessToken, err)
	}

	for _, c := range []struct {
		authorization string
		wantStatus    int
	}{
		{"Bearer " + token.AccessToken, 200},
		{"", 401},
	} {
		req, err := http.NewRequest("GET", base+"/users/42/orders", nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.authorization != "" {
			req.Header.Set("Authorization", c.authorization)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET /users/42/orders: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.wantStatus {
			t.Errorf("GET /users/42/orders with %q: status %d, want %d", c.authorization, resp.StatusCode, c.wantStatus)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after its context was canceled, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return within 10s of its context being canceled")
	}
	logWriter.mu.Lock()
	log := logs.String()
	logWriter.mu.Unlock()
	for _, want := range []string{"serving the orders API", "POST /dev/token issues any token to anyone", "request rejected: missing bearer token", "shutting down"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}
