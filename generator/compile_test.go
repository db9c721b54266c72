package generator

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// behaviourTemplate is the file in a golden case directory that becomes the
// _test.go file of the case's module. It is not named *_test.go so that
// this package's tests do not compile it.
const behaviourTemplate = "behaviour_test.go.txt"

// TestCompile writes each valid golden case's want.go into a module of its
// own that uses this repository's runtime, then runs go vet, go build and
// the case's behaviour test there: the test issues and parses tokens with
// the generated code. It needs no network: the module copies this
// repository's go.sum and runs with GOPROXY=off, so every dependency must
// already be in the module cache.
func TestCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests the generated code of every golden case with the go command")
	}
	for _, dir := range goldenDirs(t) {
		if isErrorCase(dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			mod := newGoldenModule(t, dir)
			behaviour, err := os.ReadFile(filepath.Join(dir, behaviourTemplate))
			if err != nil {
				t.Fatalf("every valid case needs a behaviour test: %v", err)
			}
			writeFile(t, filepath.Join(mod, "behaviour_test.go"), behaviour)

			runGo(t, mod, "vet", ".")
			runGo(t, mod, "build", ".")
			args := append([]string{"test", "-count=1"}, raceFlag(t)...)
			runGo(t, mod, append(args, ".")...)
		})
	}
}

// raceFlag returns the go test flag that turns on the race detector, which
// the behaviour tests of the middleware need, or nothing when cgo, which
// the detector needs, is off.
func raceFlag(t *testing.T) []string {
	t.Helper()
	out, err := goCommand(".", "env", "CGO_ENABLED").Output()
	if err != nil {
		t.Fatalf("go env CGO_ENABLED: %v", err)
	}
	if strings.TrimSpace(string(out)) != "1" {
		t.Log("cgo is off, so the behaviour test runs without the race detector")
		return nil
	}
	return []string{"-race"}
}

func TestCompileMisuseFails(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build on programs that misuse generated code")
	}
	tests := []struct {
		desc     string
		misuse   string
		wantErrs []string
	}{
		{
			desc:     "string for a Scope",
			misuse:   `var _ = NewScopes("read:ordrs")`,
			wantErrs: []string{`cannot use "read:ordrs" (untyped string constant) as Scope value in argument to NewScopes`},
		},
		{
			desc:     "required claim left out before the scopes",
			misuse:   `var _ = NewAccessClaims("user-1", ScopeReadOrders)`,
			wantErrs: []string{"cannot use ScopeReadOrders (constant 1 of uint16 type Scope) as string value in argument to NewAccessClaims"},
		},
		{
			desc:     "required claim left out",
			misuse:   `var _ = NewAccessClaims("user-1")`,
			wantErrs: []string{"not enough arguments in call to NewAccessClaims", "have (string)", "want (string, string, ...Scope)"},
		},
		{
			desc:     "plain string for an enum claim pointer",
			misuse:   `var _ = AccessClaims{Plan: "pro"}`,
			wantErrs: []string{`cannot use "pro" (untyped string constant) as *AccessPlan value in struct literal`},
		},
		{
			desc:     "string for a scope in a rule",
			misuse:   `var _ = AccessHasScopes("write:orders")`,
			wantErrs: []string{`cannot use "write:orders" (untyped string constant) as Scope value in argument to AccessHasScopes`},
		},
		{
			desc:     "string for a claim in a rule",
			misuse:   `var _ = AccessHasKeys("tenant")`,
			wantErrs: []string{`cannot use "tenant" (untyped string constant) as AccessClaim value in argument to AccessHasKeys`},
		},
		{
			desc:     "claim constant where a value is compared",
			misuse:   `var _ = AccessMatchValues(AccessClaimUserID, AccessPathValue("user_id"))`,
			wantErrs: []string{`cannot use AccessClaimUserID (constant 1 of uint16 type AccessClaim) as AccessValue value in argument to AccessMatchValues`},
		},
		{
			desc:     "misspelt claim constant",
			misuse:   `var _ = AccessHasKeys(AccessClaimTenent)`,
			wantErrs: []string{"undefined: AccessClaimTenent"},
		},
	}

	mod := newGoldenModule(t, filepath.Join("testdata", "orders"))
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			writeFile(t, filepath.Join(mod, "misuse.go"), []byte("package authz\n\n"+tt.misuse+"\n"))
			out, err := goCommand(mod, "build", ".").CombinedOutput()
			if err == nil {
				t.Fatalf("go build with %s succeeded, want a compile error", tt.misuse)
			}
			for _, want := range tt.wantErrs {
				if !strings.Contains(string(out), want) {
					t.Errorf("go build with %s:\n%s\nwant an error containing %q", tt.misuse, out, want)
				}
			}
		})
	}
}

// newGoldenModule returns a new module directory holding the want.go of
// the golden case dir as tokens.go, with this repository as the
// github.com/tokengen/tokengen dependency.
func newGoldenModule(t *testing.T, dir string) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	code, err := os.ReadFile(filepath.Join(dir, "want.go"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}

	mod := t.TempDir()
	goMod := "module example.test/golden\n\ngo 1.26.0\n\n" +
		"require github.com/tokengen/tokengen v0.0.0\n\n" +
		"replace github.com/tokengen/tokengen => " + root + "\n"
	writeFile(t, filepath.Join(mod, "go.mod"), []byte(goMod))
	writeFile(t, filepath.Join(mod, "go.sum"), sum)
	writeFile(t, filepath.Join(mod, "tokens.go"), code)
	return mod
}

// runGo runs the go command in dir and fails the test with its output when
// it fails.
func runGo(t *testing.T, dir string, args ...string) {
	t.Helper()
	out, err := goCommand(dir, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in the module of %s failed: %v\n%s", strings.Join(args, " "), filepath.Base(dir), err, bytes.TrimSpace(out))
	}
}

// goCommand returns the go command for dir. -mod=mod lets it add the
// runtime's own requirements to the test module's go.mod, and GOPROXY=off
// keeps it off the network.
func goCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	return cmd
}

// writeFile writes data to name or fails the test.
func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
