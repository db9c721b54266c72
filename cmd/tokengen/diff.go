package main

import (
	"fmt"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
)

// maxDiffLines is the number of diff lines that -check prints for a stale
// file before it counts the rest.
const maxDiffLines = 40

// shortDiff returns a unified diff from old, the file at path, to data, the
// file tokengen would write, cut after maxDiffLines lines. It returns "" when
// the two are equal.
func shortDiff(path string, old, data []byte) string {
	out := string(diff.Diff(path, old, path+" (regenerated)", data))
	if out == "" {
		return ""
	}

	// diff.Diff starts with a "diff OLD NEW" line above the usual
	// "--- OLD" and "+++ NEW".
	if strings.HasPrefix(out, "diff ") {
		_, out, _ = strings.Cut(out, "\n")
	}
	lines := strings.SplitAfter(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) <= maxDiffLines {
		return out
	}
	rest := len(lines) - maxDiffLines
	return strings.Join(lines[:maxDiffLines], "") + fmt.Sprintf("... %d more lines of diff\n", rest)
}
