package generator

import (
	"fmt"
	"slices"
	"time"

	"github.com/tokengen/tokengen/internal/mediatype"
	"gopkg.in/yaml.v3"
)

// longLifespan is the lifespan above which an unencrypted token kind gets a
// warning.
const longLifespan = 24 * time.Hour

// warnings returns the warnings about the valid schema s, sorted by
// position. root is the YAML tree that s was loaded from, with aliases
// expanded; it gives the positions of the keys that the model does not
// keep.
func warnings(file string, s *Schema, root *yaml.Node) Diagnostics {
	var ws Diagnostics
	tokens := lookup(root, "tokens")
	for _, t := range s.Tokens {
		node := lookup(tokens, t.Name)
		for _, w := range tokenWarnings(t, node) {
			w.File = file
			ws = append(ws, w)
		}
	}
	for i, a := range s.Tokens {
		for _, b := range s.Tokens[i+1:] {
			if interchangeable(a, b) {
				ws = append(ws, Diagnostic{
					File:    file,
					Pos:     b.Pos,
					Message: fmt.Sprintf("tokens %q and %q accept each other's tokens if they share a key, because nothing that Parse checks tells them apart (algorithm, typ, issuer and audience); give each its own typ", a.Name, b.Name),
					Warning: true,
				})
			}
		}
	}
	return ws.sorted()
}

// interchangeable reports whether the schema lets token kinds a and b
// accept each other's tokens when the program gives them the same key.
// That takes both encrypted or both not, the same algorithm and typ, the
// same issuer or iss checks off, and a shared audience or aud checks off.
// An issuer or audience that the program sets gives no warning.
func interchangeable(a, b *Token) bool {
	if a.Encrypted != b.Encrypted || a.Algorithm != b.Algorithm {
		return false
	}
	if (a.Type != "" || b.Type != "") && !mediatype.Equal(a.Type, b.Type) {
		return false
	}
	issOff := !a.Verify[ClaimIss] && !b.Verify[ClaimIss]
	if !issOff && (a.Issuer == "" || a.Issuer != b.Issuer) {
		return false
	}
	audOff := !a.Verify[ClaimAud] && !b.Verify[ClaimAud]
	return audOff || slices.ContainsFunc(a.Audience, func(aud string) bool { return slices.Contains(b.Audience, aud) })
}

// tokenWarnings returns the warnings about token kind t, whose mapping in
// the schema is node. Positions fall back to the kind's key when node lacks
// the key that a warning is about.
func tokenWarnings(t *Token, node *yaml.Node) Diagnostics {
	var ws Diagnostics
	at := func(n *yaml.Node) Pos {
		if n == nil {
			return t.Pos
		}
		return posOf(n)
	}
	warn := func(p Pos, format string, args ...any) {
		ws = append(ws, Diagnostic{Pos: p, Message: fmt.Sprintf(format, args...), Warning: true})
	}
	verify := lookup(node, "verify")

	// Checks turned off. verify: false gets one warning for all of them.
	switch {
	case !t.VerifySignature && allOff(t.Verify):
		warn(at(verify), "verify: false turns off every check of token %q, so Parse accepts %s and expired tokens; turn on at least signature and exp", t.Name, forgedBy(t))
	default:
		if !t.VerifySignature {
			warn(at(lookup(verify, "signature")), "verify signature: false makes Parse of token %q skip the alg and signature checks, so it accepts %s", t.Name, forgedBy(t))
		}
		if !t.Verify[ClaimExp] {
			warn(at(lookup(verify, string(ClaimExp))), "verify exp: false makes Parse of token %q accept expired tokens", t.Name)
		} else if !t.Require[ClaimExp] {
			warn(at(lookup(node, "require")), "require of token %q leaves out exp, so Parse accepts a token without exp, which never expires; add exp to require", t.Name)
		}
	}

	// A long-lived token that anyone holding it can read.
	if t.Lifespan > longLifespan && !t.Encrypted {
		lifespan := lookup(node, "lifespan")
		text := shortDuration(t.Lifespan)
		if lifespan != nil {
			text = lifespan.Value
		}
		warn(at(lifespan), "lifespan %q of token %q is over 24h and the token is not encrypted, so its claims stay readable to whoever holds it that long; set encrypted: true or shorten the lifespan", text, t.Name)
	}
	return ws
}

// forgedBy names the tokens that Parse accepts without a signature check:
// anyone can make one, unless encryption still requires the key.
func forgedBy(t *Token) string {
	if t.Encrypted {
		return "tokens forged by anyone who has the encryption key"
	}
	return "tokens forged by anyone"
}

// allOff reports whether set turns every registered claim check off.
func allOff(set map[RegisteredClaim]bool) bool {
	for _, c := range registeredClaims {
		if set[c] {
			return false
		}
	}
	return true
}

// lookup returns the value of key in mapping n, taking YAML merge keys (<<)
// into account as Load does, or nil when n is not a mapping or lacks key.
// It reports nothing, because it only runs on a schema that Load accepted.
func lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge":
			merges = append(merges, v)
		case k.Kind == yaml.ScalarNode && k.Value == key:
			return v
		}
	}

	// A key written in n wins over a merged one, and an earlier merged
	// mapping over a later one.
	for _, m := range merges {
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			if v := lookup(src, key); v != nil {
				return v
			}
		}
	}
	return nil
}
