package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

// testClaims is a claims type written the way generated code writes one,
// with a member of every claim type. Tests in this package use it with
// testCodec.
type testClaims struct {
	RegisteredClaims
	UserID  string            // uid
	Scopes  []string          // scp, an array or a space-separated string
	Tenant  string            // tenant, required
	Plan    *string           // plan, optional, "free" or "pro"
	Roles   []string          // roles
	Quota   *int64            // q
	Ratio   *float64          // ratio
	Admin   *bool             // admin
	LoginAt *time.Time        // login_at
	Labels  map[string]string // labels
	IDs     []int64           // ids
	Limits  *testLimits       // limits, a nested object
}

// testLimits is the nested object claim of testClaims.
type testLimits struct {
	RPS   *int // rps
	Burst *int // burst
}

// testCodec connects testClaims to the runtime as a generated codec does.
var testCodec = Codec[testClaims]{
	Registered:    func(c *testClaims) *RegisteredClaims { return &c.RegisteredClaims },
	DecodeMember:  decodeTestMember,
	EncodeMembers: encodeTestMembers,
	Check:         checkTestClaims,
}

func decodeTestMember(c *testClaims, name []byte, d *Decoder) (bool, error) {
	var err error
	switch string(name) {
	case "uid":
		c.UserID, err = d.String()
	case "scp":
		c.Scopes = []string{}
		err = d.Words(func(word []byte) { c.Scopes = append(c.Scopes, string(word)) })
	case "tenant":
		c.Tenant, err = d.String()
	case "plan":
		c.Plan, err = decodeOptional(d.String)
	case "roles":
		c.Roles, err = d.Strings()
	case "q":
		c.Quota, err = decodeOptional(d.Int64)
	case "ratio":
		c.Ratio, err = decodeOptional(d.Float64)
	case "admin":
		c.Admin, err = decodeOptional(d.Bool)
	case "login_at":
		c.LoginAt, err = decodeOptional(d.Time)
	case "labels":
		c.Labels, err = d.StringMap()
	case "ids":
		c.IDs, err = d.Int64s()
	case "limits":
		c.Limits = new(testLimits)
		err = d.Object(func(name []byte) error {
			var err error
			switch string(name) {
			case "rps":
				c.Limits.RPS, err = decodeOptional(d.Int)
			case "burst":
				c.Limits.Burst, err = decodeOptional(d.Int)
			}
			return err
		})
	default:
		return false, nil
	}
	return true, err
}

// decodeOptional reads a value with read and returns a pointer to it, or
// nil on error.
func decodeOptional[T any](read func() (T, error)) (*T, error) {
	v, err := read()
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func encodeTestMembers(c *testClaims, e *Encoder) {
	if c.UserID != "" {
		e.String("uid", c.UserID)
	}
	if c.Scopes != nil {
		e.Strings("scp", c.Scopes)
	}
	e.String("tenant", c.Tenant)
	if c.Plan != nil {
		e.String("plan", *c.Plan)
	}
	if c.Roles != nil {
		e.Strings("roles", c.Roles)
	}
	if c.Quota != nil {
		e.Int64("q", *c.Quota)
	}
	if c.Ratio != nil {
		e.Float64("ratio", *c.Ratio)
	}
	if c.Admin != nil {
		e.Bool("admin", *c.Admin)
	}
	if c.LoginAt != nil {
		e.Time("login_at", *c.LoginAt)
	}
	if c.Labels != nil {
		e.StringMap("labels", c.Labels)
	}
	if c.IDs != nil {
		e.Int64s("ids", c.IDs)
	}
	if c.Limits != nil {
		e.BeginObject("limits")
		if c.Limits.RPS != nil {
			e.Int64("rps", int64(*c.Limits.RPS))
		}
		if c.Limits.Burst != nil {
			e.Int64("burst", int64(*c.Limits.Burst))
		}
		e.EndObject()
	}
}

func checkTestClaims(c *testClaims) error {
	var errs []error
	if c.Tenant == "" {
		errs = append(errs, fmt.Errorf("tenant: %w", jwt.ErrTokenRequiredClaimMissing))
	}
	if c.Plan != nil && *c.Plan != "free" && *c.Plan != "pro" {
		errs = append(errs, fmt.Errorf("plan: %q is not one of free, pro: %w", *c.Plan, jwt.ErrTokenInvalidClaims))
	}
	return errors.Join(errs...)
}

// fullTestClaims returns claims with every member set.
func fullTestClaims() testClaims {
	return testClaims{
		RegisteredClaims: RegisteredClaims{
			Issuer:    "https://auth.example.test",
			Subject:   "user-7",
			Audience:  []string{"orders-api", "billing"},
			ExpiresAt: time.Unix(1780000900, 0).UTC(),
			NotBefore: time.Unix(1780000000, 0).UTC(),
			IssuedAt:  time.Unix(1779999990, 0).UTC(),
			ID:        "4f1c2a",
			AuthTime:  time.Unix(1779990000, 0).UTC(),
		},
		UserID:  "u-42",
		Scopes:  []string{"read:orders", "write:orders"},
		Tenant:  "acme",
		Plan:    new("pro"),
		Roles:   []string{"admin", "ops"},
		Quota:   new(int64(-12)),
		Ratio:   new(0.25),
		Admin:   new(true),
		LoginAt: new(time.Unix(1779990000, 0).UTC()),
		Labels:  map[string]string{"zone": "eu", "env": "prod"},
		IDs:     []int64{1, -2, 9007199254740993},
		Limits:  &testLimits{RPS: new(10), Burst: new(20)},
	}
}

// fullTestJSON is fullTestClaims as appendClaims writes it.
const fullTestJSON = `{"iss":"https://auth.example.test","sub":"user-7","aud":["orders-api","billing"],` +
	`"exp":1780000900,"nbf":1780000000,"iat":1779999990,"jti":"4f1c2a","auth_time":1779990000,` +
	`"uid":"u-42","scp":["read:orders","write:orders"],"tenant":"acme","plan":"pro","roles":["admin","ops"],` +
	`"q":-12,"ratio":0.25,"admin":true,"login_at":1779990000,"labels":{"env":"prod","zone":"eu"},` +
	`"ids":[1,-2,9007199254740993],"limits":{"rps":10,"burst":20}}`

func unix(sec, nsec int64) time.Time { return time.Unix(sec, nsec).UTC() }

func TestDecodeClaims(t *testing.T) {
	tests := []struct {
		desc    string
		in      string
		want    testClaims
		wantErr string // substring of the error; empty for success
	}{
		{
			desc: "every member",
			in:   fullTestJSON,
			want: fullTestClaims(),
		},
		{
			desc: "empty object",
			in:   `{}`,
		},
		{
			desc: "whitespace around the object",
			in:   " \t\r\n{ \"uid\" : \"u\" }\n ",
			want: testClaims{UserID: "u"},
		},
		{
			desc: "jason fractional NumericDates",
			in:   `{"nbf":1780000000.123456,"exp":1780000900.5,"iat":1.78e9}`,
			want: testClaims{RegisteredClaims: RegisteredClaims{
				NotBefore: unix(1780000000, 123456000),
				ExpiresAt: unix(1780000900, 500000000),
				IssuedAt:  unix(1780000000, 0),
			}},
		},
		{
			desc: "exp 0 is present",
			in:   `{"exp":0}`,
			want: testClaims{RegisteredClaims: RegisteredClaims{ExpiresAt: unix(0, 0)}},
		},
		{
			desc: "aud as one string",
			in:   `{"aud":"orders-api"}`,
			want: testClaims{RegisteredClaims: RegisteredClaims{Audience: []string{"orders-api"}}},
		},
		{
			desc: "aud as an empty array",
			in:   `{"aud":[]}`,
			want: testClaims{RegisteredClaims: RegisteredClaims{Audience: []string{}}},
		},
		{
			desc: "escaped name equals exp",
			in:   `{"\u0065xp":5}`,
			want: testClaims{RegisteredClaims: RegisteredClaims{ExpiresAt: unix(5, 0)}},
		},
		{
			desc: "upper-case EXP is an unknown member",
			in:   `{"EXP":5,"Roles":["x"],"UID":"u"}`,
		},
		{
			desc: "unknown members of every type skipped",
			in:   `{"x":{"a":[1,{"b":null}],"c":"\u00e9"},"y":[],"z":-1.5e3,"t":true,"f":false,"n":null}`,
		},
		{
			desc: "scp as a space-separated string",
			in:   `{"scp":"read:orders  write:orders"}`,
			want: testClaims{Scopes: []string{"read:orders", "write:orders"}},
		},
		{
			desc: "whole-number float as int64",
			in:   `{"q":1.5e3}`,
			want: testClaims{Quota: new(int64(1500))},
		},
		{
			desc:    "exp null",
			in:      `{"exp":null}`,
			wantErr: `claim "exp": expected a number, got null`,
		},
		{
			desc:    "exp as a string",
			in:      `{"exp":"1"}`,
			wantErr: `claim "exp": expected a number, got string "1"`,
		},
		{
			desc:    "exp beyond year 9999",
			in:      `{"exp":1e400}`,
			wantErr: `claim "exp": NumericDate 1e400 out of range (year 1 to 9999)`,
		},
		{
			desc:    "iss as a number",
			in:      `{"iss":1}`,
			wantErr: `claim "iss": expected a string, got 1`,
		},
		{
			desc:    "aud as a number",
			in:      `{"aud":1}`,
			wantErr: `claim "aud": expected a string or an array of strings, got 1`,
		},
		{
			desc:    "aud element of the wrong type",
			in:      `{"aud":["a",1]}`,
			wantErr: `claim "aud[1]": expected a string, got 1`,
		},
		{
			desc:    "auth_time as a boolean",
			in:      `{"auth_time":true}`,
			wantErr: `claim "auth_time": expected a number, got true`,
		},
		{
			desc:    "custom claim null",
			in:      `{"tenant":null}`,
			wantErr: `claim "tenant": expected a string, got null`,
		},
		{
			desc:    "custom integer too large",
			in:      `{"q":99999999999999999999}`,
			wantErr: `claim "q": integer 99999999999999999999 out of range`,
		},
		{
			desc:    "custom integer with a fraction",
			in:      `{"q":1.5}`,
			wantErr: `claim "q": expected an integer, got 1.5`,
		},
		{
			desc:    "nested member of the wrong type",
			in:      `{"limits":{"rps":"x"}}`,
			wantErr: `claim "limits.rps": expected an integer, got string "x"`,
		},
		{
			desc:    "map value of the wrong type",
			in:      `{"labels":{"env":1}}`,
			wantErr: `claim "labels.env": expected a string, got 1`,
		},
		{
			desc:    "duplicate exp",
			in:      `{"exp":1,"exp":2}`,
			wantErr: `duplicate claim "exp"`,
		},
		{
			desc:    "duplicate through an escape",
			in:      `{"exp":1,"\u0065xp":2}`,
			wantErr: `duplicate claim "exp"`,
		},
		{
			desc:    "duplicate unknown member",
			in:      `{"x":1,"x":1}`,
			wantErr: `duplicate claim "x"`,
		},
		{
			desc:    "duplicate inside a skipped member",
			in:      `{"x":{"a":1,"a":2}}`,
			wantErr: `claim "x": duplicate member "a"`,
		},
		{
			desc:    "invalid JSON inside a skipped member",
			in:      `{"x":[1,]}`,
			wantErr: `claim "x[1]": invalid JSON at offset 8: invalid character ']', expected a value`,
		},
		{
			desc:    "trailing garbage",
			in:      `{"uid":"u"} x`,
			wantErr: `invalid JSON at offset 12: unexpected data after the top-level value`,
		},
		{
			desc:    "two objects",
			in:      `{}{}`,
			wantErr: `unexpected data after the top-level value`,
		},
		{
			desc:    "array at the top level",
			in:      `[]`,
			wantErr: `expected an object, got an array`,
		},
		{
			desc:    "null at the top level",
			in:      `null`,
			wantErr: `expected an object, got null`,
		},
		{
			desc:    "empty input",
			in:      ``,
			wantErr: `invalid JSON: unexpected end of input`,
		},
		{
			desc:    "unclosed object",
			in:      `{"uid":"u"`,
			wantErr: `invalid JSON: unexpected end of input`,
		},
		{
			desc:    "trailing comma",
			in:      `{"uid":"u",}`,
			wantErr: `invalid JSON at offset 11: expected a member name`,
		},
		{
			desc:    "nesting too deep",
			in:      `{"x":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}`,
			wantErr: `claim "x[0][0][0]`,
		},
		{
			desc:    "invalid UTF-8 in a name",
			in:      "{\"\xff\":1}",
			wantErr: `invalid UTF-8 in string`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var got testClaims
			err := decodeClaims(testCodec, []byte(tt.in), &got)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("decodeClaims(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				if !errors.Is(err, jwt.ErrTokenMalformed) {
					t.Errorf("decodeClaims(%q) error %q does not wrap jwt.ErrTokenMalformed", tt.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("decodeClaims(%q) error = %v, want nil", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decodeClaims(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestDecodeClaimsNestingLimit(t *testing.T) {
	// The claims object is level 1, so 63 arrays inside it reach the limit
	// of 64 and one more exceeds it.
	ok := `{"x":` + strings.Repeat("[", 63) + strings.Repeat("]", 63) + `}`
	if err := decodeClaims(testCodec, []byte(ok), new(testClaims)); err != nil {
		t.Errorf("decodeClaims(64 levels) error = %v, want nil", err)
	}
	deep := `{"x":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}`
	err := decodeClaims(testCodec, []byte(deep), new(testClaims))
	if err == nil || !strings.Contains(err.Error(), "nested deeper than 64 levels") {
		t.Errorf("decodeClaims(65 levels) error = %v, want nested deeper than 64 levels", err)
	}

	// Deep input must fail fast instead of exhausting the stack.
	huge := `{"x":` + strings.Repeat(`{"a":[`, 500000)
	err = decodeClaims(testCodec, []byte(huge), new(testClaims))
	if err == nil || !strings.Contains(err.Error(), "nested deeper than 64 levels") {
		t.Errorf("decodeClaims(1,000,000 levels) error = %v, want nested deeper than 64 levels", err)
	}
}

func TestDecodeClaimsUnknownMember(t *testing.T) {
	// A codec that knows no member sees each name once and reads nothing.
	var seen []string
	codec := Codec[testClaims]{
		Registered: func(c *testClaims) *RegisteredClaims { return &c.RegisteredClaims },
		DecodeMember: func(c *testClaims, name []byte, d *Decoder) (bool, error) {
			seen = append(seen, string(name))
			return false, nil
		},
	}
	var got testClaims
	in := `{"uid":"u","exp":3,"x":{"y":[1,2]},"EXP":"s"}`
	if err := decodeClaims(codec, []byte(in), &got); err != nil {
		t.Fatalf("decodeClaims(%q) error = %v, want nil", in, err)
	}
	if want := []string{"uid", "x", "EXP"}; !cmp.Equal(seen, want) {
		t.Errorf("decodeClaims(%q) called DecodeMember with %q, want %q", in, seen, want)
	}
	if want := unix(3, 0); !got.ExpiresAt.Equal(want) {
		t.Errorf("decodeClaims(%q) ExpiresAt = %v, want %v", in, got.ExpiresAt, want)
	}
}

func TestDecodeClaimsMemberError(t *testing.T) {
	// An error of the codec's own is wrapped with the claim name and
	// jwt.ErrTokenMalformed, and stays reachable through errors.Is.
	errCustom := errors.New("custom failure")
	codec := Codec[testClaims]{
		DecodeMember: func(c *testClaims, name []byte, d *Decoder) (bool, error) {
			return true, errCustom
		},
	}
	err := decodeClaims(codec, []byte(`{"plan":"x"}`), new(testClaims))
	if err == nil || err.Error() != `claim "plan": custom failure` {
		t.Fatalf("decodeClaims error = %v, want claim \"plan\": custom failure", err)
	}
	if !errors.Is(err, errCustom) || !errors.Is(err, jwt.ErrTokenMalformed) {
		t.Errorf("decodeClaims error %q does not wrap both the codec's error and jwt.ErrTokenMalformed", err)
	}
}

func TestDecodeClaimsNilCodecFuncs(t *testing.T) {
	// A codec without functions has no members: everything is skipped.
	in := `{"exp":1,"uid":"u","x":[{}]}`
	if err := decodeClaims(Codec[testClaims]{}, []byte(in), new(testClaims)); err != nil {
		t.Errorf("decodeClaims(%q) with an empty codec: error = %v, want nil", in, err)
	}
	got := appendClaims(nil, Codec[testClaims]{}, &testClaims{UserID: "u"})
	if string(got) != `{}` {
		t.Errorf("appendClaims with an empty codec = %s, want {}", got)
	}
}

func TestAppendClaims(t *testing.T) {
	tests := []struct {
		desc   string
		claims testClaims
		want   string
	}{
		{
			desc:   "every member",
			claims: fullTestClaims(),
			want:   fullTestJSON,
		},
		{
			desc:   "absent members omitted",
			claims: testClaims{Tenant: "acme"},
			want:   `{"tenant":"acme"}`,
		},
		{
			desc: "single audience as an array",
			claims: testClaims{RegisteredClaims: RegisteredClaims{
				Audience: []string{"orders-api"},
			}},
			want: `{"aud":["orders-api"],"tenant":""}`,
		},
		{
			desc: "empty audience kept",
			claims: testClaims{RegisteredClaims: RegisteredClaims{
				Audience: []string{},
			}},
			want: `{"aud":[],"tenant":""}`,
		},
		{
			desc: "fractional seconds dropped",
			claims: testClaims{RegisteredClaims: RegisteredClaims{
				NotBefore: unix(1780000000, 999999999),
				ExpiresAt: unix(0, 0),
			}},
			want: `{"exp":0,"nbf":1780000000,"tenant":""}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got := appendClaims([]byte("prefix:"), testCodec, &tt.claims)
			if want := "prefix:" + tt.want; string(got) != want {
				t.Errorf("appendClaims(%+v)\n got %s\nwant %s", tt.claims, got, want)
			}
		})
	}
}

func TestMarshalClaimsRoundTrip(t *testing.T) {
	tests := []struct {
		desc   string
		claims testClaims
	}{
		{desc: "every member", claims: fullTestClaims()},
		{desc: "only the required tenant", claims: testClaims{Tenant: "acme"}},
		{desc: "empty slices and map", claims: testClaims{
			RegisteredClaims: RegisteredClaims{Audience: []string{}},
			Scopes:           []string{},
			Roles:            []string{},
			Labels:           map[string]string{},
			IDs:              []int64{},
			Limits:           &testLimits{},
		}},
		{desc: "strings that need escapes", claims: testClaims{
			RegisteredClaims: RegisteredClaims{Subject: "a\"b\\c\n\x00\x1f</script>&"},
			UserID:           "\u2028 é 😀",
			Labels:           map[string]string{"\t": "\"", "": ""},
		}},
		{desc: "extreme numbers", claims: testClaims{
			RegisteredClaims: RegisteredClaims{
				ExpiresAt: unix(253402300799, 0),
				NotBefore: unix(-62135596799, 0),
			},
			Quota: new(int64(-9223372036854775808)),
			Ratio: new(5e-324),
			IDs:   []int64{9223372036854775807},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			data, err := MarshalClaims(testCodec, &tt.claims)
			if err != nil {
				t.Fatalf("MarshalClaims(%+v) error = %v", tt.claims, err)
			}
			if !json.Valid(data) {
				t.Fatalf("MarshalClaims(%+v) = %s, which is not valid JSON", tt.claims, data)
			}
			var got testClaims
			if err := UnmarshalClaims(testCodec, data, &got); err != nil {
				t.Fatalf("UnmarshalClaims(%s) error = %v", data, err)
			}
			if diff := cmp.Diff(tt.claims, got); diff != "" {
				t.Errorf("round trip through %s changed the claims (-want +got):\n%s", data, diff)
			}
		})
	}
}

func TestMarshalClaimsNaN(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		c := testClaims{Ratio: &v}
		data, err := MarshalClaims(testCodec, &c)
		want := fmt.Sprintf(`claim "ratio": %v cannot be encoded as JSON`, v)
		if err == nil || !strings.Contains(err.Error(), want) || data != nil {
			t.Errorf("MarshalClaims(ratio %v) = %s, %v; want nil and an error containing %q", v, data, err, want)
		}

		// appendClaims has no error result and writes null, which stays valid
		// JSON that decodeClaims rejects.
		out := appendClaims(nil, testCodec, &c)
		if !json.Valid(out) || !strings.Contains(string(out), `"ratio":null`) {
			t.Errorf("appendClaims(ratio %v) = %s, want valid JSON with \"ratio\":null", v, out)
		}
		if err := decodeClaims(testCodec, out, new(testClaims)); err == nil {
			t.Errorf("decodeClaims(%s) error = nil, want one for null", out)
		}
	}
}

func TestUnmarshalClaimsReplaces(t *testing.T) {
	c := fullTestClaims()
	if err := UnmarshalClaims(testCodec, []byte(`{"uid":"other"}`), &c); err != nil {
		t.Fatalf("UnmarshalClaims error = %v", err)
	}
	if diff := cmp.Diff(testClaims{UserID: "other"}, c); diff != "" {
		t.Errorf("UnmarshalClaims kept members of the old value (-want +got):\n%s", diff)
	}
}

func TestUnmarshalClaimsErrorKeepsValue(t *testing.T) {
	c := fullTestClaims()
	if err := UnmarshalClaims(testCodec, []byte(`{"uid":"other","exp":null}`), &c); err == nil {
		t.Fatal("UnmarshalClaims(exp null) error = nil, want one")
	}
	if diff := cmp.Diff(fullTestClaims(), c); diff != "" {
		t.Errorf("UnmarshalClaims changed the value on error (-want +got):\n%s", diff)
	}
}

func TestTestCodecCheck(t *testing.T) {
	tests := []struct {
		desc   string
		claims testClaims
		want   []error
	}{
		{desc: "valid", claims: testClaims{Tenant: "acme", Plan: new("free")}},
		{desc: "tenant missing", claims: testClaims{}, want: []error{jwt.ErrTokenRequiredClaimMissing}},
		{desc: "plan outside its enum", claims: testClaims{Tenant: "acme", Plan: new("gold")}, want: []error{jwt.ErrTokenInvalidClaims}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			err := testCodec.Check(&tt.claims)
			if (err == nil) != (len(tt.want) == 0) {
				t.Fatalf("Check(%+v) = %v, want errors %v", tt.claims, err, tt.want)
			}
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Errorf("Check(%+v) = %v, want it to wrap %v", tt.claims, err, want)
				}
			}
		})
	}
}

// typicalClaimsJSON is the claims object of an Access token as jason writes
// it, fractional nbf included.
const typicalClaimsJSON = `{"uid":"u-1234567","scp":["read:orders","write:orders"],` +
	`"nbf":1780000000.123456,"exp":1780000900.123456,"iat":1780000000,` +
	`"iss":"https://auth.example.test","aud":"orders-api",` +
	`"jti":"6f2d9c1a4b7e8d3f","tenant":"acme","plan":"pro"}`

func BenchmarkDecodeClaims(b *testing.B) {
	data := []byte(typicalClaimsJSON)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var c testClaims
		if err := decodeClaims(testCodec, data, &c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendClaims(b *testing.B) {
	var c testClaims
	if err := decodeClaims(testCodec, []byte(typicalClaimsJSON), &c); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf = appendClaims(buf[:0], testCodec, &c)
	}
	b.SetBytes(int64(len(buf)))
}
