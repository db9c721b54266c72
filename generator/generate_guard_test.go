package generator

import (
	"strings"
	"testing"
	"time"
)

// withGuard returns the orders schema built by hand with one guard, named
// Guarded, whose rule is rule.
func withGuard(rule *Rule) *Schema {
	s := ordersSchema()
	s.Tokens[0].Guards = []*Guard{{Name: "Guarded", Rule: rule}}
	return s
}

func TestGenerateGuardErrors(t *testing.T) {
	path := &Source{Kind: SourcePath, Name: "user_id"}
	tests := []struct {
		desc    string
		schema  *Schema
		wantErr string
	}{
		{"no rule", withGuard(nil), `guard "Guarded" of Access has no rule`},
		{"unknown scope", withGuard(&Rule{Op: RuleScopes, Names: []string{"delete"}}), `guard "Guarded" of Access names the unknown scope "delete"`},
		{"no scopes", withGuard(&Rule{Op: RuleAnyScope}), `guard "Guarded" of Access has an empty any_scope`},
		{"unknown claim", withGuard(&Rule{Op: RuleKeys, Names: []string{"tenent"}}), `guard "Guarded" of Access names the unknown claim "tenent"`},
		{"empty group", withGuard(&Rule{Op: RuleAll}), `guard "Guarded" of Access has an empty all`},
		{"nested unknown claim", withGuard(&Rule{Op: RuleNone, Rules: []*Rule{{Op: RuleKeys, Names: []string{"limits.rpm"}}}}), `names the unknown claim "limits.rpm"`},
		{"empty value", withGuard(&Rule{Op: RuleValue, Claim: "plan"}), `guard "Guarded" of Access compares claim "plan" with an empty value`},
		{"object compared", withGuard(&Rule{Op: RuleValue, Claim: "limits", Value: "x"}), `guard "Guarded" of Access compares claim "limits" of type object, which has no value to compare`},
		{"match of one value", withGuard(&Rule{Op: RuleMatch, Sources: []*Source{path}}), `guard "Guarded" of Access has a match of 1 values, want two or more`},
		{"invalid JSON pointer", withGuard(&Rule{Op: RuleMatch, Sources: []*Source{path, {Kind: SourceJSON, Name: "user_id"}}}), `guard "Guarded" of Access has the invalid JSON pointer "user_id": it must start with /`},
		{"unknown source", withGuard(&Rule{Op: RuleMatch, Sources: []*Source{path, {Kind: "cookie", Name: "id"}}}), `guard "Guarded" of Access has a match source of unknown kind "cookie"`},
		{"unknown rule form", withGuard(&Rule{Op: "maybe"}), `guard "Guarded" of Access has a rule of unknown form "maybe"`},
		{"guard named like a declaration", func() *Schema {
			s := withGuard(&Rule{Op: RuleKeys, Names: []string{"tenant"}})
			s.Tokens[0].Guards[0].Name = "AccessHandler"
			return s
		}(), `the Access handler type and guard "AccessHandler" of Access both get the Go name AccessHandler`},
		{"claim constants clash", func() *Schema {
			s := ordersSchema()
			s.Tokens[0].Claims = append(s.Tokens[0].Claims, claim("limits_rps", TypeInt))
			return s
		}(), `claim "limits.rps" of Access (its claim constant) and claim "limits_rps" of Access (its claim constant) both get the Go name AccessClaimLimitsRps`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got, err := Generate(tt.schema, Options{})
			if err == nil {
				t.Fatalf("Generate(%s) = %d bytes, nil; want error %q", tt.desc, len(got), tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Generate(%s) error:\n%v\nwant it to contain:\n%s", tt.desc, err, tt.wantErr)
			}
		})
	}
}

func TestGenerateGuardCode(t *testing.T) {
	s := withGuard(&Rule{Op: RuleAny, Rules: []*Rule{
		{Op: RuleScopes, Names: []string{"admin", "write:orders"}},
		{Op: RuleValue, Claim: "roles", Contains: true, Value: "admin"},
		{Op: RuleMatch, Sources: []*Source{
			{Kind: SourceClaim, Name: "user_id"},
			{Kind: SourceHeader, Name: "x-user-id"},
			{Kind: SourceQuery, Name: "user"},
			{Kind: SourceForm, Name: "user"},
			{Kind: SourceJSON, Name: "/user"},
		}},
		{Op: RuleKeys, Names: []string{"aud", "limits.rps"}},
	}})
	s.Tokens[0].Guards[0].Doc = "Lets some users in."
	got, err := Generate(s, Options{})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	want := `// Guarded is a rule on Access tokens, declared as a guard in the schema.
//
// Lets some users in.
//
// It checks, as its String method describes it:
//
//	AnyOf(HasScopes(admin, write:orders), HasValue(claim roles, "admin"), MatchValues(claim uid, header X-User-Id, query parameter user, form field user, JSON body /user), HasKeys(aud, limits.rps))
var Guarded AccessRule = guardedGuard{AccessAnyOf(
	AccessHasScopes(ScopeAdmin, ScopeWriteOrders),
	AccessHasValue(AccessClaimRoles.Value(), "admin"),
	AccessMatchValues(AccessClaimUserID.Value(), AccessHeaderValue("x-user-id"), AccessQueryValue("user"), AccessFormValue("user"), AccessJSONValue("/user")),
	AccessHasKeys(AccessClaimAudience, AccessClaimLimitsRps),
)}
`
	if !strings.Contains(string(got), want) {
		t.Errorf("Generate output lacks:\n%s", want)
	}

	// The match reads a form and a JSON body, so the direct check leaves
	// it to the composed rule and writes out the other three rules.
	wantPasses := `func (guardedGuard) passes(c *AccessClaims, r *http.Request) bool {
	return c != nil &&
		(c.Scopes.HasAll(ScopeAdmin, ScopeWriteOrders) || (c.Roles != nil && guardContains(c.Roles, "admin")) || (len(c.Audience) > 0 && c.Limits != nil && c.Limits.Rps != nil))
}
`
	if !strings.Contains(string(got), wantPasses) {
		t.Errorf("Generate output lacks:\n%s", wantPasses)
	}
}

func TestGenerateMiddlewareDocs(t *testing.T) {
	tests := []struct {
		desc       string
		bare       bool
		autoUpdate *AutoUpdate
		want       []string
		wantNot    []string
	}{
		{
			desc:    "defaults",
			want:    []string{`"Bearer <token>", with the scheme in any case. A`},
			wantNot: []string{"refreshed token", "bare_token", "BareToken: true", "AutoUpdate:"},
		},
		{
			desc:    "bare token",
			bare:    true,
			want:    []string{"or the token alone, as the schema's bare_token allows", "BareToken:   true,"},
			wantNot: []string{"AutoUpdate:"},
		},
		{
			desc:       "refresh on every response",
			autoUpdate: &AutoUpdate{},
			want: []string{
				"refreshed token in the response's Authorization header, as \"Bearer <token>\" with every response",
				"AutoUpdate: runtime.AutoUpdate{\n\t\t\t\tEnabled: true,\n\t\t\t},",
			},
		},
		{
			desc:       "refresh after a share of the life",
			autoUpdate: &AutoUpdate{Header: "X-Token", After: 0.33, MaxAge: 36 * time.Hour},
			want: []string{
				"X-Token header once 33% of the token's life has passed",
				"They stop refreshing 36h after the first token of the session was issued",
				"Header:  \"X-Token\",",
				"After:   0.33,",
				"MaxAge:  36 * time.Hour,",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := ordersSchema()
			s.Tokens[0].BareToken = tt.bare
			s.Tokens[0].AutoUpdate = tt.autoUpdate
			got, err := Generate(s, Options{})
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			// Comments are compared with their lines joined.
			text := strings.ReplaceAll(string(got), "\n// ", " ")
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("Generate output lacks %q", want)
				}
			}
			for _, unwanted := range tt.wantNot {
				if strings.Contains(text, unwanted) {
					t.Errorf("Generate output contains %q", unwanted)
				}
			}
		})
	}
}
