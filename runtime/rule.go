package runtime

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Rule is a condition on the claims of a token and, for rules that read
// values of the request, on the HTTP request. Protect enforces rules in
// HTTP servers; other servers, such as a queue consumer or a gRPC method,
// call Check themselves.
//
// Generated code names the rule type of each token kind:
//
//	type AccessRule = runtime.Rule[AccessClaims]
//
// The rules of this package are safe for concurrent use. A program can
// implement Rule itself; its Check must be safe for concurrent use, too.
type Rule[C any] interface {
	// Check returns nil when the claims c and the request r pass the rule.
	// Otherwise the error names the rule and the scope, claim or request
	// value that failed, never a token. A rule that reads the request fails
	// with an error wrapping ErrNoRequest when r is nil.
	Check(c *C, r *http.Request) error

	// Scopes lists the scopes the rule checks for, for the scope attribute
	// of a 403 response. AllOf and AnyOf list the scopes of their rules, and
	// NoneOf lists none, because its scopes are ones a token must not have.
	// The caller must not modify the slice.
	Scopes() []string

	// String describes the rule for logs and docs, in the form of the Go
	// call that built it: "AllOf(HasScopes(write:orders), MatchValues(claim
	// uid, path value user_id))".
	String() string
}

// ErrNoRequest is wrapped by the Check error of a rule that reads a value
// of the request when the request is nil.
var ErrNoRequest = errors.New("missing HTTP request: the rule reads a request value")

var errNoClaims = errors.New("missing claims")

// indeterminateError is a rule failure because a value could not be read
// at all: a nil request or claims, a request value sent twice, a body that
// is too large or not valid JSON. NoneOf fails on such an error instead of
// taking it for a rule that does not pass.
type indeterminateError struct{ err error }

func (e *indeterminateError) Error() string { return e.err.Error() }
func (e *indeterminateError) Unwrap() error { return e.err }

func indeterminate(err error) error { return &indeterminateError{err} }

func isIndeterminate(err error) bool {
	var target *indeterminateError
	return errors.As(err, &target)
}

// HasScopes is the rule that the token grants every one of scopes.
// granted reports whether the claims grant one scope; generated code passes
// a function over its Scope type. The scope names, from String, appear in
// messages and in the scope attribute of 403 responses.
//
// HasScopes panics when scopes is empty or a scope's name is not a valid
// RFC 6749 scope token.
func HasScopes[C any, S fmt.Stringer](granted func(c *C, scope S) bool, scopes ...S) Rule[C] {
	return newScopeRule("HasScopes", granted, scopes, false)
}

// AnyScope is the rule that the token grants at least one of scopes. It
// panics as HasScopes does.
func AnyScope[C any, S fmt.Stringer](granted func(c *C, scope S) bool, scopes ...S) Rule[C] {
	return newScopeRule("AnyScope", granted, scopes, true)
}

type scopeRule[C any, S fmt.Stringer] struct {
	granted func(c *C, scope S) bool
	scopes  []S
	names   []string
	any     bool
	desc    string
}

func newScopeRule[C any, S fmt.Stringer](fn string, granted func(c *C, scope S) bool, scopes []S, any bool) *scopeRule[C, S] {
	if granted == nil {
		panic("runtime: " + fn + " has a nil granted function")
	}
	if len(scopes) == 0 {
		panic("runtime: " + fn + " needs at least one scope")
	}
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = s.String()
		if !validScopeToken(names[i]) {
			panic("runtime: " + fn + ": invalid scope name " + strconv.Quote(names[i]))
		}
	}
	return &scopeRule[C, S]{
		granted: granted,
		scopes:  append([]S(nil), scopes...),
		names:   names,
		any:     any,
		desc:    fn + "(" + strings.Join(names, ", ") + ")",
	}
}

func (r *scopeRule[C, S]) Check(c *C, _ *http.Request) error {
	if c == nil {
		return indeterminate(fmt.Errorf("%s: %w", r.desc, errNoClaims))
	}
	if r.any {
		for _, s := range r.scopes {
			if r.granted(c, s) {
				return nil
			}
		}
		return fmt.Errorf("%s: no listed scope granted", r.desc)
	}

	var missing []string
	for i, s := range r.scopes {
		if !r.granted(c, s) {
			missing = append(missing, r.names[i])
		}
	}
	if missing == nil {
		return nil
	}
	return fmt.Errorf("%s: missing scope %s", r.desc, strings.Join(missing, ", "))
}

func (r *scopeRule[C, S]) Scopes() []string { return r.names }
func (r *scopeRule[C, S]) String() string   { return r.desc }

// validScopeToken reports whether s is a scope token of RFC 6749 section
// 3.3: one or more characters from %x21, %x23-5B and %x5D-7E, so it can be
// quoted in a WWW-Authenticate header as it is.
func validScopeToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if ch := s[i]; ch < 0x21 || ch > 0x7e || ch == '"' || ch == '\\' {
			return false
		}
	}
	return true
}

// Key is a claim that HasKeys requires: its JSON name, and a function that
// reports whether the claims have it.
type Key[C any] struct {
	Name    string
	Present func(c *C) bool
}

// HasKeys is the rule that the token has every one of the claims keys.
// It panics when keys is empty or a key has no Present function.
func HasKeys[C any](keys ...Key[C]) Rule[C] {
	if len(keys) == 0 {
		panic("runtime: HasKeys needs at least one key")
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		if k.Present == nil {
			panic("runtime: HasKeys: key " + strconv.Quote(k.Name) + " has a nil Present function")
		}
		names[i] = k.Name
	}
	return &keysRule[C]{keys: append([]Key[C](nil), keys...), desc: "HasKeys(" + strings.Join(names, ", ") + ")"}
}

type keysRule[C any] struct {
	keys []Key[C]
	desc string
}

func (r *keysRule[C]) Check(c *C, _ *http.Request) error {
	if c == nil {
		return indeterminate(fmt.Errorf("%s: %w", r.desc, errNoClaims))
	}
	var missing []string
	for _, k := range r.keys {
		if !k.Present(c) {
			missing = append(missing, k.Name)
		}
	}
	if missing == nil {
		return nil
	}
	return fmt.Errorf("%s: missing claim %s", r.desc, strings.Join(missing, ", "))
}

func (r *keysRule[C]) Scopes() []string { return nil }
func (r *keysRule[C]) String() string   { return r.desc }

// HasValue is the rule that v equals want or, for a ClaimList, has an
// element equal to want. The comparison takes constant time for values of
// equal length. It panics when v is the zero Value or want is empty.
func HasValue[C any](v Value[C], want string) Rule[C] {
	if v.source == 0 {
		panic("runtime: HasValue: invalid zero Value")
	}
	if want == "" {
		panic("runtime: HasValue " + v.desc + ": the value must not be empty")
	}
	return &hasValueRule[C]{v: v, want: want, desc: "HasValue(" + v.desc + ", " + strconv.Quote(want) + ")"}
}

type hasValueRule[C any] struct {
	v    Value[C]
	want string
	desc string
}

func (r *hasValueRule[C]) Check(c *C, req *http.Request) error {
	got, err := r.v.lookup(c, req)
	if err != nil {
		return wrapRuleError(r.desc, err)
	}
	if got.isList {
		if !contains(got.list, r.want) {
			return fmt.Errorf("%s: %s does not contain %q", r.desc, r.v.desc, r.want)
		}
		return nil
	}
	if !equalValues(got.one, r.want) {
		return fmt.Errorf("%s: %s does not equal %q", r.desc, r.v.desc, r.want)
	}
	return nil
}

func (r *hasValueRule[C]) Scopes() []string { return nil }
func (r *hasValueRule[C]) String() string   { return r.desc }

// MatchValues is the rule that values, two or more, are all equal: one
// string equals every value that is not a ClaimList and is an element of
// every ClaimList. Typically one value is a claim and the other comes from
// the request, so that a user can only reach their own resources:
//
//	runtime.MatchValues(
//		runtime.ClaimValue("uid", func(c *AccessClaims) (string, bool) { return c.UserID, c.UserID != "" }),
//		runtime.PathValue[AccessClaims]("user_id"),
//	)
//
// Every value is read, and a missing value fails the rule. The comparisons
// take constant time for values of equal length. MatchValues panics when
// given fewer than two values or a zero Value.
func MatchValues[C any](values ...Value[C]) Rule[C] {
	if len(values) < 2 {
		panic("runtime: MatchValues needs at least two values, got " + strconv.Itoa(len(values)))
	}
	descs := make([]string, len(values))
	for i, v := range values {
		if v.source == 0 {
			panic("runtime: MatchValues: invalid zero Value at index " + strconv.Itoa(i))
		}
		descs[i] = v.desc
	}
	return &matchRule[C]{
		values: append([]Value[C](nil), values...),
		desc:   "MatchValues(" + strings.Join(descs, ", ") + ")",
	}
}

type matchRule[C any] struct {
	values []Value[C]
	desc   string
}

// matchStack is the number of found values kept on the stack while
// matching, enough for every MatchValues of two to four values.
const matchStack = 4

func (r *matchRule[C]) Check(c *C, req *http.Request) error {
	var (
		buf  [matchStack]found
		got  = buf[:0]
		errs []error
	)
	for _, v := range r.values {
		f, err := v.lookup(c, req)
		if err != nil {
			errs = append(errs, wrapRuleError(r.desc, err))
			continue
		}
		got = append(got, f)
	}
	if errs != nil {
		return errors.Join(errs...)
	}
	if !matchFound(got) {
		return fmt.Errorf("%s: the values differ", r.desc)
	}
	return nil
}

// matchFound reports whether one string equals every single value in got
// and is an element of every list.
func matchFound(got []found) bool {
	first := -1
	for i, f := range got {
		if !f.isList {
			first = i
			break
		}
	}
	if first >= 0 {
		return matchString(got, got[first].one)
	}

	// Only lists: look for an element of the first list in all the others.
	match := false
	for _, e := range got[0].list {
		if e != "" && matchString(got[1:], e) {
			match = true
		}
	}
	return match
}

// matchString reports whether s equals every single value in got and is an
// element of every list, comparing all of them.
func matchString(got []found, s string) bool {
	match := true
	for _, f := range got {
		if f.isList {
			match = contains(f.list, s) && match
		} else {
			match = equalValues(f.one, s) && match
		}
	}
	return match
}

func (r *matchRule[C]) Scopes() []string { return nil }
func (r *matchRule[C]) String() string   { return r.desc }

// wrapRuleError prefixes err, a Value's lookup error, with the rule's
// description and keeps it indeterminate if it was.
func wrapRuleError(desc string, err error) error {
	if ie, ok := err.(*indeterminateError); ok {
		return indeterminate(fmt.Errorf("%s: %w", desc, ie.err))
	}
	return fmt.Errorf("%s: %w", desc, err)
}

// AllOf is the rule that every one of rules passes. Its error joins the
// errors of every rule that failed (errors.Join), not only the first.
// AllOf panics when rules is empty or contains a nil rule.
func AllOf[C any](rules ...Rule[C]) Rule[C] {
	return &allOf[C]{newGroup("AllOf", rules, true)}
}

// AnyOf is the rule that at least one of rules passes. The rules are
// checked in order until one passes; when none does, the error joins all
// their errors. AnyOf panics as AllOf does.
func AnyOf[C any](rules ...Rule[C]) Rule[C] {
	return &anyOf[C]{newGroup("AnyOf", rules, true)}
}

// NoneOf is the rule that none of rules passes. A rule that cannot be
// evaluated, because the request is nil or a request value is sent twice
// or unreadable, fails NoneOf too, so a broken request never passes it.
// NoneOf panics as AllOf does.
func NoneOf[C any](rules ...Rule[C]) Rule[C] {
	return &noneOf[C]{newGroup("NoneOf", rules, false)}
}

// group is the part that AllOf, AnyOf and NoneOf share.
type group[C any] struct {
	rules  []Rule[C]
	scopes []string
	desc   string
}

func newGroup[C any](fn string, rules []Rule[C], withScopes bool) group[C] {
	if len(rules) == 0 {
		panic("runtime: " + fn + " needs at least one rule")
	}
	descs := make([]string, len(rules))
	var scopes []string
	for i, rule := range rules {
		if rule == nil {
			panic("runtime: " + fn + ": nil rule at index " + strconv.Itoa(i))
		}
		descs[i] = rule.String()
		if withScopes {
			scopes = appendNew(scopes, rule.Scopes())
		}
	}
	return group[C]{
		rules:  append([]Rule[C](nil), rules...),
		scopes: scopes,
		desc:   fn + "(" + strings.Join(descs, ", ") + ")",
	}
}

// appendNew appends the elements of add that list does not contain yet.
func appendNew(list, add []string) []string {
	for _, s := range add {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

func (g *group[C]) Scopes() []string { return g.scopes }
func (g *group[C]) String() string   { return g.desc }

type allOf[C any] struct{ group[C] }

func (g *allOf[C]) Check(c *C, r *http.Request) error {
	var errs []error
	for _, rule := range g.rules {
		if err := rule.Check(c, r); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

type anyOf[C any] struct{ group[C] }

func (g *anyOf[C]) Check(c *C, r *http.Request) error {
	errs := make([]error, 1, 1+len(g.rules))
	for _, rule := range g.rules {
		err := rule.Check(c, r)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	errs[0] = fmt.Errorf("%s: no rule passed", g.desc)
	return errors.Join(errs...)
}

type noneOf[C any] struct{ group[C] }

func (g *noneOf[C]) Check(c *C, r *http.Request) error {
	var held []string
	var broken []error
	for _, rule := range g.rules {
		err := rule.Check(c, r)
		switch {
		case err == nil:
			held = append(held, rule.String())
		case isIndeterminate(err):
			broken = append(broken, err)
		}
	}
	if broken != nil {
		head := fmt.Errorf("%s: a rule cannot be evaluated", g.desc)
		return indeterminate(errors.Join(append([]error{head}, broken...)...))
	}
	if held != nil {
		return fmt.Errorf("%s: %s passed", g.desc, strings.Join(held, ", "))
	}
	return nil
}
