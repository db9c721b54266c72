package runtime

import "testing"

func TestDecoderStringOrInt(t *testing.T) {
	runDecodeTests(t, "StringOrInt", []decodeTest[string]{
		{desc: "string", in: `"user-42"`, want: "user-42"},
		{desc: "escaped string", in: `"a\u0062c"`, want: "abc"},
		{desc: "empty string", in: `""`, want: ""},
		{desc: "integer", in: `42`, want: "42"},
		{desc: "negative integer", in: `-7`, want: "-7"},
		{desc: "zero", in: `0`, want: "0"},
		{desc: "whole number with exponent", in: `4.2e1`, want: "42"},
		{desc: "whole number with fraction", in: `42.0`, want: "42"},
		{desc: "largest int64", in: `9223372036854775807`, want: "9223372036854775807"},
		{desc: "fraction", in: `4.5`, wantErr: "expected an integer, got 4.5"},
		{desc: "beyond int64", in: `9223372036854775808`, wantErr: "out of range"},
		{desc: "bool", in: `true`, wantErr: "expected a string or an integer, got true"},
		{desc: "null", in: `null`, wantErr: "expected a string or an integer, got null"},
		{desc: "array", in: `["42"]`, wantErr: "expected a string or an integer, got an array"},
		{desc: "unterminated string", in: `"42`, wantErr: "unexpected end"},
	}, (*Decoder).StringOrInt)
}
