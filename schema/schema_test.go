package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"gopkg.in/yaml.v3"

	"github.com/tokengen/tokengen/generator"
)

// schemaFile is the JSON Schema under test.
const schemaFile = "tokengen.schema.json"

// compileSchema compiles the JSON Schema, which also checks it against the
// draft 2020-12 meta-schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaFile, err)
	}
	return sch
}

// instance converts the YAML document src into the JSON value that an
// editor validates: aliases and merge keys (<<) are resolved, and of a key
// written twice the first value counts. Load reports duplicate keys, which
// a JSON value cannot contain.
func instance(src []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, errors.New("empty document")
	}
	v, err := jsonValue(doc.Content[0])
	if err != nil {
		return nil, err
	}

	// A round trip through encoding/json gives the numbers and strings
	// that the validator expects.
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(data))
}

// jsonValue returns the value of node n for encoding/json.
func jsonValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return jsonValue(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := jsonValue(item)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any)
		if err := addMembers(out, n); err != nil {
			return nil, err
		}
		return out, nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// addMembers adds the entries of mapping n to out that out lacks: first
// the keys written in n, then those of its merge keys in order.
func addMembers(out map[string]any, n *yaml.Node) error {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		if key.ShortTag() == "!!merge" {
			merges = append(merges, value)
			continue
		}
		if _, ok := out[key.Value]; ok {
			continue
		}
		v, err := jsonValue(value)
		if err != nil {
			return err
		}
		out[key.Value] = v
	}
	for _, m := range merges {
		if m.Kind == yaml.AliasNode {
			m = m.Alias
		}
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			if src.Kind == yaml.AliasNode {
				src = src.Alias
			}
			if err := addMembers(out, src); err != nil {
				return err
			}
		}
	}
	return nil
}

// failedKeys returns the JSON pointers of the values in inst that err
// rejects, one per leaf error. A property that additionalProperties or
// propertyNames rejects adds its own name to the pointer of its object.
func failedKeys(inst any, err error) []string {
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []string{"not a validation error: " + err.Error()}
	}
	var keys []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		loc := pointer(e.InstanceLocation)
		switch k := e.ErrorKind.(type) {
		case *kind.PropertyNames:
			// NOTE: jsonschema v6.0.3 does not copy the instance location
			// of a propertyNames error, so later validation overwrites it.
			// The objects that have the property are searched instead.
			keys = append(keys, propertyPaths(inst, "", k.Property)...)
			return
		case *kind.AdditionalProperties:
			for _, p := range k.Properties {
				keys = append(keys, loc+"/"+p)
			}
			return
		}
		if len(e.Causes) == 0 {
			keys = append(keys, loc)
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(verr)
	slices.Sort(keys)
	return slices.Compact(keys)
}

// propertyPaths returns the JSON pointers of every property named name in
// v, whose pointer is at.
func propertyPaths(v any, at, name string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			p := at + pointer([]string{k})
			if k == name {
				out = append(out, p)
			}
			out = append(out, propertyPaths(child, p, name)...)
		}
	case []any:
		for i, child := range v {
			out = append(out, propertyPaths(child, fmt.Sprintf("%s/%d", at, i), name)...)
		}
	}
	return out
}

// pointer returns the JSON pointer of a path of tokens.
func pointer(tokens []string) string {
	var b strings.Builder
	for _, tok := range tokens {
		tok = strings.ReplaceAll(tok, "~", "~0")
		tok = strings.ReplaceAll(tok, "/", "~1")
		b.WriteString("/" + tok)
	}
	return b.String()
}

// validSchemas returns the schema files that Load accepts: the examples,
// the valid golden cases and the starter schema of tokengen init.
func validSchemas(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, pattern := range []string{"../examples/*/tokens.yaml", "../generator/testdata/*/tokens.yaml", "../templates/starter.yaml"} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			if !strings.HasPrefix(filepath.Base(filepath.Dir(m)), "err_") {
				paths = append(paths, m)
			}
		}
	}
	if len(paths) < 3 {
		t.Fatalf("found only %q, want the examples, the golden cases and the starter", paths)
	}
	return paths
}

func TestValidSchemasPass(t *testing.T) {
	sch := compileSchema(t)
	for _, path := range validSchemas(t) {
		t.Run(path, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := generator.Load(path, src); err != nil {
				t.Fatalf("generator.Load(%s) failed, want a valid schema:\n%v", path, err)
			}
			inst, err := instance(src)
			if err != nil {
				t.Fatalf("convert %s to JSON: %v", path, err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s fails the JSON Schema at %q:\n%v", path, failedKeys(inst, err), err)
			}
		})
	}
}

// invalidCases maps each invalid golden case under generator/testdata to
// the keys that the JSON Schema must reject in it, as JSON pointers. Some
// of Load's errors cannot be expressed in a JSON Schema, such as two names
// that give one Go identifier; the comments list them.
var invalidCases = map[string][]string{
	"err_keys": {
		"/tokens/Access/secret",
		"/tokens/Session/encryption_key",
	},
	"err_kinds": {
		"/tokens/Access/algorithm",
		"/tokens/Access/audience",
		"/tokens/Access/claims/limits",
		"/tokens/Access/claims/plan/enum",
		"/tokens/Access/claims/quota/enum",
		"/tokens/Access/claims/roles/type",
		"/tokens/Access/claims/tenant",
		"/tokens/Access/encrypted",
		"/tokens/Access/leeway",
		"/tokens/Access/lifespan",
		"/tokens/Access/require/1",
		"/tokens/Access/typ",
	},
	// Not expressible: read-orders and read:orders, tenantId and
	// tenant_id, and pro-plan and pro_plan give one Go name each, and q is
	// the JSON name of two claims.
	"err_names": {
		"/package",
		"/scopes/read orders",
		"/tokens/Access/claims/exp",
		"/tokens/Access/claims/plan/enum",
		"/tokens/access",
	},
	"err_typos": {
		"/scope",
		"/tokens/Access/algoritm",
		"/tokens/Access/claims/tenant/requird",
		"/tokens/Access/lifespam",
		"/tokens/Access/verify/sig",
	},
	// Not expressible: the duplicate lifespan key, because a JSON value
	// keeps one of the two.
	"err_version": {
		"/version",
	},
	// The YAML does not parse, so there is nothing to validate.
	"err_yaml": nil,
}

func TestInvalidSchemasFail(t *testing.T) {
	sch := compileSchema(t)
	dirs, err := filepath.Glob("../generator/testdata/err_*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, "tokens.yaml")
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := generator.Load(path, src); err == nil {
				t.Fatalf("generator.Load(%s) succeeded, want errors", path)
			}
			want, ok := invalidCases[name]
			if !ok {
				t.Fatalf("invalidCases has no entry for %s; add the keys that the JSON Schema rejects in it", name)
			}

			inst, err := instance(src)
			if want == nil {
				if err == nil {
					t.Errorf("%s converts to JSON, want a YAML error", path)
				}
				return
			}
			if err != nil {
				t.Fatalf("convert %s to JSON: %v", path, err)
			}
			verr := sch.Validate(inst)
			if verr == nil {
				t.Fatalf("%s passes the JSON Schema, want failures at %q", path, want)
			}
			checkFailedKeys(t, path, failedKeys(inst, verr), want)
		})
	}
}

// checkFailedKeys fails the test unless every pointer in want has a failure
// at it or below it, and every failure is at or below a pointer in want.
func checkFailedKeys(t *testing.T, what string, got, want []string) {
	t.Helper()
	covers := func(parent, key string) bool {
		return key == parent || strings.HasPrefix(key, parent+"/")
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return covers(w, g) }) {
			t.Errorf("%s: the JSON Schema accepts %s, want a failure there; failures: %q", what, w, got)
		}
	}
	for _, g := range got {
		if !slices.ContainsFunc(want, func(w string) bool { return covers(w, g) }) {
			t.Errorf("%s: the JSON Schema rejects %s, which Load accepts", what, g)
		}
	}
}

// guardsSchema returns a valid schema whose token kind Access has the
// guards given as YAML lines, indented under guards:.
func guardsSchema(lines ...string) string {
	head := []string{
		"version: 1",
		"scopes:",
		"  read:orders: Read orders",
		"  write:orders: Change orders",
		"  admin: Everything",
		"tokens:",
		"  Access:",
		"    claims:",
		"      user_ref: {type: string}",
		"      roles: {type: \"[]string\"}",
		"      plan: {type: string, enum: [free, pro, suspended]}",
		"    guards:",
	}
	for _, l := range lines {
		head = append(head, "      "+l)
	}
	return strings.Join(head, "\n") + "\n"
}

func TestSchemaSnippets(t *testing.T) {
	sch := compileSchema(t)
	tests := []struct {
		desc string
		yaml string
		want []string // nil: valid
	}{
		{
			desc: "guards of the design",
			yaml: guardsSchema(
				"EditOwnOrders:",
				"  doc: Lets a user change their own orders.",
				"  all:",
				"    - scopes: [write:orders]",
				"    - match: [claim: user_ref, path: user_id]",
				"Admin:",
				"  any:",
				"    - scopes: [admin]",
				"    - value: {claim: roles, contains: admin}",
				"NotSuspended:",
				"  none:",
				"    - value: {claim: plan, equals: suspended}",
				"Reader:",
				"  any_scope: [read:orders, admin]",
				"HasPlan:",
				"  keys: [plan]",
				"SameOrder:",
				"  match: [json: /order/id, query: order, header: X-Order, form: order]",
			),
		},
		{
			desc: "guard with two rules",
			yaml: guardsSchema("Admin:", "  scopes: [admin]", "  keys: [plan]"),
			want: []string{"/tokens/Access/guards/Admin"},
		},
		{
			desc: "guard without a rule",
			yaml: guardsSchema("Admin:", "  doc: Nothing."),
			want: []string{"/tokens/Access/guards/Admin"},
		},
		{
			desc: "guard name not exported",
			yaml: guardsSchema("reader:", "  scopes: [read:orders]"),
			want: []string{"/tokens/Access/guards/reader"},
		},
		{
			desc: "rule with two keys",
			yaml: guardsSchema("Admin:", "  all:", "    - {scopes: [admin], keys: [plan]}"),
			want: []string{"/tokens/Access/guards/Admin/all/0"},
		},
		{
			desc: "unknown rule",
			yaml: guardsSchema("Admin:", "  all:", "    - scope: [admin]"),
			want: []string{"/tokens/Access/guards/Admin/all/0/scope"},
		},
		{
			desc: "empty rule list",
			yaml: guardsSchema("Admin:", "  any: []"),
			want: []string{"/tokens/Access/guards/Admin/any"},
		},
		{
			desc: "match with one source",
			yaml: guardsSchema("Own:", "  match: [claim: user_ref]"),
			want: []string{"/tokens/Access/guards/Own/match"},
		},
		{
			desc: "invalid JSON pointer",
			yaml: guardsSchema("Own:", "  match: [claim: user_ref, json: order/id]"),
			want: []string{"/tokens/Access/guards/Own/match/1/json"},
		},
		{
			desc: "invalid path wildcard",
			yaml: guardsSchema("Own:", "  match: [claim: user_ref, path: user-id]"),
			want: []string{"/tokens/Access/guards/Own/match/1/path"},
		},
		{
			desc: "value with equals and contains",
			yaml: guardsSchema("Pro:", "  value: {claim: plan, equals: pro, contains: pro}"),
			want: []string{"/tokens/Access/guards/Pro/value"},
		},
		{
			desc: "value without a claim",
			yaml: guardsSchema("Pro:", "  value: {equals: pro}"),
			want: []string{"/tokens/Access/guards/Pro/value"},
		},
		{
			desc: "auto update settings",
			yaml: "version: 1\ntokens:\n  Access:\n    bare_token: true\n    auto_update: {header: X-Refreshed-Token, after: 50%, max_age: 24h}\n",
		},
		{
			desc: "auto update as a share",
			yaml: "version: 1\ntokens:\n  Access:\n    auto_update: {after: 0.5}\n",
		},
		{
			desc: "auto update over 100 percent",
			yaml: "version: 1\ntokens:\n  Access:\n    auto_update: {after: 150%}\n",
			want: []string{"/tokens/Access/auto_update"},
		},
		{
			desc: "auto update with an unknown key",
			yaml: "version: 1\ntokens:\n  Access:\n    auto_update: {every: 5m}\n",
			want: []string{"/tokens/Access/auto_update"},
		},
		{
			desc: "bare token not a bool",
			yaml: "version: 1\ntokens:\n  Access:\n    bare_token: yes\n",
			want: []string{"/tokens/Access/bare_token"},
		},
		{
			desc: "durations",
			yaml: "version: 1\ntokens:\n  Access:\n    lifespan: 1h30m\n    leeway: 0\n  Refresh:\n    lifespan: 1.5h\n    leeway: 0s\n",
		},
		{
			desc: "zero lifespan",
			yaml: "version: 1\ntokens:\n  Access:\n    lifespan: 0m0s\n",
			want: []string{"/tokens/Access/lifespan"},
		},
		{
			desc: "lifespan without a unit",
			yaml: "version: 1\ntokens:\n  Access:\n    lifespan: \"15\"\n",
			want: []string{"/tokens/Access/lifespan"},
		},
		{
			desc: "registered JSON name renamed",
			yaml: "version: 1\ntokens:\n  Access:\n    claims:\n      exp: {type: time, claim: expiry}\n",
		},
		{
			desc: "built-in JSON name through claim",
			yaml: "version: 1\ntokens:\n  Access:\n    claims:\n      user: {type: string, claim: uid}\n",
			want: []string{"/tokens/Access/claims/user/claim"},
		},
		{
			desc: "registered JSON name inside an object",
			yaml: "version: 1\ntokens:\n  Access:\n    claims:\n      window: {type: object, claims: {exp: {type: time}}}\n",
		},
		{
			desc: "claims on a string",
			yaml: "version: 1\ntokens:\n  Access:\n    claims:\n      tenant: {type: string, claims: {id: {type: string}}}\n",
			want: []string{"/tokens/Access/claims/tenant/claims"},
		},
		{
			desc: "claim key with a space",
			yaml: "version: 1\ntokens:\n  Access:\n    claims:\n      \"log in\": {type: time}\n",
			want: []string{"/tokens/Access/claims/log in"},
		},
		{
			desc: "enum value without a letter",
			yaml: "version: 1\ntokens:\n  Access:\n    claims:\n      plan: {type: string, enum: [\"+\"]}\n",
			want: []string{"/tokens/Access/claims/plan/enum/0"},
		},
		{
			desc: "package a keyword",
			yaml: "version: 1\npackage: func\ntokens:\n  Access: {}\n",
			want: []string{"/package"},
		},
		{
			desc: "tokens missing",
			yaml: "version: 1\n",
			want: []string{""},
		},
		{
			desc: "signing key in a claim's settings",
			yaml: "version: 1\ntokens:\n  Access:\n    claims:\n      tenant: {type: string, signing_key: x}\n",
			want: []string{"/tokens/Access/claims/tenant/signing_key"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			_, loadErr := generator.Load("tokens.yaml", []byte(tt.yaml))
			if (loadErr == nil) != (tt.want == nil) {
				t.Fatalf("generator.Load returned %v, which does not agree with the case: want valid = %v", loadErr, tt.want == nil)
			}
			inst, err := instance([]byte(tt.yaml))
			if err != nil {
				t.Fatalf("convert %q to JSON: %v", tt.yaml, err)
			}
			verr := sch.Validate(inst)
			switch {
			case tt.want == nil && verr != nil:
				t.Errorf("the JSON Schema rejects %q at %q, want it valid:\n%v", tt.yaml, failedKeys(inst, verr), verr)
			case tt.want != nil && verr == nil:
				t.Errorf("the JSON Schema accepts %q, want failures at %q", tt.yaml, tt.want)
			case tt.want != nil:
				checkFailedKeys(t, tt.desc, failedKeys(inst, verr), tt.want)
			}
		})
	}
}

// loaderKeys returns the keys that Load accepts at the place where src
// has the unknown key "zzzzzzzzzz", read from the list in its message,
// sorted. Keys that name key material are not in the list.
func loaderKeys(t *testing.T, src string) []string {
	t.Helper()
	_, err := generator.Load("tokens.yaml", []byte(src))
	var ds generator.Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("Load(%q) = %v, want Diagnostics", src, err)
	}
	for _, d := range ds {
		_, list, ok := strings.Cut(d.Message, `unknown key "zzzzzzzzzz"`)
		if !ok {
			continue
		}
		_, list, ok = strings.Cut(list, "; accepted: ")
		if !ok {
			t.Fatalf("message %q lists no accepted keys", d.Message)
		}
		keys := strings.Split(list, ", ")
		slices.Sort(keys)
		return keys
	}
	t.Fatalf("Load(%q) reported no unknown key:\n%v", src, err)
	return nil
}

// TestSchemaKeysMatchLoader checks that the JSON Schema names the same keys
// as Load at each level, so that neither changes without the other.
func TestSchemaKeysMatchLoader(t *testing.T) {
	tests := []struct {
		desc       string
		yaml       string
		schemaPath []string
	}{
		{
			desc:       "top level",
			yaml:       "version: 1\nzzzzzzzzzz: 1\ntokens:\n  Access: {}\n",
			schemaPath: []string{"properties"},
		},
		{
			desc:       "token kind",
			yaml:       "version: 1\ntokens:\n  Access: {zzzzzzzzzz: 1}\n",
			schemaPath: []string{"$defs", "token", "properties"},
		},
		{
			desc:       "verify",
			yaml:       "version: 1\ntokens:\n  Access: {verify: {zzzzzzzzzz: true}}\n",
			schemaPath: []string{"$defs", "token", "properties", "verify", "properties"},
		},
		{
			desc:       "claim",
			yaml:       "version: 1\ntokens:\n  Access: {claims: {tenant: {type: string, zzzzzzzzzz: 1}}}\n",
			schemaPath: []string{"$defs", "claim", "properties"},
		},
		{
			desc:       "guard",
			yaml:       "version: 1\ntokens:\n  Access: {guards: {Admin: {zzzzzzzzzz: 1}}}\n",
			schemaPath: []string{"$defs", "guard", "properties"},
		},
		{
			desc:       "value rule",
			yaml:       "version: 1\ntokens:\n  Access: {guards: {Admin: {value: {zzzzzzzzzz: 1}}}}\n",
			schemaPath: []string{"$defs", "valueRule", "properties"},
		},
		{
			desc:       "auto_update",
			yaml:       "version: 1\ntokens:\n  Access: {auto_update: {zzzzzzzzzz: 1}}\n",
			schemaPath: []string{"$defs", "token", "properties", "auto_update", "properties"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			want := loaderKeys(t, tt.yaml)
			got := schemaKeysAt(t, tt.schemaPath)
			if !slices.Equal(got, want) {
				t.Errorf("JSON Schema keys at %q = %q, want Load's %q", tt.schemaPath, got, want)
			}
		})
	}
}

// schemaKeysAt returns the names under the JSON Schema object at path,
// sorted. A number in path is an index into a list.
func schemaKeysAt(t *testing.T, path []string) []string {
	t.Helper()
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var node any
	if err := json.Unmarshal(data, &node); err != nil {
		t.Fatal(err)
	}
	for _, key := range path {
		switch n := node.(type) {
		case map[string]any:
			node = n[key]
		case []any:
			var i int
			if _, err := fmt.Sscan(key, &i); err != nil || i >= len(n) {
				t.Fatalf("%s has no item %q at %q", schemaFile, key, path)
			}
			node = n[i]
		default:
			t.Fatalf("%s has nothing at %q", schemaFile, path)
		}
	}
	props, ok := node.(map[string]any)
	if !ok {
		t.Fatalf("%s has no properties at %q", schemaFile, path)
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
