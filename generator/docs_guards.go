package generator

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// docsGuards writes the table of token kind t's guards: for each guard the
// scopes and claims its rule reads, the rule in words and its doc.
func docsGuards(w *markdown, t *Token) {
	if len(t.Guards) == 0 {
		return
	}
	w.line("### Guards of " + t.Name)
	w.blank()
	w.line("A guard is a named rule that a request's token must pass. The scopes and claims columns list everything the rule reads, and the rule column says how.")
	w.blank()
	w.row("Guard", "Scopes", "Claims", "Rule", "Description")
	w.row("---", "---", "---", "---", "---")
	for _, g := range t.Guards {
		scopes, claims := ruleReads(g.Rule, nil, nil)
		w.row(code(g.Name), orNone(codeList(scopes), "none"), orNone(codeList(claims), "none"), ruleText(g.Rule), cell(g.Doc))
	}
	w.blank()
}

// ruleReads appends the scope names and claim references that r reads, in
// the order the rule names them and each once.
func ruleReads(r *Rule, scopes, claims []string) ([]string, []string) {
	if r == nil {
		return scopes, claims
	}
	addOnce := func(list []string, name string) []string {
		if slices.Contains(list, name) {
			return list
		}
		return append(list, name)
	}
	switch r.Op {
	case RuleAll, RuleAny, RuleNone:
		for _, sub := range r.Rules {
			scopes, claims = ruleReads(sub, scopes, claims)
		}
	case RuleScopes, RuleAnyScope:
		for _, n := range r.Names {
			scopes = addOnce(scopes, n)
		}
	case RuleKeys:
		for _, n := range r.Names {
			claims = addOnce(claims, n)
		}
	case RuleValue:
		claims = addOnce(claims, r.Claim)
	case RuleMatch:
		for _, s := range r.Sources {
			if s.Kind == SourceClaim {
				claims = addOnce(claims, s.Name)
			}
		}
	}
	return scopes, claims
}

// ruleText describes rule r in words for a table cell, as in
// "all of (scope `write:orders`; equal values: claim `user_id`, path
// wildcard `user_id`)".
func ruleText(r *Rule) string {
	if r == nil {
		return ""
	}
	switch r.Op {
	case RuleAll, RuleAny, RuleNone:
		parts := make([]string, len(r.Rules))
		for i, sub := range r.Rules {
			parts[i] = ruleText(sub)
		}
		return fmt.Sprintf("%s of (%s)", r.Op, strings.Join(parts, "; "))
	case RuleScopes:
		return nameList("scope", "scopes", r.Names, "and")
	case RuleAnyScope:
		return nameList("scope", "any of the scopes", r.Names, "or")
	case RuleKeys:
		if len(r.Names) == 1 {
			return nameList("claim", "claims", r.Names, "and") + " is present"
		}
		return nameList("claim", "claims", r.Names, "and") + " are present"
	case RuleValue:
		if r.Contains {
			return fmt.Sprintf("claim %s contains %s", code(r.Claim), code(r.Value))
		}
		return fmt.Sprintf("claim %s equals %s", code(r.Claim), code(r.Value))
	case RuleMatch:
		parts := make([]string, len(r.Sources))
		for i, s := range r.Sources {
			parts[i] = sourceText(s)
		}
		return "equal values: " + strings.Join(parts, ", ")
	}
	return string(r.Op)
}

// nameList names one or more scopes or claims: "scope `a`" or
// "scopes `a` and `b`".
func nameList(one, many string, names []string, conjunction string) string {
	if len(names) == 1 {
		return one + " " + code(names[0])
	}
	spans := make([]string, len(names))
	for i, n := range names {
		spans[i] = code(n)
	}
	last := len(spans) - 1
	return fmt.Sprintf("%s %s %s %s", many, strings.Join(spans[:last], ", "), conjunction, spans[last])
}

// sourceText names where a value of a match rule comes from.
func sourceText(s *Source) string {
	noun := map[SourceKind]string{
		SourceClaim:  "claim",
		SourcePath:   "path wildcard",
		SourceQuery:  "query parameter",
		SourceHeader: "header",
		SourceForm:   "form field",
		SourceJSON:   "JSON body at",
	}[s.Kind]
	if noun == "" {
		noun = string(s.Kind)
	}
	return noun + " " + code(s.Name)
}

// httpSettings returns the settings rows of token kind t that concern the
// HTTP middleware.
func httpSettings(t *Token) [][2]string {
	bare := "no: only `Authorization: Bearer <token>`"
	if t.BareToken {
		bare = "yes: `Authorization: <token>` without a scheme is read too"
	}
	refresh := "no"
	if u := t.AutoUpdate; u != nil {
		header := "the `Authorization` response header as `Bearer <token>`"
		if u.Header != "" && !strings.EqualFold(u.Header, "Authorization") {
			header = "the " + code(u.Header) + " response header"
		}
		when := "with every response"
		if u.After > 0 {
			percent := strconv.FormatFloat(math.Round(u.After*1e4)/1e2, 'f', -1, 64)
			when = fmt.Sprintf("once %s%% of the token's life has passed", percent)
		}
		refresh = fmt.Sprintf("yes: in %s, %s", header, when)
		if u.MaxAge > 0 {
			refresh += fmt.Sprintf(", until %s after the first token of the session", shortDuration(u.MaxAge))
		}
	}
	return [][2]string{
		{"Token without the Bearer scheme", bare},
		{"Refreshed by the middleware", refresh},
	}
}
