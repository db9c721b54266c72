package runtime

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
)

// maxDepth is the deepest nesting of objects and arrays that a Decoder
// accepts, the top-level claims object included. It is far above what claims
// need, and it keeps the recursion in Skip and Object from exhausting the
// stack on hostile input.
const maxDepth = 64

// Unix seconds of the NumericDates that Time accepts, from
// 0001-01-01T00:00:01Z to 9999-12-31T23:59:59.999999999Z. The lower bound
// keeps a decoded time from being the zero time.Time, which reads as an
// absent claim, and keeps the whole seconds that Encoder writes in range.
const (
	minUnixSeconds = -62135596799
	maxUnixSeconds = 253402300799
)

// Decoder reads one JSON value at a time from claims JSON, strictly: member
// names match exactly, a value of the wrong JSON type (null included) is an
// error wrapping jwt.ErrTokenMalformed, and duplicate member names in one
// object are rejected. Generated code calls it; programs rarely need to.
//
// The input must be UTF-8 JSON as RFC 8259 defines it. Strings with invalid
// UTF-8, unpaired surrogate escapes or control characters are rejected, and
// objects and arrays may nest at most 64 levels deep. Every error wraps
// jwt.ErrTokenMalformed. After an error the Decoder must not be used again.
type Decoder struct {
	data []byte
	// text, when not empty, holds the same bytes as data, and String
	// returns substrings of it instead of copying each value.
	text  string
	pos   int
	depth int

	// noun names a top-level member in errors; empty means "claim".
	noun string

	// scratch holds unescaped words for Words.
	scratch []byte
}

// String reads a JSON string.
func (d *Decoder) String() (string, error) {
	if d.peek() != '"' {
		return "", d.typeError("a string")
	}
	start, end, escaped, err := d.scanString()
	if err != nil {
		return "", err
	}
	if !escaped {
		if d.text != "" {
			return d.text[start:end], nil
		}
		return string(d.data[start:end]), nil
	}
	d.scratch = appendUnescaped(d.scratch[:0], d.data[start:end])
	return string(d.scratch), nil
}

// Bool reads true or false.
func (d *Decoder) Bool() (bool, error) {
	switch d.peek() {
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	}
	return false, d.typeError("true or false")
}

// Int reads a JSON number that is an integer within int's range. A fraction
// or exponent is accepted when the value is whole: 1.0 and 1e3 are integers.
func (d *Decoder) Int() (int, error) {
	v, err := d.integer(math.MaxInt, -math.MinInt)
	return int(v), err
}

// Int64 reads a JSON number that is an integer within int64's range. A
// fraction or exponent is accepted when the value is whole: 1.0 and 1e3 are
// integers.
func (d *Decoder) Int64() (int64, error) {
	return d.integer(math.MaxInt64, -math.MinInt64)
}

// integer reads a whole number in [-negLimit, posLimit].
func (d *Decoder) integer(posLimit, negLimit uint64) (int64, error) {
	text, err := d.number("an integer")
	if err != nil {
		return 0, err
	}
	n := splitNumber(text, posLimit, negLimit)
	if n.overflow {
		return 0, d.errorf("integer %s out of range", shorten(text))
	}
	if n.frac != 0 || n.restNonZero {
		return 0, d.errorf("expected an integer, got %s", shorten(text))
	}
	if n.negative {
		return int64(-n.whole), nil // -(1<<63) wraps to math.MinInt64, as intended
	}
	return int64(n.whole), nil
}

// Float64 reads a JSON number. A number too large for a float64 is an error;
// one too small becomes zero.
func (d *Decoder) Float64() (float64, error) {
	text, err := d.number("a number")
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil && !math.IsInf(f, 0) {
		// Unreachable: d.number accepts only the JSON number syntax, which
		// ParseFloat understands, and ParseFloat returns ±Inf for overflow.
		return 0, d.errorf("invalid number %s", shorten(text))
	}
	if math.IsInf(f, 0) {
		return 0, d.errorf("number %s out of range", shorten(text))
	}
	return f, nil
}

// Time reads a NumericDate: a JSON number of seconds since the Unix epoch,
// fractions allowed. Digits after the ninth fraction digit are dropped. The
// time must lie from 0001-01-01T00:00:01Z to 9999-12-31T23:59:59.999999999Z
// (Unix seconds -62135596799 to 253402300799); other values are rejected as
// out of range. The result is in UTC.
func (d *Decoder) Time() (time.Time, error) {
	text, err := d.number("a number")
	if err != nil {
		return time.Time{}, err
	}
	if sec, ok := wholeSeconds(text); ok {
		return time.Unix(sec, 0).UTC(), nil
	}
	n := splitNumber(text, maxUnixSeconds, -minUnixSeconds)
	if n.negative && n.whole == -minUnixSeconds && n.frac > 0 {
		n.overflow = true
	}
	if n.overflow {
		return time.Time{}, d.errorf("NumericDate %s out of range (year 1 to 9999)", shorten(text))
	}
	sec, nsec := int64(n.whole), int64(n.frac)
	if n.negative {
		sec, nsec = -sec, -nsec
	}
	return time.Unix(sec, nsec).UTC(), nil
}

// Strings reads an array of strings. An empty array gives a non-nil empty
// slice, so it can be told apart from an absent claim.
func (d *Decoder) Strings() ([]string, error) {
	if d.peek() != '[' {
		return nil, d.typeError("an array of strings")
	}

	// Lists of up to 16 strings are collected on the stack, so the result
	// is their only allocation.
	var stack [16]string
	list := stack[:0]
	err := d.array(func() error {
		s, err := d.String()
		list = append(list, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	return append(make([]string, 0, len(list)), list...), nil
}

// Int64s reads an array of integers. An empty array gives a non-nil empty
// slice.
func (d *Decoder) Int64s() ([]int64, error) {
	if d.peek() != '[' {
		return nil, d.typeError("an array of integers")
	}
	list := []int64{}
	err := d.array(func() error {
		v, err := d.Int64()
		list = append(list, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// StringMap reads an object whose values are all strings. An empty object
// gives a non-nil empty map.
func (d *Decoder) StringMap() (map[string]string, error) {
	if d.peek() != '{' {
		return nil, d.typeError("an object of strings")
	}
	m := map[string]string{}
	err := d.Object(func(name []byte) error {
		v, err := d.String()
		m[string(name)] = v
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Words reads either an array of strings or one string of space-separated
// words (the two forms of the scp claim) and calls fn for each word. The
// word's bytes are valid only during the call.
//
// Each element of an array is one word, passed on unchanged. A single string
// is split at spaces (U+0020), and empty words between repeated spaces are
// dropped.
func (d *Decoder) Words(fn func(word []byte)) error {
	switch d.peek() {
	case '"':
		text, err := d.stringBytes()
		if err != nil {
			return err
		}
		for word := range bytes.SplitSeq(text, []byte{' '}) {
			if len(word) > 0 {
				fn(word)
			}
		}
		return nil
	case '[':
		return d.array(func() error {
			if d.peek() != '"' {
				return d.typeError("a string")
			}
			word, err := d.stringBytes()
			if err == nil {
				fn(word)
			}
			return err
		})
	}
	return d.typeError("an array of strings or a string")
}

// stringBytes reads a string and returns its unescaped bytes, which stay
// valid until the next call that uses d.scratch.
func (d *Decoder) stringBytes() ([]byte, error) {
	start, end, escaped, err := d.scanString()
	if err != nil {
		return nil, err
	}
	if !escaped {
		return d.data[start:end], nil
	}
	d.scratch = appendUnescaped(d.scratch[:0], d.data[start:end])
	return d.scratch, nil
}

// Object reads an object and calls member for each member name; member must
// read the value with d or call d.Skip. If member reads nothing, the value is
// skipped. The name's bytes are valid only during the call.
//
// An error from member is returned with the member's name added to the claim
// path it reports, so a failure in a nested object reads
// `claim "limits.rps": ...`.
func (d *Decoder) Object(member func(name []byte) error) error {
	if d.peek() != '{' {
		return d.typeError("an object")
	}
	if err := d.enter(); err != nil {
		return err
	}
	if d.peek() == '}' {
		return d.leave()
	}

	var names memberNames
	for {
		name, err := d.memberName()
		if err != nil {
			return err
		}
		if names.add(name) {
			if d.depth == 1 {
				return d.errorf("duplicate %s %s", d.nounOrDefault(), quoteBytes(name))
			}
			return d.errorf("duplicate member %s", quoteBytes(name))
		}

		// Read the value, or skip it when member leaves it unread.
		d.skipSpace()
		start := d.pos
		err = member(name)
		if err == nil && d.pos == start {
			err = d.Skip()
		}
		if err != nil {
			return d.wrapMember(shorten(name), err)
		}

		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			return d.leave()
		default:
			return d.syntaxError("expected ',' or '}' after an object member")
		}
	}
}

// memberName reads a member name and the colon after it. A name without
// escapes is a slice of d.data; an escaped one is unescaped into a new slice,
// because Object keeps the names of an object to find duplicates.
func (d *Decoder) memberName() ([]byte, error) {
	if d.peek() != '"' {
		return nil, d.syntaxError("expected a member name")
	}
	start, end, escaped, err := d.scanString()
	if err != nil {
		return nil, err
	}
	name := d.data[start:end]
	if escaped {
		name = appendUnescaped(nil, name)
	}
	if d.peek() != ':' {
		return nil, d.syntaxError("expected ':' after a member name")
	}
	d.pos++
	return name, nil
}

// Skip reads and discards one value of any type, checking that it is valid.
// Objects in it must not repeat member names either.
func (d *Decoder) Skip() error {
	switch c := d.peek(); {
	case c == '{':
		return d.Object(func([]byte) error { return d.Skip() })
	case c == '[':
		return d.array(d.Skip)
	case c == '"':
		_, _, _, err := d.scanString()
		return err
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || isDigit(c):
		_, err := d.scanNumber()
		return err
	case d.pos >= len(d.data):
		return d.endError()
	default:
		return d.syntaxError(fmt.Sprintf("invalid character %s, expected a value", quoteByte(c)))
	}
}

// array reads an array, calling element once per element with d positioned
// at it. An element's error is returned with its index added to the path.
func (d *Decoder) array(element func() error) error {
	if err := d.enter(); err != nil {
		return err
	}
	if d.peek() == ']' {
		return d.leave()
	}
	for i := 0; ; i++ {
		if err := element(); err != nil {
			return d.wrapIndex(i, err)
		}
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			return d.leave()
		default:
			return d.syntaxError("expected ',' or ']' after an array element")
		}
	}
}

// enter consumes the '{' or '[' at d.pos and counts one nesting level.
func (d *Decoder) enter() error {
	if d.depth >= maxDepth {
		return d.errorf("invalid JSON at offset %d: nested deeper than %d levels", d.pos, maxDepth)
	}
	d.depth++
	d.pos++
	return nil
}

// leave consumes the '}' or ']' at d.pos.
func (d *Decoder) leave() error {
	d.depth--
	d.pos++
	return nil
}

// end checks that only whitespace follows the value just read.
func (d *Decoder) end() error {
	d.skipSpace()
	if d.pos < len(d.data) {
		return d.syntaxError("unexpected data after the top-level value")
	}
	return nil
}

// skipSpace moves past the whitespace RFC 8259 allows between tokens.
func (d *Decoder) skipSpace() {
	// Compact JSON, as tokens carry it, has no whitespace, so one compare
	// settles the common case.
	if d.pos < len(d.data) && d.data[d.pos] > ' ' {
		return
	}
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek skips whitespace and returns the next byte, or 0 at the end.
func (d *Decoder) peek() byte {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return 0
	}
	return d.data[d.pos]
}

// literal consumes word, which must be next.
func (d *Decoder) literal(word string) error {
	if !bytes.HasPrefix(d.data[d.pos:], []byte(word)) {
		if len(d.data)-d.pos < len(word) && bytes.HasPrefix([]byte(word), d.data[d.pos:]) {
			return d.endError()
		}
		return d.syntaxError(fmt.Sprintf("invalid literal, expected %s", word))
	}
	d.pos += len(word)
	return nil
}

// number reads a number's text, or reports a type error naming want.
func (d *Decoder) number(want string) ([]byte, error) {
	c := d.peek()
	if c != '-' && !isDigit(c) {
		return nil, d.typeError(want)
	}
	return d.scanNumber()
}

// scanNumber reads a number at d.pos and returns its text. The grammar is
// RFC 8259's: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *Decoder) scanNumber() ([]byte, error) {
	start := d.pos
	i := d.pos
	if i < len(d.data) && d.data[i] == '-' {
		i++
	}
	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case i < len(d.data) && isDigit(d.data[i]):
		i = skipDigits(d.data, i)
	default:
		return nil, d.numberError(i, "a digit")
	}
	if i < len(d.data) && d.data[i] == '.' {
		i++
		if i >= len(d.data) || !isDigit(d.data[i]) {
			return nil, d.numberError(i, "a digit after the decimal point")
		}
		i = skipDigits(d.data, i)
	}
	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if i >= len(d.data) || !isDigit(d.data[i]) {
			return nil, d.numberError(i, "a digit in the exponent")
		}
		i = skipDigits(d.data, i)
	}
	d.pos = i
	return d.data[start:i], nil
}

// numberError reports d.data[i], which cannot continue a number, or the end
// of the input.
func (d *Decoder) numberError(i int, want string) error {
	d.pos = i
	if i >= len(d.data) {
		return d.endError()
	}
	return d.syntaxError(fmt.Sprintf("invalid character %s in number, expected %s", quoteByte(d.data[i]), want))
}

// scanString reads and checks the string at d.pos, which starts with '"'.
// It returns the bounds of the raw text between the quotes and whether the
// text contains escapes.
func (d *Decoder) scanString() (start, end int, escaped bool, err error) {
	start = d.pos + 1
	i := start
	for i < len(d.data) {
		// Skip plain bytes eight at a time, up to the first one that
		// needs the switch below.
		if i+8 <= len(d.data) {
			special := specialBytes(binary.LittleEndian.Uint64(d.data[i:]))
			if special == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(special) / 8
		}
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return start, i, escaped, nil
		case c == '\\':
			escaped = true
			n, err := d.checkEscape(i)
			if err != nil {
				return 0, 0, false, err
			}
			i += n
		case c < 0x20:
			d.pos = i
			return 0, 0, false, d.syntaxError(fmt.Sprintf("invalid control character %s in string", quoteByte(c)))
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(d.data[i:])
			if r == utf8.RuneError && size == 1 {
				d.pos = i
				return 0, 0, false, d.syntaxError("invalid UTF-8 in string")
			}
			i += size
		}
	}
	d.pos = i
	return 0, 0, false, d.endError()
}

// specialBytes returns a mask with the high bit set in each byte of w, a
// little-endian word of string content, that may need a look: a control
// character, '"', '\\' or a byte of a multibyte UTF-8 sequence. The lowest
// set bit marks the first such byte exactly, and bits above it may be false
// alarms. The tests are the classic bit tricks for finding a zero byte and
// a byte less than n in a word.
func specialBytes(w uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	less := (w - ones*0x20) &^ w
	quote := w ^ (ones * '"')
	backslash := w ^ (ones * '\\')
	return (less | (quote-ones)&^quote | (backslash-ones)&^backslash | w) & highs
}

// checkEscape checks the escape sequence at d.data[i], which is a backslash,
// and returns its length. A \u escape of a high surrogate must be followed by
// one of a low surrogate, and a low surrogate must not stand alone.
func (d *Decoder) checkEscape(i int) (int, error) {
	if i+1 >= len(d.data) {
		d.pos = len(d.data)
		return 0, d.endError()
	}
	switch d.data[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
	default:
		d.pos = i
		return 0, d.syntaxError(fmt.Sprintf("invalid escape %s in string", quoteBytes(d.data[i:i+2])))
	}
	r, ok := hex4(d.data, i+2)
	if !ok {
		d.pos = i
		return 0, d.syntaxError("invalid \\u escape in string, expected four hex digits")
	}
	switch {
	case r < 0xD800 || r > 0xDFFF:
		return 6, nil
	case r <= 0xDBFF:
		if i+7 < len(d.data) && d.data[i+6] == '\\' && d.data[i+7] == 'u' {
			if low, ok := hex4(d.data, i+8); ok && low >= 0xDC00 && low <= 0xDFFF {
				return 12, nil
			}
		}
	}
	d.pos = i
	return 0, d.syntaxError(fmt.Sprintf("unpaired surrogate escape %s in string", quoteBytes(d.data[i:i+6])))
}

// hex4 decodes the four hex digits at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// appendUnescaped appends the string raw, which scanString has checked, with
// its escape sequences decoded.
func appendUnescaped(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		switch raw[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, _ := hex4(raw, i+2)
			if r >= 0xD800 && r <= 0xDBFF {
				low, _ := hex4(raw, i+8)
				r = 0x10000 + (r-0xD800)<<10 + (low - 0xDC00)
				i += 6
			}
			dst = utf8.AppendRune(dst, r)
			i += 6
			continue
		default: // '"', '\\' and '/' stand for themselves
			dst = append(dst, raw[i+1])
		}
		i += 2
	}
	return dst
}

// wholeSeconds returns the value of text, a valid JSON number, when it is a
// NumericDate of digits only within the range that Time accepts. Other
// numbers take the exact path of splitNumber.
func wholeSeconds(text []byte) (int64, bool) {
	if len(text) > 12 {
		return 0, false
	}
	var sec int64
	for _, c := range text {
		if !isDigit(c) {
			return 0, false
		}
		sec = sec*10 + int64(c-'0')
	}
	return sec, sec <= maxUnixSeconds
}

// numberParts is a JSON number split at its decimal point, after applying
// the exponent.
type numberParts struct {
	negative bool
	// whole is the integer part; it is meaningless when overflow is set.
	whole    uint64
	overflow bool
	// frac holds the first nine fraction digits, so it counts nanoseconds
	// when the number is seconds.
	frac uint32
	// restNonZero reports a nonzero fraction digit after the ninth.
	restNonZero bool
}

// splitNumber splits text, a valid JSON number, exactly in decimal, so large
// integers and fractions keep every digit. overflow is set when the integer
// part exceeds posLimit, or negLimit for a negative number.
func splitNumber(text []byte, posLimit, negLimit uint64) numberParts {
	var n numberParts
	if text[0] == '-' {
		n.negative = true
		text = text[1:]
	}
	limit := posLimit
	if n.negative {
		limit = negLimit
	}

	// The digits before and after the point, and the exponent. The exponent
	// saturates far beyond where every result overflows or rounds to zero.
	i := skipDigits(text, 0)
	intDigits := text[:i]
	var fracDigits []byte
	if i < len(text) && text[i] == '.' {
		j := skipDigits(text, i+1)
		fracDigits = text[i+1 : j]
		i = j
	}
	exp := 0
	if i < len(text) {
		i++ // 'e' or 'E'
		negExp := text[i] == '-'
		if text[i] == '+' || text[i] == '-' {
			i++
		}
		for _, c := range text[i:] {
			if exp < 1e8 {
				exp = exp*10 + int(c-'0')
			}
		}
		if negExp {
			exp = -exp
		}
	}

	// digit returns digit k of intDigits followed by fracDigits; the point
	// sits before digit k = point.
	count := len(intDigits) + len(fracDigits)
	digit := func(k int) uint64 {
		switch {
		case k < 0 || k >= count:
			return 0
		case k < len(intDigits):
			return uint64(intDigits[k] - '0')
		default:
			return uint64(fracDigits[k-len(intDigits)] - '0')
		}
	}
	point := len(intDigits) + exp

	// The loop stops once only zeros remain for a zero part, and a nonzero
	// part overflows within 20 more digits, so a large exponent costs little.
	for k := 0; k < point; k++ {
		if k >= count && n.whole == 0 {
			break
		}
		dg := digit(k)
		if n.whole > (limit-dg)/10 {
			n.overflow = true
			return n
		}
		n.whole = n.whole*10 + dg
	}
	for k := point; k < point+9; k++ {
		n.frac = n.frac*10 + uint32(digit(k))
	}
	for k := max(point+9, 0); k < count; k++ {
		if digit(k) != 0 {
			n.restNonZero = true
			break
		}
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func skipDigits(data []byte, i int) int {
	for i < len(data) && isDigit(data[i]) {
		i++
	}
	return i
}

// memberNames is the set of member names seen in one object. The first 16
// names are kept in an array, which stays on the stack of Object, so
// checking names for duplicates does not allocate; more names go to a map.
// A 64-bit filter of name hashes lets most names skip the comparison with
// the others.
type memberNames struct {
	filter uint64
	n      int
	list   [16][]byte
	index  map[string]struct{}
}

// add adds name and reports whether it was present already.
func (s *memberNames) add(name []byte) bool {
	if s.index != nil {
		if _, ok := s.index[string(name)]; ok {
			return true
		}
		s.index[string(name)] = struct{}{}
		return false
	}
	bit := uint64(1) << (nameHash(name) % 64)
	if s.filter&bit != 0 {
		for _, seen := range s.list[:s.n] {
			if bytes.Equal(seen, name) {
				return true
			}
		}
	}
	s.filter |= bit
	if s.n < len(s.list) {
		s.list[s.n] = name
		s.n++
		return false
	}
	s.index = make(map[string]struct{}, 2*len(s.list)+1)
	for _, seen := range s.list {
		s.index[string(seen)] = struct{}{}
	}
	s.index[string(name)] = struct{}{}
	return false
}

// nameHash mixes the length and the first, middle and last bytes of name,
// which tell apart the short names of claims and header parameters.
func nameHash(name []byte) uint {
	n := uint(len(name))
	if n == 0 {
		return 0
	}
	return n*0x45 + uint(name[0])*0x9e + uint(name[n/2])*0x0b + uint(name[n-1])*0x1f
}

// decodeError is an error in claims JSON. It wraps jwt.ErrTokenMalformed
// without repeating that error's text.
type decodeError struct {
	// noun names the top-level member in path: "claim" by default.
	noun string
	// path locates the member whose value failed, such as limits.rps or
	// roles[2]; it is empty for an error outside any member.
	path string
	msg  string
	// cause is an error returned by a member function, if it was not a
	// decodeError; msg is empty then.
	cause error
}

func (e *decodeError) Error() string {
	msg := e.msg
	if e.cause != nil {
		msg = e.cause.Error()
	}
	if e.path == "" {
		return msg
	}
	return e.noun + " " + strconv.Quote(e.path) + ": " + msg
}

func (e *decodeError) Unwrap() []error {
	if e.cause != nil {
		return []error{jwt.ErrTokenMalformed, e.cause}
	}
	return []error{jwt.ErrTokenMalformed}
}

func (d *Decoder) nounOrDefault() string {
	if d.noun == "" {
		return "claim"
	}
	return d.noun
}

func (d *Decoder) errorf(format string, args ...any) error {
	return &decodeError{noun: d.nounOrDefault(), msg: fmt.Sprintf(format, args...)}
}

// syntaxError reports invalid JSON at d.pos, or the end of the input if
// d.pos is there.
func (d *Decoder) syntaxError(msg string) error {
	if d.pos >= len(d.data) {
		return d.endError()
	}
	return d.errorf("invalid JSON at offset %d: %s", d.pos, msg)
}

func (d *Decoder) endError() error {
	return d.errorf("invalid JSON: unexpected end of input")
}

// wrapMember adds the member name to the path of err.
func (d *Decoder) wrapMember(name string, err error) error {
	if e, ok := err.(*decodeError); ok {
		switch {
		case e.path == "":
			e.path = name
		case e.path[0] == '[':
			e.path = name + e.path
		default:
			e.path = name + "." + e.path
		}
		return e
	}
	return &decodeError{noun: d.nounOrDefault(), path: name, cause: err}
}

// wrapIndex adds the array index i to the path of err.
func (d *Decoder) wrapIndex(i int, err error) error {
	index := "[" + strconv.Itoa(i) + "]"
	if e, ok := err.(*decodeError); ok {
		if e.path != "" && e.path[0] != '[' {
			index += "."
		}
		e.path = index + e.path
		return e
	}
	return &decodeError{noun: d.nounOrDefault(), path: index, cause: err}
}

// typeError reports that the value at d.pos is not of the type want. If the
// value is not valid JSON, that is reported instead.
func (d *Decoder) typeError(want string) error {
	got, err := d.describeValue()
	if err != nil {
		return err
	}
	return d.errorf("expected %s, got %s", want, got)
}

// describeValue reads the value at d.pos and describes it for an error:
// its type, and its text for scalars.
func (d *Decoder) describeValue() (string, error) {
	switch c := d.peek(); {
	case c == '{':
		return "an object", nil
	case c == '[':
		return "an array", nil
	case c == '"':
		text, err := d.stringBytes()
		if err != nil {
			return "", err
		}
		return "string " + quoteBytes(text), nil
	case c == 't' || c == 'f' || c == 'n' || c == '-' || isDigit(c):
		start := d.pos
		if err := d.Skip(); err != nil {
			return "", err
		}
		return shorten(d.data[start:d.pos]), nil
	case d.pos >= len(d.data):
		return "", d.endError()
	default:
		return "", d.syntaxError(fmt.Sprintf("invalid character %s, expected a value", quoteByte(c)))
	}
}

// maxQuoted is the number of bytes of a value that errors show.
const maxQuoted = 40

// shorten returns text for an error, cut to at most maxQuoted bytes at a
// character boundary and marked with "..." when cut.
func shorten(text []byte) string {
	if len(text) <= maxQuoted {
		return string(text)
	}
	return string(text[:cutLength(text)]) + "..."
}

// quoteBytes quotes text for an error, cut as shorten cuts it.
func quoteBytes(text []byte) string {
	if len(text) <= maxQuoted {
		return strconv.Quote(string(text))
	}
	return strconv.Quote(string(text[:cutLength(text)])) + "..."
}

// cutLength returns the length of the longest prefix of text that has at
// most maxQuoted bytes and ends at a character boundary.
func cutLength(text []byte) int {
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return cut
}

func quoteByte(c byte) string {
	return strconv.QuoteRune(rune(c))
}

// Encoder appends the members of a JSON object. Generated code calls it.
//
// Strings are escaped as encoding/json escapes them, with invalid UTF-8
// replaced by U+FFFD, except that <, >, &, U+2028 and U+2029 are written
// unescaped, which JSON allows. A float64 that JSON cannot represent (NaN or
// ±Inf) is written as null, which Decoder rejects as a number, and
// MarshalClaims reports it as an error.
type Encoder struct {
	buf []byte

	// err records the first value that JSON cannot represent.
	err error
}

// String appends the member "name": v.
func (e *Encoder) String(name, v string) {
	e.name(name)
	e.buf = appendString(e.buf, v)
}

// Bool appends the member "name": v.
func (e *Encoder) Bool(name string, v bool) {
	e.name(name)
	e.buf = strconv.AppendBool(e.buf, v)
}

// Int64 appends the member "name": v.
func (e *Encoder) Int64(name string, v int64) {
	e.name(name)
	e.buf = strconv.AppendInt(e.buf, v, 10)
}

// Float64 appends the member "name": v, in the shortest form that round-trips.
// The form is strconv's 'g' format, such as 0.5, 1e+21 or 1e-07, which is
// valid JSON. NaN and ±Inf are written as null; see Encoder.
func (e *Encoder) Float64(name string, v float64) {
	e.name(name)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		if e.err == nil {
			e.err = fmt.Errorf("claim %q: %v cannot be encoded as JSON, which has finite numbers only", name, v)
		}
		e.buf = append(e.buf, "null"...)
		return
	}
	e.buf = strconv.AppendFloat(e.buf, v, 'g', -1, 64)
}

// Time appends the member "name": v as whole seconds since the Unix epoch.
// A fraction of a second is dropped (v.Unix rounds down). Decoder.Time reads
// the value back only from 0001-01-01T00:00:01Z to the end of year 9999.
func (e *Encoder) Time(name string, v time.Time) {
	e.name(name)
	e.buf = strconv.AppendInt(e.buf, v.Unix(), 10)
}

// Strings appends the member "name": [v...]. A nil v is written as [].
func (e *Encoder) Strings(name string, v []string) {
	e.name(name)
	e.buf = append(e.buf, '[')
	for i, s := range v {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, s)
	}
	e.buf = append(e.buf, ']')
}

// Int64s appends the member "name": [v...]. A nil v is written as [].
func (e *Encoder) Int64s(name string, v []int64) {
	e.name(name)
	e.buf = append(e.buf, '[')
	for i, n := range v {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = strconv.AppendInt(e.buf, n, 10)
	}
	e.buf = append(e.buf, ']')
}

// StringMap appends the member "name": {...} with keys in sorted order, so
// the output is the same for equal maps.
func (e *Encoder) StringMap(name string, v map[string]string) {
	e.BeginObject(name)
	for _, key := range slices.Sorted(maps.Keys(v)) {
		e.String(key, v[key])
	}
	e.EndObject()
}

// BeginObject appends "name": { and EndObject closes it; members appended in
// between belong to the nested object.
func (e *Encoder) BeginObject(name string) {
	e.name(name)
	e.buf = append(e.buf, '{')
}

// EndObject closes the object opened by the matching BeginObject.
func (e *Encoder) EndObject() {
	e.buf = append(e.buf, '}')
}

// name appends the member name and colon, after a comma unless the member is
// the first of its object.
func (e *Encoder) name(name string) {
	if n := len(e.buf); n > 0 && e.buf[n-1] != '{' {
		e.buf = append(e.buf, ',')
	}
	e.buf = appendString(e.buf, name)
	e.buf = append(e.buf, ':')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. It escapes quotes, backslashes
// and control characters and replaces invalid UTF-8 with U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0 // s[start:i] is pending, needing no escapes
	for i := 0; i < len(s); {
		// Skip plain bytes eight at a time, as Decoder.scanString does.
		if i+8 <= len(s) {
			special := specialBytes(uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56)
			if special == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(special) / 8
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
