package runtime

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// guardScope and guardClaims stand in for the types that tokengen
// generates: a scope enum with String, and a claims struct with a scope set.
type guardScope uint8

const (
	scopeRead guardScope = iota + 1
	scopeWrite
	scopeAdmin
)

var guardScopeNames = [...]string{"", "read:orders", "write:orders", "admin"}

func (s guardScope) String() string { return guardScopeNames[s] }

type guardClaims struct {
	RegisteredClaims
	UserID string
	Scopes uint64 // bit s set: scope s granted
	Tenant string
	Roles  []string
	Plan   *string
}

func newGuardClaims(userID, tenant string, scopes ...guardScope) *guardClaims {
	c := &guardClaims{UserID: userID, Tenant: tenant}
	for _, s := range scopes {
		c.Scopes |= 1 << s
	}
	return c
}

func (c *guardClaims) withRoles(roles ...string) *guardClaims {
	c.Roles = append([]string{}, roles...) // non-nil: present
	return c
}

func (c *guardClaims) withPlan(plan string) *guardClaims {
	c.Plan = &plan
	return c
}

func guardGranted(c *guardClaims, s guardScope) bool { return c.Scopes&(1<<s) != 0 }

// Values and keys as generated code would declare them.
var (
	claimUID    = ClaimValue("uid", func(c *guardClaims) (string, bool) { return c.UserID, c.UserID != "" })
	claimTenant = ClaimValue("tenant", func(c *guardClaims) (string, bool) { return c.Tenant, c.Tenant != "" })
	claimRoles  = ClaimList("roles", func(c *guardClaims) ([]string, bool) { return c.Roles, c.Roles != nil })
	claimPlan   = ClaimValue("plan", func(c *guardClaims) (string, bool) {
		if c.Plan == nil {
			return "", false
		}
		return *c.Plan, true
	})

	keyTenant = Key[guardClaims]{Name: "tenant", Present: func(c *guardClaims) bool { return c.Tenant != "" }}
	keyRoles  = Key[guardClaims]{Name: "roles", Present: func(c *guardClaims) bool { return c.Roles != nil }}
	keyPlan   = Key[guardClaims]{Name: "plan", Present: func(c *guardClaims) bool { return c.Plan != nil }}
)

func hasScopes(scopes ...guardScope) Rule[guardClaims] { return HasScopes(guardGranted, scopes...) }
func anyScope(scopes ...guardScope) Rule[guardClaims]  { return AnyScope(guardGranted, scopes...) }

// ruleCase is one row of the rule tables. A nil request means Check gets
// no request; otherwise the request is served by a ServeMux with the
// pattern "/users/{user_id}/", so PathValue("user_id") works.
type ruleCase struct {
	desc    string
	rule    Rule[guardClaims]
	claims  *guardClaims
	request *http.Request

	wantPass          bool
	wantMessages      []string // each must be a line of the error
	wantIndeterminate bool
	wantNoRequest     bool
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			// Read the body the test sends, to compare with the body the
			// handler reads after Check. Forms are parsed into
			// Request.PostForm instead; TestFormValueLeavesForm checks them.
			var body []byte
			checkBody := tc.request != nil && tc.request.Body != nil
			if checkBody {
				if _, ok := tc.request.Body.(*formBody); ok {
					checkBody = false
				}
			}
			if checkBody {
				body, _ = io.ReadAll(tc.request.Body)
				tc.request.Body = io.NopCloser(bytes.NewReader(body))
			}
			bodyAfter, err := checkRule(t, tc.rule, tc.claims, tc.request)
			call := tc.rule.String() + ".Check"

			if tc.wantPass {
				if err != nil {
					t.Errorf("%s = %q, want nil", call, err)
				}
			} else if err == nil {
				t.Errorf("%s = nil, want an error", call)
			}
			if err != nil {
				lines := strings.Split(err.Error(), "\n")
				for _, want := range tc.wantMessages {
					if !slices.Contains(lines, want) {
						t.Errorf("%s = %q, want a line %q", call, err, want)
					}
				}
			}
			if got := err != nil && isIndeterminate(err); got != tc.wantIndeterminate {
				t.Errorf("%s = %q, indeterminate %v, want %v", call, err, got, tc.wantIndeterminate)
			}
			if got := errors.Is(err, ErrNoRequest); got != tc.wantNoRequest {
				t.Errorf("errors.Is(%s = %q, ErrNoRequest) = %v, want %v", call, err, got, tc.wantNoRequest)
			}
			if checkBody && bodyAfter != string(body) {
				t.Errorf("after %s the handler read body %q, want %q", call, bodyAfter, body)
			}
		})
	}
}

// checkRule runs rule.Check as a handler behind a ServeMux would, and
// returns the body that the handler can read afterwards and its error.
func checkRule(t *testing.T, rule Rule[guardClaims], c *guardClaims, r *http.Request) (bodyAfter string, err error) {
	t.Helper()
	if r == nil {
		return "", rule.Check(c, nil)
	}
	served := false
	mux := http.NewServeMux()
	mux.HandleFunc("/users/{user_id}/", func(w http.ResponseWriter, r *http.Request) {
		served = true
		err = rule.Check(c, r)
		if r.Body != nil {
			b, readErr := io.ReadAll(r.Body)
			if readErr != nil {
				t.Errorf("reading the body after Check: %v", readErr)
			}
			bodyAfter = string(b)
		}
	})
	mux.ServeHTTP(httptest.NewRecorder(), r)
	if !served {
		t.Fatalf("ServeMux did not route %s %s to the test handler", r.Method, r.URL)
	}
	return bodyAfter, err
}

// newRequest returns a request for target with body and the headers given
// as name, value pairs.
func newRequest(method, target, body string, headers ...string) *http.Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	return r
}

func jsonRequest(body string) *http.Request {
	return newRequest("POST", "/users/42/orders", body, "Content-Type", "application/json")
}

func TestHasScopes(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			desc:     "every scope granted",
			rule:     hasScopes(scopeRead, scopeWrite),
			claims:   newGuardClaims("42", "acme", scopeRead, scopeWrite, scopeAdmin),
			wantPass: true,
		},
		{
			desc:         "one scope missing",
			rule:         hasScopes(scopeRead, scopeWrite),
			claims:       newGuardClaims("42", "acme", scopeRead),
			wantMessages: []string{"HasScopes(read:orders, write:orders): missing scope write:orders"},
		},
		{
			desc:         "every scope missing",
			rule:         hasScopes(scopeRead, scopeWrite),
			claims:       newGuardClaims("42", "acme", scopeAdmin),
			wantMessages: []string{"HasScopes(read:orders, write:orders): missing scope read:orders, write:orders"},
		},
		{
			desc:              "nil claims",
			rule:              hasScopes(scopeRead),
			wantMessages:      []string{"HasScopes(read:orders): missing claims"},
			wantIndeterminate: true,
		},
	})
}

func TestAnyScope(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			desc:     "first scope granted",
			rule:     anyScope(scopeWrite, scopeAdmin),
			claims:   newGuardClaims("42", "acme", scopeWrite),
			wantPass: true,
		},
		{
			desc:     "last scope granted",
			rule:     anyScope(scopeWrite, scopeAdmin),
			claims:   newGuardClaims("42", "acme", scopeAdmin),
			wantPass: true,
		},
		{
			desc:         "no scope granted",
			rule:         anyScope(scopeWrite, scopeAdmin),
			claims:       newGuardClaims("42", "acme", scopeRead),
			wantMessages: []string{"AnyScope(write:orders, admin): no listed scope granted"},
		},
	})
}

func TestHasKeys(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			desc:     "every claim present",
			rule:     HasKeys(keyTenant, keyRoles),
			claims:   newGuardClaims("42", "acme").withRoles("clerk"),
			wantPass: true,
		},
		{
			desc:     "empty list is present",
			rule:     HasKeys(keyRoles),
			claims:   newGuardClaims("42", "acme").withRoles(),
			wantPass: true,
		},
		{
			desc:         "one claim missing",
			rule:         HasKeys(keyTenant, keyRoles),
			claims:       newGuardClaims("42", "acme"),
			wantMessages: []string{"HasKeys(tenant, roles): missing claim roles"},
		},
		{
			desc:         "two claims missing",
			rule:         HasKeys(keyTenant, keyRoles, keyPlan),
			claims:       newGuardClaims("42", "acme"),
			wantMessages: []string{"HasKeys(tenant, roles, plan): missing claim roles, plan"},
		},
		{
			desc:              "nil claims",
			rule:              HasKeys(keyTenant),
			wantMessages:      []string{"HasKeys(tenant): missing claims"},
			wantIndeterminate: true,
		},
	})
}

func TestHasValue(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			desc:     "claim equals",
			rule:     HasValue(claimPlan, "pro"),
			claims:   newGuardClaims("42", "acme").withPlan("pro"),
			wantPass: true,
		},
		{
			desc:         "claim differs",
			rule:         HasValue(claimPlan, "pro"),
			claims:       newGuardClaims("42", "acme").withPlan("free"),
			wantMessages: []string{`HasValue(claim plan, "pro"): claim plan does not equal "pro"`},
		},
		{
			desc:         "claim differs in case",
			rule:         HasValue(claimPlan, "pro"),
			claims:       newGuardClaims("42", "acme").withPlan("Pro"),
			wantMessages: []string{`HasValue(claim plan, "pro"): claim plan does not equal "pro"`},
		},
		{
			desc:         "claim missing",
			rule:         HasValue(claimPlan, "pro"),
			claims:       newGuardClaims("42", "acme"),
			wantMessages: []string{`HasValue(claim plan, "pro"): claim plan is missing`},
		},
		{
			desc:         "empty claim counts as missing",
			rule:         HasValue(claimPlan, "pro"),
			claims:       newGuardClaims("42", "acme").withPlan(""),
			wantMessages: []string{`HasValue(claim plan, "pro"): claim plan is missing`},
		},
		{
			desc:     "list claim contains",
			rule:     HasValue(claimRoles, "admin"),
			claims:   newGuardClaims("42", "acme").withRoles("clerk", "admin"),
			wantPass: true,
		},
		{
			desc:         "list claim lacks",
			rule:         HasValue(claimRoles, "admin"),
			claims:       newGuardClaims("42", "acme").withRoles("clerk", "administrator"),
			wantMessages: []string{`HasValue(claim roles, "admin"): claim roles does not contain "admin"`},
		},
		{
			desc:         "list claim empty",
			rule:         HasValue(claimRoles, "admin"),
			claims:       newGuardClaims("42", "acme").withRoles(),
			wantMessages: []string{`HasValue(claim roles, "admin"): claim roles does not contain "admin"`},
		},
		{
			desc:         "list claim missing",
			rule:         HasValue(claimRoles, "admin"),
			claims:       newGuardClaims("42", "acme"),
			wantMessages: []string{`HasValue(claim roles, "admin"): claim roles is missing`},
		},
		{
			desc:     "header equals",
			rule:     HasValue(HeaderValue[guardClaims]("X-Tenant"), "acme"),
			claims:   newGuardClaims("42", "acme"),
			request:  newRequest("GET", "/users/42/orders", "", "X-Tenant", "acme"),
			wantPass: true,
		},
		{
			desc:              "header without request",
			rule:              HasValue(HeaderValue[guardClaims]("X-Tenant"), "acme"),
			claims:            newGuardClaims("42", "acme"),
			wantIndeterminate: true,
			wantNoRequest:     true,
		},
	})
}

func TestMatchValuesClaimsAndPath(t *testing.T) {
	path := PathValue[guardClaims]("user_id")
	runRuleCases(t, []ruleCase{
		{
			desc:     "claim equals path value",
			rule:     MatchValues(claimUID, path),
			claims:   newGuardClaims("42", "acme"),
			request:  newRequest("GET", "/users/42/orders", ""),
			wantPass: true,
		},
		{
			desc:         "claim differs from path value",
			rule:         MatchValues(claimUID, path),
			claims:       newGuardClaims("42", "acme"),
			request:      newRequest("GET", "/users/43/orders", ""),
			wantMessages: []string{"MatchValues(claim uid, path value user_id): the values differ"},
		},
		{
			desc:         "claim is a prefix of path value",
			rule:         MatchValues(claimUID, path),
			claims:       newGuardClaims("4", "acme"),
			request:      newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{"MatchValues(claim uid, path value user_id): the values differ"},
		},
		{
			desc:         "claim missing",
			rule:         MatchValues(claimUID, path),
			claims:       newGuardClaims("", "acme"),
			request:      newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{"MatchValues(claim uid, path value user_id): claim uid is missing"},
		},
		{
			desc:         "no such wildcard",
			rule:         MatchValues(claimUID, PathValue[guardClaims]("order_id")),
			claims:       newGuardClaims("42", "acme"),
			request:      newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{"MatchValues(claim uid, path value order_id): path value order_id is missing"},
		},
		{
			desc:              "nil request",
			rule:              MatchValues(claimUID, path),
			claims:            newGuardClaims("42", "acme"),
			wantMessages:      []string{"MatchValues(claim uid, path value user_id): path value user_id: " + ErrNoRequest.Error()},
			wantIndeterminate: true,
			wantNoRequest:     true,
		},
		{
			desc:     "two claims equal",
			rule:     MatchValues(claimUID, claimTenant),
			claims:   newGuardClaims("acme", "acme"),
			wantPass: true,
		},
		{
			desc:     "three values equal",
			rule:     MatchValues(claimUID, path, HeaderValue[guardClaims]("X-User-Id")),
			claims:   newGuardClaims("42", "acme"),
			request:  newRequest("GET", "/users/42/orders", "", "X-User-Id", "42"),
			wantPass: true,
		},
		{
			desc:         "third value differs",
			rule:         MatchValues(claimUID, path, HeaderValue[guardClaims]("X-User-Id")),
			claims:       newGuardClaims("42", "acme"),
			request:      newRequest("GET", "/users/42/orders", "", "X-User-Id", "43"),
			wantMessages: []string{"MatchValues(claim uid, path value user_id, header X-User-Id): the values differ"},
		},
		{
			desc:     "list claim contains path value",
			rule:     MatchValues(claimRoles, path),
			claims:   newGuardClaims("7", "acme").withRoles("41", "42"),
			request:  newRequest("GET", "/users/42/orders", ""),
			wantPass: true,
		},
		{
			desc:         "list claim lacks path value",
			rule:         MatchValues(claimRoles, path),
			claims:       newGuardClaims("7", "acme").withRoles("41", "43"),
			request:      newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{"MatchValues(claim roles, path value user_id): the values differ"},
		},
		{
			desc:     "two lists share an element",
			rule:     MatchValues(claimRoles, ClaimList("groups", func(c *guardClaims) ([]string, bool) { return []string{"x", "42"}, true })),
			claims:   newGuardClaims("7", "acme").withRoles("41", "42"),
			wantPass: true,
		},
		{
			desc:         "two lists share nothing",
			rule:         MatchValues(claimRoles, ClaimList("groups", func(c *guardClaims) ([]string, bool) { return []string{"x", "y"}, true })),
			claims:       newGuardClaims("7", "acme").withRoles("41", "42"),
			wantMessages: []string{"MatchValues(claim roles, claim groups): the values differ"},
		},
		{
			desc:         "every missing value reported",
			rule:         MatchValues(claimUID, claimPlan, path),
			claims:       newGuardClaims("", "acme"),
			request:      newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{"MatchValues(claim uid, claim plan, path value user_id): claim uid is missing", "MatchValues(claim uid, claim plan, path value user_id): claim plan is missing"},
		},
	})
}

func TestMatchValuesQueryHeaderForm(t *testing.T) {
	query := QueryValue[guardClaims]("user_id")
	header := HeaderValue[guardClaims]("x-user-id")
	form := FormValue[guardClaims]("user_id")
	runRuleCases(t, []ruleCase{
		{
			desc:     "query parameter equals",
			rule:     MatchValues(claimUID, query),
			claims:   newGuardClaims("42", "acme"),
			request:  newRequest("GET", "/users/me/orders?user_id=42", ""),
			wantPass: true,
		},
		{
			desc:     "escaped query parameter equals",
			rule:     MatchValues(claimUID, query),
			claims:   newGuardClaims("a b/c", "acme"),
			request:  newRequest("GET", "/users/me/orders?user_id=a+b%2Fc", ""),
			wantPass: true,
		},
		{
			desc:         "query parameter differs",
			rule:         MatchValues(claimUID, query),
			claims:       newGuardClaims("42", "acme"),
			request:      newRequest("GET", "/users/me/orders?user_id=43", ""),
			wantMessages: []string{"MatchValues(claim uid, query parameter user_id): the values differ"},
		},
		{
			desc:         "query parameter missing",
			rule:         MatchValues(claimUID, query),
			claims:       newGuardClaims("42", "acme"),
			request:      newRequest("GET", "/users/me/orders?uid=42", ""),
			wantMessages: []string{"MatchValues(claim uid, query parameter user_id): query parameter user_id is missing"},
		},
		{
			desc:              "query parameter repeated",
			rule:              MatchValues(claimUID, query),
			claims:            newGuardClaims("42", "acme"),
			request:           newRequest("GET", "/users/me/orders?user_id=42&user_id=43", ""),
			wantMessages:      []string{"MatchValues(claim uid, query parameter user_id): query parameter user_id is sent 2 times, want once"},
			wantIndeterminate: true,
		},
		{
			desc:     "header equals",
			rule:     MatchValues(claimUID, header),
			claims:   newGuardClaims("42", "acme"),
			request:  newRequest("GET", "/users/me/orders", "", "X-USER-ID", "42"),
			wantPass: true,
		},
		{
			desc:         "header differs",
			rule:         MatchValues(claimUID, header),
			claims:       newGuardClaims("42", "acme"),
			request:      newRequest("GET", "/users/me/orders", "", "X-User-Id", "420"),
			wantMessages: []string{"MatchValues(claim uid, header X-User-Id): the values differ"},
		},
		{
			desc:         "header missing",
			rule:         MatchValues(claimUID, header),
			claims:       newGuardClaims("42", "acme"),
			request:      newRequest("GET", "/users/me/orders", ""),
			wantMessages: []string{"MatchValues(claim uid, header X-User-Id): header X-User-Id is missing"},
		},
		{
			desc:              "header repeated",
			rule:              MatchValues(claimUID, header),
			claims:            newGuardClaims("42", "acme"),
			request:           newRequest("GET", "/users/me/orders", "", "X-User-Id", "42", "X-User-Id", "42"),
			wantMessages:      []string{"MatchValues(claim uid, header X-User-Id): header X-User-Id is sent 2 times, want once"},
			wantIndeterminate: true,
		},
		{
			desc:     "form field equals",
			rule:     MatchValues(claimUID, form),
			claims:   newGuardClaims("42", "acme"),
			request:  formRequest("/users/me/orders", "user_id=42&note=hi"),
			wantPass: true,
		},
		{
			desc:         "form field differs",
			rule:         MatchValues(claimUID, form),
			claims:       newGuardClaims("42", "acme"),
			request:      formRequest("/users/me/orders", "user_id=43"),
			wantMessages: []string{"MatchValues(claim uid, form field user_id): the values differ"},
		},
		{
			desc:         "form field only in query",
			rule:         MatchValues(claimUID, form),
			claims:       newGuardClaims("42", "acme"),
			request:      formRequest("/users/me/orders?user_id=42", "note=hi"),
			wantMessages: []string{"MatchValues(claim uid, form field user_id): form field user_id is missing"},
		},
		{
			desc:              "form field repeated",
			rule:              MatchValues(claimUID, form),
			claims:            newGuardClaims("42", "acme"),
			request:           formRequest("/users/me/orders", "user_id=42&user_id=43"),
			wantMessages:      []string{"MatchValues(claim uid, form field user_id): form field user_id is sent 2 times, want once"},
			wantIndeterminate: true,
		},
		{
			desc:     "multipart form field equals",
			rule:     MatchValues(claimUID, form),
			claims:   newGuardClaims("42", "acme"),
			request:  multipartRequest(t, map[string]string{"user_id": "42"}),
			wantPass: true,
		},
		{
			desc:         "multipart form field differs",
			rule:         MatchValues(claimUID, form),
			claims:       newGuardClaims("42", "acme"),
			request:      multipartRequest(t, map[string]string{"user_id": "43"}),
			wantMessages: []string{"MatchValues(claim uid, form field user_id): the values differ"},
		},
	})
}

// formRequest returns a POST request with an urlencoded form body.
func formRequest(target, body string) *http.Request {
	r := newRequest("POST", target, "", "Content-Type", "application/x-www-form-urlencoded")
	r.Body = &formBody{Reader: strings.NewReader(body)}
	r.ContentLength = int64(len(body))
	return r
}

func multipartRequest(t *testing.T, fields map[string]string) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, value := range fields {
		if err := mw.WriteField(name, value); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	r := newRequest("POST", "/users/me/orders", "", "Content-Type", mw.FormDataContentType())
	r.Body = &formBody{Reader: bytes.NewReader(buf.Bytes())}
	r.ContentLength = int64(buf.Len())
	return r
}

// formBody marks a form body, which runRuleCases does not compare.
type formBody struct{ io.Reader }

func (*formBody) Close() error { return nil }

func TestFormValueLeavesForm(t *testing.T) {
	rule := MatchValues(claimUID, FormValue[guardClaims]("user_id"))
	r := newRequest("POST", "/users/me/orders", "user_id=42&note=hi", "Content-Type", "application/x-www-form-urlencoded")
	if err := rule.Check(newGuardClaims("42", "acme"), r); err != nil {
		t.Fatalf("%s.Check = %q, want nil", rule, err)
	}
	if got := r.FormValue("note"); got != "hi" {
		t.Errorf("after Check, r.FormValue(%q) = %q, want %q", "note", got, "hi")
	}
}

func TestMatchValuesJSONBody(t *testing.T) {
	owner := JSONValue[guardClaims]("/order/owner")
	runRuleCases(t, []ruleCase{
		{
			desc:     "string member equals",
			rule:     MatchValues(claimUID, owner),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`{"order": {"id": 7, "owner": "42"}}`),
			wantPass: true,
		},
		{
			desc:     "escaped string equals",
			rule:     MatchValues(claimUID, owner),
			claims:   newGuardClaims("a/é", "acme"),
			request:  jsonRequest(`{"order": {"owner": "a\/\u00e9"}}`),
			wantPass: true,
		},
		{
			desc:         "string member differs",
			rule:         MatchValues(claimUID, owner),
			claims:       newGuardClaims("42", "acme"),
			request:      jsonRequest(`{"order": {"owner": "43"}}`),
			wantMessages: []string{"MatchValues(claim uid, JSON body /order/owner): the values differ"},
		},
		{
			desc:     "number equals by literal",
			rule:     MatchValues(claimUID, owner),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`{"order": {"owner": 42}}`),
			wantPass: true,
		},
		{
			desc:         "number in other form differs",
			rule:         MatchValues(claimUID, owner),
			claims:       newGuardClaims("42", "acme"),
			request:      jsonRequest(`{"order": {"owner": 42.0}}`),
			wantMessages: []string{"MatchValues(claim uid, JSON body /order/owner): the values differ"},
		},
		{
			desc:     "boolean equals",
			rule:     HasValue(JSONValue[guardClaims]("/urgent"), "true"),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`{"urgent": true}`),
			wantPass: true,
		},
		{
			desc:     "array element equals",
			rule:     MatchValues(claimUID, JSONValue[guardClaims]("/items/1/owner")),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`{"items": [{"owner": "41"}, {"owner": "42"}, {"owner": "43"}]}`),
			wantPass: true,
		},
		{
			desc:         "array index past the end",
			rule:         MatchValues(claimUID, JSONValue[guardClaims]("/items/3/owner")),
			claims:       newGuardClaims("42", "acme"),
			request:      jsonRequest(`{"items": [{"owner": "42"}]}`),
			wantMessages: []string{"MatchValues(claim uid, JSON body /items/3/owner): JSON body /items/3/owner is missing"},
		},
		{
			desc:         "array index with leading zero",
			rule:         MatchValues(claimUID, JSONValue[guardClaims]("/items/00")),
			claims:       newGuardClaims("42", "acme"),
			request:      jsonRequest(`{"items": ["42"]}`),
			wantMessages: []string{"MatchValues(claim uid, JSON body /items/00): JSON body /items/00 is missing"},
		},
		{
			desc:     "escaped pointer tokens",
			rule:     MatchValues(claimUID, JSONValue[guardClaims]("/a~1b/m~0n")),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`{"a/b": {"m~n": "42"}, "a": {"b": "43"}}`),
			wantPass: true,
		},
		{
			desc:     "whole body is the value",
			rule:     MatchValues(claimUID, JSONValue[guardClaims]("")),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`"42"`),
			wantPass: true,
		},
		{
			desc:         "member missing",
			rule:         MatchValues(claimUID, owner),
			claims:       newGuardClaims("42", "acme"),
			request:      jsonRequest(`{"order": {"id": 7}}`),
			wantMessages: []string{"MatchValues(claim uid, JSON body /order/owner): JSON body /order/owner is missing"},
		},
		{
			desc:         "path through a string",
			rule:         MatchValues(claimUID, owner),
			claims:       newGuardClaims("42", "acme"),
			request:      jsonRequest(`{"order": "42"}`),
			wantMessages: []string{"MatchValues(claim uid, JSON body /order/owner): JSON body /order/owner is missing"},
		},
		{
			desc:         "null counts as missing",
			rule:         MatchValues(claimUID, owner),
			claims:       newGuardClaims("42", "acme"),
			request:      jsonRequest(`{"order": {"owner": null}}`),
			wantMessages: []string{"MatchValues(claim uid, JSON body /order/owner): JSON body /order/owner is missing"},
		},
		{
			desc:              "object at pointer",
			rule:              MatchValues(claimUID, JSONValue[guardClaims]("/order")),
			claims:            newGuardClaims("42", "acme"),
			request:           jsonRequest(`{"order": {"owner": "42"}}`),
			wantMessages:      []string{"MatchValues(claim uid, JSON body /order): JSON body /order: the value is an object, want a string, number or boolean"},
			wantIndeterminate: true,
		},
		{
			desc:              "array at pointer",
			rule:              MatchValues(claimUID, JSONValue[guardClaims]("/ids")),
			claims:            newGuardClaims("42", "acme"),
			request:           jsonRequest(`{"ids": ["42"]}`),
			wantMessages:      []string{"MatchValues(claim uid, JSON body /ids): JSON body /ids: the value is an array, want a string, number or boolean"},
			wantIndeterminate: true,
		},
		{
			desc:              "duplicate member on the path",
			rule:              MatchValues(claimUID, owner),
			claims:            newGuardClaims("42", "acme"),
			request:           jsonRequest(`{"order": {"owner": "42", "owner": "43"}}`),
			wantMessages:      []string{`MatchValues(claim uid, JSON body /order/owner): JSON body /order/owner: member "owner" occurs twice`},
			wantIndeterminate: true,
		},
		{
			desc:     "duplicate member off the path",
			rule:     MatchValues(claimUID, owner),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`{"order": {"owner": "42", "id": 1, "id": 2}}`),
			wantPass: true,
		},
		{
			desc:              "invalid JSON",
			rule:              MatchValues(claimUID, owner),
			claims:            newGuardClaims("42", "acme"),
			request:           jsonRequest(`{"order": {"owner": "42"}`),
			wantMessages:      []string{"MatchValues(claim uid, JSON body /order/owner): JSON body /order/owner: request body is not valid JSON"},
			wantIndeterminate: true,
		},
		{
			desc:              "trailing data",
			rule:              MatchValues(claimUID, owner),
			claims:            newGuardClaims("42", "acme"),
			request:           jsonRequest(`{"order": {"owner": "42"}} {}`),
			wantMessages:      []string{"MatchValues(claim uid, JSON body /order/owner): JSON body /order/owner: request body is not valid JSON"},
			wantIndeterminate: true,
		},
		{
			desc:              "empty body",
			rule:              MatchValues(claimUID, owner),
			claims:            newGuardClaims("42", "acme"),
			request:           newRequest("POST", "/users/42/orders", "", "Content-Type", "application/json"),
			wantMessages:      []string{"MatchValues(claim uid, JSON body /order/owner): JSON body /order/owner: request body is empty"},
			wantIndeterminate: true,
		},
		{
			desc:              "body too large",
			rule:              MatchValues(claimUID, owner),
			claims:            newGuardClaims("42", "acme"),
			request:           jsonRequest(paddedJSON(`{"order": {"owner": "42"}, "pad": "`, `"}`, MaxJSONBody+1)),
			wantMessages:      []string{"MatchValues(claim uid, JSON body /order/owner): JSON body /order/owner: request body is larger than 1048576 bytes"},
			wantIndeterminate: true,
		},
		{
			desc:     "body at the size limit",
			rule:     MatchValues(claimUID, owner),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(paddedJSON(`{"order": {"owner": "42"}, "pad": "`, `"}`, MaxJSONBody)),
			wantPass: true,
		},
		{
			desc:     "two pointers into one body",
			rule:     MatchValues(claimUID, owner, JSONValue[guardClaims]("/order/payer")),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`{"order": {"owner": "42", "payer": "42"}}`),
			wantPass: true,
		},
		{
			desc:     "two rules reading one body",
			rule:     AllOf(MatchValues(claimUID, owner), HasValue(JSONValue[guardClaims]("/order/tenant"), "acme")),
			claims:   newGuardClaims("42", "acme"),
			request:  jsonRequest(`{"order": {"owner": "42", "tenant": "acme"}}`),
			wantPass: true,
		},
	})
}

// paddedJSON returns prefix and suffix with as many x between them as
// make size bytes.
func paddedJSON(prefix, suffix string, size int) string {
	return prefix + strings.Repeat("x", size-len(prefix)-len(suffix)) + suffix
}

func TestAllOf(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			desc:     "every rule passes",
			rule:     AllOf(hasScopes(scopeRead), HasKeys(keyTenant), HasValue(claimPlan, "pro")),
			claims:   newGuardClaims("42", "acme", scopeRead).withPlan("pro"),
			wantPass: true,
		},
		{
			desc:   "every failure reported",
			rule:   AllOf(hasScopes(scopeWrite), HasKeys(keyTenant), HasValue(claimPlan, "pro")),
			claims: newGuardClaims("42", "acme", scopeRead).withPlan("free"),
			wantMessages: []string{
				"HasScopes(write:orders): missing scope write:orders",
				`HasValue(claim plan, "pro"): claim plan does not equal "pro"`,
			},
		},
		{
			desc:         "one failure reported as is",
			rule:         AllOf(hasScopes(scopeRead), HasKeys(keyRoles)),
			claims:       newGuardClaims("42", "acme", scopeRead),
			wantMessages: []string{"HasKeys(roles): missing claim roles"},
		},
	})
}

func TestAnyOf(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{
			desc:     "first rule passes",
			rule:     AnyOf(hasScopes(scopeAdmin), HasValue(claimPlan, "pro")),
			claims:   newGuardClaims("42", "acme", scopeAdmin),
			wantPass: true,
		},
		{
			desc:     "last rule passes",
			rule:     AnyOf(hasScopes(scopeAdmin), HasValue(claimPlan, "pro")),
			claims:   newGuardClaims("42", "acme").withPlan("pro"),
			wantPass: true,
		},
		{
			desc:     "rule passes after one without request",
			rule:     AnyOf(MatchValues(claimUID, PathValue[guardClaims]("user_id")), hasScopes(scopeAdmin)),
			claims:   newGuardClaims("42", "acme", scopeAdmin),
			wantPass: true,
		},
		{
			desc:   "no rule passed",
			rule:   AnyOf(hasScopes(scopeAdmin), HasValue(claimPlan, "pro")),
			claims: newGuardClaims("42", "acme", scopeRead),
			wantMessages: []string{
				`AnyOf(HasScopes(admin), HasValue(claim plan, "pro")): no rule passed`,
				"HasScopes(admin): missing scope admin",
				`HasValue(claim plan, "pro"): claim plan is missing`,
			},
		},
	})
}

func TestNoneOf(t *testing.T) {
	fromHeader := HasValue(HeaderValue[guardClaims]("X-Impersonate"), "yes")
	runRuleCases(t, []ruleCase{
		{
			desc:     "no rule passed",
			rule:     NoneOf(hasScopes(scopeAdmin), HasValue(claimPlan, "free")),
			claims:   newGuardClaims("42", "acme", scopeRead).withPlan("pro"),
			wantPass: true,
		},
		{
			desc:         "one rule passes",
			rule:         NoneOf(hasScopes(scopeAdmin), HasValue(claimPlan, "free")),
			claims:       newGuardClaims("42", "acme", scopeRead).withPlan("free"),
			wantMessages: []string{`NoneOf(HasScopes(admin), HasValue(claim plan, "free")): HasValue(claim plan, "free") passed`},
		},
		{
			desc:         "every rule passes",
			rule:         NoneOf(hasScopes(scopeAdmin), HasValue(claimPlan, "free")),
			claims:       newGuardClaims("42", "acme", scopeAdmin).withPlan("free"),
			wantMessages: []string{`NoneOf(HasScopes(admin), HasValue(claim plan, "free")): HasScopes(admin), HasValue(claim plan, "free") passed`},
		},
		{
			desc:     "request value missing",
			rule:     NoneOf(fromHeader),
			claims:   newGuardClaims("42", "acme"),
			request:  newRequest("GET", "/users/42/orders", ""),
			wantPass: true,
		},
		{
			desc:              "nil request fails",
			rule:              NoneOf(fromHeader),
			claims:            newGuardClaims("42", "acme"),
			wantMessages:      []string{`NoneOf(HasValue(header X-Impersonate, "yes")): a rule cannot be evaluated`},
			wantIndeterminate: true,
			wantNoRequest:     true,
		},
		{
			desc:              "repeated header fails",
			rule:              NoneOf(fromHeader),
			claims:            newGuardClaims("42", "acme"),
			request:           newRequest("GET", "/users/42/orders", "", "X-Impersonate", "no", "X-Impersonate", "yes"),
			wantMessages:      []string{`HasValue(header X-Impersonate, "yes"): header X-Impersonate is sent 2 times, want once`},
			wantIndeterminate: true,
		},
		{
			desc:              "double negation of broken rule fails",
			rule:              NoneOf(NoneOf(fromHeader)),
			claims:            newGuardClaims("42", "acme"),
			wantIndeterminate: true,
			wantNoRequest:     true,
		},
	})
}

func TestNestedRules(t *testing.T) {
	// Admins, or the owner on the pro plan, unless the tenant is blocked.
	rule := AllOf(
		AnyOf(
			hasScopes(scopeAdmin),
			AllOf(MatchValues(claimUID, PathValue[guardClaims]("user_id")), HasValue(claimPlan, "pro")),
		),
		NoneOf(HasValue(claimTenant, "blocked")),
	)
	runRuleCases(t, []ruleCase{
		{
			desc:     "admin of another user",
			rule:     rule,
			claims:   newGuardClaims("1", "acme", scopeAdmin),
			request:  newRequest("GET", "/users/42/orders", ""),
			wantPass: true,
		},
		{
			desc:     "owner on pro plan",
			rule:     rule,
			claims:   newGuardClaims("42", "acme").withPlan("pro"),
			request:  newRequest("GET", "/users/42/orders", ""),
			wantPass: true,
		},
		{
			desc:    "owner on free plan",
			rule:    rule,
			claims:  newGuardClaims("42", "acme").withPlan("free"),
			request: newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{
				"HasScopes(admin): missing scope admin",
				`HasValue(claim plan, "pro"): claim plan does not equal "pro"`,
			},
		},
		{
			desc:    "other user on pro plan",
			rule:    rule,
			claims:  newGuardClaims("43", "acme").withPlan("pro"),
			request: newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{
				"MatchValues(claim uid, path value user_id): the values differ",
			},
		},
		{
			desc:    "admin of blocked tenant",
			rule:    rule,
			claims:  newGuardClaims("1", "blocked", scopeAdmin),
			request: newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{
				`NoneOf(HasValue(claim tenant, "blocked")): HasValue(claim tenant, "blocked") passed`,
			},
		},
		{
			desc:    "blocked owner on free plan",
			rule:    rule,
			claims:  newGuardClaims("42", "blocked").withPlan("free"),
			request: newRequest("GET", "/users/42/orders", ""),
			wantMessages: []string{
				`HasValue(claim plan, "pro"): claim plan does not equal "pro"`,
				`NoneOf(HasValue(claim tenant, "blocked")): HasValue(claim tenant, "blocked") passed`,
			},
		},
	})
}

func TestRuleString(t *testing.T) {
	tests := []struct {
		desc string
		rule Rule[guardClaims]
		want string
	}{
		{"scopes", hasScopes(scopeRead, scopeWrite), "HasScopes(read:orders, write:orders)"},
		{"any scope", anyScope(scopeAdmin), "AnyScope(admin)"},
		{"keys", HasKeys(keyTenant, keyRoles), "HasKeys(tenant, roles)"},
		{"value", HasValue(claimPlan, `p"o`), `HasValue(claim plan, "p\"o")`},
		{"query", MatchValues(claimUID, QueryValue[guardClaims]("u")), "MatchValues(claim uid, query parameter u)"},
		{"header", MatchValues(claimUID, HeaderValue[guardClaims]("x-user")), "MatchValues(claim uid, header X-User)"},
		{"form", MatchValues(claimUID, FormValue[guardClaims]("u")), "MatchValues(claim uid, form field u)"},
		{"json", MatchValues(claimUID, JSONValue[guardClaims]("/a~1b")), "MatchValues(claim uid, JSON body /a~1b)"},
		{
			"nested",
			AllOf(hasScopes(scopeWrite), AnyOf(HasKeys(keyRoles), NoneOf(HasValue(claimPlan, "free")))),
			`AllOf(HasScopes(write:orders), AnyOf(HasKeys(roles), NoneOf(HasValue(claim plan, "free"))))`,
		},
	}
	for _, tt := range tests {
		if got := tt.rule.String(); got != tt.want {
			t.Errorf("%s: String() = %q, want %q", tt.desc, got, tt.want)
		}
	}
}

func TestRuleScopes(t *testing.T) {
	tests := []struct {
		desc string
		rule Rule[guardClaims]
		want []string
	}{
		{"scopes", hasScopes(scopeRead, scopeWrite), []string{"read:orders", "write:orders"}},
		{"any scope", anyScope(scopeWrite, scopeAdmin), []string{"write:orders", "admin"}},
		{"keys", HasKeys(keyTenant), nil},
		{"value", HasValue(claimPlan, "pro"), nil},
		{"match", MatchValues(claimUID, claimTenant), nil},
		{"all of, duplicates once", AllOf(hasScopes(scopeRead), hasScopes(scopeWrite, scopeRead)), []string{"read:orders", "write:orders"}},
		{"any of", AnyOf(hasScopes(scopeAdmin), HasKeys(keyRoles), hasScopes(scopeWrite)), []string{"admin", "write:orders"}},
		{"none of", NoneOf(hasScopes(scopeAdmin)), nil},
		{"none of inside all of", AllOf(hasScopes(scopeRead), NoneOf(hasScopes(scopeAdmin))), []string{"read:orders"}},
	}
	for _, tt := range tests {
		if got := tt.rule.Scopes(); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %s.Scopes() = %q, want %q", tt.desc, tt.rule, got, tt.want)
		}
	}
}

func TestRuleConstructorPanics(t *testing.T) {
	tests := []struct {
		desc      string
		build     func()
		wantPanic string
	}{
		{"HasScopes without scopes", func() { hasScopes() }, "runtime: HasScopes needs at least one scope"},
		{"HasScopes nil func", func() { HasScopes[guardClaims, guardScope](nil, scopeRead) }, "runtime: HasScopes has a nil granted function"},
		{"AnyScope invalid name", func() { AnyScope(func(*guardClaims, badScope) bool { return true }, badScope(`a"b`)) }, `runtime: AnyScope: invalid scope name "a\"b"`},
		{"HasKeys without keys", func() { HasKeys[guardClaims]() }, "runtime: HasKeys needs at least one key"},
		{"HasKeys nil Present", func() { HasKeys(Key[guardClaims]{Name: "x"}) }, `runtime: HasKeys: key "x" has a nil Present function`},
		{"HasValue empty", func() { HasValue(claimPlan, "") }, "runtime: HasValue claim plan: the value must not be empty"},
		{"HasValue zero Value", func() { HasValue(Value[guardClaims]{}, "x") }, "runtime: HasValue: invalid zero Value"},
		{"MatchValues one value", func() { MatchValues(claimUID) }, "runtime: MatchValues needs at least two values, got 1"},
		{"MatchValues zero Value", func() { MatchValues(claimUID, Value[guardClaims]{}) }, "runtime: MatchValues: invalid zero Value at index 1"},
		{"ClaimValue nil func", func() { ClaimValue[guardClaims]("uid", nil) }, `runtime: ClaimValue "uid" has a nil accessor`},
		{"ClaimList nil func", func() { ClaimList[guardClaims]("roles", nil) }, `runtime: ClaimList "roles" has a nil accessor`},
		{"JSONValue bad pointer", func() { JSONValue[guardClaims]("a/b") }, `runtime: JSONValue: invalid JSON pointer "a/b": it must be empty or start with /`},
		{"AllOf without rules", func() { AllOf[guardClaims]() }, "runtime: AllOf needs at least one rule"},
		{"AnyOf nil rule", func() { AnyOf(hasScopes(scopeRead), nil) }, "runtime: AnyOf: nil rule at index 1"},
		{"NoneOf without rules", func() { NoneOf[guardClaims]() }, "runtime: NoneOf needs at least one rule"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			defer func() {
				got := recover()
				if got != tt.wantPanic {
					t.Errorf("panic = %v, want %q", got, tt.wantPanic)
				}
			}()
			tt.build()
		})
	}
}

type badScope string

func (s badScope) String() string { return string(s) }

func TestParseJSONPointer(t *testing.T) {
	tests := []struct {
		pointer    string
		wantTokens []string
		wantErr    string
	}{
		{pointer: "", wantTokens: nil},
		{pointer: "/", wantTokens: []string{""}},
		{pointer: "/a/b", wantTokens: []string{"a", "b"}},
		{pointer: "/a~1b/~0/~01", wantTokens: []string{"a/b", "~", "~1"}},
		{pointer: "/items/0", wantTokens: []string{"items", "0"}},
		{pointer: "a", wantErr: `invalid JSON pointer "a": it must be empty or start with /`},
		{pointer: "/a~", wantErr: `invalid JSON pointer "/a~": ~ must be followed by 0 or 1`},
		{pointer: "/a~2", wantErr: `invalid JSON pointer "/a~2": ~ must be followed by 0 or 1`},
	}
	for _, tt := range tests {
		got, err := parseJSONPointer(tt.pointer)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if !slices.Equal(got, tt.wantTokens) || gotErr != tt.wantErr {
			t.Errorf("parseJSONPointer(%q) = %q, %q, want %q, %q", tt.pointer, got, gotErr, tt.wantTokens, tt.wantErr)
		}
	}
}

// BenchmarkGuardCheck measures a three-rule guard as generated code would
// build it, on claims and a request that pass.
func BenchmarkGuardCheck(b *testing.B) {
	guard := AllOf(
		hasScopes(scopeRead, scopeWrite),
		HasValue(claimPlan, "pro"),
		MatchValues(claimUID, PathValue[guardClaims]("user_id")),
	)
	c := newGuardClaims("user-4242", "acme", scopeRead, scopeWrite).withPlan("pro")
	r := httptest.NewRequest("PUT", "/users/user-4242/orders/1", nil)
	r.SetPathValue("user_id", "user-4242")
	if err := guard.Check(c, r); err != nil {
		b.Fatalf("%s.Check = %v, want nil", guard, err)
	}

	b.ReportAllocs()
	for b.Loop() {
		if err := guard.Check(c, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGuardCheckFail measures the same guard when every rule fails,
// which builds the joined error.
func BenchmarkGuardCheckFail(b *testing.B) {
	guard := AllOf(
		hasScopes(scopeRead, scopeWrite),
		HasValue(claimPlan, "pro"),
		MatchValues(claimUID, PathValue[guardClaims]("user_id")),
	)
	c := newGuardClaims("user-4242", "acme").withPlan("free")
	r := httptest.NewRequest("PUT", "/users/user-7/orders/1", nil)
	r.SetPathValue("user_id", "user-7")

	b.ReportAllocs()
	for b.Loop() {
		if err := guard.Check(c, r); err == nil {
			b.Fatal("Check = nil, want an error")
		}
	}
}

// BenchmarkMatchJSONBody measures a MatchValues that reads a small JSON
// body, including putting the body back for the handler.
func BenchmarkMatchJSONBody(b *testing.B) {
	rule := MatchValues(claimUID, JSONValue[guardClaims]("/order/owner"))
	c := newGuardClaims("42", "acme")
	body := []byte(`{"order": {"id": 7, "items": [1, 2, 3], "owner": "42"}}`)

	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/orders", bytes.NewReader(body))
		if err := rule.Check(c, r); err != nil {
			b.Fatal(err)
		}
	}
}
