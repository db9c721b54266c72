package generator

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// guardLines returns a schema whose token kind Access has the claims below
// and the given lines under its guards, indented by six spaces. Line 19 of
// the file is the first of lines, so positions can be read off the tests.
func guardLines(lines ...string) string {
	all := []string{
		"version: 1",             // 1
		"scopes:",                // 2
		"  read:orders: Read",    // 3
		"  write:orders: Change", // 4
		"  admin: Everything",    // 5
		"tokens:",                // 6
		"  Access:",              // 7
		"    claims:",            // 8
		"      tenant: {type: string, required: true}",             // 9
		"      plan: {type: string, enum: [free, pro]}",            // 10
		`      roles: {type: "[]string"}`,                          // 11
		"      quota: {type: int64}",                               // 12
		"      ratio: {type: float64}",                             // 13
		"      beta: {type: bool}",                                 // 14
		"      login_at: {type: time}",                             // 15
		`      labels: {type: "map[string]string"}`,                // 16
		"      limits: {type: object, claims: {rps: {type: int}}}", // 17
		"    guards:", // 18
	}
	for _, line := range lines {
		all = append(all, "      "+line)
	}
	return yamlLines(all...)
}

// tokenLines returns a schema whose token kind Access has the given lines,
// indented by four spaces from line 4 on.
func tokenLines(lines ...string) string {
	all := []string{"version: 1", "tokens:", "  Access:"}
	for _, line := range lines {
		all = append(all, "    "+line)
	}
	return yamlLines(all...)
}

func TestLoadGuardDiagnostics(t *testing.T) {
	tests := []struct {
		desc string
		yaml string
		want []string
	}{
		// Guard names.
		{
			desc: "guards a list",
			yaml: tokenLines("guards: [Admin]"),
			want: []string{`4:13: guards of token "Access" must be a mapping, not a list`},
		},
		{
			desc: "guard name in lower case",
			yaml: guardLines("editOwn: {scopes: [admin]}"),
			want: []string{`19:7: guard "editOwn" of token "Access" is not an exported Go identifier; use "EditOwn"`},
		},
		{
			desc: "guard name with a dash",
			yaml: guardLines("edit-own: {scopes: [admin]}"),
			want: []string{`19:7: guard "edit-own" of token "Access" is not an exported Go identifier; use "EditOwn"`},
		},
		{
			desc: "guard name starting with a digit",
			yaml: guardLines("2FA: {scopes: [admin]}"),
			want: []string{`19:7: guard "2FA" of token "Access" is not an exported Go identifier; start it with an upper-case letter and use only letters and digits`},
		},
		{
			desc: "guard named like the claims type",
			yaml: guardLines("AccessClaims: {scopes: [admin]}"),
			want: []string{`19:7: guard "AccessClaims" of token "Access" gets the Go name AccessClaims, as does token "Access" at line 7, column 3; rename one of them`},
		},
		{
			desc: "guard named like a claim constant",
			yaml: guardLines("AccessClaimTenant: {scopes: [admin]}"),
			want: []string{`19:7: guard "AccessClaimTenant" of token "Access" gets the Go name AccessClaimTenant, as does claim "tenant" of token "Access" at line 9, column 7; rename one of them`},
		},
		{
			desc: "guard named like a rule function",
			yaml: guardLines("AccessHasScopes: {scopes: [admin]}"),
			want: []string{`19:7: guard "AccessHasScopes" of token "Access" gets the Go name AccessHasScopes, as does token "Access" at line 7, column 3; rename one of them`},
		},
		{
			desc: "guard named like the context accessor",
			yaml: guardLines("AccessFromContext: {scopes: [admin]}"),
			want: []string{`19:7: guard "AccessFromContext" of token "Access" gets the Go name AccessFromContext, as does token "Access" at line 7, column 3; rename one of them`},
		},
		{
			desc: "guard named like the scope API",
			yaml: guardLines("ParseScope: {scopes: [admin]}"),
			want: []string{`19:7: guard "ParseScope" of token "Access" gets the Go name ParseScope, which the generated scope API already declares; rename it`},
		},
		{
			desc: "guard named like a scope constant",
			yaml: guardLines("ScopeAdmin: {scopes: [admin]}"),
			want: []string{`19:7: guard "ScopeAdmin" of token "Access" gets the Go name ScopeAdmin, as does scope "admin" at line 5, column 3; rename one of them`},
		},
		{
			desc: "guards of two kinds with one name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    guards: {Known: {keys: [user_id]}}", "  Refresh:", "    guards: {Known: {keys: [sub]}}"),
			want: []string{`6:14: guard "Known" of token "Refresh" gets the Go name Known, as does guard "Known" of token "Access" at line 4, column 14; rename one of them`},
		},
		{
			desc: "guard named like another kind's rule type",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    guards: {RefreshRule: {keys: [user_id]}}", "  Refresh: {}"),
			want: []string{`5:3: token "Refresh" gets the Go name RefreshRule, as does guard "RefreshRule" of token "Access" at line 4, column 14; rename one of them`},
		},

		// The shape of a guard.
		{
			desc: "guard a list",
			yaml: guardLines("Admin: [scopes]"),
			want: []string{`19:14: guard "Admin" of token "Access" must be a mapping such as {scopes: [admin]}, not a list`},
		},
		{
			desc: "guard without a rule",
			yaml: guardLines("Admin: {doc: Lets admins in.}"),
			want: []string{`19:7: guard "Admin" of token "Access" has no rule; add one of all, any, none, scopes, any_scope, keys, value, match`},
		},
		{
			desc: "guard with two rules",
			yaml: guardLines("Admin: {scopes: [admin], keys: [plan]}"),
			want: []string{`19:32: guard "Admin" of token "Access" has both scopes and keys; a guard has one rule, so list rules that must all pass under all:`},
		},
		{
			desc: "unknown guard key near a known one",
			yaml: guardLines("Admin: {scopes: [admin], dok: Admins.}"),
			want: []string{`19:32: unknown key "dok" in guard "Admin" of token "Access"; did you mean "doc"?`},
		},
		{
			desc: "guard doc a list",
			yaml: guardLines("Admin: {scopes: [admin], doc: [x]}"),
			want: []string{`19:37: doc of guard "Admin" of token "Access" must be text, not a list`},
		},

		// all, any and none.
		{
			desc: "empty all",
			yaml: guardLines("Admin: {all: []}"),
			want: []string{`19:20: all of guard "Admin" of token "Access" is empty; list at least one rule`},
		},
		{
			desc: "any a mapping",
			yaml: guardLines("Admin: {any: {scopes: [admin]}}"),
			want: []string{`19:20: any of guard "Admin" of token "Access" must be a list, not a mapping`},
		},
		{
			desc: "unknown rule in a list",
			yaml: guardLines("Admin:", "  none:", "    - scope: [admin]"),
			want: []string{`21:13: unknown rule "scope" in none of guard "Admin" of token "Access"; did you mean "scopes"?`},
		},
		{
			desc: "rule in a list not a mapping",
			yaml: guardLines("Admin:", "  all: [admin]"),
			want: []string{`20:15: each rule in all of guard "Admin" of token "Access" must be a mapping with one key, such as {scopes: [admin]}, not the string "admin"`},
		},
		{
			desc: "rule in a list with two keys",
			yaml: guardLines("Admin:", "  all:", "    - {scopes: [admin], keys: [plan]}"),
			want: []string{`21:31: a rule in all of guard "Admin" of token "Access" has 2 keys, scopes, keys; write each rule as a list item of its own`},
		},
		{
			desc: "empty rule in a list",
			yaml: guardLines("Admin:", "  all: [{}]"),
			want: []string{`20:15: a rule in all of guard "Admin" of token "Access" is empty; give it one key, such as {scopes: [admin]}`},
		},
		{
			desc: "error deep inside nested rules",
			yaml: guardLines("Admin:", "  any:", "    - all:", "        - keys: [tenent]"),
			want: []string{`22:24: unknown claim "tenent" in keys of guard "Admin" of token "Access"; did you mean "tenant"?`},
		},

		// scopes and any_scope.
		{
			desc: "unknown scope near a declared one",
			yaml: guardLines("Writer: {scopes: [write:order]}"),
			want: []string{`19:25: unknown scope "write:order" in scopes of guard "Writer" of token "Access"; did you mean "write:orders"?`},
		},
		{
			desc: "unknown scope far from all",
			yaml: guardLines("Writer: {any_scope: [delete]}"),
			want: []string{`19:28: unknown scope "delete" in any_scope of guard "Writer" of token "Access"; accepted: read:orders, write:orders, admin`},
		},
		{
			desc: "scope when the schema declares none",
			yaml: tokenLines("guards: {Admin: {scopes: [admin]}}"),
			want: []string{`4:31: unknown scope "admin" in scopes of guard "Admin" of token "Access"; the schema declares no scopes, so add it under scopes`},
		},
		{
			desc: "duplicate scope",
			yaml: guardLines("Admin: {scopes: [admin, admin]}"),
			want: []string{`19:31: duplicate scope "admin" in scopes of guard "Admin" of token "Access"; first at line 19, column 24`},
		},
		{
			desc: "empty scopes",
			yaml: guardLines("Admin: {scopes: []}"),
			want: []string{`19:23: scopes of guard "Admin" of token "Access" is empty; list at least one scope`},
		},
		{
			desc: "scopes a string",
			yaml: guardLines("Admin: {scopes: admin}"),
			want: []string{`19:23: scopes of guard "Admin" of token "Access" must be a list, not the string "admin"`},
		},
		{
			desc: "scope a number",
			yaml: guardLines("Admin: {scopes: [1]}"),
			want: []string{`19:24: each entry of scopes of guard "Admin" of token "Access" must be a string, not the integer 1`},
		},

		// keys and claim references.
		{
			desc: "unknown claim near a custom one",
			yaml: guardLines("Known: {keys: [tenent]}"),
			want: []string{`19:22: unknown claim "tenent" in keys of guard "Known" of token "Access"; did you mean "tenant"?`},
		},
		{
			desc: "unknown member of an object claim",
			yaml: guardLines("Known: {keys: [limits.rpm]}"),
			want: []string{`19:22: unknown claim "limits.rpm" in keys of guard "Known" of token "Access"; did you mean "limits.rps"?`},
		},
		{
			desc: "unknown claim far from all",
			yaml: guardLines("Known: {keys: [zzzzzz]}"),
			want: []string{`19:22: unknown claim "zzzzzz" in keys of guard "Known" of token "Access"; accepted: user_id, iss, sub, aud, jti, tenant, plan, roles, quota, ratio, beta, login_at, labels, limits, limits.rps`},
		},
		{
			desc: "uid by its JSON name",
			yaml: guardLines("Known: {keys: [uid]}"),
			want: []string{`19:22: unknown claim "uid" in keys of guard "Known" of token "Access"; rules name the uid claim user_id`},
		},
		{
			desc: "scp as a claim",
			yaml: guardLines("Known: {keys: [scp]}"),
			want: []string{`19:22: claim "scp" cannot be read in keys of guard "Known" of token "Access"; check scopes with scopes: or any_scope:`},
		},
		{
			desc: "scopes as a claim in match",
			yaml: guardLines("Own: {match: [claim: scopes, query: scope]}"),
			want: []string{`19:28: claim "scopes" cannot be read in match of guard "Own" of token "Access"; check scopes with scopes: or any_scope:`},
		},
		{
			desc: "time claim of the runtime",
			yaml: guardLines("Known: {keys: [exp]}"),
			want: []string{`19:22: claim "exp" cannot be read in keys of guard "Known" of token "Access"; Parse checks the time claims, and rules read user_id, iss, sub, aud, jti and the custom claims`},
		},
		{
			desc: "duplicate claim in keys",
			yaml: guardLines("Known: {keys: [plan, plan]}"),
			want: []string{`19:28: duplicate claim "plan" in keys of guard "Known" of token "Access"; first at line 19, column 22`},
		},
		{
			desc: "empty keys",
			yaml: guardLines("Known: {keys: []}"),
			want: []string{`19:21: keys of guard "Known" of token "Access" is empty; list at least one claim`},
		},

		// value.
		{
			desc: "equals on a list claim",
			yaml: guardLines("Admin: {value: {claim: roles, equals: admin}}"),
			want: []string{`19:37: claim "roles" of token "Access" is a list of type []string, so value needs contains:, not equals:`},
		},
		{
			desc: "contains on a single value",
			yaml: guardLines("Pro: {value: {claim: plan, contains: pro}}"),
			want: []string{`19:34: claim "plan" of token "Access" has type string, not a list, so value needs equals:, not contains:`},
		},
		{
			desc: "contains on the uid claim",
			yaml: guardLines("Own: {value: {claim: user_id, contains: u1}}"),
			want: []string{`19:37: claim "user_id" of token "Access" has type string, not a list, so value needs equals:, not contains:`},
		},
		{
			desc: "value outside the enum",
			yaml: guardLines("Gold: {value: {claim: plan, equals: gold}}"),
			want: []string{`19:43: value "gold" of claim "plan" in guard "Gold" of token "Access" is not in the claim's enum; accepted: free, pro`},
		},
		{
			desc: "word for an integer claim",
			yaml: guardLines("Big: {value: {claim: quota, equals: ten}}"),
			want: []string{`19:43: value of claim "quota" in guard "Big" of token "Access" must be an integer, because the claim has type int64, not the string "ten"`},
		},
		{
			desc: "quoted integer",
			yaml: guardLines(`Big: {value: {claim: quota, equals: "10"}}`),
			want: []string{`19:43: value of claim "quota" in guard "Big" of token "Access" must be an integer, because the claim has type int64, not the string "10"; remove the quotes`},
		},
		{
			desc: "fraction for an integer claim",
			yaml: guardLines("Big: {value: {claim: limits.rps, equals: 1.5}}"),
			want: []string{`19:48: value of claim "limits.rps" in guard "Big" of token "Access" must be an integer, because the claim has type int, not the number 1.5`},
		},
		{
			desc: "integer out of range",
			yaml: guardLines("Big: {value: {claim: quota, equals: 9223372036854775808}}"),
			want: []string{`19:43: value 9223372036854775808 of claim "quota" in guard "Big" of token "Access" is out of range for type int64`},
		},
		{
			desc: "number for a string claim",
			yaml: guardLines("Acme: {value: {claim: tenant, equals: 42}}"),
			want: []string{`19:45: value of claim "tenant" in guard "Acme" of token "Access" must be a string, because the claim has type string, not the integer 42; quote it as "42"`},
		},
		{
			desc: "yes for a bool claim",
			yaml: guardLines("Beta: {value: {claim: beta, equals: yes}}"),
			want: []string{`19:43: value of claim "beta" in guard "Beta" of token "Access" must be true or false, because the claim has type bool, not the string "yes"`},
		},
		{
			desc: "not a number for a float claim",
			yaml: guardLines("Half: {value: {claim: ratio, equals: .nan}}"),
			want: []string{`19:44: value of claim "ratio" in guard "Half" of token "Access" must be a finite number, not .nan`},
		},
		{
			desc: "list as the value",
			yaml: guardLines("Pro: {value: {claim: plan, equals: [pro]}}"),
			want: []string{`19:42: value of claim "plan" in guard "Pro" of token "Access" must be a string, because the claim has type string, not a list`},
		},
		{
			desc: "empty value",
			yaml: guardLines(`Acme: {value: {claim: tenant, equals: ""}}`),
			want: []string{`19:45: value of claim "tenant" in guard "Acme" of token "Access" is empty; an empty value counts as missing, so the rule could never pass`},
		},
		{
			desc: "time claim compared",
			yaml: guardLines("Recent: {value: {claim: login_at, equals: 5}}"),
			want: []string{`19:31: claim "login_at" of token "Access" has type time, which value cannot compare; check that it is present with keys:`},
		},
		{
			desc: "object claim compared",
			yaml: guardLines("Limited: {value: {claim: limits, equals: x}}"),
			want: []string{`19:32: claim "limits" of token "Access" has type object, which value cannot compare; check that it is present with keys:`},
		},
		{
			desc: "value without a claim",
			yaml: guardLines("Pro: {value: {equals: pro}}"),
			want: []string{`19:20: value of guard "Pro" of token "Access" has no claim; add claim: with the claim to compare`},
		},
		{
			desc: "value without equals or contains",
			yaml: guardLines("Pro: {value: {claim: plan}}"),
			want: []string{`19:20: value of guard "Pro" of token "Access" needs equals: for a claim with one value or contains: for a list claim`},
		},
		{
			desc: "value with equals and contains",
			yaml: guardLines("Pro: {value: {claim: plan, equals: pro, contains: pro}}"),
			want: []string{`19:47: value of guard "Pro" of token "Access" has both equals and contains; use equals for a claim with one value, contains for a list claim`},
		},
		{
			desc: "value a list",
			yaml: guardLines("Pro: {value: [plan, pro]}"),
			want: []string{`19:20: value of guard "Pro" of token "Access" must be a mapping such as {claim: plan, equals: pro}, not a list`},
		},
		{
			desc: "unknown key in value",
			yaml: guardLines("Pro: {value: {claim: plan, equal: pro}}"),
			want: []string{`19:34: unknown key "equal" in value of guard "Pro" of token "Access"; did you mean "equals"?`},
		},

		// match.
		{
			desc: "match of one source",
			yaml: guardLines("Own: {match: [claim: user_id]}"),
			want: []string{`19:20: match of guard "Own" of token "Access" needs two or more sources, such as [claim: user_id, path: user_id], not 1`},
		},
		{
			desc: "match a mapping",
			yaml: guardLines("Own: {match: {claim: user_id}}"),
			want: []string{`19:20: match of guard "Own" of token "Access" must be a list, not a mapping`},
		},
		{
			desc: "unknown source",
			yaml: guardLines("Own: {match: [claim: user_id, url: user_id]}"),
			want: []string{`19:37: unknown source "url" in match of guard "Own" of token "Access"; accepted: claim, path, query, header, form, json`},
		},
		{
			desc: "source near a known one",
			yaml: guardLines("Own: {match: [claim: user_id, paths: user_id]}"),
			want: []string{`19:37: unknown source "paths" in match of guard "Own" of token "Access"; did you mean "path"?`},
		},
		{
			desc: "source not a mapping",
			yaml: guardLines("Own: {match: [user_id, path: user_id]}"),
			want: []string{`19:21: each source in match of guard "Own" of token "Access" must be a mapping with one key, such as {path: user_id}, not the string "user_id"`},
		},
		{
			desc: "source with two keys",
			yaml: guardLines("Own:", "  match:", "    - {claim: user_id, path: user_id}", "    - query: user"),
			want: []string{`21:30: a source in match of guard "Own" of token "Access" has 2 keys, claim, path; write each source as a list item of its own`},
		},
		{
			desc: "duplicate source",
			yaml: guardLines("Own: {match: [claim: user_id, path: id, path: id]}"),
			want: []string{`19:47: duplicate source path: id in match of guard "Own" of token "Access"; first at line 19, column 37`},
		},
		{
			desc: "invalid path wildcard",
			yaml: guardLines("Own: {match: [claim: user_id, path: user-id]}"),
			want: []string{`19:43: path wildcard "user-id" in match of guard "Own" of token "Access" is not a valid ServeMux wildcard name; use letters, digits and _, not starting with a digit`},
		},
		{
			desc: "path wildcard starting with a digit",
			yaml: guardLines("Own: {match: [claim: user_id, path: 1st]}"),
			want: []string{`19:43: path wildcard "1st" in match of guard "Own" of token "Access" is not a valid ServeMux wildcard name; use letters, digits and _, not starting with a digit`},
		},
		{
			desc: "invalid header name",
			yaml: guardLines("Own: {match: [claim: tenant, header: X Tenant]}"),
			want: []string{"19:44: header \"X Tenant\" in match of guard \"Own\" of token \"Access\" is not a valid HTTP header name; use letters, digits and !#$%&'*+-.^_`|~"},
		},
		{
			desc: "JSON pointer without a slash",
			yaml: guardLines("Own: {match: [claim: user_id, json: user_id]}"),
			want: []string{`19:43: JSON pointer "user_id" in match of guard "Own" of token "Access" is invalid: it must start with /, as in /user_id`},
		},
		{
			desc: "JSON pointer with a bad escape",
			yaml: guardLines("Own: {match: [claim: user_id, json: /a~2]}"),
			want: []string{`19:43: JSON pointer "/a~2" in match of guard "Own" of token "Access" is invalid: ~ must be followed by 0 or 1`},
		},
		{
			desc: "empty query name",
			yaml: guardLines(`Own: {match: [claim: user_id, query: ""]}`),
			want: []string{`19:44: query name in match of guard "Own" of token "Access" is empty`},
		},
		{
			desc: "query name a number",
			yaml: guardLines("Own: {match: [claim: user_id, query: 1]}"),
			want: []string{`19:44: query in match of guard "Own" of token "Access" must be a string, not the integer 1`},
		},
		{
			desc: "map claim in match",
			yaml: guardLines("Own: {match: [claim: labels, path: label]}"),
			want: []string{`19:28: claim "labels" of token "Access" has type map[string]string, which match cannot compare`},
		},
		{
			desc: "unknown claim in match",
			yaml: guardLines("Own: {match: [claim: userid, path: user_id]}"),
			want: []string{`19:28: unknown claim "userid" in match of guard "Own" of token "Access"; did you mean "user_id"?`},
		},

		// Every problem of a guard is reported, in order.
		{
			desc: "several problems",
			yaml: guardLines(
				"editOwn:",
				"  all:",
				"    - scopes: [write:order]",
				"    - match: [claim: uid, path: user-id]",
				"  any: []",
			),
			want: []string{
				`19:7: guard "editOwn" of token "Access" is not an exported Go identifier; use "EditOwn"`,
				`21:22: unknown scope "write:order" in scopes of guard "editOwn" of token "Access"; did you mean "write:orders"?`,
				`22:28: unknown claim "uid" in match of guard "editOwn" of token "Access"; rules name the uid claim user_id`,
				`22:39: path wildcard "user-id" in match of guard "editOwn" of token "Access" is not a valid ServeMux wildcard name; use letters, digits and _, not starting with a digit`,
				`23:9: guard "editOwn" of token "Access" has both all and any; a guard has one rule, so list rules that must all pass under all:`,
				`23:14: any of guard "editOwn" of token "Access" is empty; list at least one rule`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s, err := Load("tokens.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("Load(%q) succeeded, want errors:\n%q", tt.yaml, tt.want)
			}
			if s != nil {
				t.Errorf("Load(%q) returned a schema with its error, want nil", tt.yaml)
			}
			got := diagnosticLines(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load(%q) diagnostics differ (-want +got):\n%s", tt.yaml, diff)
			}
		})
	}
}

func TestLoadHTTPDiagnostics(t *testing.T) {
	tests := []struct {
		desc string
		yaml string
		want []string
	}{
		{
			desc: "bare_token not a bool",
			yaml: tokenLines("bare_token: yes"),
			want: []string{`4:17: bare_token of token "Access" must be true or false, not the string "yes"`},
		},
		{
			desc: "auto_update a string",
			yaml: tokenLines("auto_update: on"),
			want: []string{`4:18: auto_update of token "Access" must be true, false or a mapping of header, after and max_age, not the string "on"`},
		},
		{
			desc: "unknown auto_update key",
			yaml: tokenLines("auto_update: {heder: X-Token}"),
			want: []string{`4:19: unknown key "heder" in auto_update of token "Access"; did you mean "header"?`},
		},
		{
			desc: "invalid header name",
			yaml: tokenLines("auto_update: {header: X Token}"),
			want: []string{"4:27: header \"X Token\" of auto_update of token \"Access\" is not a valid HTTP header name; use letters, digits and !#$%&'*+-.^_`|~"},
		},
		{
			desc: "after above 100%",
			yaml: tokenLines("auto_update: {after: 150%}"),
			want: []string{`4:26: after "150%" of auto_update of token "Access" is outside 0% to 100%`},
		},
		{
			desc: "after a broken percentage",
			yaml: tokenLines("auto_update: {after: half%}"),
			want: []string{`4:26: after "half%" of auto_update of token "Access" is not a percentage; write a number before the %, as in 50%`},
		},
		{
			desc: "after above 1",
			yaml: tokenLines("auto_update: {after: 2}"),
			want: []string{`4:26: after 2 of auto_update of token "Access" is outside 0 to 1; write a share such as 0.5 or a percentage such as 50%`},
		},
		{
			desc: "after negative",
			yaml: tokenLines("auto_update: {after: -0.5}"),
			want: []string{`4:26: after -0.5 of auto_update of token "Access" is outside 0 to 1; write a share such as 0.5 or a percentage such as 50%`},
		},
		{
			desc: "after a word",
			yaml: tokenLines("auto_update: {after: soon}"),
			want: []string{`4:26: after of auto_update of token "Access" must be a percentage such as 50% or a number from 0 to 1, not the string "soon"`},
		},
		{
			desc: "max_age zero",
			yaml: tokenLines("auto_update: {max_age: 0s}"),
			want: []string{`4:28: max_age "0s" of auto_update of token "Access" is not positive; use a duration above 0, such as 15m`},
		},
		{
			desc: "max_age without a unit",
			yaml: tokenLines("auto_update: {max_age: 86400}"),
			want: []string{`4:28: max_age "86400" of auto_update of token "Access" is not a duration; use Go syntax with a unit, such as 15m or 1h30m`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Load("tokens.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("Load(%q) succeeded, want errors:\n%q", tt.yaml, tt.want)
			}
			got := diagnosticLines(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load(%q) diagnostics differ (-want +got):\n%s", tt.yaml, diff)
			}
		})
	}
}

func TestLoadGuards(t *testing.T) {
	src := guardLines(
		"EditOwnOrders:", // 19
		"  doc: Lets a user change their own orders.",
		"  all:",
		"    - scopes: [write:orders]",
		"    - match: [claim: user_id, path: user_id, json: /order/user_id]",
		"    - none:",
		"        - value: {claim: plan, equals: free}",
		"Typed:", // 26
		"  any:",
		"    - value: {claim: quota, equals: 0x10}",
		"    - value: {claim: ratio, equals: 1e3}",
		"    - value: {claim: beta, equals: true}",
		"    - value: {claim: roles, contains: admin}",
		"    - value: {claim: aud, contains: orders-api}",
		"Known: {keys: [user_id, limits.rps]}", // 33
	)
	s, err := Load("tokens.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Load(%q) failed:\n%v", src, err)
	}
	want := []*Guard{
		{Pos: Pos{19, 7}, Name: "EditOwnOrders", Doc: "Lets a user change their own orders.", Rule: &Rule{
			Pos: Pos{21, 9}, Op: RuleAll, Rules: []*Rule{
				{Pos: Pos{22, 13}, Op: RuleScopes, Names: []string{"write:orders"}},
				{Pos: Pos{23, 13}, Op: RuleMatch, Sources: []*Source{
					{Pos: Pos{23, 21}, Kind: SourceClaim, Name: "user_id"},
					{Pos: Pos{23, 37}, Kind: SourcePath, Name: "user_id"},
					{Pos: Pos{23, 52}, Kind: SourceJSON, Name: "/order/user_id"},
				}},
				{Pos: Pos{24, 13}, Op: RuleNone, Rules: []*Rule{
					{Pos: Pos{25, 17}, Op: RuleValue, Claim: "plan", Value: "free"},
				}},
			},
		}},
		{Pos: Pos{26, 7}, Name: "Typed", Rule: &Rule{
			Pos: Pos{27, 9}, Op: RuleAny, Rules: []*Rule{
				{Pos: Pos{28, 13}, Op: RuleValue, Claim: "quota", Value: "16"},
				{Pos: Pos{29, 13}, Op: RuleValue, Claim: "ratio", Value: "1000"},
				{Pos: Pos{30, 13}, Op: RuleValue, Claim: "beta", Value: "true"},
				{Pos: Pos{31, 13}, Op: RuleValue, Claim: "roles", Contains: true, Value: "admin"},
				{Pos: Pos{32, 13}, Op: RuleValue, Claim: "aud", Contains: true, Value: "orders-api"},
			},
		}},
		{Pos: Pos{33, 7}, Name: "Known", Rule: &Rule{Pos: Pos{33, 15}, Op: RuleKeys, Names: []string{"user_id", "limits.rps"}}},
	}
	if diff := cmp.Diff(want, s.Tokens[0].Guards); diff != "" {
		t.Errorf("Load(%q) guards differ (-want +got):\n%s", src, diff)
	}
}

func TestLoadHTTPSettings(t *testing.T) {
	tests := []struct {
		desc           string
		lines          []string
		wantBare       bool
		wantAutoUpdate *AutoUpdate
	}{
		{"defaults", []string{"doc: Nothing set."}, false, nil},
		{"bare token", []string{"bare_token: true"}, true, nil},
		{"auto_update true", []string{"auto_update: true"}, false, &AutoUpdate{Pos: Pos{4, 18}}},
		{"auto_update false", []string{"auto_update: false"}, false, nil},
		{"auto_update with a percentage", []string{"auto_update: {header: X-Refreshed-Token, after: 50%, max_age: 24h}"}, false, &AutoUpdate{Pos: Pos{4, 18}, Header: "X-Refreshed-Token", After: 0.5, MaxAge: 24 * time.Hour}},
		{"auto_update with a share", []string{"auto_update: {after: 0.25}"}, false, &AutoUpdate{Pos: Pos{4, 18}, After: 0.25}},
		{"auto_update after 100%", []string{"auto_update: {after: 100%}"}, false, &AutoUpdate{Pos: Pos{4, 18}, After: 1}},
		{"auto_update empty mapping", []string{"auto_update: {}"}, false, &AutoUpdate{Pos: Pos{4, 18}}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			src := tokenLines(tt.lines...)
			s, err := Load("tokens.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Load(%q) failed:\n%v", src, err)
			}
			tok := s.Tokens[0]
			if tok.BareToken != tt.wantBare {
				t.Errorf("Load(%q) BareToken = %t, want %t", src, tok.BareToken, tt.wantBare)
			}
			if diff := cmp.Diff(tt.wantAutoUpdate, tok.AutoUpdate); diff != "" {
				t.Errorf("Load(%q) AutoUpdate differs (-want +got):\n%s", src, diff)
			}
		})
	}
}
