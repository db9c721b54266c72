package runtime

import (
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// validation holds what validateRegistered needs from a Config.
type validation struct {
	require  Check
	verify   Check
	leeway   time.Duration
	issuer   string
	audience []string
}

// validateRegistered checks the registered claims rc at time now and returns
// one claimError per failed check. Missing required claims come first, then
// failed verify checks, each group in the order exp, nbf, iat, aud, iss. A
// claim reported missing is not verified too, and an absent claim that is
// not required passes its verify check.
func (v *validation) validateRegistered(rc *RegisteredClaims, now time.Time) []error {
	var errs []error

	// Require.
	missing := v.require & missingClaims(rc)
	for _, c := range registeredChecks {
		if missing&c.check != 0 {
			errs = append(errs, &claimError{claim: c.claim, sentinel: jwt.ErrTokenRequiredClaimMissing})
		}
	}
	verify := v.verify &^ missing

	// Times. RFC 7519 makes a token expired from exp on and valid from nbf
	// on. An iat later than now means the token is used before it was
	// issued. Leeway widens each window.
	if verify&CheckExp != 0 && !rc.ExpiresAt.IsZero() && !now.Before(rc.ExpiresAt.Add(v.leeway)) {
		errs = append(errs, v.timeError("exp", jwt.ErrTokenExpired, "expired at", rc.ExpiresAt, now))
	}
	if verify&CheckNbf != 0 && !rc.NotBefore.IsZero() && now.Add(v.leeway).Before(rc.NotBefore) {
		errs = append(errs, v.timeError("nbf", jwt.ErrTokenNotValidYet, "valid from", rc.NotBefore, now))
	}
	if verify&CheckIat != 0 && !rc.IssuedAt.IsZero() && now.Add(v.leeway).Before(rc.IssuedAt) {
		errs = append(errs, v.timeError("iat", jwt.ErrTokenUsedBeforeIssued, "issued at", rc.IssuedAt, now))
	}

	// Audience and issuer. An aud of [] or [""] is present here, so it
	// fails unless it was already reported missing.
	if verify&CheckAud != 0 && rc.Audience != nil && !v.audienceMatches(rc.Audience) {
		errs = append(errs, &claimError{
			claim:    "aud",
			sentinel: jwt.ErrTokenInvalidAudience,
			detail:   fmt.Sprintf("got %s, want one of %s", quoteList(rc.Audience), quoteList(v.audience)),
		})
	}
	if verify&CheckIss != 0 && rc.Issuer != "" && !equalStrings(rc.Issuer, v.issuer) {
		errs = append(errs, &claimError{
			claim:    "iss",
			sentinel: jwt.ErrTokenInvalidIssuer,
			detail:   fmt.Sprintf("got %s, want %s", quoteString(rc.Issuer), quoteString(v.issuer)),
		})
	}
	return errs
}

// registeredChecks names the claim behind each check, in report order.
var registeredChecks = []struct {
	check Check
	claim string
}{
	{CheckExp, "exp"},
	{CheckNbf, "nbf"},
	{CheckIat, "iat"},
	{CheckAud, "aud"},
	{CheckIss, "iss"},
}

// missingClaims returns the checks whose claim is absent from rc. An aud
// without a non-empty string ([] or [""]) counts as absent.
func missingClaims(rc *RegisteredClaims) Check {
	var missing Check
	if rc.ExpiresAt.IsZero() {
		missing |= CheckExp
	}
	if rc.NotBefore.IsZero() {
		missing |= CheckNbf
	}
	if rc.IssuedAt.IsZero() {
		missing |= CheckIat
	}
	if !hasAudience(rc.Audience) {
		missing |= CheckAud
	}
	if rc.Issuer == "" {
		missing |= CheckIss
	}
	return missing
}

func hasAudience(aud []string) bool {
	for _, a := range aud {
		if a != "" {
			return true
		}
	}
	return false
}

// audienceMatches reports whether aud names one of the configured
// audiences. It compares every pair in constant time, so the time taken
// does not reveal how much of a value matched.
func (v *validation) audienceMatches(aud []string) bool {
	match := 0
	for _, got := range aud {
		if got == "" {
			continue
		}
		for _, want := range v.audience {
			match |= subtle.ConstantTimeCompare([]byte(got), []byte(want))
		}
	}
	return match == 1
}

// equalStrings reports whether a equals b, in time that depends only on
// their lengths.
func equalStrings(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// timeError reports a failed time check as
// "CLAIM: SENTINEL: WHAT TIME, now NOW (leeway LEEWAY)".
func (v *validation) timeError(claim string, sentinel error, what string, t, now time.Time) error {
	return &claimError{
		claim:    claim,
		sentinel: sentinel,
		detail:   fmt.Sprintf("%s %s, now %s (leeway %v)", what, formatTime(t), formatTime(now), v.leeway),
	}
}

// formatTime formats t in UTC as RFC 3339, with fractional seconds only when
// t has them (jason wrote nbf and exp with fractions).
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// quoteString quotes s for an error, cut as quoteBytes cuts, so a huge
// claim cannot flood logs.
func quoteString(s string) string { return quoteBytes([]byte(s)) }

// quoteList returns list as ["a" "b"], each element cut by quoteString and
// at most four elements shown.
func quoteList(list []string) string {
	const maxShown = 4
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range list {
		if i == maxShown {
			fmt.Fprintf(&b, " and %d more", len(list)-maxShown)
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteString(s))
	}
	b.WriteByte(']')
	return b.String()
}
