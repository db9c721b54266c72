// Package wide is the benchmarks' Access token kind in a schema with 1,000
// scopes, to show that Parse does not slow down as the schema grows.
package wide

//go:generate go run github.com/tokengen/tokengen/cmd/tokengen tokens.yaml
