package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGenerateDocsGolden compares the Markdown reference of every valid
// golden case with its want.md, and checks that 50 runs give the same
// bytes. go test ./generator -run Golden -update rewrites want.md.
func TestGenerateDocsGolden(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		if isErrorCase(dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			s := loadGolden(t, dir)
			first, err := GenerateDocs(s)
			if err != nil {
				t.Fatalf("GenerateDocs(%s) failed: %v", dir, err)
			}
			compareGolden(t, filepath.Join(dir, "want.md"), first)
			for i := range 49 {
				got, err := GenerateDocs(s)
				if err != nil || !bytes.Equal(got, first) {
					t.Fatalf("GenerateDocs(%s) run %d differs from run 1 (error %v):\n%s", dir, i+2, err, cmp.Diff(string(first), string(got)))
				}
			}
		})
	}
}

// TestDocsExamplesUpToDate regenerates the reference of every schema under
// examples/ and fails when the committed tokens.md differs. Run
// `go run ./cmd/tokengen docs examples/NAME/tokens.yaml` in the repository
// root to update one.
func TestDocsExamplesUpToDate(t *testing.T) {
	schemas, err := filepath.Glob("../examples/*/tokens.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(schemas) == 0 {
		t.Fatal("no schemas found under ../examples")
	}
	for _, path := range schemas {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Load(filepath.Base(path), data)
		if err != nil {
			t.Errorf("Load(%s):\n%v", path, err)
			continue
		}
		got, err := GenerateDocs(s)
		if err != nil {
			t.Errorf("GenerateDocs(%s): %v", path, err)
			continue
		}
		mdPath := filepath.Join(filepath.Dir(path), "tokens.md")
		command := "go run ./cmd/tokengen docs " + strings.TrimPrefix(filepath.ToSlash(path), "../")
		want, err := os.ReadFile(mdPath)
		if err != nil {
			t.Fatalf("%v; run %s in the repository root", err, command)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale; run %s in the repository root (-want +got):\n%s", mdPath, command, cmp.Diff(string(want), string(got)))
		}
	}
}

func TestGenerateDocsContent(t *testing.T) {
	src := yamlLines(
		"version: 1",
		"scopes:",
		"  read:orders: Read orders | list them",
		"  admin:",
		"tokens:",
		"  Refresh:",
		"    doc: |",
		"      Kept by the client.",
		"      Second line.",
		"    lifespan: 720h",
		"    verify: {exp: false}",
		"    require: [exp]",
		"    claims:",
		"      device:",
		"        type: object",
		"        claim: dev",
		"        claims:",
		"          os: {type: string, enum: [linux, mac], required: true, doc: \"Operating\\nsystem\"}",
		"      odd: {type: \"map[string]string\", claim: \"a|b`c\"}",
		"  Session:",
		"    verify: false",
		"    encrypted: true",
		"    require: []",
	)
	s, err := Load("auth/tokens.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Load(%q) failed:\n%v", src, err)
	}
	out, err := GenerateDocs(s)
	if err != nil {
		t.Fatalf("GenerateDocs failed: %v", err)
	}
	got := string(out)

	tests := []struct {
		desc string
		want string
	}{
		{"header", DocsHeaderLine + "\n<!-- source: tokens.yaml -->\n\n# Token contract\n"},
		{"link to a kind", "\n- [Refresh](#refresh-token)\n"},
		{"scope with a pipe", "\n| `read:orders` | Read orders \\| list them |\n"},
		{"scope without a description", "\n| `admin` |  |\n"},
		{"kind doc", "\n## Refresh token\n\nKept by the client.\nSecond line.\n\n"},
		{"lifespan", "\n| Lifespan | 720h |\n"},
		{"no issuer", "\n| Issuer (iss) | none in the schema: the program sets it |\n"},
		{"default algorithm", "\n| Signing algorithm | HS256 |\n"},
		{"require", "\n| Required registered claims | exp |\n"},
		{"exp check off", "\n| Checks when parsing | signature, nbf, iat, aud, iss |\n"},
		{"object claim", "\n| `device` | `dev` | object of the members below | no |  |\n"},
		{"nested enum claim", "\n| `device.os` | `dev.os` | string, one of `linux`, `mac` | yes | Operating system |\n"},
		{"JSON name with a pipe and a backtick", "\n| `odd` | ``a\\|b`c`` | object of string values | no |  |\n"},
		{"verify false", "\n| Checks when parsing | none: verify is false |\n"},
		{"empty require", "\n| Required registered claims | none |\n"},
		{"encrypted", "\n| Encrypted | yes: XChaCha20-Poly1305"},
		{"kind without claims", "\n### Custom claims of Session\n\nNo custom claims.\n"},
		{"warning", "\n- Line 11: verify exp: false makes Parse of token \"Refresh\" accept expired tokens\n"},
	}
	for _, tt := range tests {
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: GenerateDocs output lacks %q:\n%s", tt.desc, tt.want, got)
		}
	}
}

func TestCodeSpan(t *testing.T) {
	tests := []struct {
		desc string
		text string
		want string
	}{
		{"plain", "read:orders", "`read:orders`"},
		{"empty", "", ""},
		{"backtick inside", "a`b", "``a`b``"},
		{"two backticks inside", "a``b", "```a``b```"},
		{"backtick at the start", "`a", "`` `a ``"},
		{"pipe", "a|b", "`a\\|b`"},
		{"line break", "a\nb", "`a b`"},
	}
	for _, tt := range tests {
		if got := code(tt.text); got != tt.want {
			t.Errorf("%s: code(%q) = %q, want %q", tt.desc, tt.text, got, tt.want)
		}
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct {
		desc string
		text string
		want string
	}{
		{"plain", "accepts expired tokens", "accepts expired tokens"},
		{"markup", "a *b* _c_ `d` <e> [f] #g |h \\i", "a \\*b\\* \\_c\\_ \\`d\\` \\<e\\> \\[f\\] \\#g \\|h \\\\i"},
		{"line breaks", "a\n\nb", "a b"},
	}
	for _, tt := range tests {
		if got := escapeText(tt.text); got != tt.want {
			t.Errorf("%s: escapeText(%q) = %q, want %q", tt.desc, tt.text, got, tt.want)
		}
	}
}

func TestGenerateDocsNil(t *testing.T) {
	if _, err := GenerateDocs(nil); err == nil {
		t.Error("GenerateDocs(nil) succeeded, want an error")
	}
}
