package generator

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExamplesUpToDate regenerates the code of every schema under examples/
// and fails when the committed file differs. Run
// `go generate ./examples/...` to update them.
func TestExamplesUpToDate(t *testing.T) {
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
		schema, err := Load(filepath.Base(path), data)
		if err != nil {
			t.Errorf("Load(%s):\n%v", path, err)
			continue
		}
		got, err := Generate(schema, Options{Package: filepath.Base(filepath.Dir(path))})
		if err != nil {
			t.Errorf("Generate(%s): %v", path, err)
			continue
		}
		genPath := filepath.Join(filepath.Dir(path), "tokens_gen.go")
		want, err := os.ReadFile(genPath)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./examples/...", genPath)
		}
	}
}
