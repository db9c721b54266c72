// Package templates contains the files that tokengen writes from embedded
// copies rather than generating them.
package templates

import _ "embed"

//go:embed starter.yaml
var starter string

// Starter returns the schema that `tokengen init` writes: a valid version 1
// tokens.yaml with comments that explain each key. It declares three scopes
// (read:orders, write:orders, admin) and one token kind, Access, with a
// lifespan, an issuer, an audience, the HS256 algorithm, a leeway and three
// custom claims (a required tenant, roles and an enum plan). Each call
// returns a new slice, so callers may change it.
func Starter() []byte {
	return []byte(starter)
}
