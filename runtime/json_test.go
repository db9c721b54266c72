package runtime

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

// decodeTest is a case for one Decoder method: the input is a whole JSON
// text, so the value must be followed by whitespace only.
type decodeTest[T any] struct {
	desc    string
	in      string
	want    T
	wantErr string // substring of the error; empty for success
}

// runDecodeTests runs read, which calls the Decoder method named method,
// on every case.
func runDecodeTests[T any](t *testing.T, method string, tests []decodeTest[T], read func(d *Decoder) (T, error)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			d := &Decoder{data: []byte(tt.in)}
			got, err := read(d)
			if err == nil {
				err = d.end()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Decoder.%s(%q) = %v, %v; want an error containing %q", method, tt.in, got, err, tt.wantErr)
				}
				if !errors.Is(err, jwt.ErrTokenMalformed) {
					t.Errorf("Decoder.%s(%q) error %q does not wrap jwt.ErrTokenMalformed", method, tt.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decoder.%s(%q) error = %v, want %v", method, tt.in, err, tt.want)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decoder.%s(%q) mismatch (-want +got):\n%s", method, tt.in, diff)
			}
		})
	}
}

func TestDecoderString(t *testing.T) {
	runDecodeTests(t, "String", []decodeTest[string]{
		{desc: "plain", in: `"abc"`, want: "abc"},
		{desc: "whitespace around", in: " \t\n\r\"abc\" \n", want: "abc"},
		{desc: "empty", in: `""`, want: ""},
		{desc: "short escapes", in: `"\"\\\/\b\f\n\r\t"`, want: "\"\\/\b\f\n\r\t"},
		{desc: "unicode escape", in: `"\u0065xp"`, want: "exp"},
		{desc: "upper-case hex", in: `"\u00E9\u00e9"`, want: "éé"},
		{desc: "surrogate pair", in: `"\ud83d\ude00"`, want: "😀"},
		{desc: "raw UTF-8", in: `"é 😀 中"`, want: "é 😀 中"},
		{desc: "escaped NUL", in: `"a\u0000b"`, want: "a\x00b"},
		{desc: "null", in: `null`, wantErr: "expected a string, got null"},
		{desc: "number", in: `12`, wantErr: "expected a string, got 12"},
		{desc: "array", in: `["a"]`, wantErr: "expected a string, got an array"},
		{desc: "object", in: `{}`, wantErr: "expected a string, got an object"},
		{desc: "unknown escape", in: `"\x"`, wantErr: `invalid escape "\\x" in string`},
		{desc: "short unicode escape", in: `"\u12"`, wantErr: "expected four hex digits"},
		{desc: "non-hex unicode escape", in: `"\u12g4"`, wantErr: "expected four hex digits"},
		{desc: "lone high surrogate", in: `"\ud800"`, wantErr: `unpaired surrogate escape "\\ud800"`},
		{desc: "lone low surrogate", in: `"\udc00"`, wantErr: `unpaired surrogate escape "\\udc00"`},
		{desc: "high surrogate then letter", in: `"\ud800\u0041"`, wantErr: "unpaired surrogate escape"},
		{desc: "two high surrogates", in: `"\ud800\ud800"`, wantErr: "unpaired surrogate escape"},
		{desc: "invalid UTF-8 byte", in: "\"a\xffb\"", wantErr: "invalid JSON at offset 2: invalid UTF-8 in string"},
		{desc: "overlong UTF-8", in: "\"\xc0\xaf\"", wantErr: "invalid UTF-8 in string"},
		{desc: "UTF-8 surrogate", in: "\"\xed\xa0\x80\"", wantErr: "invalid UTF-8 in string"},
		{desc: "truncated UTF-8", in: "\"\xe4\xb8\"", wantErr: "invalid UTF-8 in string"},
		{desc: "control character", in: "\"a\x01b\"", wantErr: `invalid control character '\x01' in string`},
		{desc: "raw newline", in: "\"a\nb\"", wantErr: `invalid control character '\n' in string`},
		{desc: "unit separator", in: "\"\x1f\"", wantErr: `invalid control character '\x1f' in string`},
		{desc: "DEL allowed", in: "\"\x7f\"", want: "\x7f"},
		{desc: "unterminated", in: `"abc`, wantErr: "unexpected end of input"},
		{desc: "backslash at the end", in: `"\`, wantErr: "unexpected end of input"},
		{desc: "empty input", in: ``, wantErr: "unexpected end of input"},
		{desc: "trailing data", in: `"a" "b"`, wantErr: "invalid JSON at offset 4: unexpected data after the top-level value"},
		{desc: "single quotes", in: `'a'`, wantErr: `invalid character '\''`},
	}, (*Decoder).String)
}

// TestDecoderStringEveryOffset puts each kind of byte that ends the fast
// scan of a string at every offset of the first 8-byte words, and compares
// the result with encoding/json.
func TestDecoderStringEveryOffset(t *testing.T) {
	specials := []struct {
		desc    string
		text    string // raw JSON string content
		wantErr string // empty when encoding/json accepts it
	}{
		{desc: "escaped quote", text: `\"`},
		{desc: "escaped backslash", text: `\\`},
		{desc: "unicode escape", text: `\u00e9`},
		{desc: "two-byte UTF-8", text: "é"},
		{desc: "four-byte UTF-8", text: "😀"},
		{desc: "DEL", text: "\x7f"},
		{desc: "space and tilde", text: " ~"},
		{desc: "control character", text: "\x1f", wantErr: "invalid control character"},
		{desc: "NUL", text: "\x00", wantErr: "invalid control character"},
		{desc: "invalid UTF-8", text: "\xff", wantErr: "invalid UTF-8"},
		{desc: "truncated UTF-8", text: "\xe4\xb8", wantErr: "invalid UTF-8"},
	}
	for _, sp := range specials {
		for offset := range 18 {
			for _, tail := range []int{0, 1, 9} {
				in := `"` + strings.Repeat("a", offset) + sp.text + strings.Repeat("b", tail) + `"`
				d := &Decoder{data: []byte(in)}
				got, err := d.String()
				if sp.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), sp.wantErr) {
						t.Errorf("%s: Decoder.String(%q) = %q, %v; want an error containing %q", sp.desc, in, got, err, sp.wantErr)
					}
					continue
				}
				var want string
				if err := json.Unmarshal([]byte(in), &want); err != nil {
					t.Fatalf("%s: json.Unmarshal(%q): %v", sp.desc, in, err)
				}
				if err != nil || got != want || d.pos != len(in) {
					t.Errorf("%s: Decoder.String(%q) = %q, %v, ending at %d; want %q ending at %d", sp.desc, in, got, err, d.pos, want, len(in))
				}
			}
		}
	}
}

// TestDecoderStringShared checks that String returns substrings of the
// Decoder's text when it has one, and still copies escaped values.
func TestDecoderStringShared(t *testing.T) {
	in := `["plain","esc\u0061ped"]`
	d := &Decoder{data: []byte(in), text: in}
	got, err := d.Strings()
	if err != nil {
		t.Fatalf("Decoder.Strings(%q) error = %v", in, err)
	}
	if want := []string{"plain", "escaped"}; !slices.Equal(got, want) {
		t.Fatalf("Decoder.Strings(%q) = %q, want %q", in, got, want)
	}
	if unsafe.StringData(got[0]) != unsafe.StringData(in[2:]) {
		t.Errorf("Decoder.String(%q) copied the plain value, want a substring of the text", in)
	}
}

func TestDecoderBool(t *testing.T) {
	runDecodeTests(t, "Bool", []decodeTest[bool]{
		{desc: "true", in: `true`, want: true},
		{desc: "false", in: ` false `, want: false},
		{desc: "null", in: `null`, wantErr: "expected true or false, got null"},
		{desc: "string", in: `"true"`, wantErr: `expected true or false, got string "true"`},
		{desc: "number", in: `1`, wantErr: "expected true or false, got 1"},
		{desc: "truncated", in: `tru`, wantErr: "unexpected end of input"},
		{desc: "misspelt", in: `trve`, wantErr: "invalid literal, expected true"},
		{desc: "upper case", in: `True`, wantErr: `invalid character 'T'`},
		{desc: "letters after", in: `truex`, wantErr: "unexpected data after the top-level value"},
	}, (*Decoder).Bool)
}

func TestDecoderInt64(t *testing.T) {
	runDecodeTests(t, "Int64", []decodeTest[int64]{
		{desc: "zero", in: `0`, want: 0},
		{desc: "negative zero", in: `-0`, want: 0},
		{desc: "positive", in: `42`, want: 42},
		{desc: "negative", in: `-42`, want: -42},
		{desc: "max", in: `9223372036854775807`, want: math.MaxInt64},
		{desc: "min", in: `-9223372036854775808`, want: math.MinInt64},
		{desc: "whole fraction", in: `1.000`, want: 1},
		{desc: "exponent", in: `1e3`, want: 1000},
		{desc: "upper-case exponent with sign", in: `1E+3`, want: 1000},
		{desc: "fraction and exponent", in: `12.5e1`, want: 125},
		{desc: "negative exponent", in: `1000e-3`, want: 1},
		{desc: "small fraction made whole", in: `0.0042e4`, want: 42},
		{desc: "zero with huge exponent", in: `0e999999999999999999`, want: 0},
		{desc: "zero fraction with huge exponent", in: `-0.000e-999999999999999999`, want: 0},
		{desc: "min as exponent", in: `-9.223372036854775808e18`, want: math.MinInt64},
		{desc: "above max", in: `9223372036854775808`, wantErr: "integer 9223372036854775808 out of range"},
		{desc: "below min", in: `-9223372036854775809`, wantErr: "integer -9223372036854775809 out of range"},
		{desc: "exponent above max", in: `1e19`, wantErr: "integer 1e19 out of range"},
		{desc: "huge exponent", in: `1e999999999999`, wantErr: "integer 1e999999999999 out of range"},
		{desc: "many digits", in: strings.Repeat("9", 100), wantErr: "integer " + strings.Repeat("9", 40) + "... out of range"},
		{desc: "fraction", in: `1.5`, wantErr: "expected an integer, got 1.5"},
		{desc: "negative exponent fraction", in: `1e-1`, wantErr: "expected an integer, got 1e-1"},
		{desc: "tenth fraction digit", in: `1.0000000001`, wantErr: "expected an integer, got 1.0000000001"},
		{desc: "tiny", in: `1e-999999999999`, wantErr: "expected an integer, got 1e-999999999999"},
		{desc: "null", in: `null`, wantErr: "expected an integer, got null"},
		{desc: "string", in: `"1"`, wantErr: `expected an integer, got string "1"`},
		{desc: "boolean", in: `false`, wantErr: "expected an integer, got false"},
		{desc: "leading zero", in: `01`, wantErr: "invalid JSON at offset 1: unexpected data after the top-level value"},
		{desc: "leading plus", in: `+1`, wantErr: `invalid character '+'`},
		{desc: "leading point", in: `.5`, wantErr: `invalid character '.'`},
		{desc: "point without digits", in: `1.`, wantErr: "unexpected end of input"},
		{desc: "point then letter", in: `1.x`, wantErr: `invalid character 'x' in number, expected a digit after the decimal point`},
		{desc: "exponent without digits", in: `1e+`, wantErr: "unexpected end of input"},
		{desc: "minus alone", in: `-`, wantErr: "unexpected end of input"},
		{desc: "minus then letter", in: `-a`, wantErr: `invalid character 'a' in number, expected a digit`},
		{desc: "NaN", in: `NaN`, wantErr: `invalid character 'N'`},
		{desc: "infinity", in: `-Infinity`, wantErr: `invalid character 'I' in number`},
		{desc: "hex", in: `0x10`, wantErr: "unexpected data after the top-level value"},
	}, (*Decoder).Int64)
}

func TestDecoderInt(t *testing.T) {
	maxInt, minInt := strconv.Itoa(math.MaxInt), strconv.Itoa(math.MinInt)
	runDecodeTests(t, "Int", []decodeTest[int]{
		{desc: "positive", in: `7`, want: 7},
		{desc: "negative", in: `-7`, want: -7},
		{desc: "max", in: maxInt, want: math.MaxInt},
		{desc: "min", in: minInt, want: math.MinInt},
		{desc: "whole exponent", in: `2e2`, want: 200},
		{desc: "above max", in: maxInt + "0", wantErr: "out of range"},
		{desc: "below min", in: minInt + "0", wantErr: "out of range"},
		{desc: "fraction", in: `7.5`, wantErr: "expected an integer, got 7.5"},
		{desc: "null", in: `null`, wantErr: "expected an integer, got null"},
		{desc: "array", in: `[7]`, wantErr: "expected an integer, got an array"},
	}, (*Decoder).Int)
}

func TestDecoderFloat64(t *testing.T) {
	runDecodeTests(t, "Float64", []decodeTest[float64]{
		{desc: "integer", in: `3`, want: 3},
		{desc: "fraction", in: `-0.25`, want: -0.25},
		{desc: "exponent", in: `1.5e300`, want: 1.5e300},
		{desc: "max", in: `1.7976931348623157e308`, want: math.MaxFloat64},
		{desc: "smallest denormal", in: `5e-324`, want: 5e-324},
		{desc: "underflow to zero", in: `1e-400`, want: 0},
		{desc: "long integer rounds", in: `123456789012345678901234567890`, want: 1.2345678901234568e29},
		{desc: "overflow", in: `1e400`, wantErr: "number 1e400 out of range"},
		{desc: "negative overflow", in: `-2e308`, wantErr: "number -2e308 out of range"},
		{desc: "null", in: `null`, wantErr: "expected a number, got null"},
		{desc: "string", in: `"1.5"`, wantErr: `expected a number, got string "1.5"`},
		{desc: "NaN", in: `NaN`, wantErr: `invalid character 'N'`},
	}, (*Decoder).Float64)
}

func TestDecoderTime(t *testing.T) {
	runDecodeTests(t, "Time", []decodeTest[time.Time]{
		{desc: "integer seconds", in: `1780000000`, want: unix(1780000000, 0)},
		{desc: "jason fraction", in: `1780000000.123456`, want: unix(1780000000, 123456000)},
		{desc: "nanoseconds", in: `1780000000.000000001`, want: unix(1780000000, 1)},
		{desc: "digits beyond nanoseconds dropped", in: `1.0000000019`, want: unix(1, 1)},
		{desc: "exponent", in: `1.78e9`, want: unix(1780000000, 0)},
		{desc: "fraction from exponent", in: `17800000001e-1`, want: unix(1780000000, 100000000)},
		{desc: "epoch", in: `0`, want: unix(0, 0)},
		{desc: "tiny", in: `1e-400`, want: unix(0, 0)},
		{desc: "negative fraction", in: `-1.5`, want: unix(-2, 500000000)},
		{desc: "last second of year 9999", in: `253402300799.999999999`, want: unix(253402300799, 999999999)},
		{desc: "last whole second of year 9999", in: `253402300799`, want: unix(253402300799, 0)},
		{desc: "largest 12 digits", in: `999999999999`, wantErr: "NumericDate 999999999999 out of range"},
		{desc: "13 digits", in: `1000000000000`, wantErr: "NumericDate 1000000000000 out of range"},
		{desc: "one", in: `1`, want: unix(1, 0)},
		{desc: "first second of year 1", in: `-62135596799`, want: unix(-62135596799, 0)},
		{desc: "after year 9999", in: `253402300800`, wantErr: "NumericDate 253402300800 out of range (year 1 to 9999)"},
		{desc: "zero time.Time", in: `-62135596800`, wantErr: "NumericDate -62135596800 out of range"},
		{desc: "just before year 1 second 1", in: `-62135596799.5`, wantErr: "out of range"},
		{desc: "int64 max", in: `9223372036854775807`, wantErr: "out of range"},
		{desc: "huge", in: `1e400`, wantErr: "NumericDate 1e400 out of range"},
		{desc: "null", in: `null`, wantErr: "expected a number, got null"},
		{desc: "string", in: `"1"`, wantErr: `expected a number, got string "1"`},
		{desc: "RFC 3339 string", in: `"2026-01-01T00:00:00Z"`, wantErr: `expected a number, got string "2026-01-01T00:00:00Z"`},
		{desc: "NaN", in: `NaN`, wantErr: `invalid character 'N'`},
	}, (*Decoder).Time)
}

func TestDecoderStrings(t *testing.T) {
	runDecodeTests(t, "Strings", []decodeTest[[]string]{
		{desc: "empty array", in: `[]`, want: []string{}},
		{desc: "empty array with space", in: `[ ]`, want: []string{}},
		{desc: "two", in: `[ "a" , "b" ]`, want: []string{"a", "b"}},
		{desc: "escaped", in: `["\u0061","\n"]`, want: []string{"a", "\n"}},
		{desc: "more than fit on the stack", in: `["` + strings.Join(memberList(40), `","`) + `"]`, want: memberList(40)},
		{desc: "null", in: `null`, wantErr: "expected an array of strings, got null"},
		{desc: "string", in: `"a"`, wantErr: `expected an array of strings, got string "a"`},
		{desc: "number element", in: `["a",1]`, wantErr: `claim "[1]": expected a string, got 1`},
		{desc: "null element", in: `[null]`, wantErr: `claim "[0]": expected a string, got null`},
		{desc: "trailing comma", in: `["a",]`, wantErr: `invalid character ']', expected a value`},
		{desc: "missing comma", in: `["a" "b"]`, wantErr: "expected ',' or ']' after an array element"},
		{desc: "unclosed", in: `["a"`, wantErr: "unexpected end of input"},
		{desc: "leading comma", in: `[,"a"]`, wantErr: `invalid character ','`},
	}, (*Decoder).Strings)
}

func TestDecoderInt64s(t *testing.T) {
	runDecodeTests(t, "Int64s", []decodeTest[[]int64]{
		{desc: "empty array", in: `[]`, want: []int64{}},
		{desc: "three", in: `[1,-2,9007199254740993]`, want: []int64{1, -2, 9007199254740993}},
		{desc: "fraction element", in: `[1,1.5]`, wantErr: `claim "[1]": expected an integer, got 1.5`},
		{desc: "string element", in: `["1"]`, wantErr: `claim "[0]": expected an integer, got string "1"`},
		{desc: "object", in: `{}`, wantErr: "expected an array of integers, got an object"},
	}, (*Decoder).Int64s)
}

func TestDecoderStringMap(t *testing.T) {
	runDecodeTests(t, "StringMap", []decodeTest[map[string]string]{
		{desc: "empty object", in: `{}`, want: map[string]string{}},
		{desc: "two", in: `{"b":"2","a":"1"}`, want: map[string]string{"a": "1", "b": "2"}},
		{desc: "escaped key", in: `{"\u0061":"1"}`, want: map[string]string{"a": "1"}},
		{desc: "empty key", in: `{"":""}`, want: map[string]string{"": ""}},
		{desc: "number value", in: `{"a":1}`, wantErr: `claim "a": expected a string, got 1`},
		{desc: "duplicate key", in: `{"a":"1","a":"2"}`, wantErr: `duplicate claim "a"`},
		{desc: "duplicate through an escape", in: `{"a":"1","\u0061":"2"}`, wantErr: `duplicate claim "a"`},
		{desc: "array", in: `[]`, wantErr: "expected an object of strings, got an array"},
		{desc: "null", in: `null`, wantErr: "expected an object of strings, got null"},
	}, (*Decoder).StringMap)
}

func TestDecoderWords(t *testing.T) {
	readWords := func(d *Decoder) ([]string, error) {
		words := []string{}
		err := d.Words(func(word []byte) { words = append(words, string(word)) })
		return words, err
	}
	runDecodeTests(t, "Words", []decodeTest[[]string]{
		{desc: "array", in: `["read:orders","write:orders"]`, want: []string{"read:orders", "write:orders"}},
		{desc: "empty array", in: `[]`, want: []string{}},
		{desc: "array elements unchanged", in: `["a b",""]`, want: []string{"a b", ""}},
		{desc: "escaped elements", in: `["\u0061","b\/c"]`, want: []string{"a", "b/c"}},
		{desc: "string", in: `"read:orders write:orders"`, want: []string{"read:orders", "write:orders"}},
		{desc: "string with extra spaces", in: `"  a   b "`, want: []string{"a", "b"}},
		{desc: "string split at spaces only", in: `"a\tb"`, want: []string{"a\tb"}},
		{desc: "escaped string", in: `"\u0061 b"`, want: []string{"a", "b"}},
		{desc: "empty string", in: `""`, want: []string{}},
		{desc: "null", in: `null`, wantErr: "expected an array of strings or a string, got null"},
		{desc: "number", in: `1`, wantErr: "expected an array of strings or a string, got 1"},
		{desc: "number element", in: `["a",1]`, wantErr: `claim "[1]": expected a string, got 1`},
		{desc: "null element", in: `[null]`, wantErr: `claim "[0]": expected a string, got null`},
		{desc: "invalid escape", in: `["\q"]`, wantErr: `invalid escape "\\q"`},
	}, readWords)
}

func TestDecoderObject(t *testing.T) {
	// readNames records each member name and reads values named "s" as
	// strings; other values are left for Object to skip.
	readNames := func(d *Decoder) ([]string, error) {
		names := []string{}
		err := d.Object(func(name []byte) error {
			names = append(names, string(name))
			if string(name) == "s" {
				_, err := d.String()
				return err
			}
			return nil
		})
		return names, err
	}
	runDecodeTests(t, "Object", []decodeTest[[]string]{
		{desc: "empty", in: `{}`, want: []string{}},
		{desc: "empty with space", in: "{ \n}", want: []string{}},
		{desc: "names in order", in: `{"b":1,"a":[2],"c":{"d":null}}`, want: []string{"b", "a", "c"}},
		{desc: "whitespace everywhere", in: " { \"a\" : 1 , \"s\" : \"x\" } ", want: []string{"a", "s"}},
		{desc: "escaped names unescaped", in: `{"\u0065xp":1,"\ud83d\ude00":2,"a\"b":3}`, want: []string{"exp", "😀", `a"b`}},
		{desc: "names compared exactly", in: `{"exp":1,"EXP":2,"Exp":3}`, want: []string{"exp", "EXP", "Exp"}},
		{desc: "many members", in: manyMembers(100, ""), want: memberList(100)},
		{desc: "read value of the wrong type", in: `{"s":1}`, wantErr: `claim "s": expected a string, got 1`},
		{desc: "duplicate", in: `{"a":1,"a":2}`, wantErr: `duplicate claim "a"`},
		{desc: "duplicate through an escape", in: `{"exp":1,"\u0065xp":2}`, wantErr: `duplicate claim "exp"`},
		{desc: "duplicate after many members", in: manyMembers(100, `,"m7":0`), wantErr: `duplicate claim "m7"`},
		{desc: "duplicate at the switch to a map", in: manyMembers(16, `,"m0":0`), wantErr: `duplicate claim "m0"`},
		{desc: "duplicate of the last name kept in the list", in: manyMembers(16, `,"m15":0`), wantErr: `duplicate claim "m15"`},
		{desc: "duplicate after the switch to a map", in: manyMembers(17, `,"m16":0`), wantErr: `duplicate claim "m16"`},
		{desc: "names alike but for one byte", in: `{"aXYb":1,"aZYb":2,"aXZb":3,"aXYc":4,"bXYb":5}`, want: []string{"aXYb", "aZYb", "aXZb", "aXYc", "bXYb"}},
		{desc: "duplicate among names alike", in: `{"aXYb":1,"aZYb":2,"aXZb":3,"aZYb":4}`, wantErr: `duplicate claim "aZYb"`},
		{desc: "long duplicate name cut", in: `{"` + strings.Repeat("n", 50) + `":1,"` + strings.Repeat("n", 50) + `":2}`, wantErr: `duplicate claim "` + strings.Repeat("n", 40) + `"...`},
		{desc: "long name cut in a path", in: `{"` + strings.Repeat("é", 30) + `":{"a":1,"a":2}}`, wantErr: `claim "` + strings.Repeat("é", 20) + `...": duplicate member "a"`},
		{desc: "duplicate in a nested object", in: `{"a":{"b":1,"b":2}}`, wantErr: `claim "a": duplicate member "b"`},
		{desc: "duplicate in an object in an array", in: `{"a":[{},{"b":1,"b":2}]}`, wantErr: `claim "a[1]": duplicate member "b"`},
		{desc: "missing colon", in: `{"a" 1}`, wantErr: "invalid JSON at offset 5: expected ':' after a member name"},
		{desc: "missing value", in: `{"a":}`, wantErr: `claim "a": invalid JSON at offset 5: invalid character '}', expected a value`},
		{desc: "trailing comma", in: `{"a":1,}`, wantErr: "expected a member name"},
		{desc: "missing comma", in: `{"a":1 "b":2}`, wantErr: "expected ',' or '}' after an object member"},
		{desc: "unquoted name", in: `{a:1}`, wantErr: "expected a member name"},
		{desc: "number as name", in: `{1:1}`, wantErr: "expected a member name"},
		{desc: "unclosed", in: `{"a":1`, wantErr: "unexpected end of input"},
		{desc: "array", in: `[]`, wantErr: "expected an object, got an array"},
		{desc: "null", in: `null`, wantErr: "expected an object, got null"},
		{desc: "string", in: `"{}"`, wantErr: `expected an object, got string "{}"`},
	}, readNames)
}

// manyMembers returns an object with n members named m0, m1, ..., followed
// by extra.
func manyMembers(n int, extra string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"m` + strconv.Itoa(i) + `":` + strconv.Itoa(i))
	}
	return b.String() + extra + "}"
}

func memberList(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = "m" + strconv.Itoa(i)
	}
	return names
}

func TestDecoderObjectNestedPath(t *testing.T) {
	// Errors from nested Object calls name the whole path.
	d := &Decoder{data: []byte(`{"a":{"b":[1,{"c":true}]}}`)}
	var objectMember func(name []byte) error
	objectMember = func(name []byte) error {
		switch string(name) {
		case "a":
			return d.Object(objectMember)
		case "b":
			_, err := d.Int64s()
			return err
		}
		return nil
	}
	err := d.Object(objectMember)
	want := `claim "a.b[1]": expected an integer, got an object`
	if err == nil || err.Error() != want {
		t.Errorf("Decoder.Object error = %v, want %s", err, want)
	}
}

func TestDecoderSkip(t *testing.T) {
	skip := func(d *Decoder) (struct{}, error) { return struct{}{}, d.Skip() }
	runDecodeTests(t, "Skip", []decodeTest[struct{}]{
		{desc: "null", in: `null`},
		{desc: "true", in: `true`},
		{desc: "false", in: `false`},
		{desc: "number", in: `-1.5e-3`},
		{desc: "huge number", in: `1e99999999999999999999`},
		{desc: "string", in: `"a\u00e9\ud83d\ude00"`},
		{desc: "nested", in: `{"a":[1,{"b":[null,true,false,"x",{}]},[]],"c":{}}`},
		{desc: "64 levels", in: strings.Repeat("[", 64) + strings.Repeat("]", 64)},
		{desc: "64 levels of objects", in: strings.Repeat(`{"a":`, 63) + "{}" + strings.Repeat("}", 63)},
		{desc: "65 levels", in: strings.Repeat("[", 65) + strings.Repeat("]", 65), wantErr: "invalid JSON at offset 64: nested deeper than 64 levels"},
		{desc: "deep unclosed", in: strings.Repeat("[", 1000000), wantErr: "nested deeper than 64 levels"},
		{desc: "duplicate in a nested object", in: `[{"a":1,"a":1}]`, wantErr: `duplicate member "a"`},
		{desc: "truncated null", in: `nul`, wantErr: "unexpected end of input"},
		{desc: "misspelt null", in: `nil`, wantErr: "invalid literal, expected null"},
		{desc: "trailing comma in array", in: `[1,]`, wantErr: `invalid character ']', expected a value`},
		{desc: "invalid string in array", in: `["\ud800"]`, wantErr: `claim "[0]": invalid JSON at offset 2: unpaired surrogate escape`},
		{desc: "empty input", in: ``, wantErr: "unexpected end of input"},
		{desc: "only whitespace", in: " \n\t", wantErr: "unexpected end of input"},
		{desc: "byte order mark", in: "\ufeff{}", wantErr: "invalid character"},
		{desc: "comment", in: `/* c */ 1`, wantErr: `invalid character '/'`},
		{desc: "form feed is not whitespace", in: "\f1", wantErr: `invalid character '\f'`},
		{desc: "two values", in: `1 2`, wantErr: "unexpected data after the top-level value"},
	}, skip)
}

func TestDecoderNoun(t *testing.T) {
	// decodeObject names top-level members with its noun.
	err := decodeObject([]byte(`{"alg":1,"alg":2}`), "header parameter", func(d *Decoder, name []byte) error {
		return nil
	})
	if want := `duplicate header parameter "alg"`; err == nil || err.Error() != want {
		t.Errorf("decodeObject duplicate error = %v, want %s", err, want)
	}
	err = decodeObject([]byte(`{"alg":1}`), "header parameter", func(d *Decoder, name []byte) error {
		_, err := d.String()
		return err
	})
	if want := `header parameter "alg": expected a string, got 1`; err == nil || err.Error() != want {
		t.Errorf("decodeObject type error = %v, want %s", err, want)
	}
}

func TestDecoderAllocs(t *testing.T) {
	// Reading numbers, booleans, times, member names and skipped values
	// must not allocate.
	tests := []struct {
		desc string
		in   string
		read func(d *Decoder) error
	}{
		{desc: "Int64", in: `1780000000`, read: func(d *Decoder) error { _, err := d.Int64(); return err }},
		{desc: "Int", in: `-12`, read: func(d *Decoder) error { _, err := d.Int(); return err }},
		{desc: "Float64", in: `0.123456789`, read: func(d *Decoder) error { _, err := d.Float64(); return err }},
		{desc: "Time", in: `1780000000.123456`, read: func(d *Decoder) error { _, err := d.Time(); return err }},
		{desc: "Bool", in: `true`, read: func(d *Decoder) error { _, err := d.Bool(); return err }},
		{desc: "Words", in: `["read:orders","write:orders"]`, read: func(d *Decoder) error { return d.Words(func([]byte) {}) }},
		{desc: "String of shared text", in: `"https://auth.example.test"`, read: func(d *Decoder) error { _, err := d.String(); return err }},
		{desc: "Skip", in: `{"a":[1,{"b":"c"}],"d":null}`, read: func(d *Decoder) error { return d.Skip() }},
		{desc: "Object", in: `{"iss":"x","exp":1,"nbf":2,"uid":true}`, read: func(d *Decoder) error {
			return d.Object(func(name []byte) error { return nil })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			d := &Decoder{data: []byte(tt.in), text: tt.in}
			allocs := testing.AllocsPerRun(100, func() {
				d.pos = 0
				if err := tt.read(d); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("Decoder.%s(%s) allocates %v times per run, want 0", tt.desc, tt.in, allocs)
			}
		})
	}
}

func TestEncoder(t *testing.T) {
	tests := []struct {
		desc   string
		encode func(e *Encoder)
		want   string // the whole object
	}{
		{desc: "no members", encode: func(e *Encoder) {}, want: `{}`},
		{desc: "string", encode: func(e *Encoder) { e.String("s", "abc") }, want: `{"s":"abc"}`},
		{
			desc:   "string escapes",
			encode: func(e *Encoder) { e.String("s", "q\" b\\ n\n r\r t\t b\b f\f nul\x00 us\x1f del\x7f") },
			want:   `{"s":"q\" b\\ n\n r\r t\t b\b f\f nul\u0000 us\u001f del` + "\x7f" + `"}`,
		},
		{desc: "HTML characters kept", encode: func(e *Encoder) { e.String("s", "<a href=x&y>") }, want: `{"s":"<a href=x&y>"}`},
		{desc: "multibyte UTF-8 kept", encode: func(e *Encoder) { e.String("s", "é 😀 \u2028") }, want: "{\"s\":\"é 😀 \u2028\"}"},
		{desc: "invalid UTF-8 replaced", encode: func(e *Encoder) { e.String("s", "a\xffb\xc0\xafc\xed\xa0\x80") }, want: `{"s":"a\ufffdb\ufffd\ufffdc\ufffd\ufffd\ufffd"}`},
		{desc: "truncated UTF-8 at the end", encode: func(e *Encoder) { e.String("s", "a\xe4\xb8") }, want: `{"s":"a\ufffd\ufffd"}`},
		{desc: "name escaped", encode: func(e *Encoder) { e.Int64("a\"b", 1) }, want: `{"a\"b":1}`},
		{desc: "bools", encode: func(e *Encoder) { e.Bool("t", true); e.Bool("f", false) }, want: `{"t":true,"f":false}`},
		{desc: "int64 extremes", encode: func(e *Encoder) { e.Int64("min", math.MinInt64); e.Int64("max", math.MaxInt64) }, want: `{"min":-9223372036854775808,"max":9223372036854775807}`},
		{desc: "float64 fraction", encode: func(e *Encoder) { e.Float64("f", 0.1) }, want: `{"f":0.1}`},
		{desc: "float64 whole", encode: func(e *Encoder) { e.Float64("f", 123456) }, want: `{"f":123456}`},
		{desc: "float64 large", encode: func(e *Encoder) { e.Float64("f", 1e21) }, want: `{"f":1e+21}`},
		{desc: "float64 small", encode: func(e *Encoder) { e.Float64("f", 1e-7) }, want: `{"f":1e-07}`},
		{desc: "float64 negative zero", encode: func(e *Encoder) { e.Float64("f", math.Copysign(0, -1)) }, want: `{"f":-0}`},
		{desc: "float64 NaN", encode: func(e *Encoder) { e.Float64("f", math.NaN()) }, want: `{"f":null}`},
		{desc: "time", encode: func(e *Encoder) { e.Time("t", unix(1780000000, 999999999)) }, want: `{"t":1780000000}`},
		{desc: "time before the epoch", encode: func(e *Encoder) { e.Time("t", unix(-2, 500000000)) }, want: `{"t":-2}`},
		{desc: "strings", encode: func(e *Encoder) { e.Strings("a", []string{"x", "y\""}) }, want: `{"a":["x","y\""]}`},
		{desc: "nil strings", encode: func(e *Encoder) { e.Strings("a", nil) }, want: `{"a":[]}`},
		{desc: "int64s", encode: func(e *Encoder) { e.Int64s("a", []int64{1, -2}) }, want: `{"a":[1,-2]}`},
		{desc: "nil int64s", encode: func(e *Encoder) { e.Int64s("a", nil) }, want: `{"a":[]}`},
		{desc: "string map sorted", encode: func(e *Encoder) { e.StringMap("m", map[string]string{"b": "2", "a": "1", "": "0"}) }, want: `{"m":{"":"0","a":"1","b":"2"}}`},
		{desc: "empty string map", encode: func(e *Encoder) { e.StringMap("m", nil) }, want: `{"m":{}}`},
		{
			desc: "nested objects",
			encode: func(e *Encoder) {
				e.Int64("a", 1)
				e.BeginObject("o")
				e.Int64("b", 2)
				e.BeginObject("p")
				e.EndObject()
				e.Int64("c", 3)
				e.EndObject()
				e.Int64("d", 4)
			},
			want: `{"a":1,"o":{"b":2,"p":{},"c":3},"d":4}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			e := Encoder{buf: []byte("{")}
			tt.encode(&e)
			got := append(e.buf, '}')
			if string(got) != tt.want {
				t.Errorf("Encoder output\n got %s\nwant %s", got, tt.want)
			}
			if !json.Valid(got) {
				t.Errorf("Encoder output %s is not valid JSON", got)
			}
		})
	}
}

func TestEncoderStringMatchesEncodingJSON(t *testing.T) {
	// Every string decodes with encoding/json to what encoding/json's own
	// encoding decodes to: the string with invalid UTF-8 replaced.
	inputs := []string{
		"", "plain", "q\"b\\", "<>&", "\u2028\u2029", "\x00\x01\x1f\x7f",
		"é😀中", "\xff", "a\xc0\xafb", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe4\xb8",
	}
	for b := range 256 {
		inputs = append(inputs, string([]byte{byte(b)}))
	}
	// Each kind of byte that ends the fast scan at every offset of the
	// first words, with plain text on both sides.
	for _, special := range []string{`"`, `\`, "\n", "\x00", "é", "\xff", "\xe4\xb8"} {
		for offset := range 18 {
			inputs = append(inputs, strings.Repeat("a", offset)+special+strings.Repeat("b", 9))
		}
	}
	for _, s := range inputs {
		got := appendString(nil, s)
		var fromOurs string
		if err := json.Unmarshal(got, &fromOurs); err != nil {
			t.Errorf("appendString(%q) = %s, which encoding/json rejects: %v", s, got, err)
			continue
		}
		ref, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var fromRef string
		if err := json.Unmarshal(ref, &fromRef); err != nil {
			t.Fatal(err)
		}
		if fromOurs != fromRef {
			t.Errorf("appendString(%q) = %s decodes to %q, encoding/json's %s decodes to %q", s, got, fromOurs, ref, fromRef)
		}
	}
}

func TestEncoderFloat64RoundTrip(t *testing.T) {
	values := []float64{
		0, 1, -1, 0.1, 1.0 / 3, 2.5e-8, 5e-324, math.SmallestNonzeroFloat64,
		math.MaxFloat64, -math.MaxFloat64, 1e20, 1e21, 1e-6, 1e-7, 9007199254740993,
		123456789.125, math.Pi, math.Nextafter(1, 2),
	}
	for _, v := range values {
		e := Encoder{buf: []byte("{")}
		e.Float64("f", v)
		data := append(e.buf, '}')

		var viaJSON struct{ F float64 }
		if err := json.Unmarshal(data, &viaJSON); err != nil || viaJSON.F != v {
			t.Errorf("Encoder.Float64(%v) = %s; encoding/json reads %v, %v", v, data, viaJSON.F, err)
		}
		var viaDecoder float64
		err := decodeObject(data, "claim", func(d *Decoder, name []byte) error {
			var err error
			viaDecoder, err = d.Float64()
			return err
		})
		if err != nil || viaDecoder != v {
			t.Errorf("Encoder.Float64(%v) = %s; Decoder reads %v, %v", v, data, viaDecoder, err)
		}
		if e.err != nil {
			t.Errorf("Encoder.Float64(%v) recorded error %v", v, e.err)
		}
	}
}

func BenchmarkDecoderInt64(b *testing.B) {
	d := &Decoder{data: []byte(`1780000000`)}
	b.ReportAllocs()
	for b.Loop() {
		d.pos = 0
		if _, err := d.Int64(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecoderTime(b *testing.B) {
	d := &Decoder{data: []byte(`1780000000.123456`)}
	b.ReportAllocs()
	for b.Loop() {
		d.pos = 0
		if _, err := d.Time(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecoderSkip(b *testing.B) {
	d := &Decoder{data: []byte(typicalClaimsJSON)}
	b.ReportAllocs()
	b.SetBytes(int64(len(d.data)))
	for b.Loop() {
		d.pos = 0
		if err := d.Skip(); err != nil {
			b.Fatal(err)
		}
	}
}
