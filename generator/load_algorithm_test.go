package generator

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadEncryptionAlgorithm covers algorithm values that cannot sign a
// token. Every signing algorithm works with encrypted: true, because the
// encryption wraps the signed token, so these are the only unusable
// combinations: an algorithm that signs nothing, or an encryption
// algorithm written where the signing algorithm belongs.
func TestLoadEncryptionAlgorithm(t *testing.T) {
	const accepted = "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA"
	tests := []struct {
		desc string
		body []string
		want []string
	}{
		{
			desc: "dir with encryption",
			body: []string{"encrypted: true", "algorithm: dir"},
			want: []string{`5:16: algorithm "dir" of token "Access" is a JWE encryption algorithm, but algorithm names the signing algorithm, one of ` + accepted + `; to encrypt tokens, set encrypted: true, which uses dir with XC20P`},
		},
		{
			desc: "XC20P without encryption",
			body: []string{"algorithm: XC20P"},
			want: []string{`4:16: algorithm "XC20P" of token "Access" is a JWE encryption algorithm, but algorithm names the signing algorithm, one of ` + accepted + `; to encrypt tokens, set encrypted: true, which uses dir with XC20P`},
		},
		{
			desc: "content encryption in lower case",
			body: []string{"algorithm: a256gcm"},
			want: []string{`4:16: algorithm "a256gcm" of token "Access" is a JWE encryption algorithm, but algorithm names the signing algorithm, one of ` + accepted + `; to encrypt tokens, set encrypted: true, which uses dir with XC20P`},
		},
		{
			desc: "none with encryption",
			body: []string{"encrypted: true", "algorithm: none"},
			want: []string{`5:16: unknown algorithm "none" of token "Access"; accepted: ` + accepted},
		},
		{
			desc: "asymmetric signing with encryption",
			body: []string{"encrypted: true", "algorithm: ES256"},
			want: nil,
		},
		{
			desc: "EdDSA with encryption",
			body: []string{"encrypted: true", "algorithm: EdDSA"},
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			lines := []string{"version: 1", "tokens:", "  Access:"}
			for _, line := range tt.body {
				lines = append(lines, "    "+line)
			}
			src := yamlLines(lines...)
			_, err := Load("tokens.yaml", []byte(src))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load(%q) failed:\n%v\nwant no error", src, err)
				}
				return
			}
			if diff := cmp.Diff(tt.want, diagnosticLines(t, err)); diff != "" {
				t.Errorf("Load(%q) diagnostics differ (-want +got):\n%s", src, diff)
			}
		})
	}
}
