package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad checks that Load never panics and that it either returns a
// schema or rejects the input with Diagnostics, each naming the file and a
// line and column of 1 or more. A schema that Load accepts must also
// give code and a Markdown reference: Load rejects every name that
// Generate would reject, and the fuzz target passes a package name. Inputs that once failed are kept in
// testdata/fuzz/FuzzLoad and run with every go test.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(designSchema))
	for _, src := range oddInputs {
		f.Add([]byte(src))
	}
	cases, err := filepath.Glob(filepath.Join("testdata", "*", "tokens.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range cases {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load("tokens.yaml", data)
		if err == nil {
			if s == nil {
				t.Fatalf("Load(%q) returned neither a schema nor an error", data)
			}
			if _, err := Generate(s, Options{Package: "fuzz"}); err != nil {
				t.Errorf("Load(%q) accepted the schema, but Generate failed:\n%v", data, err)
			}
			if _, err := GenerateDocs(s); err != nil {
				t.Errorf("Load(%q) accepted the schema, but GenerateDocs failed:\n%v", data, err)
			}
			return
		}
		if s != nil {
			t.Errorf("Load(%q) returned a schema with its error", data)
		}
		var ds Diagnostics
		if !errors.As(err, &ds) || len(ds) == 0 {
			t.Fatalf("Load(%q) error is %T (%v), want non-empty Diagnostics", data, err, err)
		}
		for _, d := range ds {
			if d.File != "tokens.yaml" || d.Pos.Line < 1 || d.Pos.Col < 1 || d.Message == "" {
				t.Errorf("Load(%q) reported %#v, want file tokens.yaml, a line and column of 1 or more and a message", data, d)
			}
		}
		wantLines := min(len(ds), MaxReported)
		if len(ds) > MaxReported {
			wantLines++ // "... and N more errors"
		}
		if got := strings.Count(err.Error(), "\n") + 1; got != wantLines {
			t.Errorf("Load(%q) error has %d lines for %d diagnostics, want %d", data, got, len(ds), wantLines)
		}
	})
}
