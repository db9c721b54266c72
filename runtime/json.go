package runtime

import "time"

// Decoder reads one JSON value at a time from claims JSON, strictly: member
// names match exactly, a value of the wrong JSON type (null included) is an
// error wrapping jwt.ErrTokenMalformed, and duplicate member names in one
// object are rejected. Generated code calls it; programs rarely need to.
type Decoder struct {
	data []byte
	pos  int
}

// String reads a JSON string.
func (d *Decoder) String() (string, error) { panic("not implemented") }

// Bool reads true or false.
func (d *Decoder) Bool() (bool, error) { panic("not implemented") }

// Int reads a JSON number that is an integer within int's range.
func (d *Decoder) Int() (int, error) { panic("not implemented") }

// Int64 reads a JSON number that is an integer within int64's range.
func (d *Decoder) Int64() (int64, error) { panic("not implemented") }

// Float64 reads a JSON number.
func (d *Decoder) Float64() (float64, error) { panic("not implemented") }

// Time reads a NumericDate: a JSON number of seconds since the Unix epoch,
// fractions allowed.
func (d *Decoder) Time() (time.Time, error) { panic("not implemented") }

// Strings reads an array of strings. An empty array gives a non-nil empty
// slice, so it can be told apart from an absent claim.
func (d *Decoder) Strings() ([]string, error) { panic("not implemented") }

// Int64s reads an array of integers.
func (d *Decoder) Int64s() ([]int64, error) { panic("not implemented") }

// StringMap reads an object whose values are all strings.
func (d *Decoder) StringMap() (map[string]string, error) { panic("not implemented") }

// Words reads either an array of strings or one string of space-separated
// words (the two forms of the scp claim) and calls fn for each word. The
// word's bytes are valid only during the call.
func (d *Decoder) Words(fn func(word []byte)) error { panic("not implemented") }

// Object reads an object and calls member for each member name; member must
// read the value with d or call d.Skip. The name's bytes are valid only
// during the call.
func (d *Decoder) Object(member func(name []byte) error) error { panic("not implemented") }

// Skip reads and discards one value of any type, checking that it is valid.
func (d *Decoder) Skip() error { panic("not implemented") }

// Encoder appends the members of a JSON object. Generated code calls it.
type Encoder struct {
	buf []byte
}

// String appends the member "name": v.
func (e *Encoder) String(name, v string) { panic("not implemented") }

// Bool appends the member "name": v.
func (e *Encoder) Bool(name string, v bool) { panic("not implemented") }

// Int64 appends the member "name": v.
func (e *Encoder) Int64(name string, v int64) { panic("not implemented") }

// Float64 appends the member "name": v, in the shortest form that round-trips.
func (e *Encoder) Float64(name string, v float64) { panic("not implemented") }

// Time appends the member "name": v as whole seconds since the Unix epoch.
func (e *Encoder) Time(name string, v time.Time) { panic("not implemented") }

// Strings appends the member "name": [v...].
func (e *Encoder) Strings(name string, v []string) { panic("not implemented") }

// Int64s appends the member "name": [v...].
func (e *Encoder) Int64s(name string, v []int64) { panic("not implemented") }

// StringMap appends the member "name": {...} with keys in sorted order.
func (e *Encoder) StringMap(name string, v map[string]string) { panic("not implemented") }

// BeginObject appends "name": { and EndObject closes it; members appended in
// between belong to the nested object.
func (e *Encoder) BeginObject(name string) { panic("not implemented") }

// EndObject closes the object opened by the matching BeginObject.
func (e *Encoder) EndObject() { panic("not implemented") }

// MarshalClaims encodes c as a JSON object with the codec, registered claims
// first. Generated MarshalJSON methods call it.
func MarshalClaims[C any](codec Codec[C], c *C) ([]byte, error) { panic("not implemented") }

// UnmarshalClaims decodes the JSON object data into c with the codec, as
// strictly as Parse does, but runs no validation. Generated UnmarshalJSON
// methods call it.
func UnmarshalClaims[C any](codec Codec[C], data []byte, c *C) error { panic("not implemented") }
