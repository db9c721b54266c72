package runtime

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type parentKey struct{}

// TestRequestContext checks the context that Authenticate and Protect give
// a request with a valid token: it has the claims, keeps the values and the
// cancellation of the request's own context, and does not print the claims.
func TestRequestContext(t *testing.T) {
	h, _ := newGuardHandler(t, nil)
	token := issueGuardToken(t, h, newGuardClaims("user-4242", "tenant-acme", scopeRead))

	for _, tt := range []struct {
		desc       string
		middleware func(http.Handler) http.Handler
	}{
		{"Authenticate", h.Authenticate},
		{"Protect", h.Protect()},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			parent, cancel := context.WithCancel(context.WithValue(context.Background(), parentKey{}, "from parent"))
			var got context.Context
			tt.middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				got = r.Context()
			})).ServeHTTP(httptest.NewRecorder(), requestWithToken(parent, token))
			if got == nil {
				t.Fatalf("%s did not call the next handler", tt.desc)
			}

			c, ok := FromContext[guardClaims](got)
			if !ok || c.UserID != "user-4242" {
				t.Errorf("FromContext = %+v, %v, want the claims of uid user-4242", c, ok)
			}
			if v := got.Value(parentKey{}); v != "from parent" {
				t.Errorf("Value(parentKey) = %v, want the parent's value", v)
			}
			if c, ok := FromContext[RegisteredClaims](got); ok {
				t.Errorf("FromContext[RegisteredClaims] = %+v, want none", c)
			}

			// A value added on top leaves the claims visible, and a context derived
			// from the request's is canceled with the parent.
			derived, stop := context.WithCancel(context.WithValue(got, parentKey{}, "on top"))
			defer stop()
			if derivedClaims, _ := FromContext[guardClaims](derived); derivedClaims != c {
				t.Errorf("FromContext(derived) = %p, want the claims %p", derivedClaims, c)
			}
			cancel()
			<-derived.Done()
			if err := got.Err(); err != context.Canceled {
				t.Errorf("Err() after the parent's cancel = %v, want context.Canceled", err)
			}

			s := fmt.Sprint(got)
			if strings.Contains(s, "user-4242") || strings.Contains(s, "tenant-acme") {
				t.Errorf("the context prints as %q, which shows the claims", s)
			}
			if !strings.Contains(s, "guardClaims") {
				t.Errorf("the context prints as %q, want the claims type named", s)
			}
		})
	}
}

// TestAuthenticateAllocations checks that an authenticated request costs
// one allocation more than Parse: the copy of the request that carries the
// new context. The claims and that context share one allocation.
func TestAuthenticateAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations")
	}
	h, _ := newGuardHandler(t, nil)
	token := issueGuardToken(t, h, newGuardClaims("user-4242", "acme", scopeRead))
	r := requestWithToken(context.Background(), token)
	w := httptest.NewRecorder()
	called := false
	serve := h.Authenticate(h.Protect(hasScopes(scopeRead))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		called = true
	})))

	serve.ServeHTTP(w, r) // fill the pool
	if !called {
		t.Fatalf("the request was rejected: %d %s", w.Code, w.Body)
	}
	parse := testing.AllocsPerRun(100, func() { h.Parse(token) })
	middleware := testing.AllocsPerRun(100, func() { serve.ServeHTTP(w, r) })
	if middleware != parse+1 {
		t.Errorf("Authenticate and Protect made %v allocations and Parse %v, want Parse's and one more", middleware, parse)
	}
}

// requestWithToken returns a GET request with ctx and token as its bearer
// token.
func requestWithToken(ctx context.Context, token string) *http.Request {
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/orders", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}
