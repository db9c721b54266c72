package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

// interopAlgorithms covers each algorithm family: HMAC, RSA PKCS #1 v1.5,
// RSA-PSS, ECDSA and EdDSA.
var interopAlgorithms = []string{"HS256", "HS512", "RS256", "PS384", "ES256", "ES512", "EdDSA"}

func TestParseTokenFromJWTv5(t *testing.T) {
	for _, alg := range interopAlgorithms {
		t.Run(alg, func(t *testing.T) {
			claims := jwt.MapClaims{
				"iss":    "https://auth.example.test",
				"sub":    "user-7",
				"aud":    []string{"orders-api"},
				"exp":    testNow.Add(10 * time.Minute).Unix(),
				"nbf":    testNow.Add(-time.Minute).Unix(),
				"iat":    testNow.Add(-time.Minute).Unix(),
				"jti":    "id-1",
				"uid":    "u-42",
				"scp":    []string{"read:orders", "write:orders"},
				"tenant": "acme",
				"plan":   "pro",
				"q":      int64(-12),
				"limits": map[string]int{"rps": 10},
			}
			token, err := jwt.NewWithClaims(jwt.GetSigningMethod(alg), claims).SignedString(signingKey(alg))
			if err != nil {
				t.Fatalf("jwt.Token.SignedString() = %v", err)
			}

			h, err := NewHandler(testConfig(alg), testCodec)
			if err != nil {
				t.Fatal(err)
			}
			got, err := h.Parse(token)
			if err != nil {
				t.Fatalf("Parse(jwt/v5 %s token) = %v, want no error", alg, err)
			}
			want := testClaims{
				RegisteredClaims: RegisteredClaims{
					Issuer:    "https://auth.example.test",
					Subject:   "user-7",
					Audience:  []string{"orders-api"},
					ExpiresAt: testNow.Add(10 * time.Minute),
					NotBefore: testNow.Add(-time.Minute),
					IssuedAt:  testNow.Add(-time.Minute),
					ID:        "id-1",
				},
				UserID: "u-42",
				Scopes: []string{"read:orders", "write:orders"},
				Tenant: "acme",
				Plan:   new("pro"),
				Quota:  new(int64(-12)),
				Limits: &testLimits{RPS: new(10)},
			}
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("Parse(jwt/v5 %s token) mismatch (-want +got):\n%s", alg, diff)
			}
		})
	}
}

func TestIssuedTokenVerifiesWithJWTv5(t *testing.T) {
	for _, alg := range interopAlgorithms {
		t.Run(alg, func(t *testing.T) {
			h, err := NewHandler(testConfig(alg), testCodec)
			if err != nil {
				t.Fatal(err)
			}
			in := fullTestClaims()
			in.NotBefore, in.ID = time.Time{}, ""
			token, err := h.Issue(&in)
			if err != nil {
				t.Fatalf("Issue() = %v", err)
			}

			parsed, err := jwt.Parse(token,
				func(*jwt.Token) (any, error) { return publicKey(signingKey(alg)), nil },
				jwt.WithValidMethods([]string{alg}),
				jwt.WithAudience("orders-api"),
				jwt.WithIssuer("https://auth.example.test"),
				jwt.WithIssuedAt(),
				jwt.WithExpirationRequired(),
				jwt.WithTimeFunc(fixedNow),
				jwt.WithStrictDecoding(),
				jwt.WithJSONNumber(),
			)
			if err != nil {
				t.Fatalf("jwt.Parse(Issue()) = %v, want no error", err)
			}
			if typ := parsed.Header["typ"]; typ != "JWT" {
				t.Errorf("jwt.Parse(Issue()).Header[typ] = %v, want JWT", typ)
			}
			got := parsed.Claims.(jwt.MapClaims)
			number := func(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }
			want := jwt.MapClaims{
				"iss":       "https://auth.example.test",
				"sub":       "user-7",
				"aud":       []any{"orders-api"},
				"exp":       number(testNow.Add(15 * time.Minute).Unix()),
				"nbf":       number(testNow.Unix()),
				"iat":       number(testNow.Unix()),
				"jti":       got["jti"],
				"auth_time": number(1779990000),
				"uid":       "u-42",
				"scp":       []any{"read:orders", "write:orders"},
				"tenant":    "acme",
				"plan":      "pro",
				"roles":     []any{"admin", "ops"},
				"q":         number(-12),
				"ratio":     json.Number("0.25"),
				"admin":     true,
				"login_at":  number(1779990000),
				"labels":    map[string]any{"env": "prod", "zone": "eu"},
				"ids":       []any{number(1), number(-2), number(9007199254740993)},
				"limits":    map[string]any{"rps": number(10), "burst": number(20)},
			}
			if jti, _ := got["jti"].(string); len(jti) != 32 {
				t.Errorf("jwt.Parse(Issue()) jti = %v, want 32 hex digits", got["jti"])
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("jwt.Parse(Issue()) claims mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// jasonFixture is a token that jason issued with PyJWT, written by
// testdata/jason/make_fixtures.py.
type jasonFixture struct {
	Description string
	Token       string
	Key         string
	Issuer      string
	Audience    string
	// Now is the time to parse at, in seconds since the Unix epoch.
	Now json.Number
	// Claims are the claims jason signed.
	Claims struct {
		UID string          `json:"uid"`
		Scp json.RawMessage `json:"scp"`
		Nbf json.Number     `json:"nbf"`
		Exp json.Number     `json:"exp"`
		Iss string          `json:"iss"`
		Aud string          `json:"aud"`
	}
	// WantError names the jwt/v5 sentinel Parse must return, or is empty.
	WantError string `json:"want_error"`
}

// jasonScopeNames are the scopes of the schema the jason fixtures are
// parsed with; delete:everything is not one of them.
var jasonScopeNames = []string{"read:orders", "write:orders", "admin"}

// jasonClaims is a claims type as tokengen generates it for a jason token
// kind: uid, and scp as a set of the declared scopes.
type jasonClaims struct {
	RegisteredClaims
	UserID string
	Scopes uint64 // bit i is jasonScopeNames[i]
}

// scopeList returns the names of the scopes in c, in schema order.
func (c *jasonClaims) scopeList() []string {
	var names []string
	for i, name := range jasonScopeNames {
		if c.Scopes&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	return names
}

var jasonCodec = Codec[jasonClaims]{
	Registered: func(c *jasonClaims) *RegisteredClaims { return &c.RegisteredClaims },
	DecodeMember: func(c *jasonClaims, name []byte, d *Decoder) (bool, error) {
		switch string(name) {
		case "uid":
			var err error
			c.UserID, err = d.String()
			return true, err
		case "scp":
			return true, d.Words(func(word []byte) {
				if i := slices.Index(jasonScopeNames, string(word)); i >= 0 {
					c.Scopes |= 1 << i
				}
			})
		}
		return false, nil
	},
	EncodeMembers: func(c *jasonClaims, e *Encoder) {
		e.String("uid", c.UserID)
		e.Strings("scp", c.scopeList())
	},
	Check: func(*jasonClaims) error { return nil },
}

var jasonSentinels = map[string]error{
	"ErrTokenExpired":          jwt.ErrTokenExpired,
	"ErrTokenSignatureInvalid": jwt.ErrTokenSignatureInvalid,
}

func TestParseJasonFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "jason", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 {
		t.Fatalf("found %d fixtures in testdata/jason, want at least 5; run make_fixtures.py there", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			f := readJasonFixture(t, file)

			// A jason handler: HS256, and exp, nbf, aud and iss required but no iat.
			now := decimalTime(t, f.Now)
			h, err := NewHandler(Config{
				Kind:      "Access",
				Algorithm: "HS256",
				Key:       []byte(f.Key),
				Lifespan:  15 * time.Minute,
				Issuer:    f.Issuer,
				Audience:  []string{f.Audience},
				Require:   CheckExp | CheckNbf | CheckAud | CheckIss,
				Verify:    CheckAll,
				Now:       func() time.Time { return now },
			}, jasonCodec)
			if err != nil {
				t.Fatal(err)
			}
			got, err := h.Parse(f.Token)

			if f.WantError != "" {
				sentinel := jasonSentinels[f.WantError]
				if sentinel == nil {
					t.Fatalf("fixture wants unknown error %q", f.WantError)
				}
				if !errors.Is(err, sentinel) {
					t.Fatalf("Parse(%s: %s) = %+v, %v; want %q", file, f.Description, got, err, sentinel)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%s: %s) = %v, want no error", file, f.Description, err)
			}
			want := RegisteredClaims{
				Issuer:    f.Claims.Iss,
				Audience:  []string{f.Claims.Aud},
				NotBefore: decimalTime(t, f.Claims.Nbf),
				ExpiresAt: decimalTime(t, f.Claims.Exp),
			}
			if diff := cmp.Diff(want, got.RegisteredClaims); diff != "" {
				t.Errorf("Parse(%s) registered claims mismatch (-want +got):\n%s", file, diff)
			}
			if got.UserID != f.Claims.UID {
				t.Errorf("Parse(%s).UserID = %q, want %q", file, got.UserID, f.Claims.UID)
			}
			if wantScopes := declaredScopes(t, f.Claims.Scp); !slices.Equal(got.scopeList(), wantScopes) {
				t.Errorf("Parse(%s) scopes = %q, want %q", file, got.scopeList(), wantScopes)
			}
		})
	}
}

func readJasonFixture(t *testing.T, file string) jasonFixture {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var f jasonFixture
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&f); err != nil {
		t.Fatalf("decode %s: %v", file, err)
	}
	return f
}

// decimalTime returns the time n seconds after the Unix epoch, reading the
// decimal fraction exactly, as a float64 would not.
func decimalTime(t *testing.T, n json.Number) time.Time {
	t.Helper()
	whole, fraction, _ := strings.Cut(n.String(), ".")
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		t.Fatalf("seconds %q: %v", n, err)
	}
	var nsec int64
	if fraction != "" {
		nsec, err = strconv.ParseInt((fraction + "000000000")[:9], 10, 64)
		if err != nil {
			t.Fatalf("seconds %q: %v", n, err)
		}
	}
	return time.Unix(sec, nsec).UTC()
}

// declaredScopes returns the scopes named in the scp claim raw, a list or a
// space-separated string, that jasonScopeNames declares, in schema order.
func declaredScopes(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var names []string
	if err := json.Unmarshal(raw, &names); err != nil {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatalf("scp %s is neither a list nor a string", raw)
		}
		names = strings.Fields(s)
	}
	var declared []string
	for _, name := range jasonScopeNames {
		if slices.Contains(names, name) {
			declared = append(declared, name)
		}
	}
	return declared
}
