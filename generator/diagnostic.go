package generator

import (
	"fmt"
	"slices"
	"strings"
)

// Diagnostic is one problem found in a schema file.
type Diagnostic struct {
	File    string
	Pos     Pos
	Message string
}

// String formats d like compiler output: "FILE:LINE:COL: message".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Pos.Line, d.Pos.Col, d.Message)
}

// Diagnostics is the error Load returns for an invalid schema. It lists
// every problem found, sorted by position.
type Diagnostics []Diagnostic

// Error returns one diagnostic per line, without a final newline.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// sorted returns ds ordered by file, line and column, keeping the order in
// which problems were found at the same position, without exact repeats.
// A repeat happens when a YAML alias makes the same node part of two places
// that report the same problem.
func (ds Diagnostics) sorted() Diagnostics {
	out := slices.Clone(ds)
	slices.SortStableFunc(out, func(a, b Diagnostic) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	})
	seen := make(map[Diagnostic]bool, len(out))
	return slices.DeleteFunc(out, func(d Diagnostic) bool {
		repeat := seen[d]
		seen[d] = true
		return repeat
	})
}
