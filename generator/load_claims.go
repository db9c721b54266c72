package generator

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// claimKeys are the keys of a claim's mapping.
var claimKeys = []string{"type", "required", "doc", "enum", "claim", "claims"}

// claimTypes are the claim types in the order messages list them.
var claimTypes = []ClaimType{
	TypeString, TypeBool, TypeInt, TypeInt64, TypeFloat64, TypeTime,
	TypeStrings, TypeInt64s, TypeStringMap, TypeObject,
}

// claimOwner is the struct that a claims mapping fills: a token kind's
// claims type or the type of an object claim.
type claimOwner struct {
	kind string // the token kind: "Access"
	// path is the owner's place inside the token kind, ending in a dot:
	// "limits." for the claims of object claim limits, "" for the kind's own.
	path string
}

// subject names the claim key of o in messages.
func (o claimOwner) subject(key string) string {
	return fmt.Sprintf("claim %q of token %q", o.path+key, o.kind)
}

// topClaims checks the claims mapping of token kind.
func (l *loader) topClaims(n *yaml.Node, kind string) []*Claim {
	return l.claims(n, fmt.Sprintf("claims of token %q", kind), claimOwner{kind: kind})
}

// claims checks a claims mapping; what names it in messages.
func (l *loader) claims(n *yaml.Node, what string, o claimOwner) []*Claim {
	if !l.isMapping(n, what) {
		return nil
	}
	var out []*Claim
	for _, e := range l.entries(n, "in the "+what) {
		if c := l.claim(e.key, e.value, o); c != nil {
			out = append(out, c)
		}
	}
	l.checkFields(out, o)
	return out
}

// claim checks one claim. It returns nil when the claim's key gives no Go
// name, after checking the rest of it all the same.
func (l *loader) claim(key, value *yaml.Node, o claimOwner) *Claim {
	c := &Claim{Pos: posOf(key), Key: key.Value, JSONName: key.Value}
	subject := o.subject(c.Key)
	field := GoName(c.Key)
	nameOK := isExportedIdent(field)
	if !nameOK {
		l.errorf(key, "claim key %q of token %q gives the Go name %q, which is not an exported Go identifier; rename the key and set claim: %q to keep the JSON name",
			shorten(o.path+c.Key), o.kind, shorten(field), shorten(c.Key))
	}
	if value.Kind != yaml.MappingNode {
		if secretKeys[c.Key] != "" && value.Kind == yaml.ScalarNode && !isNull(value) {
			l.errorf(key, "%s", secretMessage(c.Key, fmt.Sprintf("in the claims of token %q", o.kind), o.kind))
		} else {
			l.errorf(value, "%s must be a mapping such as {type: string}, not %s", subject, describe(value))
		}
		return nil
	}

	f := l.fields(value, "in "+subject, claimKeys, o.kind)
	if n := f.value("type"); n != nil {
		c.Type = l.claimType(n, subject)
	} else {
		l.errorf(key, "%s has no type; add type: with one of %s", subject, typeList())
	}
	if n := f.value("required"); n != nil {
		c.Required, _ = l.boolean(n, "required of "+subject)
	}
	if n := f.value("doc"); n != nil {
		c.Doc = l.text(n, "doc of "+subject)
	}
	if n := f.value("claim"); n != nil {
		c.JSONName = l.jsonName(n, subject, c.Key)
	}
	if e, ok := f["enum"]; ok {
		c.Enum = l.enum(e, subject, c.Type)
	}
	l.objectClaims(c, f, o)
	if !nameOK {
		return nil
	}
	return c
}

// claimType checks the type of a claim.
func (l *loader) claimType(n *yaml.Node, subject string) ClaimType {
	// Unquoted, type: [string] is a YAML list.
	if n.Kind == yaml.SequenceNode {
		l.errorf(n, "type of %s must be a string, not a list; quote a slice type, as in type: \"[]string\"", subject)
		return ""
	}
	s, ok := l.str(n, "type of "+subject)
	if !ok {
		return ""
	}
	if !slices.Contains(claimTypes, ClaimType(s)) {
		l.errorf(n, "unknown type %q of %s; accepted: %s", shorten(s), subject, typeList())
		return ""
	}
	return ClaimType(s)
}

// typeList returns the claim types for a message: string, bool, ...
func typeList() string {
	names := make([]string, len(claimTypes))
	for i, t := range claimTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// jsonName checks the claim: value, the member name on the wire.
func (l *loader) jsonName(n *yaml.Node, subject, key string) string {
	s, ok := l.str(n, "claim (the JSON name) of "+subject)
	if !ok {
		return key
	}
	if s == "" {
		l.errorf(n, "JSON name of %s is empty; remove claim: to use the key %q", subject, key)
		return key
	}
	return s
}

// enum checks the enum list of a string claim of type typ: at least one
// value, all strings, no value twice, each giving a Go constant name. It
// returns nil for a claim that is not a string.
func (l *loader) enum(e entry, subject string, typ ClaimType) []*EnumValue {
	if typ != TypeString && typ != "" {
		l.errorf(e.key, "enum is only allowed on string claims, and %s has type %s", subject, typ)
	}
	n := e.value
	if !l.isList(n, "enum of "+subject) {
		return nil
	}
	if len(n.Content) == 0 {
		l.errorf(n, "enum of %s is empty; list at least one value or remove enum", subject)
		return nil
	}

	var out []*EnumValue
	first := make(map[string]Pos)
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.ShortTag() != "!!str" {
			hint := ""
			if item.Kind == yaml.ScalarNode {
				hint = fmt.Sprintf("; quote it as %q", shorten(item.Value))
			}
			l.errorf(item, "enum value of %s must be a string, not %s%s", subject, describe(item), hint)
			continue
		}
		v := item.Value
		if prev, ok := first[v]; ok {
			l.errorf(item, "duplicate enum value %q of %s; first at %s", shorten(v), subject, prev.lineCol())
			continue
		}
		first[v] = posOf(item)
		if g := enumGoName(v); g == "" || !token.IsIdentifier("X"+g) {
			l.errorf(item, "enum value %q of %s gives no Go constant name; an enum value needs at least one letter or digit", shorten(v), subject)
			continue
		}
		out = append(out, &EnumValue{Pos: posOf(item), Value: v})
	}
	if typ != TypeString {
		return nil
	}
	return out
}

// objectClaims checks the claims: key of claim c, which object claims need
// and other claims must not have.
func (l *loader) objectClaims(c *Claim, f fieldSet, o claimOwner) {
	e, ok := f["claims"]
	subject := o.subject(c.Key)
	switch {
	case c.Type == TypeObject && !ok:
		l.errorAt(c.Pos, "object %s has no claims; list its members under claims:", subject)
	case c.Type == TypeObject:
		nested := claimOwner{kind: o.kind, path: o.path + c.Key + "."}
		c.Claims = l.claims(e.value, "claims of "+subject, nested)
		if e.value.Kind == yaml.MappingNode && len(e.value.Content) == 0 {
			l.errorf(e.value, "object %s has no claims; list its members under claims:", subject)
		}
	case ok && c.Type != "":
		l.errorf(e.key, "claims is only allowed on object claims, and %s has type %s", subject, c.Type)
	}
}
