package generator

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRuleText(t *testing.T) {
	scopes := &Rule{Op: RuleScopes, Names: []string{"write:orders"}}
	match := &Rule{Op: RuleMatch, Sources: []*Source{
		{Kind: SourceClaim, Name: "user_id"},
		{Kind: SourcePath, Name: "user_id"},
		{Kind: SourceJSON, Name: "/order/user_id"},
	}}
	tests := []struct {
		desc       string
		rule       *Rule
		wantText   string
		wantScopes []string
		wantClaims []string
	}{
		{
			desc:       "one scope",
			rule:       scopes,
			wantText:   "scope `write:orders`",
			wantScopes: []string{"write:orders"},
		},
		{
			desc:       "any of three scopes",
			rule:       &Rule{Op: RuleAnyScope, Names: []string{"a", "b", "c"}},
			wantText:   "any of the scopes `a`, `b` or `c`",
			wantScopes: []string{"a", "b", "c"},
		},
		{
			desc:       "keys",
			rule:       &Rule{Op: RuleKeys, Names: []string{"sub", "limits.rps"}},
			wantText:   "claims `sub` and `limits.rps` are present",
			wantClaims: []string{"sub", "limits.rps"},
		},
		{
			desc:       "equals",
			rule:       &Rule{Op: RuleValue, Claim: "plan", Value: "pro"},
			wantText:   "claim `plan` equals `pro`",
			wantClaims: []string{"plan"},
		},
		{
			desc:       "contains a value with a pipe",
			rule:       &Rule{Op: RuleValue, Claim: "roles", Contains: true, Value: "a|b"},
			wantText:   "claim `roles` contains `a\\|b`",
			wantClaims: []string{"roles"},
		},
		{
			desc:       "match",
			rule:       match,
			wantText:   "equal values: claim `user_id`, path wildcard `user_id`, JSON body at `/order/user_id`",
			wantClaims: []string{"user_id"},
		},
		{
			desc: "nested rules, each scope and claim once",
			rule: &Rule{Op: RuleAll, Rules: []*Rule{
				scopes,
				{Op: RuleNone, Rules: []*Rule{match, {Op: RuleKeys, Names: []string{"user_id"}}}},
				{Op: RuleScopes, Names: []string{"write:orders"}},
			}},
			wantText:   "all of (scope `write:orders`; none of (equal values: claim `user_id`, path wildcard `user_id`, JSON body at `/order/user_id`; claim `user_id` is present); scope `write:orders`)",
			wantScopes: []string{"write:orders"},
			wantClaims: []string{"user_id"},
		},
	}
	for _, tt := range tests {
		if got := ruleText(tt.rule); got != tt.wantText {
			t.Errorf("%s: ruleText = %q, want %q", tt.desc, got, tt.wantText)
		}
		gotScopes, gotClaims := ruleReads(tt.rule, nil, nil)
		if diff := cmp.Diff(tt.wantScopes, gotScopes); diff != "" {
			t.Errorf("%s: ruleReads scopes differ (-want +got):\n%s", tt.desc, diff)
		}
		if diff := cmp.Diff(tt.wantClaims, gotClaims); diff != "" {
			t.Errorf("%s: ruleReads claims differ (-want +got):\n%s", tt.desc, diff)
		}
	}
}

func TestHTTPSettings(t *testing.T) {
	tests := []struct {
		desc        string
		token       Token
		wantBare    string
		wantRefresh string
	}{
		{
			desc:        "defaults",
			wantBare:    "no: only `Authorization: Bearer <token>`",
			wantRefresh: "no",
		},
		{
			desc:        "bare token and refresh with every response",
			token:       Token{BareToken: true, AutoUpdate: &AutoUpdate{}},
			wantBare:    "yes: `Authorization: <token>` without a scheme is read too",
			wantRefresh: "yes: in the `Authorization` response header as `Bearer <token>`, with every response",
		},
		{
			desc:        "refresh settings",
			token:       Token{AutoUpdate: &AutoUpdate{Header: "X-Refreshed-Token", After: 0.5, MaxAge: 24 * time.Hour}},
			wantBare:    "no: only `Authorization: Bearer <token>`",
			wantRefresh: "yes: in the `X-Refreshed-Token` response header, once 50% of the token's life has passed, until 24h after the first token of the session",
		},
	}
	for _, tt := range tests {
		rows := httpSettings(&tt.token)
		if got := rows[0][1]; got != tt.wantBare {
			t.Errorf("%s: bare token row = %q, want %q", tt.desc, got, tt.wantBare)
		}
		if got := rows[1][1]; got != tt.wantRefresh {
			t.Errorf("%s: refresh row = %q, want %q", tt.desc, got, tt.wantRefresh)
		}
	}
}

func TestGenerateDocsGuards(t *testing.T) {
	src := yamlLines(
		"version: 1",
		"scopes:",
		"  admin: Everything",
		"tokens:",
		"  Access:",
		"    claims:",
		"      roles: {type: \"[]string\"}",
		"    guards:",
		"      Admin:",
		"        doc: Lets administrators in.",
		"        any:",
		"          - scopes: [admin]",
		"          - value: {claim: roles, contains: admin}",
		"  Session: {}",
	)
	s, err := Load("tokens.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Load(%q) failed:\n%v", src, err)
	}
	out, err := GenerateDocs(s)
	if err != nil {
		t.Fatalf("GenerateDocs failed: %v", err)
	}
	got := string(out)
	want := "\n### Guards of Access\n\n"
	if !strings.Contains(got, want) {
		t.Errorf("GenerateDocs output lacks %q:\n%s", want, got)
	}
	want = "\n| `Admin` | `admin` | `roles` | any of (scope `admin`; claim `roles` contains `admin`) | Lets administrators in. |\n"
	if !strings.Contains(got, want) {
		t.Errorf("GenerateDocs output lacks %q:\n%s", want, got)
	}
	if n := strings.Count(got, "### Guards of"); n != 1 {
		t.Errorf("GenerateDocs output has %d guard tables, want 1, for Access only:\n%s", n, got)
	}
}
