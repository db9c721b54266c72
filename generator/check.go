package generator

import (
	"fmt"
	"slices"
)

// builtinClaims maps the JSON names that every token kind carries to what
// they are. A custom claim of a token kind must not use them.
var builtinClaims = map[string]string{
	"iss":       "registered claim iss (issuer)",
	"sub":       "registered claim sub (subject)",
	"aud":       "registered claim aud (audience)",
	"exp":       "registered claim exp (expiration time)",
	"nbf":       "registered claim nbf (not before)",
	"iat":       "registered claim iat (issued at)",
	"jti":       "registered claim jti (JWT ID)",
	"auth_time": "claim auth_time (time of authentication)",
	"uid":       "built-in claim uid (user ID)",
	"scp":       "built-in claim scp (scopes)",
}

// claimsTypeNames maps the field and method names that every generated
// <Kind>Claims type has to what they are for.
var claimsTypeNames = map[string]string{
	"RegisteredClaims": "the embedded runtime.RegisteredClaims",
	"Issuer":           "the iss claim",
	"Subject":          "the sub claim",
	"Audience":         "the aud claim",
	"ExpiresAt":        "the exp claim",
	"NotBefore":        "the nbf claim",
	"IssuedAt":         "the iat claim",
	"ID":               "the jti claim",
	"AuthTime":         "the auth_time claim",
	"UserID":           "the uid claim",
	"Scopes":           "the scp claim",
	"MarshalJSON":      "its MarshalJSON method",
	"UnmarshalJSON":    "its UnmarshalJSON method",
}

// scopeAPINames are the package-level names the generated file declares for
// scopes, besides one constant per scope.
var scopeAPINames = []string{"Scope", "Scopes", "ParseScope", "NewScopes", "lookupScope", "scopeCount"}

// kindNameFormats give the package-level names the generated file declares
// for each token kind, from the kind's name.
var kindNameFormats = []string{"%sClaims", "New%sClaims", "%sConfig", "%sHandler", "New%sHandler"}

// constructorParams are the parameters every New<Kind>Claims has before
// those of the kind's required claims.
var constructorParams = map[string]string{
	"userID": "the user ID",
	"scopes": "the scopes",
}

// enumGoName returns the Go name that an enum value adds to its type's name
// to form its constant: "free plan" and "free-plan" give FreePlan.
func enumGoName(value string) string {
	return GoName(enumWords(value))
}

// byPos orders claims by their position in the file.
func byPos(a, b *Claim) int {
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line - b.Pos.Line
	}
	return a.Pos.Col - b.Pos.Col
}

// checkFields reports the claims of one struct that share a JSON name, a Go
// field name or, for required claims of a token kind, a parameter of the
// kind's constructor, with each other or with what every kind has. The later
// claim in the file gets the diagnostic and names the earlier one's line and
// column.
func (l *loader) checkFields(claims []*Claim, o claimOwner) {
	top := o.path == ""
	byJSON := make(map[string]*Claim)
	byGo := make(map[string]*Claim)
	byParam := make(map[string]*Claim)
	for _, c := range slices.SortedStableFunc(slices.Values(claims), byPos) {
		subject := o.subject(c.Key)
		if what := builtinClaims[c.JSONName]; top && what != "" {
			l.errorAt(c.Pos, "%s has the JSON name %q of the %s; rename the key or set claim: to another name", subject, c.JSONName, what)
		} else if prev := byJSON[c.JSONName]; prev != nil {
			l.errorAt(c.Pos, "%s has the JSON name %q, as does %s at %s; rename one of them", subject, c.JSONName, o.subject(prev.Key), prev.Pos.lineCol())
		} else {
			byJSON[c.JSONName] = c
		}

		field := GoName(c.Key)
		if what := claimsTypeNames[field]; top && what != "" {
			l.errorAt(c.Pos, "%s gets the Go name %s, which %sClaims already uses for %s; rename the key and set claim: %q to keep the JSON name", subject, field, o.kind, what, c.JSONName)
			continue
		} else if prev := byGo[field]; prev != nil {
			l.errorAt(c.Pos, "%s gets the Go name %s, as does %s at %s; rename one of them and set claim: to keep its JSON name", subject, field, o.subject(prev.Key), prev.Pos.lineCol())
			continue
		}
		byGo[field] = c

		if !top || !c.Required {
			continue
		}
		param := paramName(field)
		if what := constructorParams[param]; what != "" {
			l.errorAt(c.Pos, "%s gets the parameter name %s in New%sClaims, which already uses it for %s; rename the key and set claim: %q to keep the JSON name", subject, param, o.kind, what, c.JSONName)
		} else if prev := byParam[param]; prev != nil {
			l.errorAt(c.Pos, "%s gets the parameter name %s in New%sClaims, as does %s at %s; rename one of them", subject, param, o.kind, o.subject(prev.Key), prev.Pos.lineCol())
		} else {
			byParam[param] = c
		}
	}
}

// goDecl is a package-level name that the generated file declares.
type goDecl struct {
	name  string
	pos   Pos    // zero for the names every generated file declares
	owner string // the schema entry that makes the name: `scope "admin"`
}

// withoutName returns d with its name cleared, to compare owners.
func (d goDecl) withoutName() goDecl {
	d.name = ""
	return d
}

// checkPackageNames reports schema entries that would declare the same
// package-level Go name: scope constants, each token kind's types and
// functions, and the types and constants of enum and object claims. The
// later entry in the file gets the diagnostic and names the earlier one's
// line and column.
func (l *loader) checkPackageNames(s *Schema) {
	first := make(map[string]goDecl)
	for _, name := range scopeAPINames {
		first[name] = goDecl{name: name}
	}
	decls := packageDecls(s)
	slices.SortStableFunc(decls, func(a, b goDecl) int {
		if a.pos.Line != b.pos.Line {
			return a.pos.Line - b.pos.Line
		}
		return a.pos.Col - b.pos.Col
	})

	// reported holds the pairs of owners already reported, so that a token
	// kind whose five names all clash with another kind's gets one
	// diagnostic.
	type pair struct{ a, b goDecl }
	reported := make(map[pair]bool)
	for _, d := range decls {
		prev, ok := first[d.name]
		switch {
		case !ok:
			first[d.name] = d
		case prev.pos == d.pos && prev.owner == d.owner:
			// The same node, reached twice through a YAML alias.
		case reported[pair{prev.withoutName(), d.withoutName()}]:
		case prev.pos == Pos{}:
			l.errorAt(d.pos, "%s gets the Go name %s, which the generated scope API already declares; rename it", d.owner, d.name)
		default:
			reported[pair{prev.withoutName(), d.withoutName()}] = true
			l.errorAt(d.pos, "%s gets the Go name %s, as does %s at %s; rename one of them", d.owner, d.name, prev.owner, prev.pos.lineCol())
		}
	}
}

// packageDecls lists the package-level names that s makes the generated
// file declare, apart from scopeAPINames.
func packageDecls(s *Schema) []goDecl {
	var decls []goDecl
	for _, sc := range s.Scopes {
		decls = append(decls, goDecl{"Scope" + GoName(sc.Name), sc.Pos, fmt.Sprintf("scope %q", sc.Name)})
	}
	for _, t := range s.Tokens {
		owner := fmt.Sprintf("token %q", t.Name)
		for _, format := range kindNameFormats {
			decls = append(decls, goDecl{fmt.Sprintf(format, t.Name), t.Pos, owner})
		}
		decls = append(decls, goDecl{unexported(t.Name) + "Codec", t.Pos, owner})
		decls = appendClaimDecls(decls, t.Claims, t.Name, claimOwner{kind: t.Name})
		decls = appendRuleDecls(decls, t)
	}
	return decls
}

// appendRuleDecls appends the names of token kind t's rule and middleware
// API, its claim constants and its guards.
func appendRuleDecls(decls []goDecl, t *Token) []goDecl {
	owner := fmt.Sprintf("token %q", t.Name)
	for _, name := range ruleAPINames(t.Name) {
		decls = append(decls, goDecl{name, t.Pos, owner})
	}
	for _, b := range ruleBuiltins {
		decls = append(decls, goDecl{claimConstName(t.Name, b.field), t.Pos, fmt.Sprintf("the %s claim constant of token %q", b.json, t.Name)})
	}
	decls = appendClaimConstDecls(decls, t.Claims, nil, claimOwner{kind: t.Name})
	for _, g := range t.Guards {
		decls = append(decls, goDecl{g.Name, g.Pos, fmt.Sprintf("guard %q of token %q", g.Name, t.Name)})
	}
	return decls
}

// appendClaimConstDecls appends the claim constants of claims and of the
// members of their object claims. outer are the Go names of the object
// claims that contain claims. A claim whose field name checkFields
// reports is left out, so that the clash is reported once.
func appendClaimConstDecls(decls []goDecl, claims []*Claim, outer []string, o claimOwner) []goDecl {
	fields := make(map[string]bool)
	for _, c := range slices.SortedStableFunc(slices.Values(claims), byPos) {
		field := GoName(c.Key)
		if fields[field] || (outer == nil && claimsTypeNames[field] != "") {
			continue
		}
		fields[field] = true
		names := append(slices.Clip(outer), field)
		decls = append(decls, goDecl{claimConstName(o.kind, names...), c.Pos, o.subject(c.Key)})
		nested := claimOwner{kind: o.kind, path: o.path + c.Key + "."}
		decls = appendClaimConstDecls(decls, c.Claims, names, nested)
	}
	return decls
}

// appendClaimDecls appends the types and constants that claims declare,
// including those of nested object claims. The type of a claim is named
// prefix and the claim's Go name: "AccessPlan" for claim plan of token
// Access, "AccessLimitsTier" for claim tier inside object claim limits.
func appendClaimDecls(decls []goDecl, claims []*Claim, prefix string, o claimOwner) []goDecl {
	for _, c := range claims {
		if len(c.Enum) == 0 && c.Type != TypeObject {
			continue
		}
		subject := o.subject(c.Key)
		typeName := prefix + GoName(c.Key)
		decls = append(decls, goDecl{typeName, c.Pos, subject})
		for _, v := range c.Enum {
			owner := fmt.Sprintf("enum value %q of %s", v.Value, subject)
			decls = append(decls, goDecl{typeName + enumGoName(v.Value), v.Pos, owner})
		}
		nested := claimOwner{kind: o.kind, path: o.path + c.Key + "."}
		decls = appendClaimDecls(decls, c.Claims, typeName, nested)
	}
	return decls
}
