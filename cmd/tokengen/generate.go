package main

import (
	"errors"
	"flag"
	"fmt"
	"go/build"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"

	"github.com/tokengen/tokengen/generator"
)

// runGenerate runs `tokengen [-o FILE] [-check] SCHEMA` and `tokengen
// -version` and returns the exit status.
func runGenerate(args []string, stdout, stderr io.Writer) int {
	var f generateFlags
	operands, err := parseFlags(newFlagSet(&f), args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(stderr)
		return exitOK
	case err != nil:
		return usageError(stderr, err)
	}

	if f.version {
		fmt.Fprintln(stdout, "tokengen", moduleVersion(debug.ReadBuildInfo()))
		return exitOK
	}
	switch {
	case len(operands) == 0:
		return usageError(stderr, errors.New("missing SCHEMA"))
	case len(operands) > 1 && !strings.ContainsAny(operands[0], `./\`):
		// A first operand without a dot or a folder is rather a misspelled
		// command than a schema file.
		return usageError(stderr, fmt.Errorf("unknown command %q: the commands are check, docs and init", operands[0]))
	case len(operands) > 1:
		return usageError(stderr, fmt.Errorf("too many arguments %q: give exactly one SCHEMA", operands))
	}

	if err := generate(operands[0], f.output, f.check, stdout, stderr); err != nil {
		printError(stderr, err)
		return exitFailure
	}
	return exitOK
}

// loadSchema reads and loads the schema file schemaPath, and prints its
// warnings to stderr.
func loadSchema(schemaPath string, stderr io.Writer) (*generator.Schema, error) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	schema, err := generator.Load(schemaPath, data)
	if err != nil {
		return nil, err
	}
	printWarnings(stderr, schema)
	return schema, nil
}

// generate loads the schema file schemaPath and writes its code to output,
// or to the default output file when output is empty. With check, it writes
// nothing and returns an error unless the output file equals the code, after
// printing a diff of a stale file to stdout.
func generate(schemaPath, output string, check bool, stdout, stderr io.Writer) error {
	schema, err := loadSchema(schemaPath, stderr)
	if err != nil {
		return err
	}

	outputPath := output
	if outputPath == "" {
		outputPath = defaultOutput(schemaPath)
	}
	var opts generator.Options
	if schema.Package == "" {
		if opts.Package, err = defaultPackage(outputPath); err != nil {
			return err
		}
	}
	code, err := generator.Generate(schema, opts)
	if err != nil {
		return err
	}

	if check {
		return checkOutput(outputPath, code, commandLine("", schemaPath, output), stdout)
	}
	return writeOutput(outputPath, code)
}

// checkOutput returns an error unless the file at path equals data. For a
// stale file it first prints a short unified diff from the file to data to
// stdout. The error names command as the way to update the file.
func checkOutput(path string, data []byte, command string, stdout io.Writer) error {
	state, old, err := compareOutput(path, data)
	switch {
	case err != nil:
		return err
	case state == outputMissing:
		return fmt.Errorf("%s is missing; run %s", path, command)
	case state == outputStale && !isGenerated(old):
		return &notGeneratedError{path: path}
	case state == outputStale:
		fmt.Fprint(stdout, shortDiff(path, old, data))
		return fmt.Errorf("%s is stale; run %s", path, command)
	}
	return nil
}

// commandLine returns the tokengen command that writes the output file:
// subcommand is "" for the code and "docs" for the reference.
func commandLine(subcommand, schemaPath, output string) string {
	command := "tokengen "
	if subcommand != "" {
		command += subcommand + " "
	}
	if output != "" {
		command += "-o " + output + " "
	}
	return command + schemaPath
}

// defaultOutput returns the output file for a schema: the schema's name with
// "_gen.go" in place of its extension, in the schema's folder.
func defaultOutput(schemaPath string) string {
	dir, base := filepath.Split(schemaPath)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	return filepath.Join(dir, name+"_gen.go")
}

// defaultPackage returns the package name for a schema that sets none, the
// first that applies of:
//   - $GOPACKAGE, which go generate sets, when the output file is in the
//     working folder, because go generate runs in the folder of the Go
//     file that contains the directive;
//   - the package of the Go files already in the output file's folder;
//   - the output file's folder name, in lower case and without the
//     characters that a Go identifier cannot contain.
func defaultPackage(outputPath string) (string, error) {
	dir, err := filepath.Abs(filepath.Dir(outputPath))
	if err != nil {
		return "", err
	}

	if name := os.Getenv("GOPACKAGE"); name != "" {
		if wd, err := os.Getwd(); err == nil && wd == dir {
			return name, nil
		}
	}

	// ImportDir applies build constraints, so a `//go:build ignore` program
	// in the folder does not count. A folder without Go files, or with
	// files of several packages, falls through to the folder name.
	if pkg, err := build.ImportDir(dir, 0); err == nil && pkg.Name != "" {
		return pkg.Name, nil
	}

	name := packageNameFromFolder(filepath.Base(dir))
	if !token.IsIdentifier(name) || name == "_" {
		return "", fmt.Errorf("cannot derive a package name from the folder name %q of %s\n"+
			"set package in the schema, or choose another output folder with -o", filepath.Base(dir), outputPath)
	}
	return name, nil
}

// packageNameFromFolder returns folder in lower case without the characters
// that a Go identifier cannot contain: "Order-API" gives "orderapi". The
// result may still be invalid, for example empty or a keyword.
func packageNameFromFolder(folder string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(folder) {
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
