package generator

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// yamlLines joins lines into a YAML document, so that the n-th argument is
// line n of the file and positions in the tests can be read off the code.
func yamlLines(lines ...string) string {
	return strings.Join(lines, "\n") + "\n"
}

// diagnosticLines returns the diagnostics in err as "LINE:COL: message",
// failing the test when err is not Diagnostics or names another file.
func diagnosticLines(t *testing.T, err error) []string {
	t.Helper()
	var ds Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("error is %T (%v), want Diagnostics", err, err)
	}
	lines := make([]string, len(ds))
	for i, d := range ds {
		if d.File != "tokens.yaml" {
			t.Errorf("diagnostic %q has File %q, want %q", d, d.File, "tokens.yaml")
		}
		lines[i] = fmt.Sprintf("%d:%d: %s", d.Pos.Line, d.Pos.Col, d.Message)
	}
	return lines
}

func TestLoadDiagnostics(t *testing.T) {
	tests := []struct {
		desc string
		yaml string
		want []string
	}{
		// The document as a whole.
		{
			desc: "YAML syntax error with a line",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {lifespan: [1,"),
			want: []string{"3:1: invalid YAML: did not find expected node content"},
		},
		{
			desc: "YAML syntax error without a line",
			yaml: "version: \x01\n",
			want: []string{"1:1: invalid YAML: control characters are not allowed"},
		},
		{
			desc: "unknown anchor",
			yaml: yamlLines("version: 1", "tokens: *base"),
			want: []string{"1:1: invalid YAML: unknown anchor 'base' referenced"},
		},
		{
			desc: "empty file",
			yaml: "",
			want: []string{`1:1: the schema is empty; start it with "version: 1"`},
		},
		{
			desc: "only comments",
			yaml: yamlLines("# tokens", "# more"),
			want: []string{`1:1: the schema is empty; start it with "version: 1"`},
		},
		{
			desc: "second document",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {}", "---", "version: 1"),
			want: []string{"4:1: a second YAML document starts here; the schema must be a single document"},
		},
		{
			desc: "root is a list",
			yaml: yamlLines("- version: 1"),
			want: []string{"1:1: the schema must be a mapping of version, package, scopes and tokens, not a list"},
		},
		{
			desc: "alias to its own ancestor",
			yaml: yamlLines("version: 1", "tokens:", "  Access: &a {doc: *a}"),
			want: []string{"3:20: alias *a refers to a node that contains it"},
		},
		{
			desc: "merge key of a scalar",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {<<: 1}"),
			want: []string{`3:16: merge key << in token "Access" needs a mapping or a list of mappings, not the integer 1`},
		},

		// Top level.
		{
			desc: "version missing",
			yaml: yamlLines("tokens:", "  Access: {}"),
			want: []string{`1:1: version is missing; add "version: 1" at the top`},
		},
		{
			desc: "version 2",
			yaml: yamlLines("version: 2", "tokens:", "  Access: {}"),
			want: []string{"1:10: unsupported version 2; this tokengen reads version 1"},
		},
		{
			desc: "version as a string",
			yaml: yamlLines(`version: "1"`, "tokens:", "  Access: {}"),
			want: []string{`1:10: version must be the integer 1, not the string "1"`},
		},
		{
			desc: "unknown top-level key near a known one",
			yaml: yamlLines("version: 1", "scope:", "  admin: Everything", "tokens:", "  Access: {}"),
			want: []string{`2:1: unknown key "scope" at the top level; did you mean "scopes"?`},
		},
		{
			desc: "unknown top-level key far from all",
			yaml: yamlLines("version: 1", "output: x.go", "tokens:", "  Access: {}"),
			want: []string{`2:1: unknown key "output" at the top level; accepted: version, package, scopes, tokens`},
		},
		{
			desc: "duplicate top-level key",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {}", "version: 1"),
			want: []string{`4:1: duplicate key "version" at the top level; first at line 1, column 1`},
		},
		{
			desc: "package not an identifier",
			yaml: yamlLines("version: 1", "package: my-pkg", "tokens:", "  Access: {}"),
			want: []string{`2:10: package "my-pkg" is not a valid Go package name; use a Go identifier such as authz`},
		},
		{
			desc: "package a keyword",
			yaml: yamlLines("version: 1", "package: func", "tokens:", "  Access: {}"),
			want: []string{`2:10: package "func" is not a valid Go package name; use a Go identifier such as authz`},
		},
		{
			desc: "package a list",
			yaml: yamlLines("version: 1", "package: [authz]", "tokens:", "  Access: {}"),
			want: []string{"2:10: package must be a string, not a list"},
		},
		{
			desc: "tokens missing",
			yaml: yamlLines("version: 1", "scopes: {admin: Everything}"),
			want: []string{"1:1: tokens is missing; declare at least one token kind under tokens"},
		},
		{
			desc: "tokens empty",
			yaml: yamlLines("version: 1", "tokens: {}"),
			want: []string{"2:9: tokens is empty; declare at least one token kind"},
		},
		{
			desc: "tokens a list",
			yaml: yamlLines("version: 1", "tokens:", "  - Access"),
			want: []string{"3:3: tokens must be a mapping, not a list"},
		},
		{
			desc: "key at the top level",
			yaml: yamlLines("version: 1", "key: c2VjcmV0", "tokens:", "  Access: {}"),
			want: []string{`2:1: key "key" at the top level: keys never belong in a committed file; pass them in the program's config as the Key field of each token kind's Config`},
		},

		// Scopes.
		{
			desc: "scopes a list",
			yaml: yamlLines("version: 1", "scopes: [admin]", "tokens:", "  Access: {}"),
			want: []string{"2:9: scopes must be a mapping, not a list"},
		},
		{
			desc: "scope name with a space",
			yaml: yamlLines("version: 1", "scopes:", `  "read orders": Read orders`, "tokens:", "  Access: {}"),
			want: []string{`3:3: invalid scope name "read orders": ' ' is not allowed; use ASCII letters, digits and :._-/`},
		},
		{
			desc: "scope name empty",
			yaml: yamlLines("version: 1", "scopes:", `  "": Nothing`, "tokens:", "  Access: {}"),
			want: []string{`3:3: invalid scope name "": a scope name needs at least one letter or digit`},
		},
		{
			desc: "scope name of marks only",
			yaml: yamlLines("version: 1", "scopes:", `  "::": Nothing`, "tokens:", "  Access: {}"),
			want: []string{`3:3: invalid scope name "::": a scope name needs at least one letter or digit`},
		},
		{
			desc: "scope description a mapping",
			yaml: yamlLines("version: 1", "scopes:", "  admin: {doc: Everything}", "tokens:", "  Access: {}"),
			want: []string{`3:10: the description of scope "admin" must be text, not a mapping`},
		},
		{
			desc: "duplicate scope",
			yaml: yamlLines("version: 1", "scopes:", "  admin: Everything", "  admin: Again", "tokens:", "  Access: {}"),
			want: []string{`4:3: duplicate key "admin" in scopes; first at line 3, column 3`},
		},
		{
			desc: "scopes with the same Go name",
			yaml: yamlLines("version: 1", "scopes:", "  read:orders: Read orders", "  read-orders: Read them too", "tokens:", "  Access: {}"),
			want: []string{`4:3: scope "read-orders" gets the Go name ScopeReadOrders, as does scope "read:orders" at line 3, column 3; rename one of them`},
		},

		// Token kinds.
		{
			desc: "kind name in lower case",
			yaml: yamlLines("version: 1", "tokens:", "  access: {}"),
			want: []string{`3:3: token kind "access" is not an exported Go identifier; use "Access"`},
		},
		{
			desc: "kind name with a dash",
			yaml: yamlLines("version: 1", "tokens:", "  api-key: {}"),
			want: []string{`3:3: token kind "api-key" is not an exported Go identifier; use "APIKey"`},
		},
		{
			desc: "kind name starting with a digit",
			yaml: yamlLines("version: 1", "tokens:", "  2FA: {}"),
			want: []string{`3:3: token kind "2FA" is not an exported Go identifier; start it with an upper-case letter and use only letters and digits`},
		},
		{
			desc: "kind a list",
			yaml: yamlLines("version: 1", "tokens:", "  Access: [lifespan]"),
			want: []string{`3:11: token "Access" must be a mapping, not a list`},
		},
		{
			desc: "unknown token key near a known one",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespam: 15m"),
			want: []string{`4:5: unknown key "lifespam" in token "Access"; did you mean "lifespan"?`},
		},
		{
			desc: "unknown token key far from all",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    refresh: true"),
			want: []string{`4:5: unknown key "refresh" in token "Access"; accepted: doc, lifespan, issuer, audience, algorithm, typ, encrypted, require, verify, leeway, claims, bare_token, auto_update, guards`},
		},
		{
			desc: "duplicate token key",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespan: 15m", "    lifespan: 1h"),
			want: []string{`5:5: duplicate key "lifespan" in token "Access"; first at line 4, column 5`},
		},
		{
			desc: "duplicate token kind",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {}", "  Access: {}"),
			want: []string{`4:3: duplicate key "Access" in tokens; first at line 3, column 3`},
		},
		{
			desc: "kinds with clashing Go names",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {}", "  NewAccess: {}"),
			want: []string{`4:3: token "NewAccess" gets the Go name NewAccessClaims, as does token "Access" at line 3, column 3; rename one of them`},
		},
		{
			desc: "kinds with the same codec variable",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {}", "  ACCESS: {}"),
			want: []string{`4:3: token "ACCESS" gets the Go name accessCodec, as does token "Access" at line 3, column 3; rename one of them`},
		},
		{
			desc: "doc a mapping",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    doc: {text: x}"),
			want: []string{`4:10: doc of token "Access" must be text, not a mapping`},
		},

		// Durations.
		{
			desc: "lifespan without a unit",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespan: 900"),
			want: []string{`4:15: lifespan "900" of token "Access" is not a duration; use Go syntax with a unit, such as 15m or 1h30m`},
		},
		{
			desc: "lifespan not a duration",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespan: a while"),
			want: []string{`4:15: lifespan "a while" of token "Access" is not a duration; use Go syntax with a unit, such as 15m or 1h30m`},
		},
		{
			desc: "lifespan zero",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespan: 0s"),
			want: []string{`4:15: lifespan "0s" of token "Access" is not positive; use a duration above 0, such as 15m`},
		},
		{
			desc: "lifespan negative",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespan: -15m"),
			want: []string{`4:15: lifespan "-15m" of token "Access" is not positive; use a duration above 0, such as 15m`},
		},
		{
			desc: "lifespan a list",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespan: [15m]"),
			want: []string{`4:15: lifespan of token "Access" must be a duration such as 15m, not a list`},
		},
		{
			desc: "leeway negative",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    leeway: -1s"),
			want: []string{`4:13: leeway "-1s" of token "Access" is negative; use 0 or more`},
		},
		{
			desc: "leeway null",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    leeway:"),
			want: []string{`4:12: leeway of token "Access" must be a duration such as 15m, not null`},
		},

		// Issuer, audience, algorithm, typ, encrypted.
		{
			desc: "typ with a space",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", `    typ: "at jwt"`),
			want: []string{`4:10: typ of token "Access" is "at jwt", which is not a media type name; use a name such as at+jwt or application/at+jwt`},
		},
		{
			desc: "typ a list",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    typ: [at+jwt]"),
			want: []string{`4:10: typ of token "Access" must be a string, not a list`},
		},
		{
			desc: "issuer empty",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", `    issuer: ""`),
			want: []string{`4:13: issuer of token "Access" is empty; give a value or leave issuer out`},
		},
		{
			desc: "issuer a number",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    issuer: 42"),
			want: []string{`4:13: issuer of token "Access" must be a string, not the integer 42`},
		},
		{
			desc: "audience empty string",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", `    audience: ""`),
			want: []string{`4:15: audience of token "Access" is empty; give a value or leave audience out`},
		},
		{
			desc: "audience empty list",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    audience: []"),
			want: []string{`4:15: audience of token "Access" is an empty list; name at least one audience or leave audience out`},
		},
		{
			desc: "audience with an empty string",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", `    audience: [orders-api, ""]`),
			want: []string{`4:28: audience of token "Access" contains an empty string`},
		},
		{
			desc: "audience entry a mapping",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    audience: [{name: x}]"),
			want: []string{`4:16: each entry of audience of token "Access" must be a string, not a mapping`},
		},
		{
			desc: "audience a mapping",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    audience: {name: x}"),
			want: []string{`4:15: audience of token "Access" must be a string or a list of strings, not a mapping`},
		},
		{
			desc: "unknown algorithm",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    algorithm: none"),
			want: []string{`4:16: unknown algorithm "none" of token "Access"; accepted: HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA`},
		},
		{
			desc: "algorithm in the wrong case",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    algorithm: eddsa"),
			want: []string{`4:16: unknown algorithm "eddsa" of token "Access"; did you mean "EdDSA"?`},
		},
		{
			desc: "encrypted not a bool",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    encrypted: yes"),
			want: []string{`4:16: encrypted of token "Access" must be true or false, not the string "yes"`},
		},

		// Require and verify.
		{
			desc: "require of an unregistered claim",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    require: [exp, sub]"),
			want: []string{`4:20: unknown claim "sub" in require of token "Access"; accepted: exp, nbf, iat, aud, iss`},
		},
		{
			desc: "require of signature",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    require: [signature]"),
			want: []string{`4:15: "signature" in require of token "Access" is not a claim; require accepts exp, nbf, iat, aud, iss, and the signature check is part of verify`},
		},
		{
			desc: "require with a duplicate",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    require: [exp, exp]"),
			want: []string{`4:20: duplicate entry "exp" in require of token "Access"; first at line 4, column 15`},
		},
		{
			desc: "require a scalar",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    require: exp"),
			want: []string{`4:14: require of token "Access" must be a list, not the string "exp"`},
		},
		{
			desc: "require entry a number",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    require: [1]"),
			want: []string{`4:15: each entry of require of token "Access" must be a string, not the integer 1`},
		},
		{
			desc: "verify of an unregistered claim",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: {jti: true}"),
			want: []string{`4:14: unknown key "jti" in verify of token "Access"; accepted: exp, nbf, iat, aud, iss, signature`},
		},
		{
			desc: "verify of a near miss",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: {sig: false}"),
			want: []string{`4:14: unknown key "sig" in verify of token "Access"; did you mean "signature"?`},
		},
		{
			desc: "verify entry not a bool",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: {exp: off}"),
			want: []string{`4:19: verify exp of token "Access" must be true or false, not the string "off"`},
		},
		{
			desc: "verify a string",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: none"),
			want: []string{`4:13: verify of token "Access" must be true, false or a mapping of check to true or false, not the string "none"`},
		},
		{
			desc: "verify a list",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: [exp]"),
			want: []string{`4:13: verify of token "Access" must be true, false or a mapping of check to true or false, not a list`},
		},

		// Key material.
		{
			desc: "secret in a token",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    secret: hunter2"),
			want: []string{`4:5: key "secret" in token "Access": keys never belong in a committed file; pass the key in the program's config as AccessConfig.Key`},
		},
		{
			desc: "key in a token",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    key: aGVsbG8="),
			want: []string{`4:5: key "key" in token "Access": keys never belong in a committed file; pass the key in the program's config as AccessConfig.Key`},
		},
		{
			desc: "private key in a token",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    private_key: |", "      -----BEGIN PRIVATE KEY-----"),
			want: []string{`4:5: key "private_key" in token "Access": keys never belong in a committed file; pass the key in the program's config as AccessConfig.Key`},
		},
		{
			desc: "encryption key in a token",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    encrypted: true", "    encryption_key: MDEyMzQ1Njc4OWFi"),
			want: []string{`5:5: key "encryption_key" in token "Access": keys never belong in a committed file; pass the key in the program's config as AccessConfig.EncryptionKey`},
		},
		{
			desc: "secret in a claim's mapping",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant: {type: string, secret: x}"),
			want: []string{`5:30: key "secret" in claim "tenant" of token "Access": keys never belong in a committed file; pass the key in the program's config as AccessConfig.Key`},
		},
		{
			desc: "secret written as a claim",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      secret: hunter2"),
			want: []string{`5:7: key "secret" in the claims of token "Access": keys never belong in a committed file; pass the key in the program's config as AccessConfig.Key`},
		},

		// Claims.
		{
			desc: "claims a list",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims: [tenant]"),
			want: []string{`4:13: claims of token "Access" must be a mapping, not a list`},
		},
		{
			desc: "claim a scalar",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant: string"),
			want: []string{`5:15: claim "tenant" of token "Access" must be a mapping such as {type: string}, not the string "string"`},
		},
		{
			desc: "claim without a type",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant: {required: true}"),
			want: []string{`5:7: claim "tenant" of token "Access" has no type; add type: with one of string, bool, int, int64, float64, time, []string, []int64, map[string]string, object`},
		},
		{
			desc: "unknown claim type",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant: {type: text}"),
			want: []string{`5:22: unknown type "text" of claim "tenant" of token "Access"; accepted: string, bool, int, int64, float64, time, []string, []int64, map[string]string, object`},
		},
		{
			desc: "claim type a YAML list",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      roles: {type: [string]}"),
			want: []string{`5:21: type of claim "roles" of token "Access" must be a string, not a list; quote a slice type, as in type: "[]string"`},
		},
		{
			desc: "unknown claim key near a known one",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant: {type: string, requird: true}"),
			want: []string{`5:30: unknown key "requird" in claim "tenant" of token "Access"; did you mean "required"?`},
		},
		{
			desc: "duplicate claim",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant: {type: string}", "      tenant: {type: int}"),
			want: []string{`6:7: duplicate key "tenant" in the claims of token "Access"; first at line 5, column 7`},
		},
		{
			desc: "required not a bool",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant: {type: string, required: 1}"),
			want: []string{`5:40: required of claim "tenant" of token "Access" must be true or false, not the integer 1`},
		},
		{
			desc: "claim key without a Go name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      2fa: {type: bool}"),
			want: []string{`5:7: claim key "2fa" of token "Access" gives the Go name "2fa", which is not an exported Go identifier; rename the key and set claim: "2fa" to keep the JSON name`},
		},
		{
			desc: "claim key with a space",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", `      "log in": {type: time}`),
			want: []string{`5:7: claim key "log in" of token "Access" gives the Go name "Log in", which is not an exported Go identifier; rename the key and set claim: "log in" to keep the JSON name`},
		},
		{
			desc: "empty JSON name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", `      quota: {type: int64, claim: ""}`),
			want: []string{`5:35: JSON name of claim "quota" of token "Access" is empty; remove claim: to use the key "quota"`},
		},
		{
			desc: "JSON name of a registered claim",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      exp: {type: int64}"),
			want: []string{`5:7: claim "exp" of token "Access" has the JSON name "exp" of the registered claim exp (expiration time); rename the key or set claim: to another name`},
		},
		{
			desc: "JSON name of auth_time",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      auth_time: {type: time}"),
			want: []string{
				`5:7: claim "auth_time" of token "Access" has the JSON name "auth_time" of the claim auth_time (time of authentication); rename the key or set claim: to another name`,
				`5:7: claim "auth_time" of token "Access" gets the Go name AuthTime, which AccessClaims already uses for the auth_time claim; rename the key and set claim: "auth_time" to keep the JSON name`,
			},
		},
		{
			desc: "JSON name of a built-in claim through claim:",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      user: {type: string, claim: uid}"),
			want: []string{`5:7: claim "user" of token "Access" has the JSON name "uid" of the built-in claim uid (user ID); rename the key or set claim: to another name`},
		},
		{
			desc: "two claims with one JSON name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      quota: {type: int64, claim: q}", "      q: {type: string}"),
			want: []string{`6:7: claim "q" of token "Access" has the JSON name "q", as does claim "quota" of token "Access" at line 5, column 7; rename one of them`},
		},
		{
			desc: "two nested claims with one JSON name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      limits:", "        type: object", "        claims:", "          rps: {type: int}", "          burst: {type: int, claim: rps}"),
			want: []string{`9:11: claim "limits.burst" of token "Access" has the JSON name "rps", as does claim "limits.rps" of token "Access" at line 8, column 11; rename one of them`},
		},
		{
			desc: "registered JSON name inside an object",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      window: {type: object, claims: {exp: {type: time}}}"),
			want: nil,
		},
		{
			desc: "claims with one Go name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant_id: {type: string}", "      tenantId: {type: string}"),
			want: []string{`6:7: claim "tenantId" of token "Access" gets the Go name TenantID, as does claim "tenant_id" of token "Access" at line 5, column 7; rename one of them and set claim: to keep its JSON name`},
		},
		{
			desc: "nested claims with one Go name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      owner:", "        type: object", "        claims:", "          user_id: {type: string}", "          userId: {type: string}"),
			want: []string{`9:11: claim "owner.userId" of token "Access" gets the Go name UserID, as does claim "owner.user_id" of token "Access" at line 8, column 11; rename one of them and set claim: to keep its JSON name`},
		},
		{
			desc: "claim named like the uid field",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      user_id: {type: string}"),
			want: []string{`5:7: claim "user_id" of token "Access" gets the Go name UserID, which AccessClaims already uses for the uid claim; rename the key and set claim: "user_id" to keep the JSON name`},
		},
		{
			desc: "claim named like a registered field",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      issuer: {type: string}"),
			want: []string{`5:7: claim "issuer" of token "Access" gets the Go name Issuer, which AccessClaims already uses for the iss claim; rename the key and set claim: "issuer" to keep the JSON name`},
		},
		{
			desc: "required claim named like a constructor parameter",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      SCOPES: {type: string, required: true}"),
			want: []string{`5:7: claim "SCOPES" of token "Access" gets the parameter name scopes in NewAccessClaims, which already uses it for the scopes; rename the key and set claim: "SCOPES" to keep the JSON name`},
		},
		{
			desc: "required claims sharing a constructor parameter",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims: {x_url: {type: string, required: true}, xurl: {type: string, required: true}}"),
			want: []string{`4:53: claim "xurl" of token "Access" gets the parameter name xurl in NewAccessClaims, as does claim "x_url" of token "Access" at line 4, column 14; rename one of them`},
		},
		{
			desc: "claim type clashing with a kind's type",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      config: {type: string, enum: [a]}"),
			want: []string{`5:7: claim "config" of token "Access" gets the Go name AccessConfig, as does token "Access" at line 3, column 3; rename one of them`},
		},
		{
			desc: "claim type clashing with the scope API",
			yaml: yamlLines("version: 1", "tokens:", "  Parse:", "    claims:", "      scope: {type: string, enum: [a]}"),
			want: []string{`5:7: claim "scope" of token "Parse" gets the Go name ParseScope, which the generated scope API already declares; rename it`},
		},
		{
			desc: "claims on a string",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tenant: {type: string, claims: {id: {type: string}}}"),
			want: []string{`5:30: claims is only allowed on object claims, and claim "tenant" of token "Access" has type string`},
		},
		{
			desc: "object without claims",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      limits: {type: object}"),
			want: []string{`5:7: object claim "limits" of token "Access" has no claims; list its members under claims:`},
		},
		{
			desc: "object with empty claims",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      limits: {type: object, claims: {}}"),
			want: []string{`5:38: object claim "limits" of token "Access" has no claims; list its members under claims:`},
		},
		{
			desc: "error inside a nested claim",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      limits:", "        type: object", "        claims:", "          rps: {type: integer}"),
			want: []string{`8:23: unknown type "integer" of claim "limits.rps" of token "Access"; accepted: string, bool, int, int64, float64, time, []string, []int64, map[string]string, object`},
		},

		// Enums.
		{
			desc: "enum on an int",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      tier: {type: int, enum: [free]}"),
			want: []string{`5:25: enum is only allowed on string claims, and claim "tier" of token "Access" has type int`},
		},
		{
			desc: "empty enum",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      plan: {type: string, enum: []}"),
			want: []string{`5:34: enum of claim "plan" of token "Access" is empty; list at least one value or remove enum`},
		},
		{
			desc: "enum a string",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      plan: {type: string, enum: free}"),
			want: []string{`5:34: enum of claim "plan" of token "Access" must be a list, not the string "free"`},
		},
		{
			desc: "duplicate enum value",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      plan: {type: string, enum: [free, pro, free]}"),
			want: []string{`5:46: duplicate enum value "free" of claim "plan" of token "Access"; first at line 5, column 35`},
		},
		{
			desc: "enum value not a string",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      plan: {type: string, enum: [true]}"),
			want: []string{`5:35: enum value of claim "plan" of token "Access" must be a string, not the boolean true; quote it as "true"`},
		},
		{
			desc: "enum value without a Go name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", `      plan: {type: string, enum: ["+"]}`),
			want: []string{`5:35: enum value "+" of claim "plan" of token "Access" gives no Go constant name; an enum value needs at least one letter or digit`},
		},
		{
			desc: "enum values with one Go name",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    claims:", "      plan: {type: string, enum: [pro-plan, pro_plan]}"),
			want: []string{`5:45: enum value "pro_plan" of claim "plan" of token "Access" gets the Go name AccessPlanProPlan, as does enum value "pro-plan" of claim "plan" of token "Access" at line 5, column 35; rename one of them`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s, err := Load("tokens.yaml", []byte(tt.yaml))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load(%q) failed:\n%v\nwant no error", tt.yaml, err)
				}
				return
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

// designSchema is the example schema of the design notes, comments included.
const designSchema = `version: 1
package: authz                 # optional; default: $GOPACKAGE under go generate, else the output folder's name
scopes:                        # name: description; order is kept
  read:orders: Read orders
  write:orders: Create and change orders
  admin: Everything
tokens:
  Access:                      # token kind; a Go identifier
    doc: Sent with every API call.
    lifespan: 15m              # Go duration syntax
    issuer: https://auth.example.test
    audience: orders-api       # a string or a list
    algorithm: HS256           # default HS256; HS384, HS512, RS256..512, PS256..512, ES256..512, EdDSA
    encrypted: false           # true: the signed token is wrapped in XChaCha20-Poly1305 (JWE dir/XC20P)
    require: [exp, nbf, iat, aud, iss]               # default: all five; [] allowed
    verify: {exp: true, nbf: true, iat: true, aud: true, iss: true, signature: true}   # default all true; ` + "`verify: false`" + ` turns all off
    leeway: 30s                # default 0
    claims:
      tenant: {type: string, required: true, doc: Tenant the user belongs to.}
      roles: {type: "[]string"}
      plan: {type: string, enum: [free, pro]}
      quota: {type: int64, claim: q}                 # claim: the JSON name, default the key
      login_at: {type: time}
      limits: {type: object, claims: {rps: {type: int}}}
`

// registeredSet returns a require or verify set with every registered claim
// set to on.
func registeredSet(on bool) map[RegisteredClaim]bool {
	return map[RegisteredClaim]bool{ClaimExp: on, ClaimNbf: on, ClaimIat: on, ClaimAud: on, ClaimIss: on}
}

func TestLoadDesignSchema(t *testing.T) {
	want := &Schema{
		File:    "tokens.yaml",
		Version: 1,
		Package: "authz",
		Scopes: []*Scope{
			{Pos: Pos{4, 3}, Name: "read:orders", Doc: "Read orders"},
			{Pos: Pos{5, 3}, Name: "write:orders", Doc: "Create and change orders"},
			{Pos: Pos{6, 3}, Name: "admin", Doc: "Everything"},
		},
		Tokens: []*Token{{
			Pos:             Pos{8, 3},
			Name:            "Access",
			Doc:             "Sent with every API call.",
			Lifespan:        15 * time.Minute,
			Issuer:          "https://auth.example.test",
			Audience:        []string{"orders-api"},
			Algorithm:       "HS256",
			Encrypted:       false,
			Leeway:          30 * time.Second,
			Require:         registeredSet(true),
			Verify:          registeredSet(true),
			VerifySignature: true,
			Claims: []*Claim{
				{Pos: Pos{19, 7}, Key: "tenant", JSONName: "tenant", Type: TypeString, Required: true, Doc: "Tenant the user belongs to."},
				{Pos: Pos{20, 7}, Key: "roles", JSONName: "roles", Type: TypeStrings},
				{Pos: Pos{21, 7}, Key: "plan", JSONName: "plan", Type: TypeString, Enum: []*EnumValue{
					{Pos: Pos{21, 35}, Value: "free"},
					{Pos: Pos{21, 41}, Value: "pro"},
				}},
				{Pos: Pos{22, 7}, Key: "quota", JSONName: "q", Type: TypeInt64},
				{Pos: Pos{23, 7}, Key: "login_at", JSONName: "login_at", Type: TypeTime},
				{Pos: Pos{24, 7}, Key: "limits", JSONName: "limits", Type: TypeObject, Claims: []*Claim{
					{Pos: Pos{24, 39}, Key: "rps", JSONName: "rps", Type: TypeInt},
				}},
			},
		}},
	}
	got, err := Load("tokens.yaml", []byte(designSchema))
	if err != nil {
		t.Fatalf("Load(designSchema) failed:\n%v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load(designSchema) schema differs (-want +got):\n%s", diff)
	}
}

func TestLoadTokenSettings(t *testing.T) {
	// Each case is the body of token kind Access; ignored fields are
	// covered by TestLoadDesignSchema.
	ignore := cmpopts.IgnoreFields(Token{}, "Pos", "Name", "Claims")
	tests := []struct {
		desc string
		body []string
		want Token
	}{
		{
			desc: "defaults",
			body: []string{"doc: Minimal."},
			want: Token{Doc: "Minimal.", Algorithm: "HS256", Require: registeredSet(true), Verify: registeredSet(true), VerifySignature: true},
		},
		{
			desc: "verify false turns every check off",
			body: []string{"verify: false"},
			want: Token{Algorithm: "HS256", Require: registeredSet(true), Verify: registeredSet(false), VerifySignature: false},
		},
		{
			desc: "verify true keeps every check on",
			body: []string{"verify: true"},
			want: Token{Algorithm: "HS256", Require: registeredSet(true), Verify: registeredSet(true), VerifySignature: true},
		},
		{
			desc: "verify mapping keeps the rest on",
			body: []string{"verify: {aud: false, signature: false}"},
			want: Token{
				Algorithm: "HS256", Require: registeredSet(true),
				Verify:          map[RegisteredClaim]bool{ClaimExp: true, ClaimNbf: true, ClaimIat: true, ClaimAud: false, ClaimIss: true},
				VerifySignature: false,
			},
		},
		{
			desc: "empty require",
			body: []string{"require: []"},
			want: Token{Algorithm: "HS256", Require: registeredSet(false), Verify: registeredSet(true), VerifySignature: true},
		},
		{
			desc: "partial require",
			body: []string{"require: [exp, aud]"},
			want: Token{
				Algorithm:       "HS256",
				Require:         map[RegisteredClaim]bool{ClaimExp: true, ClaimNbf: false, ClaimIat: false, ClaimAud: true, ClaimIss: false},
				Verify:          registeredSet(true),
				VerifySignature: true,
			},
		},
		{
			desc: "audience list, algorithm, encryption and zero leeway",
			body: []string{"audience: [orders-api, billing-api]", "algorithm: EdDSA", "encrypted: true", "leeway: 0s", "lifespan: 1h30m"},
			want: Token{
				Audience: []string{"orders-api", "billing-api"}, Algorithm: "EdDSA", Encrypted: true,
				Lifespan: 90 * time.Minute, Require: registeredSet(true), Verify: registeredSet(true), VerifySignature: true,
			},
		},
		{
			desc: "multi-line doc",
			body: []string{"doc: |", "  First line.", "  Second line."},
			want: Token{Doc: "First line.\nSecond line.\n", Algorithm: "HS256", Require: registeredSet(true), Verify: registeredSet(true), VerifySignature: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			lines := []string{"version: 1", "tokens:", "  Access:"}
			for _, line := range tt.body {
				lines = append(lines, "    "+line)
			}
			src := yamlLines(lines...)
			s, err := Load("tokens.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Load(%q) failed:\n%v", src, err)
			}
			if diff := cmp.Diff(tt.want, *s.Tokens[0], ignore); diff != "" {
				t.Errorf("Load(%q) token differs (-want +got):\n%s", src, diff)
			}
		})
	}
}

func TestLoadScopeWithoutDescription(t *testing.T) {
	src := yamlLines("version: 1", "scopes:", "  admin:", "tokens:", "  Access: {}")
	s, err := Load("tokens.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Load(%q) failed:\n%v", src, err)
	}
	want := []*Scope{{Pos: Pos{3, 3}, Name: "admin"}}
	if diff := cmp.Diff(want, s.Scopes); diff != "" {
		t.Errorf("Load(%q) scopes differ (-want +got):\n%s", src, diff)
	}
}

func TestLoadAliasesAndMergeKeys(t *testing.T) {
	src := yamlLines(
		"version: 1",
		"tokens:",
		"  Access: &base",
		"    lifespan: 15m",
		"    issuer: https://auth.example.test",
		"    claims: &claims",
		"      tenant: {type: string, required: true}",
		"  Refresh:",
		"    <<: *base",
		"    lifespan: 720h",
		"    claims: *claims",
	)
	s, err := Load("tokens.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Load(%q) failed:\n%v", src, err)
	}
	refresh := s.Tokens[1]
	if refresh.Lifespan != 720*time.Hour {
		t.Errorf("Refresh lifespan = %v, want 720h0m0s (the key written beside <<)", refresh.Lifespan)
	}
	if refresh.Issuer != "https://auth.example.test" {
		t.Errorf("Refresh issuer = %q, want the merged %q", refresh.Issuer, "https://auth.example.test")
	}
	wantClaims := []*Claim{{Pos: Pos{7, 7}, Key: "tenant", JSONName: "tenant", Type: TypeString, Required: true}}
	if diff := cmp.Diff(wantClaims, refresh.Claims); diff != "" {
		t.Errorf("Refresh claims differ (-want +got):\n%s", diff)
	}
}

func TestLoadLargeWithoutAliases(t *testing.T) {
	// 40,000 scopes are 80,000 scalar nodes, more than aliases may add, but
	// nodes written out in the file are not limited.
	var b strings.Builder
	b.WriteString("version: 1\nscopes:\n")
	for i := range 40000 {
		fmt.Fprintf(&b, "  s%d: Scope %d\n", i, i)
	}
	b.WriteString("tokens:\n  Access:\n    lifespan: 15m\n    issuer: https://auth.example.test\n    audience: api\n")
	s, err := Load("tokens.yaml", []byte(b.String()))
	if err != nil {
		t.Fatalf("Load(40,000 scopes) = %v, want no error", err)
	}
	if len(s.Scopes) != 40000 {
		t.Errorf("Load(40,000 scopes) has %d scopes, want 40000", len(s.Scopes))
	}
}

func TestLoadAliasBomb(t *testing.T) {
	// Each level refers to the one above ten times, so f would expand to over
	// a million nodes. Expanding the fifth *d on line 5 passes the limit.
	src := yamlLines(
		"a: &a [x, x, x, x, x, x, x, x, x, x]",
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
		"f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
	)
	_, err := Load("tokens.yaml", []byte(src))
	got := diagnosticLines(t, err)
	want := []string{"5:24: aliases expand to more than 65536 YAML nodes; write the repeated parts out or use fewer nested aliases"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load(alias bomb) diagnostics differ (-want +got):\n%s", diff)
	}
}

func TestLoadReportsAllInOrder(t *testing.T) {
	src := yamlLines(
		"version: 1",
		"package: 9lives",
		"scopes:",
		"  read:orders: Read orders",
		"  read orders: Read orders",
		"tokens:",
		"  Access:",
		"    lifespan: soon",
		"    algorithm: HS257",
		"    claims:",
		"      tenant: {type: strng}",
		"      exp: {type: time}",
		"  refresh:",
		"    lifespam: 720h",
	)
	_, err := Load("tokens.yaml", []byte(src))
	got := diagnosticLines(t, err)
	want := []string{
		`2:10: package "9lives" is not a valid Go package name; use a Go identifier such as authz`,
		`5:3: invalid scope name "read orders": ' ' is not allowed; use ASCII letters, digits and :._-/`,
		`8:15: lifespan "soon" of token "Access" is not a duration; use Go syntax with a unit, such as 15m or 1h30m`,
		`9:16: unknown algorithm "HS257" of token "Access"; accepted: HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA`,
		`11:22: unknown type "strng" of claim "tenant" of token "Access"; accepted: string, bool, int, int64, float64, time, []string, []int64, map[string]string, object`,
		`12:7: claim "exp" of token "Access" has the JSON name "exp" of the registered claim exp (expiration time); rename the key or set claim: to another name`,
		`13:3: token kind "refresh" is not an exported Go identifier; use "Refresh"`,
		`14:5: unknown key "lifespam" in token "refresh"; did you mean "lifespan"?`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load diagnostics differ (-want +got):\n%s", diff)
	}
}

func TestLoadSecretNotInMessage(t *testing.T) {
	const secret = "c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw"
	for _, key := range []string{"key", "secret", "private_key", "encryption_key"} {
		src := yamlLines("version: 1", "tokens:", "  Access:", "    "+key+": "+secret, "    claims:", "      "+key+": "+secret)
		_, err := Load("tokens.yaml", []byte(src))
		if err == nil {
			t.Fatalf("Load(%q) succeeded, want an error about the key", src)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("Load(%q) error contains the secret:\n%v", src, err)
		}
	}
}

// oddInputs are inputs that once could have tripped a parser or a check.
var oddInputs = []string{
	"",
	"\x00",
	"\xff\xfe",
	"~",
	"[]",
	"{}",
	"42",
	"---\n---\n",
	"? [a]\n: b\n",
	"version: 1\ntokens:\n  ? {a: 1}\n  : {}\n",
	"version: 1\ntokens: &t {A: {claims: *t}}\n",
	"version: 1\ntokens:\n  A: {<<: [*x]}\n",
	"version: 1\ntokens:\n  A: {claims: {a: {type: object, claims: {b: {type: object, claims: {c: {type: object}}}}}}}\n",
	"version: !!int x\n",
	"version: 1\ntokens:\n  A: {encrypted: !!bool maybe}\n",
	"version: 99999999999999999999999\n",
	"version: 1\ntokens:\n  A: {lifespan: 9999999999999h}\n",
	strings.Repeat("[", 20000),
	strings.Repeat("- ", 5000) + "x\n",
	"0: [:!00 \xef",
}

func TestLoadNeverPanics(t *testing.T) {
	inputs := append([]string(nil), oddInputs...)

	// Every prefix of a valid schema, most of them invalid YAML or schemas.
	for i := range len(designSchema) {
		inputs = append(inputs, designSchema[:i])
	}
	for _, src := range inputs {
		s, err := Load("tokens.yaml", []byte(src))
		checkLoadResult(t, src, s, err)
	}
}

// checkLoadResult fails the test unless Load returned either a schema or
// Diagnostics whose positions are all at line 1 or later.
func checkLoadResult(t *testing.T, src string, s *Schema, err error) {
	t.Helper()
	if err == nil {
		if s == nil {
			t.Errorf("Load(%q) returned neither a schema nor an error", src)
		}
		return
	}
	if s != nil {
		t.Errorf("Load(%q) returned a schema with its error", src)
	}
	var ds Diagnostics
	if !errors.As(err, &ds) || len(ds) == 0 {
		t.Fatalf("Load(%q) error is %T (%v), want non-empty Diagnostics", src, err, err)
	}
	for _, d := range ds {
		if d.Pos.Line < 1 || d.Pos.Col < 1 {
			t.Errorf("Load(%q) reported %q at %d:%d, want a line and column of 1 or more", src, d.Message, d.Pos.Line, d.Pos.Col)
		}
	}
}
