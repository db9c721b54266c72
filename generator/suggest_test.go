package generator

import "testing"

func TestNearest(t *testing.T) {
	keys := []string{"doc", "lifespan", "issuer", "audience", "algorithm", "encrypted", "require", "verify", "leeway", "claims"}
	tests := []struct {
		desc       string
		name       string
		candidates []string
		want       string
	}{
		{"one letter swapped", "lifespam", keys, "lifespan"},
		{"one letter missing", "algoritm", keys, "algorithm"},
		{"two letters off", "audiance", keys, "audience"},
		{"letters swapped", "veriyf", keys, "verify"},
		{"case only", "Issuer", keys, "issuer"},
		{"case of an algorithm", "hs256", []string{"HS256", "EdDSA"}, "HS256"},
		{"prefix", "sig", []string{"exp", "signature"}, "signature"},
		{"short prefix too short", "cl", keys, ""},
		{"too far", "refresh", keys, ""},
		{"empty name", "", keys, ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.name, tt.candidates); got != tt.want {
			t.Errorf("%s: nearest(%q, %q) = %q, want %q", tt.desc, tt.name, tt.candidates, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"lifespam", "lifespan", 1},
		{"kitten", "sitting", 3},
		{"ü", "u", 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
