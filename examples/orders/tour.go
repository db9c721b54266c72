package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// tour runs the service in process, with the development token endpoint
// and a clock that it moves forward, sends the requests of a typical
// session and prints each with its response to w. It returns an error when
// a response has another status than the tour expects.
func tour(w io.Writer, key []byte) error {
	out := &lockedWriter{w: w}
	clk := &clock{now: time.Now()}
	logger := slog.New(slog.NewTextHandler(&prefixWriter{w: out, prefix: "   server log: "}, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	}))
	access, err := NewAccessHandler(AccessConfig{Key: key, Now: clk.Now, Logger: logger, LogLevel: slog.LevelInfo})
	if err != nil {
		return err
	}
	srv := httptest.NewServer(newServer(access, true, logger))
	defer srv.Close()
	t := &tourist{w: out, client: srv.Client(), base: srv.URL}

	user := t.token("User 42 gets a token with the scopes read:orders and write:orders.",
		url.Values{"user_id": {"42"}, "tenant": {"acme"}, "scope": {"read:orders", "write:orders"}})
	t.send("Without a token the API answers 401 with a bare Bearer challenge.", 401, "GET", "/users/42/orders", "", "")
	t.send("A token that does not verify gets 401 invalid_token.", 401, "GET", "/users/42/orders", "Bearer not.a.token", "")
	t.send("User 42 places an order (EditOwnOrders).", 201, "POST", "/users/42/orders", "Bearer "+user, `{"item":"green tea"}`)
	t.send("User 42 reads their own orders (ReadOwnOrders).", 200, "GET", "/users/42/orders", "Bearer "+user, "")
	t.send("The orders of user 7 are not theirs: 403.", 403, "GET", "/users/7/orders", "Bearer "+user, "")
	t.send("The admin route needs the admin scope or the support role (Support): 403.", 403, "GET", "/admin/orders", "Bearer "+user, "")

	support := t.token("A support agent gets a token with the role support and no scopes.",
		url.Values{"user_id": {"s-1"}, "tenant": {"acme"}, "role": {"support"}})
	t.send("The support role passes Support: 200.", 200, "GET", "/admin/orders", "Bearer "+support, "")
	free := t.token("User 8 of a tenant on the free plan gets a token with write:orders.",
		url.Values{"user_id": {"8"}, "tenant": {"thrifty"}, "plan": {"free"}, "scope": {"write:orders"}})
	t.send("EditOwnOrders turns away the free plan: 403.", 403, "POST", "/users/8/orders", "Bearer "+free, `{"item":"black tea"}`)

	clk.advance(8 * time.Minute)
	fmt.Fprintln(out, "\n8 minutes later, past half of the token's 15-minute life:")
	t.send("The token, sent bare as jason's clients send it, gets a refreshed one in X-Refreshed-Token.", 200, "GET", "/users/42/orders", user, "")
	refreshed := t.lastRefresh

	clk.advance(10 * time.Minute)
	fmt.Fprintln(out, "\n10 minutes later, 18 minutes after the first token was issued:")
	t.send("The first token has expired: 401.", 401, "GET", "/users/42/orders", "Bearer "+user, "")
	t.send("The refreshed token still works.", 200, "GET", "/users/42/orders", "Bearer "+refreshed, "")
	if t.err == nil && refreshed == "" {
		t.err = fmt.Errorf("no response carried a refreshed token")
	}
	return t.err
}

// tourist sends the tour's requests and prints them. After the first
// failure it sends nothing more and keeps the error.
type tourist struct {
	w      io.Writer
	client *http.Client
	base   string
	err    error
	// lastRefresh is the refreshed token of the last response, if any.
	lastRefresh string
}

// token gets a token from the development endpoint for the form fields,
// printing desc first.
func (t *tourist) token(desc string, form url.Values) string {
	body := t.send(desc, 200, "POST", "/dev/token", "", form.Encode())
	var resp tokenResponse
	if t.err == nil {
		if err := json.Unmarshal(body, &resp); err != nil {
			t.err = fmt.Errorf("decode token response: %w", err)
		}
	}
	return resp.AccessToken
}

// send sends a request with the Authorization header authorization, if
// any, and body, a form or a JSON object. It prints the request, the
// response's status, its WWW-Authenticate and X-Refreshed-Token headers
// and its body, and records an error when the status is not wantStatus.
func (t *tourist) send(desc string, wantStatus int, method, path, authorization, body string) []byte {
	if t.err != nil {
		return nil
	}
	fmt.Fprintf(t.w, "\n%s\n%s %s%s\n", desc, method, path, describeAuth(authorization))
	req, err := http.NewRequest(method, t.base+path, strings.NewReader(body))
	if err != nil {
		t.err = err
		return nil
	}
	switch {
	case strings.HasPrefix(body, "{"):
		req.Header.Set("Content-Type", "application/json")
	case body != "":
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}

	resp, err := t.client.Do(req)
	if err != nil {
		t.err = err
		return nil
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.err = err
		return nil
	}

	fmt.Fprintf(t.w, "=> %s\n", resp.Status)
	if challenge := resp.Header.Get("WWW-Authenticate"); challenge != "" {
		fmt.Fprintf(t.w, "   WWW-Authenticate: %s\n", challenge)
	}
	t.lastRefresh = resp.Header.Get("X-Refreshed-Token")
	if t.lastRefresh != "" {
		fmt.Fprintf(t.w, "   X-Refreshed-Token: %s\n", shortToken(t.lastRefresh))
	}
	fmt.Fprintf(t.w, "   %s\n", describeBody(data))
	if resp.StatusCode != wantStatus {
		t.err = fmt.Errorf("%s %s: status %d, want %d", method, path, resp.StatusCode, wantStatus)
	}
	return data
}

// describeAuth describes an Authorization header for the tour's output,
// without printing whole tokens.
func describeAuth(authorization string) string {
	switch {
	case authorization == "":
		return ", no token"
	case strings.HasPrefix(authorization, "Bearer "):
		return ", Authorization: Bearer " + shortToken(strings.TrimPrefix(authorization, "Bearer "))
	}
	return ", Authorization: " + shortToken(authorization) + " (no scheme)"
}

// shortToken returns the start and end of a token, enough to tell tokens
// apart in the tour's output.
func shortToken(token string) string {
	if len(token) <= 24 {
		return token
	}
	return token[:12] + "..." + token[len(token)-8:]
}

// describeBody returns a response body for the tour's output, with the
// tokens of a token response shortened.
func describeBody(data []byte) string {
	var resp tokenResponse
	if json.Unmarshal(data, &resp) == nil && resp.AccessToken != "" {
		return fmt.Sprintf(`{"access_token":%q,"token_type":%q}`, shortToken(resp.AccessToken), resp.TokenType)
	}
	return string(bytes.TrimSpace(data))
}

// clock is the service's time, which the tour moves forward to show
// refreshed and expired tokens. It is safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// advance moves the clock forward by d.
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// lockedWriter serializes the writes of the tour and the server's logger,
// which run on different goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// prefixWriter starts every write with prefix. slog handlers write each
// record with one call.
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	if _, err := w.w.Write(append([]byte(w.prefix), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}
