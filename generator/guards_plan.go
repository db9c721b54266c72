package generator

import (
	"fmt"
	"net/textproto"
	"strconv"
	"strings"
)

// rulePlan is a rule of a guard with every name it uses resolved.
type rulePlan struct {
	op     RuleOp
	fn     string          // the generated constructor: AccessAllOf, AccessHasScopes
	rules  []*rulePlan     // the rules of all, any and none
	idents []string        // the Scope constants of scopes and any_scope, the claim constants of keys
	keys   []*selectorPlan // the claims of keys, for the guard's direct check
	values []*valuePlan    // the claim of value, the sources of match
	want   string          // the value that value compares with
	// desc is the rule as the runtime's String method describes it, for
	// the guard's doc comment.
	desc string
}

// valuePlan is a value that a value or match rule compares.
type valuePlan struct {
	claim string        // the claim constant: AccessClaimUserID; "" for a request value
	sel   *selectorPlan // the claim, for the guard's direct check; nil for a request value
	kind  SourceKind    // where the value comes from
	fn    string        // the request value's constructor: AccessPathValue
	name  string        // the request value's name or JSON pointer
	desc  string        // "claim uid", "path value user_id"
}

// guardRule resolves the rule r of a guard of token kind t. Load has
// checked the rule. For a Schema built another way, guardRule reports the
// problems that would make the generated code fail to compile or panic
// when the package is initialised: unknown names, empty lists, a match of
// fewer than two values and values that cannot be compared.
func (pl *planner) guardRule(r *Rule, t *Token, rp *rulesPlan, subject string) *rulePlan {
	if r == nil {
		pl.errorf("%s has no rule", subject)
		return &rulePlan{}
	}
	var rule *rulePlan
	switch r.Op {
	case RuleAll, RuleAny, RuleNone:
		rule = pl.groupRule(r, t, rp, subject)
	case RuleScopes, RuleAnyScope:
		rule = pl.scopesRule(r, rp, subject)
	case RuleKeys:
		rule = pl.keysRule(r, t, rp, subject)
	case RuleValue:
		rule = pl.valueRule(r, t, rp, subject)
	case RuleMatch:
		rule = pl.matchRule(r, t, rp, subject)
	default:
		pl.errorf("%s has a rule of unknown form %q", subject, r.Op)
		return &rulePlan{}
	}
	rule.op = r.Op
	return rule
}

// errorf records a problem of the schema.
func (pl *planner) errorf(format string, args ...any) {
	pl.errs = append(pl.errs, fmt.Errorf(format, args...))
}

// groupRule resolves all, any or none.
func (pl *planner) groupRule(r *Rule, t *Token, rp *rulesPlan, subject string) *rulePlan {
	rule := &rulePlan{}
	name := map[RuleOp]string{RuleAll: "AllOf", RuleAny: "AnyOf", RuleNone: "NoneOf"}[r.Op]
	rule.fn = map[RuleOp]string{RuleAll: rp.allOf, RuleAny: rp.anyOf, RuleNone: rp.noneOf}[r.Op]
	if len(r.Rules) == 0 {
		pl.errorf("%s has an empty %s", subject, r.Op)
	}
	descs := make([]string, len(r.Rules))
	for i, child := range r.Rules {
		c := pl.guardRule(child, t, rp, subject)
		rule.rules = append(rule.rules, c)
		descs[i] = c.desc
	}
	rule.desc = name + "(" + strings.Join(descs, ", ") + ")"
	return rule
}

// scopesRule resolves scopes or any_scope.
func (pl *planner) scopesRule(r *Rule, rp *rulesPlan, subject string) *rulePlan {
	rule := &rulePlan{fn: rp.hasScopes}
	name := "HasScopes"
	if r.Op == RuleAnyScope {
		rule.fn, name = rp.anyScope, "AnyScope"
	}
	if len(r.Names) == 0 {
		pl.errorf("%s has an empty %s", subject, r.Op)
	}
	for _, scope := range r.Names {
		ident, ok := pl.scopeIdents[scope]
		if !ok {
			pl.errorf("%s names the unknown scope %q", subject, scope)
		}
		rule.idents = append(rule.idents, ident)
	}
	rule.desc = name + "(" + strings.Join(r.Names, ", ") + ")"
	return rule
}

// keysRule resolves keys.
func (pl *planner) keysRule(r *Rule, t *Token, rp *rulesPlan, subject string) *rulePlan {
	rule := &rulePlan{fn: rp.hasKeys}
	if len(r.Names) == 0 {
		pl.errorf("%s has an empty keys", subject)
	}
	names := make([]string, len(r.Names))
	for i, ref := range r.Names {
		sp := pl.selector(t, rp, ref, subject)
		if sp == nil {
			continue
		}
		rule.idents = append(rule.idents, sp.ident)
		rule.keys = append(rule.keys, sp)
		names[i] = sp.json
	}
	rule.desc = "HasKeys(" + strings.Join(names, ", ") + ")"
	return rule
}

// valueRule resolves value.
func (pl *planner) valueRule(r *Rule, t *Token, rp *rulesPlan, subject string) *rulePlan {
	rule := &rulePlan{fn: rp.hasValue, want: r.Value}
	if r.Value == "" {
		pl.errorf("%s compares claim %q with an empty value", subject, r.Claim)
	}
	v := pl.claimValue(t, rp, r.Claim, subject)
	rule.values = []*valuePlan{v}
	rule.desc = "HasValue(" + v.desc + ", " + strconv.Quote(r.Value) + ")"
	return rule
}

// matchRule resolves match.
func (pl *planner) matchRule(r *Rule, t *Token, rp *rulesPlan, subject string) *rulePlan {
	rule := &rulePlan{fn: rp.matchValues}
	if len(r.Sources) < 2 {
		pl.errorf("%s has a match of %d values, want two or more", subject, len(r.Sources))
	}
	descs := make([]string, len(r.Sources))
	for i, s := range r.Sources {
		v := pl.sourceValue(t, rp, s, subject)
		rule.values = append(rule.values, v)
		descs[i] = v.desc
	}
	rule.desc = "MatchValues(" + strings.Join(descs, ", ") + ")"
	return rule
}

// selector returns the claim constant of the claim reference ref, or nil
// after recording that it names nothing.
func (pl *planner) selector(t *Token, rp *rulesPlan, ref, subject string) *selectorPlan {
	var sp *selectorPlan
	if cr, ok := resolveClaim(t, ref); ok && cr.builtin != nil {
		sp = rp.byBuiltin[cr.builtin.ref]
	} else if ok {
		sp = rp.byClaim[cr.claim()]
	}
	if sp == nil {
		pl.errorf("%s names the unknown claim %q", subject, ref)
	}
	return sp
}

// claimValue returns the value of the claim reference ref, recording a
// claim that a rule cannot compare.
func (pl *planner) claimValue(t *Token, rp *rulesPlan, ref, subject string) *valuePlan {
	sp := pl.selector(t, rp, ref, subject)
	if sp == nil {
		return &valuePlan{kind: SourceClaim, desc: "claim " + ref}
	}
	if typ := selectorType(sp); typ == TypeStringMap || typ == TypeObject {
		pl.errorf("%s compares claim %q of type %s, which has no value to compare", subject, ref, typ)
	}
	return &valuePlan{claim: sp.ident, sel: sp, kind: SourceClaim, desc: "claim " + sp.json}
}

// sourceValue returns the value of a source of match, recording a name
// that the runtime would reject with a panic.
func (pl *planner) sourceValue(t *Token, rp *rulesPlan, s *Source, subject string) *valuePlan {
	v := &valuePlan{name: s.Name, kind: s.Kind}
	switch s.Kind {
	case SourceClaim:
		return pl.claimValue(t, rp, s.Name, subject)
	case SourcePath:
		v.fn, v.desc = rp.pathValue, "path value "+s.Name
	case SourceQuery:
		v.fn, v.desc = rp.queryValue, "query parameter "+s.Name
	case SourceHeader:
		v.fn, v.desc = rp.headerValue, "header "+textproto.CanonicalMIMEHeaderKey(s.Name)
	case SourceForm:
		v.fn, v.desc = rp.formValue, "form field "+s.Name
	case SourceJSON:
		v.fn, v.desc = rp.jsonValue, "JSON body "+s.Name
		if problem := jsonPointerProblem(s.Name); problem != "" {
			pl.errorf("%s has the invalid JSON pointer %q: %s", subject, s.Name, problem)
		}
	default:
		pl.errorf("%s has a match source of unknown kind %q", subject, s.Kind)
	}
	return v
}
