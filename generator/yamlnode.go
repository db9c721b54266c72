package generator

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// maxAliasNodes bounds the YAML nodes that alias expansion may add, so that a
// few nested aliases cannot make Load allocate without limit. Nodes written
// out in the file do not count, so the limit never rejects a large schema
// that uses no aliases.
const maxAliasNodes = 1 << 16

// entry is a key and its value in a YAML mapping.
type entry struct {
	key, value *yaml.Node
}

// fieldSet holds the entries of a mapping by key.
type fieldSet map[string]entry

// value returns the value of key, or nil when the mapping lacks key.
func (f fieldSet) value(key string) *yaml.Node {
	return f[key].value
}

// posOf returns the position of n. Lines and columns start at 1, also for
// the rare node the parser leaves without one.
func posOf(n *yaml.Node) Pos {
	return Pos{Line: max(n.Line, 1), Col: max(n.Column, 1)}
}

// expander copies a YAML tree with every alias replaced by a copy of its
// anchored node, so the checks never meet an alias.
type expander struct {
	l *loader
	// aliasCount is the number of nodes copied through aliases so far.
	aliasCount int
	// active holds the nodes being copied, to catch an alias that refers
	// to a node containing it.
	active map[*yaml.Node]bool
	// outer is the outermost alias being expanded, where a tree that grows
	// too large is reported; nil outside aliases.
	outer *yaml.Node
}

// expand returns a copy of n without aliases, or nil after reporting that
// the tree is too large.
func (l *loader) expand(n *yaml.Node) *yaml.Node {
	e := &expander{l: l, active: make(map[*yaml.Node]bool)}
	return e.copy(n)
}

func (e *expander) copy(n *yaml.Node) *yaml.Node {
	if e.outer != nil {
		e.aliasCount++
		if e.aliasCount > maxAliasNodes {
			e.l.errorf(e.outer, "aliases expand to more than %d YAML nodes; write the repeated parts out or use fewer nested aliases", maxAliasNodes)
			return nil
		}
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || e.active[n.Alias] {
			e.l.errorf(n, "alias *%s refers to a node that contains it", n.Value)
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
		}
		if e.outer == nil {
			e.outer = n
			defer func() { e.outer = nil }()
		}
		return e.copy(n.Alias)
	}

	e.active[n] = true
	defer delete(e.active, n)
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		if c.Content[i] = e.copy(child); c.Content[i] == nil {
			return nil
		}
	}
	return &c
}

// entries returns the key-value pairs of mapping n in document order, with
// YAML merge keys (<<) applied: a key written in n wins over a merged one,
// and an earlier merged mapping wins over a later one. It reports keys that
// are not scalars and keys written twice; where places n in messages, as in
// `in token "Access"`.
func (l *loader) entries(n *yaml.Node, where string) []entry {
	var out []entry
	first := make(map[string]*yaml.Node)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		switch {
		case key.Kind != yaml.ScalarNode:
			l.errorf(key, "key %s must be a string, not %s", where, describe(key))
		case key.ShortTag() == "!!merge":
			merges = append(merges, value)
		case first[key.Value] != nil:
			l.errorf(key, "duplicate key %q %s; first at %s", key.Value, where, posOf(first[key.Value]).lineCol())
		default:
			first[key.Value] = key
			out = append(out, entry{key, value})
		}
	}

	// The value of << is a mapping or a list of mappings.
	for _, m := range merges {
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			if src.Kind != yaml.MappingNode {
				l.errorf(src, "merge key << %s needs a mapping or a list of mappings, not %s", where, describe(src))
				continue
			}
			for _, e := range l.entries(src, where) {
				if first[e.key.Value] == nil {
					first[e.key.Value] = e.key
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// fields returns the entries of mapping n by key and reports every key
// that is not in known, suggesting the nearest known key. A key that names
// key material gets its own message pointing to the program's config for
// token kind (empty outside a token).
func (l *loader) fields(n *yaml.Node, where string, known []string, kind string) fieldSet {
	f := make(fieldSet)
	for _, e := range l.entries(n, where) {
		name := e.key.Value
		switch {
		case slices.Contains(known, name):
			f[name] = e
		case secretKeys[name] != "":
			l.errorf(e.key, "%s", secretMessage(name, where, kind))
		default:
			l.errorf(e.key, "unknown key %q %s; %s", name, where, suggest(name, known))
		}
	}
	return f
}

// secretKeys maps the keys that would put key material into the schema to
// the config field that takes it instead.
var secretKeys = map[string]string{
	"key":            "Key",
	"secret":         "Key",
	"private_key":    "Key",
	"signing_key":    "Key",
	"encryption_key": "EncryptionKey",
}

// secretMessage explains where key material goes instead of the schema.
func secretMessage(name, where, kind string) string {
	field := secretKeys[name]
	if kind == "" {
		return fmt.Sprintf("key %q %s: keys never belong in a committed file; pass them in the program's config as the %s field of each token kind's Config", name, where, field)
	}
	return fmt.Sprintf("key %q %s: keys never belong in a committed file; pass the key in the program's config as %sConfig.%s", name, where, kind, field)
}

// describe names the kind and value of n for messages, as in
// `the string "yes"` or `a list`.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode, yaml.AliasNode:
		return "a YAML document"
	}
	switch tag := n.ShortTag(); tag {
	case "!!null":
		return "null"
	case "!!str":
		return "the string " + strconv.Quote(shorten(n.Value))
	case "!!int":
		return "the integer " + shorten(n.Value)
	case "!!float":
		return "the number " + shorten(n.Value)
	case "!!bool":
		return "the boolean " + shorten(n.Value)
	case "!!timestamp":
		return "the timestamp " + shorten(n.Value)
	default:
		// Quoted, because a tag may hold any character through a URI
		// escape: !%0A is a tag with a line break.
		return fmt.Sprintf("a value tagged %q", shorten(tag))
	}
}

// shorten cuts s to 40 characters for a message.
func shorten(s string) string {
	const maxLen = 40
	if utf8.RuneCountInString(s) <= maxLen {
		return s
	}
	r := []rune(s)
	return string(r[:maxLen]) + "..."
}

// isNull reports whether n is the YAML null (~, null or nothing at all).
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// str returns the value of n, which must be a string; what names n in the
// message otherwise, as in `issuer of token "Access"`.
func (l *loader) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		l.errorf(n, "%s must be a string, not %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

// text returns the value of a description: any scalar, with null as "".
func (l *loader) text(n *yaml.Node, what string) string {
	switch {
	case isNull(n):
		return ""
	case n.Kind != yaml.ScalarNode:
		l.errorf(n, "%s must be text, not %s", what, describe(n))
		return ""
	}
	return n.Value
}

// boolean returns the value of n, which must be true or false.
func (l *loader) boolean(n *yaml.Node, what string) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		l.errorf(n, "%s must be true or false, not %s", what, describe(n))
		return false, false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		l.errorf(n, "%s must be true or false, not %s", what, describe(n))
		return false, false
	}
	return b, true
}

// isMapping reports whether n is a mapping, and reports it when not.
func (l *loader) isMapping(n *yaml.Node, what string) bool {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "%s must be a mapping, not %s", what, describe(n))
		return false
	}
	return true
}

// isList reports whether n is a list, and reports it when not.
func (l *loader) isList(n *yaml.Node, what string) bool {
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, "%s must be a list, not %s", what, describe(n))
		return false
	}
	return true
}
