package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary run as the tokengen command, which the
// scripts call with `exec tokengen`.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"tokengen": main})
}

// TestScripts runs the scripts in testdata/script. Each covers one behaviour
// of the command and starts with a comment that states it.
//
// Besides the usual testscript environment, the scripts get $REPO, the root
// of this module, so that a script can build generated code against it:
//
//	exec go mod edit -replace=github.com/tokengen/tokengen=$REPO
//	cp $REPO/go.sum go.sum
//	exec go vet ./...
//
// The go command runs offline (GOPROXY=off) with this machine's module and
// build caches and GOFLAGS=-mod=mod. TestScripts first runs go mod download,
// which fills the module cache on a machine that has not built tokengen. Two extra commands handle modification
// times: `chtimes FILE TIME` sets them, and `mtime FILE TIME` fails unless
// FILE was last modified at TIME, in RFC 3339 format.
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	caches := goEnv(t, "GOCACHE", "GOMODCACHE")
	downloadModules(t, repo)

	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			env.Setenv("GOCACHE", caches["GOCACHE"])
			env.Setenv("GOMODCACHE", caches["GOMODCACHE"])
			env.Setenv("GOPROXY", "off")
			env.Setenv("GOFLAGS", "-mod=mod")
			env.Setenv("GOTOOLCHAIN", "local")
			env.Setenv("GOWORK", "off")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"chtimes": cmdChtimes,
			"mtime":   cmdMtime,
		},
	})
}

// downloadModules runs go mod download in the module at repo. The scripts
// run the go command offline, and some of its commands, such as go get,
// read the go.mod file of every module in the graph, which building the
// tests alone does not download.
func downloadModules(t *testing.T, repo string) {
	t.Helper()
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download: %v\n%s", err, out)
	}
}

// goEnv returns the values of the go command's environment variables names.
func goEnv(t *testing.T, names ...string) map[string]string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", strings.Join(names, " "), err)
	}
	values := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(values) != len(names) {
		t.Fatalf("go env %s printed %d lines, want %d:\n%s", strings.Join(names, " "), len(values), len(names), out)
	}
	env := make(map[string]string, len(names))
	for i, name := range names {
		env[name] = values[i]
	}
	return env
}

// parseTimeArgs returns the file and the time of `chtimes FILE TIME` and
// `mtime FILE TIME`.
func parseTimeArgs(ts *testscript.TestScript, command string, args []string) (string, time.Time) {
	if len(args) != 2 {
		ts.Fatalf("usage: %s FILE TIME", command)
	}
	when, err := time.Parse(time.RFC3339, args[1])
	if err != nil {
		ts.Fatalf("%s: invalid TIME %q: %v", command, args[1], err)
	}
	return ts.MkAbs(args[0]), when
}

// cmdChtimes sets the access and modification times of a file.
func cmdChtimes(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! chtimes")
	}
	path, when := parseTimeArgs(ts, "chtimes", args)
	ts.Check(os.Chtimes(path, when, when))
}

// cmdMtime fails unless a file was last modified at the given time, or with
// !, unless it was modified at another time.
func cmdMtime(ts *testscript.TestScript, neg bool, args []string) {
	path, when := parseTimeArgs(ts, "mtime", args)
	info, err := os.Stat(path)
	ts.Check(err)
	got := info.ModTime()
	switch {
	case neg && got.Equal(when):
		ts.Fatalf("%s was last modified at %v, want another time", args[0], got)
	case !neg && !got.Equal(when):
		ts.Fatalf("%s was last modified at %v, want %v", args[0], got, when)
	}
}
