package mediatype

import "testing"

func TestValid(t *testing.T) {
	long := ""
	for range 128 {
		long += "a"
	}
	tests := []struct {
		in   string
		want bool
	}{
		{"at+jwt", true},
		{"JWT", true},
		{"application/at+jwt", true},
		{"application/vnd.example.session+jwt", true},
		{"a!#$&-^_.+", true},
		{long[:127], true},
		{long, false},
		{"", false},
		{"/jwt", false},
		{"application/", false},
		{"a/b/c", false},
		{"+jwt", false},
		{"at jwt", false},
		{`at"jwt`, false},
		{`at\jwt`, false},
		{"jwt; charset=utf-8", false},
		{"jwté", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"at+jwt", "at+jwt", true},
		{"at+jwt", "AT+JWT", true},
		{"at+jwt", "application/at+jwt", true},
		{"Application/At+JWT", "at+jwt", true},
		{"at+jwt", "JWT", false},
		{"at+jwt", "text/at+jwt", false},
		{"at+jwt", "", false},
		{"jwt", "application/jwt", true},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
