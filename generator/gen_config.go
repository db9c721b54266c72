package generator

import (
	"fmt"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"
)

// genConfig emits
//
//	type AccessConfig struct {
//		Key           []byte
//		EncryptionKey []byte
//		Lifespan      time.Duration
//		Issuer        string
//		Audience      []string
//		Leeway        time.Duration
//		Now           func() time.Time
//	}
func genConfig(f *jen.File, t *tokenPlan) {
	tok := t.token
	f.Line()
	addComment(f, fmt.Sprintf("%s configures %s. A zero field takes the schema's value where the schema gives one.", t.configType, t.newHandler))
	f.Type().Id(t.configType).StructFunc(func(g *jen.Group) {
		addComment(g, keyDoc(tok.Algorithm))
		if t.hmac {
			g.Id("Key").Index().Byte()
		} else {
			g.Id("Key").Any()
		}
		if tok.Encrypted {
			addComment(g, "EncryptionKey is the 32-byte XChaCha20-Poly1305 key that encrypts the signed token. Required.")
			g.Id("EncryptionKey").Index().Byte()
		}
		addComment(g, "Lifespan is the time from issue to expiry. "+durationDefault(tok.Lifespan, "Required: the schema sets none."))
		g.Id("Lifespan").Qual(timePackage, "Duration")
		addComment(g, "Issuer is written as iss and, when iss is verified, must match. "+issuerDefault(tok))
		g.Id("Issuer").String()
		addComment(g, "Audience is written as aud, and a token passes the aud check when its aud names at least one of these. "+audienceDefault(tok))
		g.Id("Audience").Index().String()
		leeway := "Leeway is the clock skew allowed for exp, nbf and iat."
		if tok.Leeway != 0 {
			leeway += " " + durationDefault(tok.Leeway, "") + " A negative value means no leeway."
		}
		addComment(g, leeway)
		g.Id("Leeway").Qual(timePackage, "Duration")
		addComment(g, "Logger receives a record for every request that Authenticate or Protect rejects, at LogLevel, and for every refresh that fails, at slog.LevelError. Records name the method, the path and the failed check, never the token. Nil logs nothing.")
		g.Id("Logger").Op("*").Qual(slogPackage, "Logger")
		addComment(g, "LogLevel is the level of the records of rejected requests. The zero value is slog.LevelInfo.")
		g.Id("LogLevel").Qual(slogPackage, "Level")
		addComment(g, "ErrorWriter writes the 401 and 403 responses of Authenticate and Protect, after they set the WWW-Authenticate header. Nil means runtime.WriteProblem, which writes an application/problem+json body.")
		g.Id("ErrorWriter").Func().Params(
			jen.Qual(httpPackage, "ResponseWriter"),
			jen.Op("*").Qual(httpPackage, "Request"),
			jen.Op("*").Qual(runtimePackage, "AuthError"),
		)
		g.Comment("Now returns the current time. Nil means time.Now.")
		g.Id("Now").Func().Params().Qual(timePackage, "Time")
	})
}

// keyDoc documents the Key field for the algorithm: the accepted key types
// and their minimum size.
func keyDoc(alg string) string {
	switch {
	case strings.HasPrefix(alg, "HS"):
		return fmt.Sprintf("Key is the HMAC secret, at least %d bytes for %s. Required.", hmacKeySize(alg), alg)
	case strings.HasPrefix(alg, "RS"), strings.HasPrefix(alg, "PS"):
		return "Key is the RSA key, at least 2048 bits: an *rsa.PrivateKey to issue and parse tokens, or an *rsa.PublicKey to parse only. Required."
	case strings.HasPrefix(alg, "ES"):
		return fmt.Sprintf("Key is the ECDSA key on curve %s: an *ecdsa.PrivateKey to issue and parse tokens, or an *ecdsa.PublicKey to parse only. Required.", ecdsaCurve(alg))
	default:
		return "Key is the Ed25519 key: an ed25519.PrivateKey to issue and parse tokens, or an ed25519.PublicKey to parse only. Required."
	}
}

// hmacKeySize returns the minimum HMAC key size in bytes: the hash size.
func hmacKeySize(alg string) int {
	switch alg {
	case "HS384":
		return 48
	case "HS512":
		return 64
	default:
		return 32
	}
}

// ecdsaCurve names the curve that an ECDSA algorithm signs with.
func ecdsaCurve(alg string) string {
	switch alg {
	case "ES384":
		return "P-384"
	case "ES512":
		return "P-521"
	default:
		return "P-256"
	}
}

// durationDefault states the schema's default for a duration field, or
// none when the schema gives none.
func durationDefault(d time.Duration, none string) string {
	if d == 0 {
		return none
	}
	return "Zero means the schema's " + shortDuration(d) + "."
}

// shortDuration formats d as the schema would write it: 1h rather than
// time.Duration's 1h0m0s.
func shortDuration(d time.Duration) string {
	text := d.String()
	if strings.HasSuffix(text, "m0s") {
		text = strings.TrimSuffix(text, "0s")
	}
	if strings.HasSuffix(text, "h0m") {
		text = strings.TrimSuffix(text, "0m")
	}
	return text
}

// issuerDefault states the schema's issuer, or when the program must give
// one.
func issuerDefault(tok *Token) string {
	switch {
	case tok.Issuer != "":
		return fmt.Sprintf("Empty means the schema's %q.", tok.Issuer)
	case tok.Verify[ClaimIss]:
		return "Required, because the schema sets no issuer and iss is verified."
	default:
		return "The schema sets no issuer."
	}
}

// audienceDefault states the schema's audience, or when the program must
// give one.
func audienceDefault(tok *Token) string {
	if len(tok.Audience) == 0 && tok.Verify[ClaimAud] {
		return "Required, because the schema sets no audience and aud is verified."
	}
	if len(tok.Audience) == 0 {
		return "The schema sets no audience."
	}
	quoted := make([]string, len(tok.Audience))
	for i, a := range tok.Audience {
		quoted[i] = fmt.Sprintf("%q", a)
	}
	return "Nil means the schema's " + strings.Join(quoted, ", ") + "."
}
