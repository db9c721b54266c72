// Package mediatype checks and compares the media type names that a token
// kind's typ header parameter holds.
package mediatype

import "strings"

// Valid reports whether s is a media type name as RFC 6838 section 4.2
// restricts it, with or without its type: "at+jwt" or "application/at+jwt".
// Each name starts with a letter or digit, has at most 127 characters, and
// uses only letters, digits and the characters !#$&-^_.+.
func Valid(s string) bool {
	typ, subtype, found := strings.Cut(s, "/")
	if !found {
		return restrictedName(typ)
	}
	return restrictedName(typ) && restrictedName(subtype)
}

// restrictedName reports whether s is a restricted-name of RFC 6838.
func restrictedName(s string) bool {
	if s == "" || len(s) > 127 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case i > 0 && strings.IndexByte("!#$&-^_.+", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// Equal reports whether the typ values a and b name the same media type.
// As RFC 7515 section 4.1.9 specifies, a value without a slash stands for
// "application/" followed by the value, and media type names ignore case.
func Equal(a, b string) bool {
	const prefix = "application/"
	if !strings.Contains(a, "/") {
		a = prefix + a
	}
	if !strings.Contains(b, "/") {
		b = prefix + b
	}
	return strings.EqualFold(a, b)
}
