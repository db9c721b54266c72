package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tokengen/tokengen/generator"
)

// The exit statuses of tokengen.
const (
	exitOK      = 0
	exitFailure = 1 // invalid schema, stale output or a failed file operation
	exitUsage   = 2 // invalid command line
)

// run runs tokengen with the command-line arguments args, which exclude the
// program name, and returns the exit status. The version and the diffs of
// -check go to stdout. Usage, errors and schema diagnostics go to stderr.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "init":
			return runInit(args[1:], stderr)
		case "check":
			return runCheck(args[1:], stderr)
		case "docs":
			return runDocs(args[1:], stdout, stderr)
		}
	}
	return runGenerate(args, stdout, stderr)
}

// generateFlags are the flags of `tokengen SCHEMA`.
type generateFlags struct {
	output  string
	check   bool
	version bool
}

// newFlagSet returns the flag set of `tokengen SCHEMA`, which stores the
// parsed values in f. It prints nothing, so that run decides what goes
// where.
func newFlagSet(f *generateFlags) *flag.FlagSet {
	flags := flag.NewFlagSet("tokengen", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.Usage = func() {}
	flags.StringVar(&f.output, "o", "", "write the code to `FILE` (default: SCHEMA's name with _gen.go in place of\nits extension, in SCHEMA's folder)")
	flags.BoolVar(&f.check, "check", false, "write nothing, and exit with status 1 unless the output file exists and\nequals the code that SCHEMA gives")
	flags.BoolVar(&f.version, "version", false, "print the version of tokengen and exit")
	return flags
}

// parseFlags parses args with flags and returns the operands. Unlike
// flags.Parse, it also accepts flags after an operand, as in
// `tokengen tokens.yaml -o out.go`. Every argument after "--" is an operand.
func parseFlags(flags *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		rest := flags.Args()
		if len(rest) == 0 {
			return operands, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(operands, rest...), nil
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

// printUsage prints the usage message and the flags to w.
func printUsage(w io.Writer) {
	fmt.Fprint(w, `usage: tokengen [-o FILE] [-check] SCHEMA
       tokengen check SCHEMA
       tokengen docs [-o FILE] [-check] SCHEMA
       tokengen init [FILE]
       tokengen -version

tokengen reads the token schema SCHEMA, a YAML file, and writes Go code for
it: tokens.yaml gives tokens_gen.go in the same folder. It never replaces a
file that it did not generate. "tokengen check" reports the problems of
SCHEMA and writes nothing. "tokengen docs" writes a Markdown reference of
SCHEMA, tokens.md for tokens.yaml, and takes the same flags. "tokengen
init" writes a commented starter schema to FILE, tokens.yaml by default.

Flags:
`)
	flags := newFlagSet(new(generateFlags))
	flags.SetOutput(w)
	flags.PrintDefaults()
	fmt.Fprint(w, "\nThe manual: go doc github.com/tokengen/tokengen/cmd/tokengen\n")
}

// usageError prints err and the usage message to stderr and returns
// exitUsage.
func usageError(stderr io.Writer, err error) int {
	printError(stderr, err)
	printUsage(stderr)
	return exitUsage
}

// printWarnings prints the warnings of a loaded schema to w, one
// "FILE:LINE:COL: warning: message" per line.
func printWarnings(w io.Writer, s *generator.Schema) {
	for _, d := range s.Warnings {
		fmt.Fprintln(w, d.String())
	}
}

// printError prints err to w. Schema diagnostics are printed exactly as
// generator.Load returns them, one "FILE:LINE:COL: message" per line, and
// every line of any other error gets the prefix "tokengen: ".
func printError(w io.Writer, err error) {
	var diagnostics generator.Diagnostics
	if errors.As(err, &diagnostics) {
		fmt.Fprintln(w, diagnostics.Error())
		return
	}
	for _, line := range strings.Split(strings.TrimSuffix(err.Error(), "\n"), "\n") {
		if line == "" {
			fmt.Fprintln(w, "tokengen:")
			continue
		}
		fmt.Fprintln(w, "tokengen:", line)
	}
}
