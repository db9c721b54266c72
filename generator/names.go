package generator

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms are the words written in upper case in Go names, as in the Go
// wiki's CodeReviewComments ("Initialisms").
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true,
	"DNS": true, "EOF": true, "GUID": true, "HTML": true, "HTTP": true,
	"HTTPS": true, "ID": true, "IP": true, "JSON": true, "JWT": true,
	"LHS": true, "QPS": true, "RAM": true, "RHS": true, "RPC": true,
	"SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true,
	"TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true,
	"URI": true, "URL": true, "UTF8": true, "UUID": true, "VM": true,
	"XML": true, "XMPP": true, "XSRF": true, "XSS": true,
}

// GoName turns a schema name into an exported Go name: it splits name at the
// punctuation that scope names allow (":._-/") and at lower-to-upper case
// changes, capitalises each word and writes initialisms in upper case.
// "read:orders" gives "ReadOrders", "user_id" and "userId" give "UserID",
// "api_url" gives "APIURL". The result may start with a digit or be empty;
// callers check it with token.IsIdentifier where that matters.
func GoName(name string) string {
	var b strings.Builder
	for _, word := range splitWords(name) {
		if upper := strings.ToUpper(word); initialisms[upper] {
			b.WriteString(upper)
			continue
		}
		r, size := utf8.DecodeRuneInString(word)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(word[size:])
	}
	return b.String()
}

// splitWords splits name at ":._-/" and before an upper-case letter that
// follows a lower-case letter or a digit.
func splitWords(name string) []string {
	var words []string
	start := 0
	prev := rune(0)
	for i, r := range name {
		switch {
		case strings.ContainsRune(":._-/", r):
			if i > start {
				words = append(words, name[start:i])
			}
			start = i + utf8.RuneLen(r)
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			if i > start {
				words = append(words, name[start:i])
			}
			start = i
		}
		prev = r
	}
	if start < len(name) {
		words = append(words, name[start:])
	}
	return words
}
