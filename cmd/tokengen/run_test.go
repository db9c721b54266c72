package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/tokengen/tokengen/generator"
)

func TestRunCommandLine(t *testing.T) {
	tests := []struct {
		desc       string
		args       []string
		wantStatus int
		wantStdout string
		wantStderr string // first line of stderr
	}{
		{"help", []string{"-h"}, exitOK, "", "usage: tokengen [-o FILE] [-check] SCHEMA"},
		{"long help", []string{"-help"}, exitOK, "", "usage: tokengen [-o FILE] [-check] SCHEMA"},
		{"help after schema", []string{"tokens.yaml", "-h"}, exitOK, "", "usage: tokengen [-o FILE] [-check] SCHEMA"},
		{"init help", []string{"init", "-h"}, exitOK, "", "usage: tokengen [-o FILE] [-check] SCHEMA"},
		{"version", []string{"-version"}, exitOK, "tokengen (devel)\n", ""},
		{"unknown flag", []string{"-x", "tokens.yaml"}, exitUsage, "", "tokengen: flag provided but not defined: -x"},
		{"flag without value", []string{"tokens.yaml", "-o"}, exitUsage, "", "tokengen: flag needs an argument: -o"},
		{"no schema", nil, exitUsage, "", "tokengen: missing SCHEMA"},
		{"only flags", []string{"-check"}, exitUsage, "", "tokengen: missing SCHEMA"},
		{"two schemas", []string{"a.yaml", "b.yaml"}, exitUsage, "", `tokengen: too many arguments ["a.yaml" "b.yaml"]: give exactly one SCHEMA`},
		{"misspelled command", []string{"chek", "tokens.yaml"}, exitUsage, "", `tokengen: unknown command "chek": the commands are check, docs and init`},
		{"init with two files", []string{"init", "a.yaml", "b.yaml"}, exitUsage, "", `tokengen: too many arguments ["a.yaml" "b.yaml"]: init takes at most one FILE`},
		{"init unknown flag", []string{"init", "-o", "a.yaml"}, exitUsage, "", "tokengen: flag provided but not defined: -o"},
		{"check help", []string{"check", "-h"}, exitOK, "", "usage: tokengen [-o FILE] [-check] SCHEMA"},
		{"check without schema", []string{"check"}, exitUsage, "", "tokengen: missing SCHEMA"},
		{"check unknown flag", []string{"check", "-o", "a.go", "a.yaml"}, exitUsage, "", "tokengen: flag provided but not defined: -o"},
		{"docs help", []string{"docs", "-h"}, exitOK, "", "usage: tokengen [-o FILE] [-check] SCHEMA"},
		{"docs without schema", []string{"docs", "-check"}, exitUsage, "", "tokengen: missing SCHEMA"},
		{"docs with two schemas", []string{"docs", "a.yaml", "b.yaml"}, exitUsage, "", `tokengen: too many arguments ["a.yaml" "b.yaml"]: docs takes exactly one SCHEMA`},
		{"docs version flag", []string{"docs", "-version"}, exitUsage, "", "tokengen: flag provided but not defined: -version"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer

		status := run(tt.args, &stdout, &stderr)

		if status != tt.wantStatus {
			t.Errorf("%s: run(%q) = %d, want %d; stderr:\n%s", tt.desc, tt.args, status, tt.wantStatus, &stderr)
		}
		if got := stdout.String(); got != tt.wantStdout {
			t.Errorf("%s: run(%q) printed %q to stdout, want %q", tt.desc, tt.args, got, tt.wantStdout)
		}
		firstLine, _, _ := strings.Cut(stderr.String(), "\n")
		if firstLine != tt.wantStderr {
			t.Errorf("%s: run(%q) printed %q first to stderr, want %q", tt.desc, tt.args, firstLine, tt.wantStderr)
		}
	}
}

func TestUsageListsFlags(t *testing.T) {
	var b bytes.Buffer
	printUsage(&b)
	for _, want := range []string{"\n  -check\n", "\n  -o FILE\n", "\n  -version\n", "\n       tokengen init [FILE]\n", "\n       tokengen check SCHEMA\n", "\n       tokengen docs [-o FILE] [-check] SCHEMA\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("printUsage output lacks %q:\n%s", want, &b)
		}
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		desc         string
		args         []string
		wantOperands []string
		wantOutput   string
		wantCheck    bool
	}{
		{"schema only", []string{"tokens.yaml"}, []string{"tokens.yaml"}, "", false},
		{"flags first", []string{"-check", "-o", "x.go", "tokens.yaml"}, []string{"tokens.yaml"}, "x.go", true},
		{"flags after schema", []string{"tokens.yaml", "-o", "x.go", "-check"}, []string{"tokens.yaml"}, "x.go", true},
		{"flags around schema", []string{"-check", "tokens.yaml", "-o=x.go"}, []string{"tokens.yaml"}, "x.go", true},
		{"two operands", []string{"a.yaml", "-check", "b.yaml"}, []string{"a.yaml", "b.yaml"}, "", true},
		{"dash operand after --", []string{"--", "-tokens.yaml"}, []string{"-tokens.yaml"}, "", false},
		{"flag-like operands after --", []string{"a.yaml", "--", "-check", "-o"}, []string{"a.yaml", "-check", "-o"}, "", false},
		{"nothing", nil, nil, "", false},
	}
	for _, tt := range tests {
		var f generateFlags

		operands, err := parseFlags(newFlagSet(&f), tt.args)

		if err != nil {
			t.Errorf("%s: parseFlags(%q) returned error %v, want none", tt.desc, tt.args, err)
			continue
		}
		if !slices.Equal(operands, tt.wantOperands) {
			t.Errorf("%s: parseFlags(%q) = %q, want %q", tt.desc, tt.args, operands, tt.wantOperands)
		}
		if f.output != tt.wantOutput {
			t.Errorf("%s: parseFlags(%q) set -o to %q, want %q", tt.desc, tt.args, f.output, tt.wantOutput)
		}
		if f.check != tt.wantCheck {
			t.Errorf("%s: parseFlags(%q) set -check to %v, want %v", tt.desc, tt.args, f.check, tt.wantCheck)
		}
	}
}

func TestDefaultOutput(t *testing.T) {
	tests := []struct {
		schema string
		want   string
	}{
		{"tokens.yaml", "tokens_gen.go"},
		{"./tokens.yaml", "tokens_gen.go"},
		{"auth/tokens.yml", filepath.Join("auth", "tokens_gen.go")},
		{"../auth/schema.v2.yaml", filepath.Join("..", "auth", "schema.v2_gen.go")},
		{"tokens", "tokens_gen.go"},
		{"/srv/app/tokens.yaml", filepath.Join("/srv", "app", "tokens_gen.go")},
	}
	for _, tt := range tests {
		if got := defaultOutput(tt.schema); got != tt.want {
			t.Errorf("defaultOutput(%q) = %q, want %q", tt.schema, got, tt.want)
		}
	}
}

func TestPackageNameFromFolder(t *testing.T) {
	tests := []struct {
		folder string
		want   string
	}{
		{"authz", "authz"},
		{"Order-API", "orderapi"},
		{"my app.v2", "myappv2"},
		{"user_store", "user_store"},
		{"2fa", "2fa"},
		{"---", ""},
		{"Ärger", "ärger"},
	}
	for _, tt := range tests {
		if got := packageNameFromFolder(tt.folder); got != tt.want {
			t.Errorf("packageNameFromFolder(%q) = %q, want %q", tt.folder, got, tt.want)
		}
	}
}

func TestDefaultPackage(t *testing.T) {
	tests := []struct {
		desc      string
		files     map[string]string // folder contents, relative to a temporary folder
		gopackage string
		output    string // relative to the temporary folder, the working folder
		want      string
		wantErr   string // start of the error message
	}{
		{
			desc:   "folder name",
			files:  map[string]string{"authz/README": ""},
			output: "authz/tokens_gen.go",
			want:   "authz",
		},
		{
			desc:   "folder name cleaned",
			files:  map[string]string{"Order-API/README": ""},
			output: "Order-API/tokens_gen.go",
			want:   "orderapi",
		},
		{
			desc:   "package of existing files",
			files:  map[string]string{"server/main.go": "package main\n"},
			output: "server/tokens_gen.go",
			want:   "main",
		},
		{
			desc: "ignored file skipped",
			files: map[string]string{
				"authz/gen.go":  "//go:build ignore\n\npackage main\n",
				"authz/auth.go": "package authz\n",
			},
			output: "authz/tokens_gen.go",
			want:   "authz",
		},
		{
			desc: "conflicting packages",
			files: map[string]string{
				"store/a.go": "package a\n",
				"store/b.go": "package b\n",
			},
			output: "store/tokens_gen.go",
			want:   "store",
		},
		{
			desc:      "GOPACKAGE in working folder",
			files:     map[string]string{"x.go": "package other\n"},
			gopackage: "orders",
			output:    "tokens_gen.go",
			want:      "orders",
		},
		{
			desc:      "GOPACKAGE ignored for other folder",
			files:     map[string]string{"api/README": ""},
			gopackage: "orders",
			output:    "api/tokens_gen.go",
			want:      "api",
		},
		{
			desc:    "folder name starting with digit",
			files:   map[string]string{"2fa/README": ""},
			output:  "2fa/tokens_gen.go",
			wantErr: `cannot derive a package name from the folder name "2fa" of 2fa/tokens_gen.go`,
		},
		{
			desc:    "folder name is keyword",
			files:   map[string]string{"type/README": ""},
			output:  "type/tokens_gen.go",
			wantErr: `cannot derive a package name from the folder name "type"`,
		},
		{
			desc:    "folder name is underscore",
			files:   map[string]string{"_/README": ""},
			output:  "_/tokens_gen.go",
			wantErr: `cannot derive a package name from the folder name "_"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(dir)
			t.Setenv("GOPACKAGE", tt.gopackage)

			got, err := defaultPackage(tt.output)

			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Errorf("defaultPackage(%q) = %q, %v, want an error starting with %q", tt.output, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("defaultPackage(%q) = %q, %v, want %q, nil", tt.output, got, err, tt.want)
			}
		})
	}
}

func TestModuleVersion(t *testing.T) {
	tests := []struct {
		desc string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build information", nil, false, "(devel)"},
		{
			desc: "installed release",
			info: &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.3"}},
			ok:   true,
			want: "v1.2.3",
		},
		{
			desc: "built in repository",
			info: &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}},
			ok:   true,
			want: "(devel)",
		},
		{
			desc: "empty main version",
			info: &debug.BuildInfo{Main: debug.Module{Path: modulePath}},
			ok:   true,
			want: "(devel)",
		},
		{
			desc: "go tool dependency",
			info: &debug.BuildInfo{
				Main: debug.Module{Path: "example.test/app", Version: "(devel)"},
				Deps: []*debug.Module{
					{Path: "gopkg.in/yaml.v3", Version: "v3.0.1"},
					{Path: modulePath, Version: "v1.4.0"},
				},
			},
			ok:   true,
			want: "v1.4.0",
		},
		{
			desc: "dependency replaced by folder",
			info: &debug.BuildInfo{
				Main: debug.Module{Path: "example.test/app", Version: "(devel)"},
				Deps: []*debug.Module{
					{Path: modulePath, Version: "v1.4.0", Replace: &debug.Module{Path: "../tokengen"}},
				},
			},
			ok:   true,
			want: "(devel)",
		},
		{
			desc: "dependency replaced by fork",
			info: &debug.BuildInfo{
				Main: debug.Module{Path: "example.test/app", Version: "(devel)"},
				Deps: []*debug.Module{
					{Path: modulePath, Version: "v1.4.0", Replace: &debug.Module{Path: "example.test/fork", Version: "v1.4.1"}},
				},
			},
			ok:   true,
			want: "v1.4.1",
		},
		{
			desc: "module absent",
			info: &debug.BuildInfo{Main: debug.Module{Path: "example.test/app", Version: "v0.1.0"}},
			ok:   true,
			want: "(devel)",
		},
	}
	for _, tt := range tests {
		if got := moduleVersion(tt.info, tt.ok); got != tt.want {
			t.Errorf("%s: moduleVersion(...) = %q, want %q", tt.desc, got, tt.want)
		}
	}
}

func TestPrintError(t *testing.T) {
	tests := []struct {
		desc string
		err  error
		want string
	}{
		{
			desc: "one line",
			err:  errorString("open nope.yaml: no such file or directory"),
			want: "tokengen: open nope.yaml: no such file or directory\n",
		},
		{
			desc: "two lines",
			err:  errorString("first\nsecond"),
			want: "tokengen: first\ntokengen: second\n",
		},
		{
			desc: "paragraph break",
			err:  errorString("problem\n\nfix\n"),
			want: "tokengen: problem\ntokengen:\ntokengen: fix\n",
		},
		{
			desc: "schema diagnostics",
			err: generator.Diagnostics{
				{File: "schemas/tokens.yaml", Pos: generator.Pos{Line: 2, Col: 3}, Message: "first"},
				{File: "schemas/tokens.yaml", Pos: generator.Pos{Line: 7, Col: 1}, Message: "second"},
			},
			want: "schemas/tokens.yaml:2:3: first\nschemas/tokens.yaml:7:1: second\n",
		},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		printError(&b, tt.err)
		if got := b.String(); got != tt.want {
			t.Errorf("%s: printError(%q) printed %q, want %q", tt.desc, tt.err, got, tt.want)
		}
	}
}

// errorString is an error with a fixed message.
type errorString string

func (e errorString) Error() string { return string(e) }

func TestDefaultDocsOutput(t *testing.T) {
	tests := []struct {
		schema string
		want   string
	}{
		{"tokens.yaml", "tokens.md"},
		{"./tokens.yml", "tokens.md"},
		{"auth/schema.v2.yaml", filepath.Join("auth", "schema.v2.md")},
		{"tokens", "tokens.md"},
	}
	for _, tt := range tests {
		if got := defaultDocsOutput(tt.schema); got != tt.want {
			t.Errorf("defaultDocsOutput(%q) = %q, want %q", tt.schema, got, tt.want)
		}
	}
}
