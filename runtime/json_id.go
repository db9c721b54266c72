package runtime

import "strconv"

// StringOrInt reads a JSON string, or a JSON number that is an integer
// within int64's range, which it returns as decimal text: 42 and 4.2e1 both
// give "42". Generated code reads the uid claim this way, because jason
// writes the user ID with the type its caller passed, so integer IDs
// arrive as JSON numbers.
func (d *Decoder) StringOrInt() (string, error) {
	switch c := d.peek(); {
	case c == '"':
		return d.String()
	case c == '-' || isDigit(c):
		v, err := d.Int64()
		if err != nil {
			return "", err
		}
		return strconv.FormatInt(v, 10), nil
	}
	return "", d.typeError("a string or an integer")
}
