package generator

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		desc string
		d    Diagnostic
		want string
	}{
		{
			desc: "file, position and message",
			d:    Diagnostic{File: "tokens.yaml", Pos: Pos{12, 7}, Message: `unknown type "text"`},
			want: `tokens.yaml:12:7: unknown type "text"`,
		},
		{
			desc: "path with folders",
			d:    Diagnostic{File: "internal/authz/tokens.yaml", Pos: Pos{1, 1}, Message: "the schema is empty"},
			want: "internal/authz/tokens.yaml:1:1: the schema is empty",
		},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%s: %#v.String() = %q, want %q", tt.desc, tt.d, got, tt.want)
		}
	}
}

func TestDiagnosticsError(t *testing.T) {
	tests := []struct {
		desc string
		ds   Diagnostics
		want string
	}{
		{
			desc: "one diagnostic",
			ds:   Diagnostics{{File: "tokens.yaml", Pos: Pos{3, 5}, Message: "first"}},
			want: "tokens.yaml:3:5: first",
		},
		{
			desc: "one line each, no final newline",
			ds: Diagnostics{
				{File: "tokens.yaml", Pos: Pos{3, 5}, Message: "first"},
				{File: "tokens.yaml", Pos: Pos{10, 1}, Message: "second"},
			},
			want: "tokens.yaml:3:5: first\ntokens.yaml:10:1: second",
		},
	}
	for _, tt := range tests {
		var err error = tt.ds
		if got := err.Error(); got != tt.want {
			t.Errorf("%s: Error() = %q, want %q", tt.desc, got, tt.want)
		}
	}
}

func TestDiagnosticsSorted(t *testing.T) {
	d := func(line, col int, msg string) Diagnostic {
		return Diagnostic{File: "tokens.yaml", Pos: Pos{line, col}, Message: msg}
	}
	tests := []struct {
		desc string
		in   Diagnostics
		want Diagnostics
	}{
		{
			desc: "by line, then column",
			in:   Diagnostics{d(10, 1, "c"), d(2, 9, "b"), d(2, 3, "a")},
			want: Diagnostics{d(2, 3, "a"), d(2, 9, "b"), d(10, 1, "c")},
		},
		{
			desc: "same position keeps the order found",
			in:   Diagnostics{d(5, 7, "json name"), d(1, 1, "version"), d(5, 7, "go name")},
			want: Diagnostics{d(1, 1, "version"), d(5, 7, "json name"), d(5, 7, "go name")},
		},
		{
			desc: "exact repeats dropped",
			in:   Diagnostics{d(5, 7, "x"), d(5, 7, "y"), d(5, 7, "x")},
			want: Diagnostics{d(5, 7, "x"), d(5, 7, "y")},
		},
		{
			desc: "lines compared as numbers",
			in:   Diagnostics{d(10, 1, "ten"), d(9, 1, "nine")},
			want: Diagnostics{d(9, 1, "nine"), d(10, 1, "ten")},
		},
	}
	for _, tt := range tests {
		in := append(Diagnostics(nil), tt.in...)
		got := tt.in.sorted()
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: %v.sorted() differs (-want +got):\n%s", tt.desc, tt.in, diff)
		}
		if diff := cmp.Diff(in, tt.in); diff != "" {
			t.Errorf("%s: sorted() changed its receiver (-before +after):\n%s", tt.desc, diff)
		}
	}
}

func TestDiagnosticWarningString(t *testing.T) {
	d := Diagnostic{File: "tokens.yaml", Pos: Pos{8, 5}, Message: "verify: false turns off every check", Warning: true}
	want := "tokens.yaml:8:5: warning: verify: false turns off every check"
	if got := d.String(); got != want {
		t.Errorf("%#v.String() = %q, want %q", d, got, want)
	}
}

func TestDiagnosticsErrorCap(t *testing.T) {
	// numbered returns n diagnostics at lines 1 to n.
	numbered := func(n int) Diagnostics {
		ds := make(Diagnostics, n)
		for i := range ds {
			ds[i] = Diagnostic{File: "tokens.yaml", Pos: Pos{i + 1, 1}, Message: "problem"}
		}
		return ds
	}
	tests := []struct {
		desc      string
		count     int
		wantLines int
		wantLast  string
	}{
		{desc: "at the cap", count: MaxReported, wantLines: MaxReported, wantLast: "tokens.yaml:50:1: problem"},
		{desc: "one over", count: MaxReported + 1, wantLines: MaxReported + 1, wantLast: "... and 1 more error"},
		{desc: "many over", count: 312, wantLines: MaxReported + 1, wantLast: "... and 262 more errors"},
	}
	for _, tt := range tests {
		ds := numbered(tt.count)
		lines := strings.Split(ds.Error(), "\n")
		if len(lines) != tt.wantLines {
			t.Errorf("%s: Error() of %d diagnostics has %d lines, want %d", tt.desc, tt.count, len(lines), tt.wantLines)
		}
		if got := lines[len(lines)-1]; got != tt.wantLast {
			t.Errorf("%s: Error() of %d diagnostics ends with %q, want %q", tt.desc, tt.count, got, tt.wantLast)
		}
		if got := lines[MaxReported-1]; got != "tokens.yaml:50:1: problem" {
			t.Errorf("%s: line %d of Error() = %q, want the 50th diagnostic", tt.desc, MaxReported, got)
		}
	}
}

func TestLoadErrorCap(t *testing.T) {
	// 60 claims of an unknown type, one per line from line 5 on, in
	// reverse key order so that position order differs from key order.
	const count = 60
	lines := []string{"version: 1", "tokens:", "  Access:", "    claims:"}
	for i := count; i > 0; i-- {
		lines = append(lines, fmt.Sprintf("      c%02d: {type: text}", i))
	}
	src := yamlLines(lines...)

	_, err := Load("tokens.yaml", []byte(src))
	var ds Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("Load(%d bad claims) error is %T (%v), want Diagnostics", count, err, err)
	}
	if len(ds) != count {
		t.Errorf("Load(%d bad claims) returned %d diagnostics, want %d", count, len(ds), count)
	}
	for i, d := range ds {
		if want := (Pos{Line: 5 + i, Col: 19}); d.Pos != want {
			t.Errorf("diagnostic %d is at %d:%d, want %d:%d", i, d.Pos.Line, d.Pos.Col, want.Line, want.Col)
		}
	}

	text := strings.Split(err.Error(), "\n")
	if len(text) != MaxReported+1 {
		t.Fatalf("Load(%d bad claims) error has %d lines, want %d", count, len(text), MaxReported+1)
	}
	wantFirst := `tokens.yaml:5:19: unknown type "text" of claim "c60" of token "Access"; accepted: string, bool, int, int64, float64, time, []string, []int64, map[string]string, object`
	if text[0] != wantFirst {
		t.Errorf("first line = %q, want %q", text[0], wantFirst)
	}
	if want := "... and 10 more errors"; text[MaxReported] != want {
		t.Errorf("last line = %q, want %q", text[MaxReported], want)
	}
}
