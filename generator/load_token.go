package generator

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
	"time"

	"github.com/tokengen/tokengen/internal/mediatype"
	"gopkg.in/yaml.v3"
)

// tokenKeys are the keys of a token kind's mapping.
var tokenKeys = []string{
	"doc", "lifespan", "issuer", "audience", "algorithm", "typ", "encrypted",
	"require", "verify", "leeway", "claims", "bare_token", "auto_update",
	"guards",
}

// algorithms are the JWS algorithms a token kind may use, as the schema
// writes them.
var algorithms = []string{
	"HS256", "HS384", "HS512",
	"RS256", "RS384", "RS512",
	"PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512",
	"EdDSA",
}

// defaultAlgorithm is the algorithm of a token kind whose schema omits it.
const defaultAlgorithm = "HS256"

// registeredClaims are the claims require and verify accept, in the order
// messages list them.
var registeredClaims = []RegisteredClaim{ClaimExp, ClaimNbf, ClaimIat, ClaimAud, ClaimIss}

// verifyKeys are the keys of a verify mapping.
var verifyKeys = []string{"exp", "nbf", "iat", "aud", "iss", "signature"}

// allClaims returns a set holding every registered claim, each set to on.
func allClaims(on bool) map[RegisteredClaim]bool {
	m := make(map[RegisteredClaim]bool, len(registeredClaims))
	for _, c := range registeredClaims {
		m[c] = on
	}
	return m
}

// isExportedIdent reports whether name can be an exported Go identifier.
func isExportedIdent(name string) bool {
	return token.IsIdentifier(name) && token.IsExported(name)
}

// token checks one token kind. It returns nil when the kind's name is
// unusable, after checking the rest of it all the same.
func (l *loader) token(key, value *yaml.Node) *Token {
	t := &Token{
		Pos:             posOf(key),
		Name:            key.Value,
		Algorithm:       defaultAlgorithm,
		Require:         allClaims(true),
		Verify:          allClaims(true),
		VerifySignature: true,
	}
	nameOK := l.validKindName(key)
	subject := fmt.Sprintf("token %q", t.Name)
	if !l.isMapping(value, subject) {
		return nil
	}

	f := l.fields(value, "in "+subject, tokenKeys, t.Name)
	if n := f.value("doc"); n != nil {
		t.Doc = l.text(n, "doc of "+subject)
	}
	if n := f.value("lifespan"); n != nil {
		t.Lifespan = l.duration(n, "lifespan", subject, false)
	}
	if n := f.value("leeway"); n != nil {
		t.Leeway = l.duration(n, "leeway", subject, true)
	}
	if n := f.value("issuer"); n != nil {
		t.Issuer = l.issuer(n, subject)
	}
	if n := f.value("audience"); n != nil {
		t.Audience = l.audience(n, subject)
	}
	if n := f.value("algorithm"); n != nil {
		t.Algorithm = l.algorithm(n, subject)
	}
	if n := f.value("typ"); n != nil {
		t.Type = l.typ(n, subject)
	}
	if n := f.value("encrypted"); n != nil {
		t.Encrypted, _ = l.boolean(n, "encrypted of "+subject)
	}
	if n := f.value("require"); n != nil {
		t.Require = l.require(n, subject)
	}
	if n := f.value("verify"); n != nil {
		t.Verify, t.VerifySignature = l.verify(n, subject, t.Name)
	}
	if n := f.value("claims"); n != nil {
		t.Claims = l.topClaims(n, t.Name)
	}
	if n := f.value("bare_token"); n != nil {
		t.BareToken, _ = l.boolean(n, "bare_token of "+subject)
	}
	if n := f.value("auto_update"); n != nil {
		t.AutoUpdate = l.autoUpdate(n, subject, t.Name)
	}
	if n := f.value("guards"); n != nil {
		t.Guards = l.guards(n, t) // after claims, which guards name
	}
	if !nameOK {
		return nil
	}
	return t
}

// validKindName reports whether the token kind in key is an exported Go
// identifier, and reports it when not.
func (l *loader) validKindName(key *yaml.Node) bool {
	name := key.Value
	if isExportedIdent(name) {
		return true
	}
	hint := "start it with an upper-case letter and use only letters and digits"
	if g := GoName(name); isExportedIdent(g) {
		hint = fmt.Sprintf("use %q", g)
	}
	l.errorf(key, "token kind %q is not an exported Go identifier; %s", name, hint)
	return false
}

// duration parses the value of key, a Go duration such as 15m. It must be
// positive, or also zero when zeroOK.
func (l *loader) duration(n *yaml.Node, key, subject string, zeroOK bool) time.Duration {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		l.errorf(n, "%s of %s must be a duration such as 15m, not %s", key, subject, describe(n))
		return 0
	}
	d, err := time.ParseDuration(n.Value)
	switch {
	case err != nil:
		l.errorf(n, "%s %q of %s is not a duration; use Go syntax with a unit, such as 15m or 1h30m", key, shorten(n.Value), subject)
	case d < 0 && zeroOK:
		l.errorf(n, "%s %q of %s is negative; use 0 or more", key, n.Value, subject)
	case d <= 0 && !zeroOK:
		l.errorf(n, "%s %q of %s is not positive; use a duration above 0, such as 15m", key, n.Value, subject)
	default:
		return d
	}
	return 0
}

// issuer checks the iss value of a token kind.
func (l *loader) issuer(n *yaml.Node, subject string) string {
	s, ok := l.str(n, "issuer of "+subject)
	if ok && s == "" {
		l.errorf(n, "issuer of %s is empty; give a value or leave issuer out", subject)
	}
	return s
}

// typ checks the typ value of a token kind: a media type name such as
// at+jwt.
func (l *loader) typ(n *yaml.Node, subject string) string {
	s, ok := l.str(n, "typ of "+subject)
	if ok && !mediatype.Valid(s) {
		l.errorf(n, "typ of %s is %q, which is not a media type name; use a name such as at+jwt or application/at+jwt", subject, s)
		return ""
	}
	return s
}

// audience checks the aud value of a token kind: a string or a list of
// strings, none of them empty.
func (l *loader) audience(n *yaml.Node, subject string) []string {
	what := "audience of " + subject
	if n.Kind == yaml.SequenceNode {
		if len(n.Content) == 0 {
			l.errorf(n, "%s is an empty list; name at least one audience or leave audience out", what)
			return nil
		}
		out := make([]string, 0, len(n.Content))
		for _, item := range n.Content {
			if s, ok := l.str(item, "each entry of "+what); ok {
				if s == "" {
					l.errorf(item, "%s contains an empty string", what)
				}
				out = append(out, s)
			}
		}
		return out
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		l.errorf(n, "%s must be a string or a list of strings, not %s", what, describe(n))
		return nil
	}
	if n.Value == "" {
		l.errorf(n, "%s is empty; give a value or leave audience out", what)
	}
	return []string{n.Value}
}

// algorithm checks a token kind's JWS algorithm.
func (l *loader) algorithm(n *yaml.Node, subject string) string {
	s, ok := l.str(n, "algorithm of "+subject)
	if !ok {
		return defaultAlgorithm
	}
	if !slices.Contains(algorithms, s) {
		msg := fmt.Sprintf("unknown algorithm %q of %s; accepted: %s", shorten(s), subject, strings.Join(algorithms, ", "))
		if near := nearest(s, algorithms); strings.EqualFold(near, s) {
			msg = fmt.Sprintf("unknown algorithm %q of %s; did you mean %q?", s, subject, near)
		} else if isJWEAlgorithm(s) {
			msg = fmt.Sprintf("algorithm %q of %s is a JWE encryption algorithm, but algorithm names the signing algorithm, one of %s; to encrypt tokens, set encrypted: true, which uses dir with XC20P", s, subject, strings.Join(algorithms, ", "))
		}
		l.errorf(n, "%s", msg)
		return defaultAlgorithm
	}
	return s
}

// jweAlgorithms are the JWE key management and content encryption
// algorithms of RFC 7518, and XC20P. Written as the algorithm of a token
// kind, they show a mix-up of signing and encryption.
var jweAlgorithms = []string{
	"dir", "RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW",
	"ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
	"A128GCMKW", "A192GCMKW", "A256GCMKW",
	"PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW",
	"A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM",
	"XC20P",
}

// isJWEAlgorithm reports whether name is one of jweAlgorithms, in any case.
func isJWEAlgorithm(name string) bool {
	return slices.ContainsFunc(jweAlgorithms, func(a string) bool { return strings.EqualFold(a, name) })
}

// require checks the list of registered claims a token must contain.
func (l *loader) require(n *yaml.Node, subject string) map[RegisteredClaim]bool {
	set := allClaims(false)
	what := "require of " + subject
	if !l.isList(n, what) {
		return allClaims(true)
	}
	first := make(map[string]Pos)
	for _, item := range n.Content {
		name, ok := l.str(item, "each entry of "+what)
		if !ok {
			continue
		}
		prev, seen := first[name]
		switch {
		case seen:
			l.errorf(item, "duplicate entry %q in %s; first at %s", name, what, prev.lineCol())
		case name == "signature":
			l.errorf(item, "%q in %s is not a claim; require accepts %s, and the signature check is part of verify", name, what, registeredClaimList())
		case !slices.Contains(registeredClaims, RegisteredClaim(name)):
			l.errorf(item, "unknown claim %q in %s; accepted: %s", shorten(name), what, registeredClaimList())
		default:
			set[RegisteredClaim(name)] = true
		}
		if !seen {
			first[name] = posOf(item)
		}
	}
	return set
}

// registeredClaimList returns the registered claims for a message: exp, nbf, ...
func registeredClaimList() string {
	names := make([]string, len(registeredClaims))
	for i, c := range registeredClaims {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// verify checks the verify value of a token kind: true or false for every
// check at once, or a mapping of check to bool where a check left out stays
// on. It returns the claim checks and the signature check.
func (l *loader) verify(n *yaml.Node, subject, kind string) (map[RegisteredClaim]bool, bool) {
	what := "verify of " + subject
	checks, signature := allClaims(true), true
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		on, ok := l.boolean(n, what)
		if !ok {
			return checks, signature
		}
		return allClaims(on), on
	}
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "%s must be true, false or a mapping of check to true or false, not %s", what, describe(n))
		return checks, signature
	}
	f := l.fields(n, "in "+what, verifyKeys, kind)
	for _, key := range verifyKeys {
		v := f.value(key)
		if v == nil {
			continue
		}
		on, ok := l.boolean(v, fmt.Sprintf("verify %s of %s", key, subject))
		if !ok {
			continue
		}
		if key == "signature" {
			signature = on
		} else {
			checks[RegisteredClaim(key)] = on
		}
	}
	return checks, signature
}
