// Package bench compares the code that tokengen generates with the JWT
// libraries golang-jwt/jwt/v5, lestrrat-go/jwx/v3 and go-jose/go-jose/v4,
// and with floors written on the standard library. See docs/benchmarks.md
// in the repository for the results and run.sh for the command.
package bench

//go:generate go run github.com/tokengen/tokengen/cmd/tokengen tokens.yaml
