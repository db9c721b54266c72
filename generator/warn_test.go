package generator

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// warningCase is a schema and the warnings that Load returns for it.
type warningCase struct {
	desc string
	yaml string
	want []string // "LINE:COL: warning: message"
}

// interchangeableCases are the schemas with two token kinds that may or may
// not accept each other's tokens.
var interchangeableCases = func() []warningCase {
	kinds := func(access, refresh string) string {
		return yamlLines("version: 1", "tokens:",
			"  Access: {issuer: https://auth.example.test, audience: api"+access+"}",
			"  Refresh: {issuer: https://auth.example.test, audience: [web, api]"+refresh+"}")
	}
	const warning = `4:3: warning: tokens "Access" and "Refresh" accept each other's tokens if they share a key, because nothing that Parse checks tells them apart (algorithm, typ, issuer and audience); give each its own typ`
	return []warningCase{
		{desc: "kinds alike", yaml: kinds("", ""), want: []string{warning}},
		{desc: "kinds with the same typ", yaml: kinds(", typ: at+jwt", ", typ: application/AT+JWT"), want: []string{warning}},
		{desc: "kinds with their own typ", yaml: kinds(", typ: at+jwt", ", typ: refresh+jwt")},
		{desc: "one kind with a typ", yaml: kinds(", typ: at+jwt", "")},
		{desc: "kinds with other algorithms", yaml: kinds("", ", algorithm: HS384")},
		{desc: "one kind encrypted", yaml: kinds("", ", encrypted: true")},
		{
			desc: "kinds with other issuers",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {issuer: a, audience: api}", "  Refresh: {issuer: b, audience: api}"),
		},
		{
			desc: "kinds with other audiences",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {issuer: a, audience: api}", "  Refresh: {issuer: a, audience: web}"),
		},
		{
			desc: "issuers set by the program",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {audience: api}", "  Refresh: {audience: api}"),
		},
		{
			desc: "iss and aud checks off",
			yaml: yamlLines("version: 1", "tokens:", "  Access: {verify: {iss: false, aud: false}}", "  Refresh: {verify: {iss: false, aud: false}}"),
			want: []string{warning},
		},
	}
}()

func TestLoadWarnings(t *testing.T) {
	tests := []warningCase{
		{
			desc: "defaults",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespan: 15m"),
			want: nil,
		},
		{
			desc: "verify false",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: false"),
			want: []string{`4:13: warning: verify: false turns off every check of token "Access", so Parse accepts tokens forged by anyone and expired tokens; turn on at least signature and exp`},
		},
		{
			desc: "verify false on an encrypted kind",
			yaml: yamlLines("version: 1", "tokens:", "  Session:", "    encrypted: true", "    verify: false"),
			want: []string{`5:13: warning: verify: false turns off every check of token "Session", so Parse accepts tokens forged by anyone who has the encryption key and expired tokens; turn on at least signature and exp`},
		},
		{
			desc: "every check off one by one",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: {exp: false, nbf: false, iat: false, aud: false, iss: false, signature: false}"),
			want: []string{`4:13: warning: verify: false turns off every check of token "Access", so Parse accepts tokens forged by anyone and expired tokens; turn on at least signature and exp`},
		},
		{
			desc: "signature off",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify:", "      nbf: false", "      signature: false"),
			want: []string{`6:18: warning: verify signature: false makes Parse of token "Access" skip the alg and signature checks, so it accepts tokens forged by anyone`},
		},
		{
			desc: "exp off",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: {exp: false}"),
			want: []string{`4:19: warning: verify exp: false makes Parse of token "Access" accept expired tokens`},
		},
		{
			desc: "signature and exp off",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    verify: {signature: false, exp: false}"),
			want: []string{
				`4:25: warning: verify signature: false makes Parse of token "Access" skip the alg and signature checks, so it accepts tokens forged by anyone`,
				`4:37: warning: verify exp: false makes Parse of token "Access" accept expired tokens`,
			},
		},
		{
			desc: "exp not required",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    require: [iat, aud]"),
			want: []string{`4:14: warning: require of token "Access" leaves out exp, so Parse accepts a token without exp, which never expires; add exp to require`},
		},
		{
			desc: "empty require",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    require: []"),
			want: []string{`4:14: warning: require of token "Access" leaves out exp, so Parse accepts a token without exp, which never expires; add exp to require`},
		},
		{
			desc: "exp neither required nor verified",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    require: []", "    verify: {exp: false}"),
			want: []string{`5:19: warning: verify exp: false makes Parse of token "Access" accept expired tokens`},
		},
		{
			desc: "lifespan of exactly 24h",
			yaml: yamlLines("version: 1", "tokens:", "  Access:", "    lifespan: 24h"),
			want: nil,
		},
		{
			desc: "lifespan over 24h",
			yaml: yamlLines("version: 1", "tokens:", "  Refresh:", "    lifespan: 720h"),
			want: []string{`4:15: warning: lifespan "720h" of token "Refresh" is over 24h and the token is not encrypted, so its claims stay readable to whoever holds it that long; set encrypted: true or shorten the lifespan`},
		},
		{
			desc: "lifespan over 24h encrypted",
			yaml: yamlLines("version: 1", "tokens:", "  Refresh:", "    lifespan: 720h", "    encrypted: true"),
			want: nil,
		},
		{
			desc: "positions through a merge key",
			yaml: yamlLines(
				"version: 1",
				"tokens:",
				"  Access: &base",
				"    lifespan: 48h",
				"    verify: {exp: false}",
				"  Refresh:",
				"    <<: *base",
				"    lifespan: 15m",
			),
			want: []string{
				`4:15: warning: lifespan "48h" of token "Access" is over 24h and the token is not encrypted, so its claims stay readable to whoever holds it that long; set encrypted: true or shorten the lifespan`,
				`5:19: warning: verify exp: false makes Parse of token "Access" accept expired tokens`,
				`5:19: warning: verify exp: false makes Parse of token "Refresh" accept expired tokens`,
			},
		},
	}
	for _, tt := range append(tests, interchangeableCases...) {
		t.Run(tt.desc, func(t *testing.T) {
			s, err := Load("tokens.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatalf("Load(%q) failed:\n%v\nwant only warnings", tt.yaml, err)
			}
			var got []string
			for _, w := range s.Warnings {
				if w.File != "tokens.yaml" || !w.Warning {
					t.Errorf("warning %#v, want File tokens.yaml and Warning set", w)
				}
				got = append(got, fmt.Sprintf("%d:%d: warning: %s", w.Pos.Line, w.Pos.Col, w.Message))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load(%q) warnings differ (-want +got):\n%s", tt.yaml, diff)
			}
		})
	}
}

func TestLoadWarningsSorted(t *testing.T) {
	src := yamlLines(
		"version: 1",
		"tokens:",
		"  Access:",
		"    verify: {signature: false}",
		"    lifespan: 48h",
		"  Refresh:",
		"    require: []",
	)
	s, err := Load("tokens.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Load(%q) failed:\n%v", src, err)
	}
	var got []Pos
	for _, w := range s.Warnings {
		got = append(got, w.Pos)
	}
	want := []Pos{{4, 25}, {5, 15}, {7, 14}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load(%q) warning positions differ (-want +got):\n%s", src, diff)
	}
}

func TestLookup(t *testing.T) {
	src := yamlLines(
		"a: &a {x: 1, y: 2}",
		"b: &b {y: 3, z: 4}",
		"c:",
		"  <<: [*a, *b]",
		"  y: 5",
	)
	l := &loader{file: "tokens.yaml"}
	root := l.parse([]byte(src))
	if root == nil {
		t.Fatalf("parse(%q) failed:\n%v", src, l.diags)
	}
	c := lookup(root, "c")
	tests := []struct {
		key      string
		wantLine int // 0: not found
	}{
		{key: "y", wantLine: 5},  // written in c
		{key: "x", wantLine: 1},  // merged from a
		{key: "z", wantLine: 2},  // merged from b
		{key: "w", wantLine: 0},  // nowhere
		{key: "<<", wantLine: 0}, // a merge key is not a key
	}
	for _, tt := range tests {
		got := lookup(c, tt.key)
		gotLine := 0
		if got != nil {
			gotLine = got.Line
		}
		if gotLine != tt.wantLine {
			t.Errorf("lookup(c, %q) is at line %d, want %d", tt.key, gotLine, tt.wantLine)
		}
	}
	if got := lookup(nil, "x"); got != nil {
		t.Errorf("lookup(nil, %q) = %v, want nil", "x", got)
	}
}
