package generator

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// topKeys are the keys of the schema's top-level mapping.
var topKeys = []string{"version", "package", "scopes", "tokens"}

// maxScopes is the number of scopes the generated Scope type (uint16, with
// 0 kept invalid) can number.
const maxScopes = 1<<16 - 1

// Load parses the tokens.yaml document data and checks all of it. file
// names the document in diagnostics and in Schema.File.
//
// On success the Schema has its defaults filled: Algorithm "HS256" and
// Require and Verify with all five registered claims when the schema omits
// them, VerifySignature true unless verify turns it off. Schema.Warnings
// lists what is valid but likely a mistake, such as verify: false.
// Otherwise Load returns a nil Schema and a Diagnostics error listing every
// problem, sorted by position. Load does not panic on any input.
func Load(file string, data []byte) (*Schema, error) {
	l := &loader{file: file}
	if root := l.parse(data); root != nil {
		s := l.schema(root)
		l.checkPackageNames(s)
		if len(l.diags) == 0 {
			s.Warnings = warnings(l.file, s, root)
			return s, nil
		}
	}
	return nil, l.diags.sorted()
}

// loader walks a schema's YAML tree, building the Schema and collecting
// diagnostics.
type loader struct {
	file  string
	diags Diagnostics
	// declaredScopes are the valid scopes of the schema, which guards may
	// name. Load reads them before the token kinds.
	declaredScopes []*Scope
}

// errorf reports a problem at node n.
func (l *loader) errorf(n *yaml.Node, format string, args ...any) {
	l.errorAt(posOf(n), format, args...)
}

// errorAt reports a problem at p.
func (l *loader) errorAt(p Pos, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{File: l.file, Pos: p, Message: fmt.Sprintf(format, args...)})
}

// parse returns the root node of the single YAML document in data, with
// aliases expanded, or nil after reporting why there is none.
func (l *loader) parse(data []byte) (root *yaml.Node) {
	// yaml.v3 turns its own parse failures into errors. Any other panic is
	// a parser bug, and it must not escape Load either.
	defer func() {
		if r := recover(); r != nil {
			l.errorAt(Pos{1, 1}, "invalid YAML: the YAML parser failed: %v", r)
			root = nil
		}
	}()

	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			l.errorAt(Pos{1, 1}, "the schema is empty; start it with \"version: 1\"")
		} else {
			l.yamlError(err)
		}
		return nil
	}

	// A second document would be ignored silently, so it is an error.
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		l.errorf(&next, "a second YAML document starts here; the schema must be a single document")
	case !errors.Is(err, io.EOF):
		l.yamlError(err)
	}

	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		l.errorf(&doc, "the schema is empty; start it with \"version: 1\"")
		return nil
	}
	return l.expand(doc.Content[0])
}

// yamlLine matches the line number that yaml.v3 puts in most of its errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlError reports a YAML syntax error at the line yaml.v3 names, or at
// line 1 when it names none. yaml.v3 gives no column.
//
// NOTE: for some errors yaml.v3 (v3.0.1) names the line where the enclosing
// mapping or list starts rather than the line of the mistake, as with
// "did not find expected key" for a key indented too little. Its API does
// not expose the better position.
func (l *loader) yamlError(err error) {
	msg := err.Error()
	p := Pos{1, 1}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if line, convErr := strconv.Atoi(m[1]); convErr == nil && line > 0 {
			p.Line = line
		}
		msg = msg[len(m[0]):]
	} else if len(msg) > len("yaml: ") && msg[:len("yaml: ")] == "yaml: " {
		msg = msg[len("yaml: "):]
	}
	l.errorAt(p, "invalid YAML: %s", msg)
}

// schema checks the top-level mapping and everything under it.
func (l *loader) schema(root *yaml.Node) *Schema {
	s := &Schema{File: l.file}
	if root.Kind != yaml.MappingNode {
		l.errorf(root, "the schema must be a mapping of version, package, scopes and tokens, not %s", describe(root))
		return s
	}
	f := l.fields(root, "at the top level", topKeys, "")

	if v := f.value("version"); v != nil {
		s.Version = l.version(v)
	} else {
		l.errorf(root, "version is missing; add \"version: 1\" at the top")
	}
	if v := f.value("package"); v != nil {
		s.Package = l.packageName(v)
	}
	if v := f.value("scopes"); v != nil {
		s.Scopes = l.scopes(v)
		l.declaredScopes = s.Scopes
	}
	if v := f.value("tokens"); v != nil {
		s.Tokens = l.tokens(v)
	} else {
		l.errorf(root, "tokens is missing; declare at least one token kind under tokens")
	}
	return s
}

// version checks that the schema is version 1.
func (l *loader) version(n *yaml.Node) int {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		l.errorf(n, "version must be the integer 1, not %s", describe(n))
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v != 1 {
		l.errorf(n, "unsupported version %s; this tokengen reads version 1", n.Value)
		return 0
	}
	return v
}

// packageName checks the name of the generated file's package.
func (l *loader) packageName(n *yaml.Node) string {
	name, ok := l.str(n, "package")
	if !ok {
		return ""
	}
	if !token.IsIdentifier(name) || name == "_" {
		l.errorf(n, "package %q is not a valid Go package name; use a Go identifier such as authz", name)
		return ""
	}
	return name
}

// scopes checks the scopes mapping: names and descriptions, in order.
func (l *loader) scopes(n *yaml.Node) []*Scope {
	if !l.isMapping(n, "scopes") {
		return nil
	}
	var out []*Scope
	for _, e := range l.entries(n, "in scopes") {
		name := e.key.Value
		doc := l.text(e.value, fmt.Sprintf("the description of scope %q", name))
		if !l.validScopeName(e.key) {
			continue
		}
		out = append(out, &Scope{Pos: posOf(e.key), Name: name, Doc: doc})
	}
	if len(out) > maxScopes {
		l.errorf(n, "the schema declares %d scopes; at most %d fit the generated Scope type", len(out), maxScopes)
	}
	return out
}

// validScopeName reports whether the scope name in key is non-empty and
// made of ASCII letters, digits and the marks ":._-/" with at least one
// letter or digit, and reports it when not.
func (l *loader) validScopeName(key *yaml.Node) bool {
	name := key.Value
	alnum := false
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			alnum = true
		case r == ':' || r == '.' || r == '_' || r == '-' || r == '/':
		default:
			l.errorf(key, "invalid scope name %q: %q is not allowed; use ASCII letters, digits and :._-/", name, r)
			return false
		}
	}
	if !alnum {
		l.errorf(key, "invalid scope name %q: a scope name needs at least one letter or digit", name)
		return false
	}
	return true
}

// tokens checks the tokens mapping, one token kind per key.
func (l *loader) tokens(n *yaml.Node) []*Token {
	if !l.isMapping(n, "tokens") {
		return nil
	}
	var out []*Token
	for _, e := range l.entries(n, "in tokens") {
		if t := l.token(e.key, e.value); t != nil {
			out = append(out, t)
		}
	}
	if len(n.Content) == 0 {
		l.errorf(n, "tokens is empty; declare at least one token kind")
	}
	return out
}
