package runtime_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"time"

	"github.com/tokengen/tokengen/runtime"
)

// Scope and AccessClaims stand in for what tokengen generates from a
// schema with the scopes read:orders and write:orders.
type Scope uint16

const (
	ScopeReadOrders Scope = iota + 1
	ScopeWriteOrders
)

func (s Scope) String() string {
	switch s {
	case ScopeReadOrders:
		return "read:orders"
	case ScopeWriteOrders:
		return "write:orders"
	}
	return fmt.Sprintf("Scope(%d)", uint16(s))
}

type AccessClaims struct {
	runtime.RegisteredClaims
	UserID string
	Scopes []Scope
}

type AccessRule = runtime.Rule[AccessClaims]

func accessGranted(c *AccessClaims, s Scope) bool { return slices.Contains(c.Scopes, s) }

// The rules a generated file declares for a guard of the schema.
var (
	claimUserID = runtime.ClaimValue("uid", func(c *AccessClaims) (string, bool) { return c.UserID, c.UserID != "" })

	EditOwnOrders AccessRule = runtime.AllOf(
		runtime.HasScopes(accessGranted, ScopeWriteOrders),
		runtime.MatchValues(claimUserID, runtime.PathValue[AccessClaims]("user_id")),
	)
)

// A rule describes itself, lists the scopes it needs, and reports every
// failed part when checked.
func ExampleRule() {
	fmt.Println(EditOwnOrders)
	fmt.Println(EditOwnOrders.Scopes())

	claims := &AccessClaims{UserID: "42", Scopes: []Scope{ScopeReadOrders}}
	r := httptest.NewRequest("PUT", "/users/7/orders/1", nil)
	r.SetPathValue("user_id", "7") // ServeMux sets this for "PUT /users/{user_id}/orders/{id}"
	fmt.Println(EditOwnOrders.Check(claims, r))
	// Output:
	// AllOf(HasScopes(write:orders), MatchValues(claim uid, path value user_id))
	// [write:orders]
	// HasScopes(write:orders): missing scope write:orders
	// MatchValues(claim uid, path value user_id): the values differ
}

// Outside HTTP, for example in a queue consumer, a rule is checked with a
// nil request. Rules that read the request then fail with ErrNoRequest.
func ExampleRule_withoutRequest() {
	claims := &AccessClaims{UserID: "42", Scopes: []Scope{ScopeWriteOrders}}

	canWrite := runtime.HasScopes(accessGranted, ScopeWriteOrders)
	fmt.Println(canWrite.Check(claims, nil))

	err := EditOwnOrders.Check(claims, nil)
	fmt.Println(errors.Is(err, runtime.ErrNoRequest))
	// Output:
	// <nil>
	// true
}

// accessCodec is the glue that tokengen generates for AccessClaims.
var accessCodec = runtime.Codec[AccessClaims]{
	Registered: func(c *AccessClaims) *runtime.RegisteredClaims { return &c.RegisteredClaims },
	DecodeMember: func(c *AccessClaims, name []byte, d *runtime.Decoder) (bool, error) {
		switch string(name) {
		case "uid":
			var err error
			c.UserID, err = d.String()
			return true, err
		case "scp":
			return true, d.Words(func(word []byte) {
				for s := ScopeReadOrders; s <= ScopeWriteOrders; s++ {
					if s.String() == string(word) {
						c.Scopes = append(c.Scopes, s)
					}
				}
			})
		}
		return false, nil
	},
	EncodeMembers: func(c *AccessClaims, e *runtime.Encoder) {
		e.String("uid", c.UserID)
		names := make([]string, len(c.Scopes))
		for i, s := range c.Scopes {
			names[i] = s.String()
		}
		e.Strings("scp", names)
	},
	Check: func(*AccessClaims) error { return nil },
}

// Protect guards a ServeMux route with rules. A token that fails them gets
// 403 with the scopes the rules need.
func ExampleHandler_Protect() {
	h, err := runtime.NewHandler(runtime.Config{
		Kind:      "Access",
		Algorithm: "HS256",
		Key:       []byte("example-secret-0123456789abcdefgh"),
		Lifespan:  15 * time.Minute,
		Issuer:    "https://auth.example.test",
		Audience:  []string{"orders-api"},
		Require:   runtime.CheckAll,
		Verify:    runtime.CheckAll,
	}, accessCodec)
	if err != nil {
		fmt.Println(err)
		return
	}

	mux := http.NewServeMux()
	mux.Handle("PUT /users/{user_id}/orders/{id}", h.Protect(EditOwnOrders)(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			claims, _ := runtime.FromContext[AccessClaims](r.Context())
			fmt.Fprintf(w, "order %s updated by %s", r.PathValue("id"), claims.UserID)
		})))

	token, err := h.Issue(&AccessClaims{UserID: "42", Scopes: []Scope{ScopeWriteOrders}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, path := range []string{"/users/42/orders/1", "/users/7/orders/1"} {
		r := httptest.NewRequest("PUT", path, nil)
		r.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("WWW-Authenticate"), w.Body.String())
	}
	// Output:
	// 200  order 1 updated by 42
	// 403 Bearer error="insufficient_scope", scope="write:orders" {"type":"about:blank","title":"Forbidden","status":403,"detail":"The token does not grant access to this resource."}
}
