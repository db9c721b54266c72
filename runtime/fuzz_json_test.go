package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
)

// FuzzDecodeClaims checks that decodeClaims never panics, accepts only valid
// JSON, and that whatever it accepts encodes to valid JSON that decodes to
// the same claims. The seed corpus is in testdata/fuzz/FuzzDecodeClaims.
func FuzzDecodeClaims(f *testing.F) {
	f.Add([]byte(fullTestJSON))
	f.Add([]byte(typicalClaimsJSON))
	f.Add([]byte(`{"exp":null,"EXP":1,"\u0065xp":2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c testClaims
		err := UnmarshalClaims(testCodec, data, &c)
		if err != nil {
			if !errors.Is(err, jwt.ErrTokenMalformed) {
				t.Fatalf("UnmarshalClaims(%q) error %q does not wrap jwt.ErrTokenMalformed", data, err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("UnmarshalClaims(%q) accepted JSON that encoding/json rejects", data)
		}

		// Decoding yields no NaN or ±Inf, so encoding cannot fail.
		out, err := MarshalClaims(testCodec, &c)
		if err != nil {
			t.Fatalf("MarshalClaims(claims of %q) error = %v", data, err)
		}
		if !json.Valid(out) {
			t.Fatalf("MarshalClaims(claims of %q) = %s, which is not valid JSON", data, out)
		}

		// Encoding may drop what JSON cannot keep, such as fractions of a
		// second, so it is the second round trip that must be exact.
		var again testClaims
		if err := UnmarshalClaims(testCodec, out, &again); err != nil {
			t.Fatalf("UnmarshalClaims(%s) error = %v, encoded from %q", out, err, data)
		}
		out2, err := MarshalClaims(testCodec, &again)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("re-encoding changed the claims:\n first %s\nsecond %s (%v)\ninput %q", out, out2, err, data)
		}
	})
}

// FuzzDecodeValue checks Decoder.Skip against encoding/json: Skip accepts
// only what json.Valid accepts, and rejects valid JSON only for the reasons
// this package is stricter: nesting deeper than 64 levels, duplicate member
// names, invalid UTF-8 or unpaired surrogate escapes.
func FuzzDecodeValue(f *testing.F) {
	f.Add([]byte(`{"a":[1,-2.5e3,true,false,null,"x\u00e9"],"b":{}}`))
	f.Add([]byte(`{"a":1,"\u0061":2}`))
	f.Add([]byte(`"\ud83d\ude00"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := &Decoder{data: data}
		err := d.Skip()
		if err == nil {
			err = d.end()
		}
		valid := json.Valid(data)
		if err == nil {
			if !valid {
				t.Fatalf("Decoder.Skip(%q) accepted JSON that encoding/json rejects", data)
			}
			return
		}
		if !errors.Is(err, jwt.ErrTokenMalformed) {
			t.Fatalf("Decoder.Skip(%q) error %q does not wrap jwt.ErrTokenMalformed", data, err)
		}
		if !valid || !utf8.Valid(data) || surrogateEscape.Match(data) {
			return
		}
		depth, duplicate := inspectJSON(t, data)
		if depth <= maxDepth && !duplicate {
			t.Fatalf("Decoder.Skip(%q) rejected valid JSON (depth %d, no duplicate names): %v", data, depth, err)
		}
	})
}

// surrogateEscape matches a \u escape of a surrogate half, or text that
// looks like one; FuzzDecodeValue does not compare such input with
// encoding/json, which replaces unpaired surrogates instead of rejecting
// them.
var surrogateEscape = regexp.MustCompile(`\\[uU][dD][89a-fA-F]`)

// inspectJSON returns the nesting depth of the valid JSON data and whether
// any object in it repeats a member name, using encoding/json's tokenizer.
func inspectJSON(t *testing.T, data []byte) (depth int, duplicate bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()

	// open holds a frame for each open object or array.
	type frame struct {
		names   map[string]bool // nil for an array
		wantKey bool            // the next token in this object is a name
	}
	var open []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return depth, duplicate
		}
		if err != nil {
			t.Fatalf("encoding/json cannot tokenize %q, which json.Valid accepts: %v", data, err)
		}
		var top *frame
		if len(open) > 0 {
			top = open[len(open)-1]
		}
		switch {
		case tok == json.Delim('}') || tok == json.Delim(']'):
			open = open[:len(open)-1]
			if len(open) > 0 {
				open[len(open)-1].wantKey = true // harmless for an array
			}
		case top != nil && top.names != nil && top.wantKey:
			name := tok.(string)
			duplicate = duplicate || top.names[name]
			top.names[name] = true
			top.wantKey = false
		case tok == json.Delim('{'):
			open = append(open, &frame{names: map[string]bool{}, wantKey: true})
		case tok == json.Delim('['):
			open = append(open, &frame{})
		default:
			if top != nil {
				top.wantKey = true
			}
		}
		depth = max(depth, len(open))
	}
}
