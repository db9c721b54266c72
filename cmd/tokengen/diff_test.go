package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
)

// numberedLines returns lines "line 1" to "line n", each ending in a
// newline, with the lines in changed replaced by "changed N".
func numberedLines(n int, changed ...int) []byte {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		text := fmt.Sprintf("line %d", i)
		for _, c := range changed {
			if c == i {
				text = fmt.Sprintf("changed %d", i)
			}
		}
		b.WriteString(text + "\n")
	}
	return []byte(b.String())
}

func TestShortDiff(t *testing.T) {
	tests := []struct {
		desc string
		old  []byte
		data []byte
		want string
	}{
		{
			desc: "equal",
			old:  numberedLines(10),
			data: numberedLines(10),
			want: "",
		},
		{
			desc: "one line changed",
			old:  numberedLines(10),
			data: numberedLines(10, 5),
			want: "--- out.go\n+++ out.go (regenerated)\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+changed 5\n line 6\n line 7\n line 8\n",
		},
		{
			desc: "file was empty",
			old:  nil,
			data: []byte("a\n"),
			want: "--- out.go\n+++ out.go (regenerated)\n@@ -0,0 +1,1 @@\n+a\n",
		},
	}
	for _, tt := range tests {
		if got := shortDiff("out.go", tt.old, tt.data); got != tt.want {
			t.Errorf("%s: shortDiff(%q, %q) =\n%s\nwant\n%s", tt.desc, tt.old, tt.data, got, tt.want)
		}
	}
}

func TestShortDiffCut(t *testing.T) {
	// Every tenth line changed: 10 hunks that run together, far more than
	// maxDiffLines lines of diff.
	var changed []int
	for i := 10; i <= 200; i += 10 {
		changed = append(changed, i)
	}
	got := shortDiff("out.go", numberedLines(200), numberedLines(200, changed...))

	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != maxDiffLines+1 {
		t.Fatalf("shortDiff of 20 changed lines has %d lines, want %d:\n%s", len(lines), maxDiffLines+1, got)
	}
	if lines[0] != "--- out.go" {
		t.Errorf("first line = %q, want %q", lines[0], "--- out.go")
	}
	last := lines[maxDiffLines]
	var rest int
	// The full diff has its "diff OLD NEW" line too, which shortDiff drops.
	full := strings.Count(string(diff.Diff("out.go", numberedLines(200), "out.go (regenerated)", numberedLines(200, changed...))), "\n") - 1
	if _, err := fmt.Sscanf(last, "... %d more lines of diff", &rest); err != nil || rest != full-maxDiffLines {
		t.Errorf("last line = %q, want \"... %d more lines of diff\"", last, full-maxDiffLines)
	}
	if !strings.HasSuffix(got, "\n") {
		t.Errorf("shortDiff output does not end in a newline:\n%q", got)
	}
}
