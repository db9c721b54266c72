package runtime

import "sync"

// MarshalClaims encodes c as a JSON object with the codec, registered claims
// first. Generated MarshalJSON methods call it. The only error is a float64
// claim that is NaN or ±Inf, which JSON cannot represent.
func MarshalClaims[C any](codec Codec[C], c *C) ([]byte, error) {
	var e Encoder
	encodeClaims(&e, codec, c)
	if e.err != nil {
		return nil, e.err
	}
	return e.buf, nil
}

// UnmarshalClaims decodes the JSON object data into c with the codec, as
// strictly as Parse does, but runs no validation. Generated UnmarshalJSON
// methods call it. Unlike encoding/json, it replaces all of *c, and leaves
// *c unchanged when it returns an error.
func UnmarshalClaims[C any](codec Codec[C], data []byte, c *C) error {
	var v C
	if err := decodeClaims(codec, data, &v); err != nil {
		return err
	}
	*c = v
	return nil
}

// decodeClaims decodes data, which must be exactly one JSON object with
// optional whitespace around it, into c. The registered claims iss, sub, aud,
// exp, nbf, iat, jti and auth_time fill *codec.Registered(c); every other
// member goes to codec.DecodeMember, and members it does not know are
// skipped, though still checked to be valid JSON.
//
// Only JSON types are checked here, not values: exp: 0 decodes to
// time.Unix(0, 0) and aud: [] to an empty slice, and the handler decides what
// they mean. Errors name the failed claim, as in
// `claim "exp": expected a number, got null`, and wrap jwt.ErrTokenMalformed.
//
// A nil Registered or DecodeMember in the codec means the claims type has no
// such members, so their names are skipped as unknown.
func decodeClaims[C any](codec Codec[C], data []byte, c *C) error {
	var registered *RegisteredClaims
	if codec.Registered != nil {
		registered = codec.Registered(c)
	}
	// One copy of data backs every string claim, instead of one copy each.
	// NOTE: so a string claim keeps the whole payload in memory while it is
	// referenced.
	text := string(data)
	return decodeText(data, text, "claim", func(d *Decoder, name []byte) error {
		if registered != nil {
			if known, err := decodeRegistered(registered, name, d); known {
				return err
			}
		}
		if codec.DecodeMember == nil {
			return nil // Object skips the unread value
		}
		_, err := codec.DecodeMember(c, name, d)
		return err
	})
}

// decodeObject decodes data, which must be exactly one JSON object with
// optional whitespace around it, calling member for each member as
// Decoder.Object does. noun names a top-level member in errors ("claim",
// "header parameter").
func decodeObject(data []byte, noun string, member func(d *Decoder, name []byte) error) error {
	return decodeText(data, "", noun, member)
}

// decoders holds *Decoder values for decodeText.
var decoders = sync.Pool{New: func() any { return new(Decoder) }}

// maxDecoderScratch is the largest unescaping buffer a pooled Decoder keeps.
const maxDecoderScratch = 4 << 10

// decodeText is decodeObject with text, which is empty or holds the bytes
// of data, for Decoder.String to return substrings of. The Decoder comes
// from a pool, so member must not keep it after the call.
func decodeText(data []byte, text, noun string, member func(d *Decoder, name []byte) error) error {
	d := decoders.Get().(*Decoder)
	scratch := d.scratch[:0]
	if cap(scratch) > maxDecoderScratch {
		scratch = nil
	}
	*d = Decoder{data: data, text: text, noun: noun, scratch: scratch}

	err := d.Object(func(name []byte) error { return member(d, name) })
	if err == nil {
		err = d.end()
	}

	// Drop the references to data before the Decoder is reused.
	*d = Decoder{scratch: d.scratch}
	decoders.Put(d)
	return err
}

// decodeRegistered decodes the member name into r if it is a registered
// claim, and reports whether it is.
func decodeRegistered(r *RegisteredClaims, name []byte, d *Decoder) (known bool, err error) {
	switch string(name) {
	case "iss":
		r.Issuer, err = d.String()
	case "sub":
		r.Subject, err = d.String()
	case "aud":
		r.Audience, err = decodeAudience(d)
	case "exp":
		r.ExpiresAt, err = d.Time()
	case "nbf":
		r.NotBefore, err = d.Time()
	case "iat":
		r.IssuedAt, err = d.Time()
	case "jti":
		r.ID, err = d.String()
	case "auth_time":
		r.AuthTime, err = d.Time()
	default:
		return false, nil
	}
	return true, err
}

// decodeAudience reads aud, which RFC 7519 allows to be one string or an
// array of strings.
func decodeAudience(d *Decoder) ([]string, error) {
	switch d.peek() {
	case '"':
		s, err := d.String()
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	case '[':
		return d.Strings()
	}
	return nil, d.typeError("a string or an array of strings")
}

// appendClaims appends c to dst as a JSON object: the registered claims iss,
// sub, aud (always an array), exp, nbf, iat, jti and auth_time, each omitted
// when absent, then codec.EncodeMembers. A float64 claim that is NaN or ±Inf
// is written as null, which decodeClaims rejects; MarshalClaims reports it
// as an error instead. A nil Registered or EncodeMembers in the codec writes
// no such members.
func appendClaims[C any](dst []byte, codec Codec[C], c *C) []byte {
	e := Encoder{buf: dst}
	encodeClaims(&e, codec, c)
	return e.buf
}

// encodeClaims appends the object c to e.buf.
func encodeClaims[C any](e *Encoder, codec Codec[C], c *C) {
	var r *RegisteredClaims
	if codec.Registered != nil {
		r = codec.Registered(c)
	}
	encodeClaimsWith(e, codec, c, r)
}

// encodeClaimsWith appends the object c to e.buf, with the registered
// claims r in place of those in c. A nil r writes none.
func encodeClaimsWith[C any](e *Encoder, codec Codec[C], c *C, r *RegisteredClaims) {
	e.buf = append(e.buf, '{')
	if r != nil {
		encodeRegistered(e, r)
	}
	if codec.EncodeMembers != nil {
		codec.EncodeMembers(c, e)
	}
	e.buf = append(e.buf, '}')
}

// encodeRegistered appends the registered claims that are present. An
// Audience that is empty but not nil is written as [].
func encodeRegistered(e *Encoder, r *RegisteredClaims) {
	if r.Issuer != "" {
		e.String("iss", r.Issuer)
	}
	if r.Subject != "" {
		e.String("sub", r.Subject)
	}
	if r.Audience != nil {
		e.Strings("aud", r.Audience)
	}
	if !r.ExpiresAt.IsZero() {
		e.Time("exp", r.ExpiresAt)
	}
	if !r.NotBefore.IsZero() {
		e.Time("nbf", r.NotBefore)
	}
	if !r.IssuedAt.IsZero() {
		e.Time("iat", r.IssuedAt)
	}
	if r.ID != "" {
		e.String("jti", r.ID)
	}
	if !r.AuthTime.IsZero() {
		e.Time("auth_time", r.AuthTime)
	}
}
