package runtime

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// failure is one expected validation error: the claim it names and the
// sentinel it wraps.
type failure struct {
	claim    string
	sentinel error
}

func (f failure) String() string { return fmt.Sprintf("%s: %v", f.claim, f.sentinel) }

// validRegistered returns registered claims that pass testValidation at
// testNow.
func validRegistered() RegisteredClaims {
	return RegisteredClaims{
		Issuer:    "https://auth.example.test",
		Audience:  []string{"orders-api"},
		ExpiresAt: testNow.Add(10 * time.Minute),
		NotBefore: testNow.Add(-5 * time.Minute),
		IssuedAt:  testNow.Add(-5 * time.Minute),
	}
}

func testValidation() validation {
	return validation{
		require:  CheckAll,
		verify:   CheckAll,
		issuer:   "https://auth.example.test",
		audience: []string{"orders-api"},
	}
}

func TestValidateRegistered(t *testing.T) {
	var (
		missing   = jwt.ErrTokenRequiredClaimMissing
		expired   = jwt.ErrTokenExpired
		notYet    = jwt.ErrTokenNotValidYet
		beforeIat = jwt.ErrTokenUsedBeforeIssued
		badAud    = jwt.ErrTokenInvalidAudience
		badIss    = jwt.ErrTokenInvalidIssuer
	)
	tests := []struct {
		desc   string
		config func(v *validation)
		claims func(rc *RegisteredClaims)
		want   []failure
	}{
		{desc: "all claims valid"},

		// Require, one switch at a time.
		{desc: "require exp, exp missing", claims: func(rc *RegisteredClaims) { rc.ExpiresAt = time.Time{} },
			want: []failure{{"exp", missing}}},
		{desc: "no require exp, exp missing", config: func(v *validation) { v.require &^= CheckExp },
			claims: func(rc *RegisteredClaims) { rc.ExpiresAt = time.Time{} }},
		{desc: "require nbf, nbf missing", claims: func(rc *RegisteredClaims) { rc.NotBefore = time.Time{} },
			want: []failure{{"nbf", missing}}},
		{desc: "no require nbf, nbf missing", config: func(v *validation) { v.require &^= CheckNbf },
			claims: func(rc *RegisteredClaims) { rc.NotBefore = time.Time{} }},
		{desc: "require iat, iat missing", claims: func(rc *RegisteredClaims) { rc.IssuedAt = time.Time{} },
			want: []failure{{"iat", missing}}},
		{desc: "no require iat, iat missing", config: func(v *validation) { v.require &^= CheckIat },
			claims: func(rc *RegisteredClaims) { rc.IssuedAt = time.Time{} }},
		{desc: "require aud, aud missing", claims: func(rc *RegisteredClaims) { rc.Audience = nil },
			want: []failure{{"aud", missing}}},
		{desc: "no require aud, aud missing", config: func(v *validation) { v.require &^= CheckAud },
			claims: func(rc *RegisteredClaims) { rc.Audience = nil }},
		{desc: "require iss, iss missing", claims: func(rc *RegisteredClaims) { rc.Issuer = "" },
			want: []failure{{"iss", missing}}},
		{desc: "no require iss, iss missing", config: func(v *validation) { v.require &^= CheckIss },
			claims: func(rc *RegisteredClaims) { rc.Issuer = "" }},
		{desc: "require all, all missing", claims: func(rc *RegisteredClaims) { *rc = RegisteredClaims{} },
			want: []failure{{"exp", missing}, {"nbf", missing}, {"iat", missing}, {"aud", missing}, {"iss", missing}}},
		{desc: "require none, all missing", config: func(v *validation) { v.require = 0 },
			claims: func(rc *RegisteredClaims) { *rc = RegisteredClaims{} }},

		// An empty aud counts as missing and never passes.
		{desc: "require aud, aud []", claims: func(rc *RegisteredClaims) { rc.Audience = []string{} },
			want: []failure{{"aud", missing}}},
		{desc: `require aud, aud [""]`, claims: func(rc *RegisteredClaims) { rc.Audience = []string{""} },
			want: []failure{{"aud", missing}}},
		{desc: "no require aud, aud []", config: func(v *validation) { v.require &^= CheckAud },
			claims: func(rc *RegisteredClaims) { rc.Audience = []string{} },
			want:   []failure{{"aud", badAud}}},
		{desc: `no require aud, aud [""]`, config: func(v *validation) { v.require &^= CheckAud },
			claims: func(rc *RegisteredClaims) { rc.Audience = []string{""} },
			want:   []failure{{"aud", badAud}}},
		{desc: "no require or verify aud, aud []", config: func(v *validation) { v.require &^= CheckAud; v.verify &^= CheckAud },
			claims: func(rc *RegisteredClaims) { rc.Audience = []string{} }},

		// Verify exp.
		{desc: "verify exp, expired a second ago", claims: func(rc *RegisteredClaims) { rc.ExpiresAt = testNow.Add(-time.Second) },
			want: []failure{{"exp", expired}}},
		{desc: "verify exp, expires now", claims: func(rc *RegisteredClaims) { rc.ExpiresAt = testNow },
			want: []failure{{"exp", expired}}},
		{desc: "verify exp, expires in a second", claims: func(rc *RegisteredClaims) { rc.ExpiresAt = testNow.Add(time.Second) }},
		{desc: "verify exp, exp 0", claims: func(rc *RegisteredClaims) { rc.ExpiresAt = time.Unix(0, 0) },
			want: []failure{{"exp", expired}}},
		{desc: "no verify exp, expired", config: func(v *validation) { v.verify &^= CheckExp },
			claims: func(rc *RegisteredClaims) { rc.ExpiresAt = testNow.Add(-time.Hour) }},
		{desc: "verify exp, expired within leeway", config: func(v *validation) { v.leeway = 30 * time.Second },
			claims: func(rc *RegisteredClaims) { rc.ExpiresAt = testNow.Add(-29 * time.Second) }},
		{desc: "verify exp, expired by leeway", config: func(v *validation) { v.leeway = 30 * time.Second },
			claims: func(rc *RegisteredClaims) { rc.ExpiresAt = testNow.Add(-30 * time.Second) },
			want:   []failure{{"exp", expired}}},

		// Verify nbf.
		{desc: "verify nbf, valid from in a second", claims: func(rc *RegisteredClaims) { rc.NotBefore = testNow.Add(time.Second) },
			want: []failure{{"nbf", notYet}}},
		{desc: "verify nbf, valid from now", claims: func(rc *RegisteredClaims) { rc.NotBefore = testNow }},
		{desc: "no verify nbf, valid from in an hour", config: func(v *validation) { v.verify &^= CheckNbf },
			claims: func(rc *RegisteredClaims) { rc.NotBefore = testNow.Add(time.Hour) }},
		{desc: "verify nbf, within leeway", config: func(v *validation) { v.leeway = time.Minute },
			claims: func(rc *RegisteredClaims) { rc.NotBefore = testNow.Add(time.Minute) }},
		{desc: "verify nbf, beyond leeway", config: func(v *validation) { v.leeway = time.Minute },
			claims: func(rc *RegisteredClaims) { rc.NotBefore = testNow.Add(time.Minute + time.Second) },
			want:   []failure{{"nbf", notYet}}},

		// Verify iat.
		{desc: "verify iat, issued in a second", claims: func(rc *RegisteredClaims) { rc.IssuedAt = testNow.Add(time.Second) },
			want: []failure{{"iat", beforeIat}}},
		{desc: "verify iat, issued now", claims: func(rc *RegisteredClaims) { rc.IssuedAt = testNow }},
		{desc: "no verify iat, issued in an hour", config: func(v *validation) { v.verify &^= CheckIat },
			claims: func(rc *RegisteredClaims) { rc.IssuedAt = testNow.Add(time.Hour) }},
		{desc: "verify iat, within leeway", config: func(v *validation) { v.leeway = time.Minute },
			claims: func(rc *RegisteredClaims) { rc.IssuedAt = testNow.Add(time.Minute) }},
		{desc: "verify iat, beyond leeway", config: func(v *validation) { v.leeway = time.Minute },
			claims: func(rc *RegisteredClaims) { rc.IssuedAt = testNow.Add(2 * time.Minute) },
			want:   []failure{{"iat", beforeIat}}},

		// Verify aud.
		{desc: "verify aud, other audience", claims: func(rc *RegisteredClaims) { rc.Audience = []string{"billing"} },
			want: []failure{{"aud", badAud}}},
		{desc: "verify aud, audience in other case", claims: func(rc *RegisteredClaims) { rc.Audience = []string{"Orders-API"} },
			want: []failure{{"aud", badAud}}},
		{desc: "verify aud, audience with suffix", claims: func(rc *RegisteredClaims) { rc.Audience = []string{"orders-api2"} },
			want: []failure{{"aud", badAud}}},
		{desc: "verify aud, one of two audiences", claims: func(rc *RegisteredClaims) { rc.Audience = []string{"billing", "orders-api"} }},
		{desc: "verify aud, one of two configured", config: func(v *validation) { v.audience = []string{"billing", "orders-api"} }},
		{desc: "no verify aud, other audience", config: func(v *validation) { v.verify &^= CheckAud },
			claims: func(rc *RegisteredClaims) { rc.Audience = []string{"billing"} }},

		// Verify iss.
		{desc: "verify iss, other issuer", claims: func(rc *RegisteredClaims) { rc.Issuer = "https://evil.example.test" },
			want: []failure{{"iss", badIss}}},
		{desc: "verify iss, trailing slash", claims: func(rc *RegisteredClaims) { rc.Issuer = "https://auth.example.test/" },
			want: []failure{{"iss", badIss}}},
		{desc: "no verify iss, other issuer", config: func(v *validation) { v.verify &^= CheckIss },
			claims: func(rc *RegisteredClaims) { rc.Issuer = "https://evil.example.test" }},

		// Every failure is reported, missing claims first.
		{desc: "every verify check fails", claims: func(rc *RegisteredClaims) {
			*rc = RegisteredClaims{
				Issuer:    "https://evil.example.test",
				Audience:  []string{"billing"},
				ExpiresAt: testNow.Add(-time.Hour),
				NotBefore: testNow.Add(time.Hour),
				IssuedAt:  testNow.Add(time.Hour),
			}
		}, want: []failure{{"exp", expired}, {"nbf", notYet}, {"iat", beforeIat}, {"aud", badAud}, {"iss", badIss}}},
		{desc: "missing and failed claims", claims: func(rc *RegisteredClaims) {
			rc.NotBefore = time.Time{}
			rc.Audience = []string{""}
			rc.ExpiresAt = testNow.Add(-time.Hour)
		}, want: []failure{{"nbf", missing}, {"aud", missing}, {"exp", expired}}},
		{desc: "verify none, every check would fail", config: func(v *validation) { v.verify = 0 }, claims: func(rc *RegisteredClaims) {
			*rc = RegisteredClaims{
				Issuer:    "https://evil.example.test",
				Audience:  []string{"billing"},
				ExpiresAt: testNow.Add(-time.Hour),
				NotBefore: testNow.Add(time.Hour),
				IssuedAt:  testNow.Add(time.Hour),
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			v := testValidation()
			if tt.config != nil {
				tt.config(&v)
			}
			rc := validRegistered()
			if tt.claims != nil {
				tt.claims(&rc)
			}
			errs := v.validateRegistered(&rc, testNow)
			call := fmt.Sprintf("validateRegistered(%+v) with require %#x, verify %#x, leeway %v", rc, v.require, v.verify, v.leeway)
			if len(errs) != len(tt.want) {
				t.Fatalf("%s = %v, want %v", call, errs, tt.want)
			}
			for i, err := range errs {
				want := tt.want[i]
				if !errors.Is(err, want.sentinel) || !errors.Is(err, jwt.ErrTokenInvalidClaims) {
					t.Errorf("%s: error %d = %v, want it to wrap %v and %v", call, i, err, want.sentinel, jwt.ErrTokenInvalidClaims)
				}
				if !strings.HasPrefix(err.Error(), want.claim+": ") {
					t.Errorf("%s: error %d = %q, want prefix %q", call, i, err, want.claim+": ")
				}
			}
		})
	}
}

func TestValidateRegisteredMessages(t *testing.T) {
	tests := []struct {
		desc   string
		leeway time.Duration
		claims func(rc *RegisteredClaims)
		want   string
	}{
		{"missing", 0, func(rc *RegisteredClaims) { rc.ExpiresAt = time.Time{} },
			"exp: token is missing required claim"},
		{"expired", 0, func(rc *RegisteredClaims) { rc.ExpiresAt = testNow.Add(-time.Second) },
			"exp: token is expired: expired at 2026-01-02T15:04:04Z, now 2026-01-02T15:04:05Z (leeway 0s)"},
		{"expired with fraction and leeway", 30 * time.Second, func(rc *RegisteredClaims) { rc.ExpiresAt = time.Unix(1767366200, 500_000_000) },
			"exp: token is expired: expired at 2026-01-02T15:03:20.5Z, now 2026-01-02T15:04:05Z (leeway 30s)"},
		{"not valid yet", 0, func(rc *RegisteredClaims) { rc.NotBefore = testNow.Add(time.Minute) },
			"nbf: token is not valid yet: valid from 2026-01-02T15:05:05Z, now 2026-01-02T15:04:05Z (leeway 0s)"},
		{"used before issued", 0, func(rc *RegisteredClaims) { rc.IssuedAt = testNow.Add(time.Hour) },
			"iat: token used before issued: issued at 2026-01-02T16:04:05Z, now 2026-01-02T15:04:05Z (leeway 0s)"},
		{"invalid audience", 0, func(rc *RegisteredClaims) { rc.Audience = []string{"billing", "Orders-API"} },
			`aud: token has invalid audience: got ["billing" "Orders-API"], want one of ["orders-api"]`},
		{"many audiences", 0, func(rc *RegisteredClaims) { rc.Audience = []string{"a", "b", "c", "d", "e", "f"} },
			`aud: token has invalid audience: got ["a" "b" "c" "d" and 2 more], want one of ["orders-api"]`},
		{"invalid issuer", 0, func(rc *RegisteredClaims) { rc.Issuer = "https://evil.example.test" },
			`iss: token has invalid issuer: got "https://evil.example.test", want "https://auth.example.test"`},
		{"long issuer cut", 0, func(rc *RegisteredClaims) { rc.Issuer = strings.Repeat("x", 100) },
			`iss: token has invalid issuer: got "` + strings.Repeat("x", 40) + `"..., want "https://auth.example.test"`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			v := testValidation()
			v.leeway = tt.leeway
			rc := validRegistered()
			tt.claims(&rc)
			errs := v.validateRegistered(&rc, testNow)
			if len(errs) != 1 || errs[0].Error() != tt.want {
				t.Errorf("validateRegistered(%+v) = %q, want [%q]", rc, errs, tt.want)
			}
		})
	}
}
