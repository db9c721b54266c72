package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tokengen/tokengen/generator"
)

// newDocsFlagSet returns the flag set of `tokengen docs SCHEMA`, which
// stores the parsed values in f.
func newDocsFlagSet(f *generateFlags) *flag.FlagSet {
	flags := flag.NewFlagSet("tokengen docs", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.Usage = func() {}
	flags.StringVar(&f.output, "o", "", "write the reference to `FILE` (default: SCHEMA's name with .md in place of\nits extension, in SCHEMA's folder)")
	flags.BoolVar(&f.check, "check", false, "write nothing, and exit with status 1 unless the output file exists and\nequals the reference that SCHEMA gives")
	return flags
}

// runDocs runs `tokengen docs [-o FILE] [-check] SCHEMA` and returns the
// exit status.
func runDocs(args []string, stdout, stderr io.Writer) int {
	var f generateFlags
	operands, err := parseFlags(newDocsFlagSet(&f), args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(stderr)
		return exitOK
	case err != nil:
		return usageError(stderr, err)
	case len(operands) == 0:
		return usageError(stderr, errors.New("missing SCHEMA"))
	case len(operands) > 1:
		return usageError(stderr, fmt.Errorf("too many arguments %q: docs takes exactly one SCHEMA", operands))
	}

	if err := writeDocs(operands[0], f.output, f.check, stdout, stderr); err != nil {
		printError(stderr, err)
		return exitFailure
	}
	return exitOK
}

// writeDocs loads the schema file schemaPath and writes its Markdown
// reference to output, or to the default reference file when output is
// empty. With check, it writes nothing and returns an error unless the
// file equals the reference, as generate does for code.
func writeDocs(schemaPath, output string, check bool, stdout, stderr io.Writer) error {
	schema, err := loadSchema(schemaPath, stderr)
	if err != nil {
		return err
	}
	reference, err := generator.GenerateDocs(schema)
	if err != nil {
		return err
	}

	outputPath := output
	if outputPath == "" {
		outputPath = defaultDocsOutput(schemaPath)
	}
	if check {
		return checkOutput(outputPath, reference, commandLine("docs", schemaPath, output), stdout)
	}
	return writeOutput(outputPath, reference)
}

// defaultDocsOutput returns the reference file for a schema: the schema's
// name with ".md" in place of its extension, in the schema's folder.
func defaultDocsOutput(schemaPath string) string {
	dir, base := filepath.Split(schemaPath)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	return filepath.Join(dir, name+".md")
}
