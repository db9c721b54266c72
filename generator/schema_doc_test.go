package generator

import (
	"os"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docErrorExample matches a schema in docs/schema.md followed by the
// errors that the page lists for it.
var docErrorExample = regexp.MustCompile("(?s)```yaml\n([^`]*)```\n\ngives these errors:\n\n```\n([^`]*)```")

func TestSchemaDocErrorExamples(t *testing.T) {
	doc, err := os.ReadFile("../docs/schema.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := docErrorExample.FindAllSubmatch(doc, -1)
	if len(examples) < 2 {
		t.Fatalf("docs/schema.md has %d schemas followed by their errors, want at least 2", len(examples))
	}
	for _, ex := range examples {
		schema, want := string(ex[1]), string(ex[2])
		_, err := Load("tokens.yaml", []byte(schema))
		if err == nil {
			t.Errorf("Load(%q) succeeded, but docs/schema.md shows errors:\n%s", schema, want)
			continue
		}
		if diff := cmp.Diff(want, err.Error()+"\n"); diff != "" {
			t.Errorf("errors of the schema in docs/schema.md differ (-docs +Load):\n%s\nschema:\n%s", diff, schema)
		}
	}
}
