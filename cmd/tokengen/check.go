package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/tokengen/tokengen/generator"
)

// checkPackage is the package name that `tokengen check` generates with
// when the schema sets none. Any valid name does, because the code is
// thrown away and a package name never makes other names clash.
const checkPackage = "check"

// runCheck runs `tokengen check SCHEMA` and returns the exit status: it
// prints the schema's errors and warnings to stderr and writes no file.
func runCheck(args []string, stderr io.Writer) int {
	flags := flag.NewFlagSet("tokengen check", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.Usage = func() {}
	operands, err := parseFlags(flags, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(stderr)
		return exitOK
	case err != nil:
		return usageError(stderr, err)
	case len(operands) == 0:
		return usageError(stderr, errors.New("missing SCHEMA"))
	case len(operands) > 1:
		return usageError(stderr, fmt.Errorf("too many arguments %q: check takes exactly one SCHEMA", operands))
	}

	if err := check(operands[0], stderr); err != nil {
		printError(stderr, err)
		return exitFailure
	}
	return exitOK
}

// check loads the schema file schemaPath and generates its code and
// reference in memory, so that it reports every error that generating
// would, without writing anything.
func check(schemaPath string, stderr io.Writer) error {
	schema, err := loadSchema(schemaPath, stderr)
	if err != nil {
		return err
	}
	opts := generator.Options{Package: checkPackage}
	if _, err := generator.Generate(schema, opts); err != nil {
		return err
	}
	_, err = generator.GenerateDocs(schema)
	return err
}
