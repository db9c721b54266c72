package generator

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata from the current output")

// goldenSchema is the schema file of every golden case; Load gets this base
// name, so diagnostics in stderr.txt start with it.
const goldenSchema = "tokens.yaml"

// TestGolden runs every case under testdata. A case is a directory holding
// tokens.yaml and the expected result of loading it:
//
//   - want.go: the output of Generate. The package name is the schema's, or
//     else the directory's name.
//   - stderr.txt, in a directory named err_*: the error text of Load,
//     followed by a newline.
//
// After an intended change to the output, run
//
//	go test ./generator -run Golden -update
//
// to rewrite want.go and stderr.txt, then review the diff before
// committing. TestCompile builds and runs the valid cases.
func TestGolden(t *testing.T) {
	dirs := goldenDirs(t)
	if len(dirs) == 0 {
		t.Fatal("no golden cases under testdata")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			if isErrorCase(dir) {
				checkGoldenError(t, dir)
				return
			}
			checkGoldenOutput(t, dir)
		})
	}
}

// goldenDirs returns the case directories under testdata, sorted.
func goldenDirs(t *testing.T) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join("testdata", "*", goldenSchema))
	if err != nil {
		t.Fatal(err)
	}
	dirs := make([]string, len(matches))
	for i, m := range matches {
		dirs[i] = filepath.Dir(m)
	}
	return dirs
}

// isErrorCase reports whether dir holds an invalid schema.
func isErrorCase(dir string) bool {
	return strings.HasPrefix(filepath.Base(dir), "err_")
}

// loadGolden loads the valid case in dir.
func loadGolden(t *testing.T, dir string) *Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, goldenSchema))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(goldenSchema, data)
	if err != nil {
		t.Fatalf("Load(%s) failed:\n%v", dir, err)
	}
	return s
}

// generateGolden generates the code of the valid case in dir from s.
func generateGolden(t *testing.T, dir string, s *Schema) []byte {
	t.Helper()
	got, err := Generate(s, Options{Package: filepath.Base(dir)})
	if err != nil {
		t.Fatalf("Generate(%s) failed:\n%v", dir, err)
	}
	return got
}

// checkGoldenOutput compares Generate's output for dir with want.go.
func checkGoldenOutput(t *testing.T, dir string) {
	got := generateGolden(t, dir, loadGolden(t, dir))
	compareGolden(t, filepath.Join(dir, "want.go"), got)
}

// checkGoldenError compares Load's error for dir with stderr.txt.
func checkGoldenError(t *testing.T, dir string) {
	data, err := os.ReadFile(filepath.Join(dir, goldenSchema))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(goldenSchema, data)
	if err == nil {
		t.Fatalf("Load(%s) = %v, nil; want an error", dir, s)
	}
	compareGolden(t, filepath.Join(dir, "stderr.txt"), []byte(err.Error()+"\n"))
}

// compareGolden compares got with the file want, or rewrites the file
// under -update.
func compareGolden(t *testing.T, want string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(want, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantBytes, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("%v; run go test ./generator -run Golden -update to create it", err)
	}
	if !bytes.Equal(got, wantBytes) {
		t.Errorf("output differs from %s (-want +got):\n%s", want, cmp.Diff(string(wantBytes), string(got)))
	}
}

func TestGenerateDeterministic(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		if isErrorCase(dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			s := loadGolden(t, dir)
			first := generateGolden(t, dir, s)
			for i := range 49 {
				if got := generateGolden(t, dir, s); !bytes.Equal(got, first) {
					t.Fatalf("Generate(%s) run %d differs from run 1:\n%s", dir, i+2, cmp.Diff(string(first), string(got)))
				}
			}
		})
	}
}
