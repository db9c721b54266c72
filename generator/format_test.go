package generator

import (
	"bytes"
	"go/format"
	"path/filepath"
	"testing"
)

// TestGenerateIsGofmted checks that the output of every valid golden case
// is already in gofmt's format, so that gofmt -l never lists a generated
// file.
func TestGenerateIsGofmted(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		if isErrorCase(dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := generateGolden(t, dir, loadGolden(t, dir))
			formatted, err := format.Source(got)
			if err != nil {
				t.Fatalf("gofmt rejects the output for %s: %v", dir, err)
			}
			if !bytes.Equal(got, formatted) {
				t.Errorf("output for %s changes under gofmt", dir)
			}
		})
	}
}
