package bench

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"github.com/tokengen/tokengen/runtime"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	golangjwt "github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/chacha20poly1305"
)

// The benchmark names are read by ./internal/targets, which computes the
// ratios of the targets in docs/benchmarks.md: rename both together.

// BenchmarkParse parses the HS256 fixture into typed claims with full
// validation: algorithm, signature, exp, nbf, iat, iss, aud and the
// required tenant claim.
func BenchmarkParse(b *testing.B) {
	paths := []struct {
		name  string
		parse func(token string) (result, error)
	}{
		{"generated", func(token string) (result, error) {
			_, err := accessHandler.Parse(token)
			return result{}, err
		}},
		{"golang-jwt", func(token string) (result, error) {
			_, err := parseGolangJWT(token)
			return result{}, err
		}},
		// jwx keeps claims in its token object, so its path reads them
		// out into a struct, as a program would. go-jose's path copies
		// its two claims structs into one, which costs little next to
		// its parse.
		{"jwx", parseJWX},
		{"go-jose", parseJose},
	}
	for _, p := range paths {
		b.Run(p.name, func(b *testing.B) {
			benchmarkParse(b, fixtureHS256, p.parse)
		})
	}

	// The generated handler skips decoding a header equal to the one its
	// Issue writes, as the fixture's is. This token's header has the same
	// members in another order, so it takes the path of foreign tokens.
	b.Run("generated-other-header", func(b *testing.B) {
		token := signHMAC(`{"typ":"JWT","alg":"HS256"}`, fixtureClaims, sha256.New, hmacKey)
		benchmarkParse(b, token, paths[0].parse)
	})
}

func benchmarkParse(b *testing.B, token string, parse func(string) (result, error)) {
	b.Helper()
	if _, err := parse(token); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(token)))
	for b.Loop() {
		if _, err := parse(token); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloor measures what any HS256 parse must do, written on the
// standard library with every buffer allocated up front.
func BenchmarkFloor(b *testing.B) {
	parts := strings.Split(fixtureHS256, ".")
	input := []byte(parts[0] + "." + parts[1])
	header := make([]byte, b64.DecodedLen(len(parts[0])))
	payload := make([]byte, b64.DecodedLen(len(parts[1])))
	sig := make([]byte, b64.DecodedLen(len(parts[2])))
	mac := hmac.New(sha256.New, hmacKey)
	sum := make([]byte, 0, sha256.Size)

	hmacOnly := func() bool {
		mac.Reset()
		mac.Write(input)
		return len(mac.Sum(sum[:0])) == sha256.Size
	}
	decode := func() bool {
		_, err1 := b64.Decode(header, []byte(parts[0]))
		_, err2 := b64.Decode(payload, []byte(parts[1]))
		_, err3 := b64.Decode(sig, []byte(parts[2]))
		return err1 == nil && err2 == nil && err3 == nil
	}
	scan := func() bool { return json.Valid(header) && json.Valid(payload) }

	steps := []struct {
		name string
		run  func() bool
	}{
		{"hmac", hmacOnly},
		{"hmac+base64", func() bool { return hmacOnly() && decode() }},
		{"hmac+base64+json", func() bool { return hmacOnly() && decode() && scan() }},
		{"base64+json", func() bool { return decode() && scan() }},
	}
	for _, s := range steps {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !s.run() {
					b.Fatal("floor step failed")
				}
			}
		})
	}

	// The HMAC check as jwt/v5 does it, keying a new hash for every token:
	// what the generated handler would pay by calling it.
	b.Run("hmac-jwt-verify", func(b *testing.B) {
		input := parts[0] + "." + parts[1]
		signature, _ := b64.DecodeString(parts[2])
		b.ReportAllocs()
		for b.Loop() {
			if err := golangjwt.SigningMethodHS256.Verify(input, signature, hmacKey); err != nil {
				b.Fatal(err)
			}
		}
	})

	// The decryption alone of the encrypted fixture: base64url decoding of
	// nonce, ciphertext and tag, and XChaCha20-Poly1305 Open in place.
	b.Run("xc20p-open", func(b *testing.B) {
		parts := strings.Split(fixtureSealed, ".")
		aead, err := chacha20poly1305.NewX(encryptionKey)
		if err != nil {
			b.Fatal(err)
		}
		aad := []byte(parts[0])
		nonce := make([]byte, b64.DecodedLen(len(parts[2])))
		sealed := make([]byte, b64.DecodedLen(len(parts[3]))+b64.DecodedLen(len(parts[4])))
		b.ReportAllocs()
		for b.Loop() {
			_, err1 := b64.Decode(nonce, []byte(parts[2]))
			n, err2 := b64.Decode(sealed, []byte(parts[3]))
			_, err3 := b64.Decode(sealed[n:], []byte(parts[4]))
			if _, err := aead.Open(sealed[:0], nonce, sealed, aad); err != nil || err1 != nil || err2 != nil || err3 != nil {
				b.Fatal("decryption failed")
			}
		}
	})

	// The signature checks alone of ES256 and EdDSA.
	b.Run("es256-verify", func(b *testing.B) {
		parts := strings.Split(fixtureES256, ".")
		input := []byte(parts[0] + "." + parts[1])
		sig, _ := b64.DecodeString(parts[2])
		b.ReportAllocs()
		for b.Loop() {
			digest := sha256.Sum256(input)
			r := new(big.Int).SetBytes(sig[:32])
			s := new(big.Int).SetBytes(sig[32:])
			if !ecdsa.Verify(&ecKey.PublicKey, digest[:], r, s) {
				b.Fatal("ES256 signature invalid")
			}
		}
	})
	b.Run("eddsa-verify", func(b *testing.B) {
		parts := strings.Split(fixtureEdDSA, ".")
		input := []byte(parts[0] + "." + parts[1])
		sig, _ := b64.DecodeString(parts[2])
		pub := edKey.Public().(ed25519.PublicKey)
		b.ReportAllocs()
		for b.Loop() {
			if !ed25519.Verify(pub, input, sig) {
				b.Fatal("EdDSA signature invalid")
			}
		}
	})
}

// issueClaims are the fixture's claims as the generated Issue takes them;
// Issue adds iss, aud and the times.
func issueClaims() AccessClaims {
	c := NewAccessClaims("user-123", "acme", ScopeReadOrders, ScopeWriteOrders, ScopeReadUsers)
	c.Subject = "user-123"
	c.Roles = []string{"admin", "ops"}
	c.ID = "0b6f3c2e-7d1a-4c59-9e8b-2a4f6d8c1e37"
	return c
}

// issueGolangJWTClaims are the claims golang-jwt signs for the same token.
func issueGolangJWTClaims() *golangJWTClaims {
	return &golangJWTClaims{
		RegisteredClaims: golangjwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   "user-123",
			Audience:  golangjwt.ClaimStrings{audience},
			ExpiresAt: golangjwt.NewNumericDate(fixtureNow.Add(15 * time.Minute)),
			NotBefore: golangjwt.NewNumericDate(fixtureNow),
			IssuedAt:  golangjwt.NewNumericDate(fixtureNow),
			ID:        "0b6f3c2e-7d1a-4c59-9e8b-2a4f6d8c1e37",
		},
		UserID: "user-123",
		Scopes: []string{"read:orders", "write:orders", "read:users"},
		Tenant: "acme",
		Roles:  []string{"admin", "ops"},
	}
}

// BenchmarkIssue signs the fixture's claims with HS256.
func BenchmarkIssue(b *testing.B) {
	b.Run("generated", func(b *testing.B) {
		c := issueClaims()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := accessHandler.Issue(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("golang-jwt", func(b *testing.B) {
		c := issueGolangJWTClaims()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := issueGolangJWT(c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParseEncrypted parses the fixture inside a JWE: XC20P for the
// generated code, A256GCM for go-jose, which has no XC20P.
func BenchmarkParseEncrypted(b *testing.B) {
	b.Run("generated", func(b *testing.B) {
		benchmarkParse(b, fixtureSealed, func(token string) (result, error) {
			_, err := sealedHandler.Parse(token)
			return result{}, err
		})
	})
	b.Run("go-jose", func(b *testing.B) {
		benchmarkParse(b, sealJose(fixtureHS256), parseJoseNested)
	})
}

// BenchmarkParseAsymmetric parses the fixture signed with ES256 and EdDSA.
func BenchmarkParseAsymmetric(b *testing.B) {
	b.Run("es256", func(b *testing.B) {
		benchmarkParse(b, fixtureES256, func(token string) (result, error) {
			_, err := serviceHandler.Parse(token)
			return result{}, err
		})
	})
	b.Run("eddsa", func(b *testing.B) {
		benchmarkParse(b, fixtureEdDSA, func(token string) (result, error) {
			_, err := deviceHandler.Parse(token)
			return result{}, err
		})
	})
}

// BenchmarkParseForged rejects the fixture's claims signed with another key.
func BenchmarkParseForged(b *testing.B) {
	forged := signHMAC(hs256Head, fixtureClaims, sha256.New, []byte("another-secret-0123456789abcdefg"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := accessHandler.Parse(forged); err == nil {
			b.Fatal("forged token accepted")
		}
	}
}

// BenchmarkScopes checks scopes of parsed claims.
func BenchmarkScopes(b *testing.B) {
	c, err := accessHandler.Parse(fixtureHS256)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("has", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !c.Scopes.Has(ScopeWriteOrders) {
				b.Fatal("scope missing")
			}
		}
	})
	b.Run("has-all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !c.Scopes.HasAll(ScopeReadOrders, ScopeWriteOrders, ScopeReadUsers) {
				b.Fatal("scope missing")
			}
		}
	})
	b.Run("guard", func(b *testing.B) {
		r := httptest.NewRequest(http.MethodGet, "/orders", nil)
		b.ReportAllocs()
		for b.Loop() {
			if err := ManageOrders.Check(c, r); err != nil {
				b.Fatal(err)
			}
		}
	})

	// The checks of ManageOrders written out on the claims fields, with
	// the same constant-time comparisons: what a guard compiled by the
	// generator could cost.
	b.Run("guard-direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !manageOrdersDirect(c) {
				b.Fatal("guard failed")
			}
		}
	})
}

func manageOrdersDirect(c *AccessClaims) bool {
	roleMatch := 0
	for _, role := range c.Roles {
		roleMatch |= subtle.ConstantTimeCompare([]byte(role), []byte("admin"))
	}
	return c.Scopes.HasAll(ScopeReadOrders, ScopeWriteOrders) &&
		roleMatch == 1 &&
		subtle.ConstantTimeCompare([]byte(c.Tenant), []byte("acme")) == 1
}

// emptyWriter is the cheapest http.ResponseWriter, so the middleware
// benchmark measures the middleware.
type emptyWriter struct{ header http.Header }

func (w emptyWriter) Header() http.Header         { return w.header }
func (w emptyWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w emptyWriter) WriteHeader(int)             {}

// BenchmarkMiddleware serves a request with the fixture through
// Authenticate and Protect around an empty handler, the empty handler alone
// as the baseline, Parse alone, and Parse with the request copy that
// passing the claims in the context takes.
func BenchmarkMiddleware(b *testing.B) {
	empty := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	h := accessHandler
	protected := h.Authenticate(h.Protect(AccessHasScopes(ScopeReadOrders))(empty))

	r := httptest.NewRequest(http.MethodGet, "/orders", nil)
	r.Header.Set("Authorization", "Bearer "+fixtureHS256)
	w := emptyWriter{header: http.Header{}}
	// parse calls Parse with the request's token, as the middleware does,
	// so the ratio compares runs close in time.
	parse := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		if _, err := h.Parse(fixtureHS256); err != nil {
			b.Fatal(err)
		}
	})
	parseContext := parseContextMiddleware(b, h, empty)
	for _, tt := range []struct {
		name    string
		handler http.Handler
	}{
		{"protected", protected},
		{"baseline", empty},
		{"parse", parse},
		{"parse-context", parseContext},
	} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tt.handler.ServeHTTP(w, r)
			}
		})
	}
}

// parseContextMiddleware returns the least that middleware passing claims
// in the request's context can do: Parse, then net/http's
// Request.WithContext with the claims in a new context. As in real
// middleware, next is an interface value, so the copy of the request
// escapes to the heap.
//
//go:noinline
func parseContextMiddleware(b *testing.B, h *AccessHandler, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := h.Parse(fixtureHS256)
		if err != nil {
			b.Fatal(err)
		}
		next.ServeHTTP(w, r.WithContext(runtime.NewContext(r.Context(), c)))
	})
}

// BenchmarkTokenSize parses HS256 tokens of growing size, padded with
// roles, and the fixture with the schema of 1,000 scopes.
func BenchmarkTokenSize(b *testing.B) {
	for _, size := range []struct {
		name  string
		bytes int
	}{{"1KiB", 1024}, {"4KiB", 4096}, {"8KiB", 8192}} {
		token := fixtureOfSize(size.bytes)
		b.Run(size.name, func(b *testing.B) {
			benchmarkParse(b, token, func(token string) (result, error) {
				_, err := accessHandler.Parse(token)
				return result{}, err
			})
		})
	}
}

// BenchmarkSchemaSize parses the fixture, which has three scopes, with the
// 4-scope schema and with the 1,000-scope one.
func BenchmarkSchemaSize(b *testing.B) {
	b.Run("scopes=4", func(b *testing.B) {
		benchmarkParse(b, fixtureHS256, func(token string) (result, error) {
			_, err := accessHandler.Parse(token)
			return result{}, err
		})
	})
	b.Run("scopes=1000", func(b *testing.B) {
		benchmarkParse(b, fixtureHS256, func(token string) (result, error) {
			_, err := wideHandler.Parse(token)
			return result{}, err
		})
	})
}
