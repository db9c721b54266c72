package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/tokengen/tokengen/templates"
)

// defaultSchemaFile is the file that `tokengen init` writes without FILE.
const defaultSchemaFile = "tokens.yaml"

// runInit runs `tokengen init [FILE]` and returns the exit status.
func runInit(args []string, stderr io.Writer) int {
	flags := flag.NewFlagSet("tokengen init", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.Usage = func() {}
	err := flags.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(stderr)
		return exitOK
	case err != nil:
		return usageError(stderr, err)
	case flags.NArg() > 1:
		return usageError(stderr, fmt.Errorf("too many arguments %q: init takes at most one FILE", flags.Args()))
	}

	path := defaultSchemaFile
	if flags.NArg() == 1 {
		path = flags.Arg(0)
	}
	if err := writeStarter(path); err != nil {
		printError(stderr, err)
		return exitFailure
	}
	return exitOK
}

// writeStarter writes the starter schema to a new file at path. It returns
// an error without changing anything when path already exists, and removes
// the file again when writing it fails.
func writeStarter(path string) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists, so it was left unchanged\n"+
			"give init another file name, as in tokengen init FILE, or delete %s", path, path)
	}
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()

	if _, err := f.Write(templates.Starter()); err != nil {
		return err
	}
	return f.Close()
}
