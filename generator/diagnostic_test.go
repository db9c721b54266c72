package generator

import (
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
