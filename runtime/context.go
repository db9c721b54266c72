package runtime

import (
	"context"
	"fmt"
)

// claimsKey is the context key of claims of type C. Being generic, each
// claims type has its own key, and being unexported, only NewContext can
// set it.
type claimsKey[C any] struct{}

// NewContext returns a copy of ctx that carries the claims c. Authenticate
// and Protect call it for a request with a valid token. Tests and non-HTTP
// servers call it to pass claims to code that uses FromContext.
func NewContext[C any](ctx context.Context, c *C) context.Context {
	return context.WithValue(ctx, claimsKey[C]{}, c)
}

// FromContext returns the claims of type C stored by NewContext, and
// whether there were any. Handlers behind Authenticate or Protect read the
// claims of the request's token this way:
//
//	claims, ok := runtime.FromContext[AccessClaims](r.Context())
//
// The claims are shared by everything that handles the request; treat them
// as read-only.
func FromContext[C any](ctx context.Context) (*C, bool) {
	c, ok := ctx.Value(claimsKey[C]{}).(*C)
	return c, ok && c != nil
}

// claimsContext is the context that Authenticate and Protect give a request
// with a valid token. It carries the claims as NewContext does, but holds
// them itself, so that the claims and the context take one allocation.
type claimsContext[C any] struct {
	context.Context
	claims C
}

// Value returns the claims for their key and the parent context's value for
// any other key, as the context of context.WithValue does. Done, Err and
// Deadline come from the parent, so cancellation passes through unchanged.
func (c *claimsContext[C]) Value(key any) any {
	if _, ok := key.(claimsKey[C]); ok {
		return &c.claims
	}
	return c.Context.Value(key)
}

// String describes the context without the claims, for debugging.
func (c *claimsContext[C]) String() string {
	return fmt.Sprintf("%v.WithValue(%T)", c.Context, c.claims)
}
