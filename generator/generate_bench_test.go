package generator

import (
	"fmt"
	"strings"
	"testing"
)

// The size of the schema that the generation benchmarks use.
const (
	largeScopes = 1000
	largeKinds  = 20
	largeClaims = 200
)

// largeSchema returns a valid schema of largeScopes scopes and largeKinds
// token kinds of largeClaims custom claims each. The claims cycle through
// every claim type, with every fifth claim required, enums of three values
// and objects of two members.
func largeSchema() []byte {
	var b strings.Builder
	b.WriteString("version: 1\npackage: large\nscopes:\n")
	for i := range largeScopes {
		fmt.Fprintf(&b, "  orders.%04d:read: Read the orders of shard %d\n", i, i)
	}
	b.WriteString("tokens:\n")
	for k := range largeKinds {
		fmt.Fprintf(&b, "  Kind%02d:\n    doc: Token kind %d.\n    lifespan: 15m\n    issuer: https://auth.example.test\n    audience: [api-%d, web]\n    claims:\n", k, k, k)
		for c := range largeClaims {
			fmt.Fprintf(&b, "      field_%03d: ", c)
			required := c%5 == 0
			switch typ := claimTypes[c%len(claimTypes)]; typ {
			case TypeObject:
				b.WriteString("{type: object, claims: {rps: {type: int}, burst: {type: int64}}")
			case TypeString:
				if c%3 == 0 {
					fmt.Fprintf(&b, "{type: string, enum: [free, pro, team]")
				} else {
					fmt.Fprintf(&b, "{type: string")
				}
			default:
				fmt.Fprintf(&b, "{type: %q", string(typ))
			}
			fmt.Fprintf(&b, ", required: %t, doc: Field %d of kind %d.}\n", required, c, k)
		}
	}
	return []byte(b.String())
}

func TestLargeSchema(t *testing.T) {
	s, err := Load("tokens.yaml", largeSchema())
	if err != nil {
		t.Fatalf("Load(large schema) failed:\n%v", err)
	}
	if len(s.Scopes) != largeScopes || len(s.Tokens) != largeKinds || len(s.Tokens[0].Claims) != largeClaims {
		t.Fatalf("large schema has %d scopes, %d kinds and %d claims in the first, want %d, %d and %d",
			len(s.Scopes), len(s.Tokens), len(s.Tokens[0].Claims), largeScopes, largeKinds, largeClaims)
	}
	if _, err := Generate(s, Options{}); err != nil {
		t.Fatalf("Generate(large schema) failed:\n%v", err)
	}
	if _, err := GenerateDocs(s); err != nil {
		t.Fatalf("GenerateDocs(large schema) failed:\n%v", err)
	}
}

// BenchmarkLoadLarge measures Load on the large schema.
func BenchmarkLoadLarge(b *testing.B) {
	data := largeSchema()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load("tokens.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateLarge measures Generate on the large schema, loaded
// once.
func BenchmarkGenerateLarge(b *testing.B) {
	s, err := Load("tokens.yaml", largeSchema())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Generate(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadGenerateLarge measures what `tokengen tokens.yaml` does
// between reading the schema and writing the code: Load, then Generate.
func BenchmarkLoadGenerateLarge(b *testing.B) {
	data := largeSchema()
	for b.Loop() {
		s, err := Load("tokens.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Generate(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateDocsLarge measures GenerateDocs on the large schema,
// loaded once.
func BenchmarkGenerateDocsLarge(b *testing.B) {
	s, err := Load("tokens.yaml", largeSchema())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := GenerateDocs(s); err != nil {
			b.Fatal(err)
		}
	}
}
