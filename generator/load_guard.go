package generator

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// ruleKeys are the keys that make a rule, in the order messages list them.
var ruleKeys = []string{"all", "any", "none", "scopes", "any_scope", "keys", "value", "match"}

// guardKeys are the keys of a guard's mapping: its doc and one rule.
var guardKeys = append([]string{"doc"}, ruleKeys...)

// valueKeys are the keys of a value rule.
var valueKeys = []string{"claim", "equals", "contains"}

// sourceKinds are the keys of a source of match.
var sourceKinds = []string{"claim", "path", "query", "header", "form", "json"}

// autoUpdateKeys are the keys of an auto_update mapping.
var autoUpdateKeys = []string{"header", "after", "max_age"}

// guardCheck is the context of the checks of one guard's rules: its token
// kind and how messages name the guard.
type guardCheck struct {
	token   *Token
	subject string // `guard "EditOwnOrders" of token "Access"`
}

// guards checks the guards mapping of token kind t, whose claims are
// already loaded.
func (l *loader) guards(n *yaml.Node, t *Token) []*Guard {
	what := fmt.Sprintf("guards of token %q", t.Name)
	if !l.isMapping(n, what) {
		return nil
	}
	var out []*Guard
	for _, e := range l.entries(n, "in the "+what) {
		if g := l.guard(e.key, e.value, t); g != nil {
			out = append(out, g)
		}
	}
	return out
}

// guard checks one guard: its name, its doc and its single top-level
// rule. It returns nil when the guard is unusable, after checking all of
// it.
func (l *loader) guard(key, value *yaml.Node, t *Token) *Guard {
	g := &Guard{Pos: posOf(key), Name: key.Value}
	gc := guardCheck{token: t, subject: fmt.Sprintf("guard %q of token %q", g.Name, t.Name)}
	nameOK := l.validGuardName(key, t.Name)
	if value.Kind != yaml.MappingNode {
		l.errorf(value, "%s must be a mapping such as {scopes: [admin]}, not %s", gc.subject, describe(value))
		return nil
	}

	f := l.fields(value, "in "+gc.subject, guardKeys, t.Name)
	if n := f.value("doc"); n != nil {
		g.Doc = l.text(n, "doc of "+gc.subject)
	}
	var rules []entry
	for _, k := range ruleKeys {
		if e, ok := f[k]; ok {
			rules = append(rules, e)
		}
	}
	slices.SortStableFunc(rules, func(a, b entry) int { return comparePos(posOf(a.key), posOf(b.key)) })

	// Every rule is checked, so that all problems are reported, but only a
	// guard with exactly one rule is usable.
	var checked []*Rule
	for _, e := range rules {
		checked = append(checked, l.rule(e.key, e.value, gc))
	}
	switch len(rules) {
	case 0:
		l.errorf(key, "%s has no rule; add one of %s", gc.subject, strings.Join(ruleKeys, ", "))
	case 1:
		g.Rule = checked[0]
	default:
		for _, e := range rules[1:] {
			l.errorf(e.key, "%s has both %s and %s; a guard has one rule, so list rules that must all pass under all:", gc.subject, rules[0].key.Value, e.key.Value)
		}
	}
	if !nameOK || g.Rule == nil {
		return nil
	}
	return g
}

// comparePos orders positions in the file.
func comparePos(a, b Pos) int {
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return a.Col - b.Col
}

// validGuardName reports whether the guard name in key is an exported Go
// identifier, and reports it when not.
func (l *loader) validGuardName(key *yaml.Node, kind string) bool {
	name := key.Value
	if isExportedIdent(name) {
		return true
	}
	hint := "start it with an upper-case letter and use only letters and digits"
	if g := GoName(name); isExportedIdent(g) {
		hint = fmt.Sprintf("use %q", g)
	}
	l.errorf(key, "guard %q of token %q is not an exported Go identifier; %s", shorten(name), kind, hint)
	return false
}

// rule checks the rule that key names and value holds. It returns the
// rule even when it has problems, since Load fails then anyway.
func (l *loader) rule(key, value *yaml.Node, gc guardCheck) *Rule {
	r := &Rule{Pos: posOf(key), Op: RuleOp(key.Value)}
	what := fmt.Sprintf("%s of %s", key.Value, gc.subject)
	switch r.Op {
	case RuleAll, RuleAny, RuleNone:
		r.Rules = l.ruleList(value, what, gc)
	case RuleScopes, RuleAnyScope:
		r.Names = l.ruleScopes(value, what)
	case RuleKeys:
		r.Names = l.ruleClaims(value, what, gc)
	case RuleValue:
		l.valueRule(r, value, what, gc)
	case RuleMatch:
		r.Sources = l.matchSources(value, what, gc)
	}
	return r
}

// ruleList checks the rules of all, any or none: a list of one or more
// rules, each a mapping with one key.
func (l *loader) ruleList(n *yaml.Node, what string, gc guardCheck) []*Rule {
	if !l.isList(n, what) {
		return nil
	}
	if len(n.Content) == 0 {
		l.errorf(n, "%s is empty; list at least one rule", what)
		return nil
	}
	var out []*Rule
	for _, item := range n.Content {
		e, ok := l.singleKey(item, "rule", what, "{scopes: [admin]}")
		if !ok {
			continue
		}
		if !slices.Contains(ruleKeys, e.key.Value) {
			l.errorf(e.key, "unknown rule %q in %s; %s", shorten(e.key.Value), what, suggest(e.key.Value, ruleKeys))
			continue
		}
		out = append(out, l.rule(e.key, e.value, gc))
	}
	return out
}

// singleKey returns the one entry of item, a list item of what that must
// be a mapping with exactly one key, as example shows. noun names the
// item in messages: "rule" or "source".
func (l *loader) singleKey(item *yaml.Node, noun, what, example string) (entry, bool) {
	if item.Kind != yaml.MappingNode {
		l.errorf(item, "each %s in %s must be a mapping with one key, such as %s, not %s", noun, what, example, describe(item))
		return entry{}, false
	}
	entries := l.entries(item, "in "+what)
	switch len(entries) {
	case 0:
		if len(item.Content) == 0 {
			l.errorf(item, "a %s in %s is empty; give it one key, such as %s", noun, what, example)
		}
		return entry{}, false
	case 1:
		return entries[0], true
	}
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.key.Value
	}
	l.errorf(entries[1].key, "a %s in %s has %d keys, %s; write each %s as a list item of its own", noun, what, len(entries), strings.Join(keys, ", "), noun)
	return entry{}, false
}

// ruleScopes checks the scope names of scopes or any_scope: one or more
// scopes that the schema declares, each once.
func (l *loader) ruleScopes(n *yaml.Node, what string) []string {
	if !l.isList(n, what) {
		return nil
	}
	if len(n.Content) == 0 {
		l.errorf(n, "%s is empty; list at least one scope", what)
		return nil
	}
	declared := make([]string, len(l.declaredScopes))
	for i, sc := range l.declaredScopes {
		declared[i] = sc.Name
	}
	var out []string
	first := make(map[string]Pos)
	for _, item := range n.Content {
		name, ok := l.str(item, "each entry of "+what)
		if !ok {
			continue
		}
		prev, seen := first[name]
		switch {
		case seen:
			l.errorf(item, "duplicate scope %q in %s; first at %s", shorten(name), what, prev.lineCol())
			continue
		case len(declared) == 0:
			l.errorf(item, "unknown scope %q in %s; the schema declares no scopes, so add it under scopes", shorten(name), what)
		case !slices.Contains(declared, name):
			l.errorf(item, "unknown scope %q in %s; %s", shorten(name), what, suggest(name, declared))
		}
		first[name] = posOf(item)
		out = append(out, name)
	}
	return out
}

// ruleClaims checks the claims of keys: one or more claim references,
// each once.
func (l *loader) ruleClaims(n *yaml.Node, what string, gc guardCheck) []string {
	if !l.isList(n, what) {
		return nil
	}
	if len(n.Content) == 0 {
		l.errorf(n, "%s is empty; list at least one claim", what)
		return nil
	}
	var out []string
	first := make(map[string]Pos)
	for _, item := range n.Content {
		ref, ok := l.str(item, "each entry of "+what)
		if !ok {
			continue
		}
		if prev, seen := first[ref]; seen {
			l.errorf(item, "duplicate claim %q in %s; first at %s", shorten(ref), what, prev.lineCol())
			continue
		}
		first[ref] = posOf(item)
		l.claimRef(item, ref, what, gc)
		out = append(out, ref)
	}
	return out
}

// claimRef returns what the claim reference ref at node n names, and
// reports a reference that names nothing.
func (l *loader) claimRef(n *yaml.Node, ref, what string, gc guardCheck) (claimRef, bool) {
	if r, ok := resolveClaim(gc.token, ref); ok {
		return r, true
	}
	switch ref {
	case "uid":
		l.errorf(n, "unknown claim %q in %s; rules name the uid claim user_id", ref, what)
	case "scp", "scopes":
		l.errorf(n, "claim %q cannot be read in %s; check scopes with scopes: or any_scope:", ref, what)
	case "exp", "nbf", "iat", "auth_time":
		l.errorf(n, "claim %q cannot be read in %s; Parse checks the time claims, and rules read %s", ref, what, builtinRefList())
	default:
		l.errorf(n, "unknown claim %q in %s; %s", shorten(ref), what, suggest(ref, claimRefs(gc.token)))
	}
	return claimRef{}, false
}

// builtinRefList returns the built-in claim references for a message:
// "user_id, iss, sub, aud, jti and the custom claims".
func builtinRefList() string {
	refs := make([]string, len(ruleBuiltins))
	for i, b := range ruleBuiltins {
		refs[i] = b.ref
	}
	return strings.Join(refs, ", ") + " and the custom claims"
}

// claimType returns the type that a rule compares for the claim r names.
// Built-in claims are strings, or lists of strings for aud.
func (r claimRef) claimType() ClaimType {
	switch {
	case r.builtin != nil && r.builtin.list:
		return TypeStrings
	case r.builtin != nil:
		return TypeString
	}
	return r.claim().Type
}

// describeClaim names the claim ref of token kind in messages.
func describeClaim(ref, kind string) string {
	return fmt.Sprintf("claim %q of token %q", ref, kind)
}

// valueRule checks a value rule: a claim and exactly one of equals, for a
// claim that holds one value, or contains, for a list claim.
func (l *loader) valueRule(r *Rule, n *yaml.Node, what string, gc guardCheck) {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "%s must be a mapping such as {claim: plan, equals: pro}, not %s", what, describe(n))
		return
	}
	f := l.fields(n, "in "+what, valueKeys, gc.token.Name)
	equals, hasEquals := f["equals"]
	contains, hasContains := f["contains"]
	var op entry
	switch {
	case hasEquals && hasContains:
		l.errorf(contains.key, "%s has both equals and contains; use equals for a claim with one value, contains for a list claim", what)
	case hasEquals:
		op = equals
	case hasContains:
		op, r.Contains = contains, true
	case hasUnknownKey(n, valueKeys):
		// The unknown key, already reported with a suggestion, is most
		// likely a misspelled equals or contains.
	default:
		l.errorf(n, "%s needs equals: for a claim with one value or contains: for a list claim", what)
	}

	claimNode := f.value("claim")
	if claimNode == nil {
		l.errorf(n, "%s has no claim; add claim: with the claim to compare", what)
		return
	}
	ref, ok := l.str(claimNode, "claim of "+what)
	if !ok {
		return
	}
	r.Claim = ref
	cr, ok := l.claimRef(claimNode, ref, what, gc)
	if !ok || op.key == nil {
		return
	}

	// The claim's type decides between equals and contains, and the
	// type of the value.
	typ := cr.claimType()
	subject := describeClaim(ref, gc.token.Name)
	single, list := compareKind(typ)
	switch {
	case !single && !list:
		l.errorf(claimNode, "%s has type %s, which value cannot compare; check that it is present with keys:", subject, typ)
	case list && !r.Contains:
		l.errorf(op.key, "%s is a list of type %s, so value needs contains:, not equals:", subject, typ)
	case single && r.Contains:
		l.errorf(op.key, "%s has type %s, not a list, so value needs equals:, not contains:", subject, typ)
	default:
		var enum []*EnumValue
		if c := cr.claim(); c != nil {
			enum = c.Enum
		}
		r.Value = l.ruleValue(op.value, elementType(typ), enum, fmt.Sprintf("claim %q in %s", ref, gc.subject))
	}
}

// elementType returns the type of an element of a list claim type, or typ
// itself for other types.
func elementType(typ ClaimType) ClaimType {
	switch typ {
	case TypeStrings:
		return TypeString
	case TypeInt64s:
		return TypeInt64
	}
	return typ
}

// ruleValue checks that n is a value of type typ, and one of enum when
// enum is set, and returns it as the generated rule compares it: strings
// as they are, bools as true or false, numbers in Go's shortest decimal
// form. what names the claim in messages, as in `claim "plan" in guard
// "Pro" of token "Access"`.
func (l *loader) ruleValue(n *yaml.Node, typ ClaimType, enum []*EnumValue, what string) string {
	wrongType := func(want string) string {
		l.errorf(n, "value of %s must be %s, because the claim has type %s, not %s%s", what, want, typ, describe(n), unquoteHint(n, typ))
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		return wrongType(valueNoun(typ))
	}
	tag := n.ShortTag()
	switch typ {
	case TypeString:
		if tag != "!!str" {
			return wrongType("a string")
		}
		return l.stringValue(n, enum, what)
	case TypeBool:
		var b bool
		if tag != "!!bool" || n.Decode(&b) != nil {
			return wrongType("true or false")
		}
		return strconv.FormatBool(b)
	case TypeInt, TypeInt64:
		var i int64
		if tag != "!!int" {
			return wrongType("an integer")
		}
		if err := n.Decode(&i); err != nil {
			l.errorf(n, "value %s of %s is out of range for type %s", shorten(n.Value), what, typ)
			return ""
		}
		return strconv.FormatInt(i, 10)
	case TypeFloat64:
		var f float64
		if (tag != "!!int" && tag != "!!float") || n.Decode(&f) != nil {
			return wrongType("a number")
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			l.errorf(n, "value of %s must be a finite number, not %s", what, shorten(n.Value))
			return ""
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return ""
}

// stringValue checks the value of a string claim: not empty, and one of
// enum when the claim has one.
func (l *loader) stringValue(n *yaml.Node, enum []*EnumValue, what string) string {
	v := n.Value
	if v == "" {
		l.errorf(n, "value of %s is empty; an empty value counts as missing, so the rule could never pass", what)
		return ""
	}
	if len(enum) == 0 {
		return v
	}
	values := make([]string, len(enum))
	for i, e := range enum {
		values[i] = e.Value
	}
	if !slices.Contains(values, v) {
		l.errorf(n, "value %q of %s is not in the claim's enum; accepted: %s", shorten(v), what, strings.Join(values, ", "))
		return ""
	}
	return v
}

// valueNoun names a value of type typ in messages.
func valueNoun(typ ClaimType) string {
	switch typ {
	case TypeBool:
		return "true or false"
	case TypeInt, TypeInt64:
		return "an integer"
	case TypeFloat64:
		return "a number"
	}
	return "a string"
}

// unquoteHint suggests a fix for a value n of the wrong YAML type: quotes
// for a scalar where a string is expected, none where a quoted string
// holds a value of type typ.
func unquoteHint(n *yaml.Node, typ ClaimType) string {
	if n.Kind != yaml.ScalarNode {
		return ""
	}
	if typ == TypeString {
		if n.ShortTag() == "!!null" {
			return ""
		}
		return fmt.Sprintf("; quote it as %q", shorten(n.Value))
	}
	if n.ShortTag() != "!!str" {
		return ""
	}
	var ok bool
	switch typ {
	case TypeBool:
		_, err := strconv.ParseBool(n.Value)
		ok = err == nil
	case TypeInt, TypeInt64:
		_, err := strconv.ParseInt(n.Value, 10, 64)
		ok = err == nil
	case TypeFloat64:
		_, err := strconv.ParseFloat(n.Value, 64)
		ok = err == nil
	}
	if ok {
		return "; remove the quotes"
	}
	return ""
}

// matchSources checks the sources of a match rule: two or more, each a
// mapping with one key, no source twice.
func (l *loader) matchSources(n *yaml.Node, what string, gc guardCheck) []*Source {
	if !l.isList(n, what) {
		return nil
	}
	if len(n.Content) < 2 {
		l.errorf(n, "%s needs two or more sources, such as [claim: user_id, path: user_id], not %d", what, len(n.Content))
	}
	var out []*Source
	first := make(map[Source]Pos)
	for _, item := range n.Content {
		s := l.source(item, what, gc)
		if s == nil {
			continue
		}
		key := Source{Kind: s.Kind, Name: s.Name}
		if prev, seen := first[key]; seen {
			l.errorf(item, "duplicate source %s: %s in %s; first at %s", s.Kind, shorten(s.Name), what, prev.lineCol())
			continue
		}
		first[key] = posOf(item)
		out = append(out, s)
	}
	return out
}

// source checks one source of a match rule.
func (l *loader) source(item *yaml.Node, what string, gc guardCheck) *Source {
	e, ok := l.singleKey(item, "source", what, "{path: user_id}")
	if !ok {
		return nil
	}
	kind := e.key.Value
	if !slices.Contains(sourceKinds, kind) {
		l.errorf(e.key, "unknown source %q in %s; %s", shorten(kind), what, suggest(kind, sourceKinds))
		return nil
	}
	name, ok := l.str(e.value, fmt.Sprintf("%s in %s", kind, what))
	if !ok {
		return nil
	}
	s := &Source{Pos: posOf(e.key), Kind: SourceKind(kind), Name: name}
	if !l.validSource(s, e.value, what, gc) {
		return nil
	}
	return s
}

// validSource reports whether the name of s, at node n, is valid for its
// kind, and reports it when not.
func (l *loader) validSource(s *Source, n *yaml.Node, what string, gc guardCheck) bool {
	var problem string
	switch s.Kind {
	case SourceClaim:
		cr, ok := l.claimRef(n, s.Name, what, gc)
		if !ok {
			return false
		}
		if single, list := compareKind(cr.claimType()); !single && !list {
			problem = fmt.Sprintf("%s has type %s, which match cannot compare", describeClaim(s.Name, gc.token.Name), cr.claimType())
		}
	case SourcePath:
		if !validWildcardName(s.Name) {
			problem = fmt.Sprintf("path wildcard %q in %s is not a valid ServeMux wildcard name; use letters, digits and _, not starting with a digit", shorten(s.Name), what)
		}
	case SourceQuery, SourceForm:
		if s.Name == "" {
			problem = fmt.Sprintf("%s name in %s is empty", s.Kind, what)
		}
	case SourceHeader:
		if !validHeaderName(s.Name) {
			problem = fmt.Sprintf("header %q in %s is not a valid HTTP header name; use letters, digits and !#$%%&'*+-.^_`|~", shorten(s.Name), what)
		}
	case SourceJSON:
		if reason := jsonPointerProblem(s.Name); reason != "" {
			problem = fmt.Sprintf("JSON pointer %q in %s is invalid: %s", shorten(s.Name), what, reason)
		}
	}
	if problem != "" {
		l.errorf(n, "%s", problem)
		return false
	}
	return true
}

// validWildcardName reports whether name can be a wildcard of a net/http
// ServeMux pattern, "{name}": as Go 1.22's ServeMux requires, a letter or
// _ followed by letters, digits and _.
func validWildcardName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		if !unicode.IsLetter(r) && r != '_' && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// validHeaderName reports whether name is an RFC 9110 field name: one or
// more token characters.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", ch) >= 0:
		default:
			return false
		}
	}
	return true
}

// jsonPointerProblem returns why pointer is not an RFC 6901 JSON pointer,
// or "" when it is one.
func jsonPointerProblem(pointer string) string {
	if pointer == "" {
		return ""
	}
	if pointer[0] != '/' {
		return "it must start with /, as in /" + pointer
	}
	for i := 0; i < len(pointer); i++ {
		if pointer[i] == '~' && (i+1 == len(pointer) || (pointer[i+1] != '0' && pointer[i+1] != '1')) {
			return "~ must be followed by 0 or 1"
		}
	}
	return ""
}

// autoUpdate checks the auto_update value of a token kind: true, false, or
// a mapping of header, after and max_age. It returns nil when the refresh
// is off.
func (l *loader) autoUpdate(n *yaml.Node, subject, kind string) *AutoUpdate {
	what := "auto_update of " + subject
	u := &AutoUpdate{Pos: posOf(n)}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		if on, ok := l.boolean(n, what); !ok || !on {
			return nil
		}
		return u
	}
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "%s must be true, false or a mapping of header, after and max_age, not %s", what, describe(n))
		return nil
	}
	f := l.fields(n, "in "+what, autoUpdateKeys, kind)
	if v := f.value("header"); v != nil {
		if name, ok := l.str(v, "header of "+what); ok {
			if !validHeaderName(name) {
				l.errorf(v, "header %q of %s is not a valid HTTP header name; use letters, digits and !#$%%&'*+-.^_`|~", shorten(name), what)
			}
			u.Header = name
		}
	}
	if v := f.value("after"); v != nil {
		u.After = l.after(v, what)
	}
	if v := f.value("max_age"); v != nil {
		u.MaxAge = l.duration(v, "max_age", what, false)
	}
	return u
}

// after checks the share of a token's life after which it is refreshed: a
// percentage such as 50%, or a number from 0 to 1.
func (l *loader) after(n *yaml.Node, what string) float64 {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" && strings.HasSuffix(n.Value, "%") {
		p, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(n.Value, "%")), 64)
		switch {
		case err != nil || math.IsNaN(p):
			l.errorf(n, "after %q of %s is not a percentage; write a number before the %%, as in 50%%", shorten(n.Value), what)
		case p < 0 || p > 100:
			l.errorf(n, "after %q of %s is outside 0%% to 100%%", n.Value, what)
		default:
			return p / 100
		}
		return 0
	}

	var f float64
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") || n.Decode(&f) != nil {
		l.errorf(n, "after of %s must be a percentage such as 50%% or a number from 0 to 1, not %s", what, describe(n))
		return 0
	}
	if math.IsNaN(f) || f < 0 || f > 1 {
		l.errorf(n, "after %s of %s is outside 0 to 1; write a share such as 0.5 or a percentage such as 50%%", shorten(n.Value), what)
		return 0
	}
	return f
}

// hasUnknownKey reports whether mapping n has a key outside known, not
// counting merge keys.
func hasUnknownKey(n *yaml.Node, known []string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if key.ShortTag() != "!!merge" && !slices.Contains(known, key.Value) {
			return true
		}
	}
	return false
}
