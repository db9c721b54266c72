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
	// Warning marks a problem that does not make the schema invalid, such as
	// a check turned off. Load reports warnings in Schema.Warnings.
	Warning bool
}

// String formats d like compiler output: "FILE:LINE:COL: message", or
// "FILE:LINE:COL: warning: message" for a warning.
func (d Diagnostic) String() string {
	if d.Warning {
		return fmt.Sprintf("%s:%d:%d: warning: %s", d.File, d.Pos.Line, d.Pos.Col, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Pos.Line, d.Pos.Col, d.Message)
}

// lineCol formats p for a message that points at another entry:
// "line 5, column 3".
func (p Pos) lineCol() string {
	return fmt.Sprintf("line %d, column %d", p.Line, p.Col)
}

// Diagnostics is the error Load returns for an invalid schema. It lists
// every problem found, sorted by position.
type Diagnostics []Diagnostic

// MaxReported is the number of diagnostics that Error lists before it
// summarises the rest in one line.
const MaxReported = 50

// Error returns one diagnostic per line, without a final newline. After
// MaxReported lines it ends with "... and N more errors" in place of the
// rest. The slice itself keeps every diagnostic.
func (ds Diagnostics) Error() string {
	shown := ds[:min(len(ds), MaxReported)]
	lines := make([]string, len(shown), len(shown)+1)
	for i, d := range shown {
		lines[i] = d.String()
	}
	switch rest := len(ds) - len(shown); {
	case rest == 1:
		lines = append(lines, "... and 1 more error")
	case rest > 1:
		lines = append(lines, fmt.Sprintf("... and %d more errors", rest))
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
