package generator

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// staticcheckEnv names the environment variable that gives the path of a
// staticcheck binary (honnef.co/go/tools/cmd/staticcheck). .ci/run installs
// a pinned version and sets it.
const staticcheckEnv = "TOKENGEN_STATICCHECK"

// TestStaticcheck runs staticcheck with its default checks on the
// generated code of every valid golden case and of every example, each in
// a module of its own as TestCompile builds it, and fails on any finding.
// It is skipped unless TOKENGEN_STATICCHECK is set, because staticcheck is
// not a dependency of this module.
func TestStaticcheck(t *testing.T) {
	bin := os.Getenv(staticcheckEnv)
	if bin == "" {
		t.Skipf("set %s to a staticcheck binary to run it on the generated code; .ci/run does", staticcheckEnv)
	}
	if testing.Short() {
		t.Skip("runs staticcheck on the generated code of every golden case and example")
	}
	for _, dir := range goldenDirs(t) {
		if isErrorCase(dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			mod := newGoldenModule(t, dir)
			runStaticcheck(t, bin, mod, "tokens.go")
		})
	}

	examples, err := filepath.Glob("../examples/*/tokens_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, gen := range examples {
		dir := filepath.Dir(gen)
		t.Run("examples/"+filepath.Base(dir), func(t *testing.T) {
			mod := newExampleModule(t, dir)
			runStaticcheck(t, bin, mod, "tokens_gen.go")
		})
	}
}

// newExampleModule returns a new module directory holding the Go files of
// the example in dir, with this repository as the
// github.com/tokengen/tokengen dependency.
func newExampleModule(t *testing.T, dir string) string {
	t.Helper()
	mod := newGoldenModule(t, filepath.Join("testdata", "minimal"))
	if err := os.Remove(filepath.Join(mod, "tokens.go")); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(mod, filepath.Base(f)), data)
	}
	return mod
}

// runStaticcheck runs staticcheck on the module mod, whose generated file
// is named generated, and fails the test on any finding.
func runStaticcheck(t *testing.T, bin, mod, generated string) {
	t.Helper()

	// staticcheck 2026.2.2 leaves out some checks, S1003 among them, on
	// files with a "Code generated ... DO NOT EDIT." line. With the line
	// changed, it checks the code as if written by hand.
	path := filepath.Join(mod, generated)
	code, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(code, []byte(HeaderLine+"\n")) {
		t.Fatalf("%s does not start with the generated-code line", generated)
	}
	code = bytes.Replace(code, []byte(HeaderLine), []byte("// Written by tokengen, checked here as hand-written code."), 1)
	writeFile(t, path, code)

	cmd := exec.Command(bin, "./...")
	cmd.Dir = mod
	cmd.Env = goCommand(mod).Env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("staticcheck in the module of %s failed: %v\n%s", generated, err, bytes.TrimSpace(out))
	}
}
