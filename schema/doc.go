// Package schema holds the JSON Schema of tokens.yaml,
// tokengen.schema.json, and the test that checks it against the example
// and test schemas of the repository. It is a module of its own so that
// the validator it tests with does not become a dependency of tokengen.
package schema
