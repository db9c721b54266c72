package generator

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"
)

// allFive is the set of registered claims that require and verify default
// to.
func allFive() map[RegisteredClaim]bool {
	return map[RegisteredClaim]bool{ClaimExp: true, ClaimNbf: true, ClaimIat: true, ClaimAud: true, ClaimIss: true}
}

// noneOfFive is require: [] as Load fills it.
func noneOfFive() map[RegisteredClaim]bool {
	return map[RegisteredClaim]bool{ClaimExp: false, ClaimNbf: false, ClaimIat: false, ClaimAud: false, ClaimIss: false}
}

// claim builds a custom claim whose JSON name is its key.
func claim(key string, typ ClaimType) *Claim {
	return &Claim{Key: key, JSONName: key, Type: typ}
}

// ordersSchema is the schema of the design document, built by hand.
func ordersSchema() *Schema {
	plan := claim("plan", TypeString)
	plan.Enum = []*EnumValue{{Value: "free"}, {Value: "pro"}}
	quota := claim("quota", TypeInt64)
	quota.JSONName = "q"
	limits := claim("limits", TypeObject)
	limits.Claims = []*Claim{claim("rps", TypeInt)}
	tenant := claim("tenant", TypeString)
	tenant.Required = true
	tenant.Doc = "Tenant the user belongs to."
	return &Schema{
		File:    "testdata/orders/tokens.yaml",
		Version: 1,
		Package: "authz",
		Scopes: []*Scope{
			{Name: "read:orders", Doc: "Read orders"},
			{Name: "write:orders", Doc: "Create and change orders"},
			{Name: "admin", Doc: "Everything"},
		},
		Tokens: []*Token{{
			Name:            "Access",
			Doc:             "Sent with every API call.",
			Lifespan:        15 * time.Minute,
			Issuer:          "https://auth.example.test",
			Audience:        []string{"orders-api"},
			Algorithm:       "HS256",
			Leeway:          30 * time.Second,
			Require:         allFive(),
			Verify:          allFive(),
			VerifySignature: true,
			Claims: []*Claim{
				tenant, claim("roles", TypeStrings), plan, quota, claim("login_at", TypeTime), limits,
			},
		}},
	}
}

// minimalSchema has one HS512 token kind without custom claims or scopes.
func minimalSchema() *Schema {
	return &Schema{
		File:    "tokens.yaml",
		Version: 1,
		Tokens: []*Token{{
			Name:            "Session",
			Lifespan:        time.Hour,
			Algorithm:       "HS512",
			Require:         noneOfFive(),
			Verify:          allFive(),
			VerifySignature: true,
		}},
	}
}

func TestGenerateHeader(t *testing.T) {
	got, err := Generate(ordersSchema(), Options{})
	if err != nil {
		t.Fatalf("Generate(orders) error: %v", err)
	}
	wantStart := HeaderLine + "\n// source: tokens.yaml\n\npackage authz\n"
	if !bytes.HasPrefix(got, []byte(wantStart)) {
		t.Errorf("Generate(orders) starts with\n%s\nwant\n%s", firstLines(got, 4), wantStart)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "tokens.go", got, parser.ParseComments)
	if err != nil {
		t.Fatalf("parse generated code: %v", err)
	}
	if !ast.IsGenerated(f) {
		t.Errorf("ast.IsGenerated(generated file) = false, want true")
	}
}

// firstLines returns the first n lines of b.
func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
