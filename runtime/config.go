package runtime

import (
	"fmt"

	"github.com/tokengen/tokengen/internal/mediatype"

	"golang.org/x/crypto/chacha20poly1305"
)

// checkConfig returns the algorithm and keys that cfg selects, and every
// problem that makes cfg unusable, in the order of Config's fields.
// Problems describe keys by type and size only.
func checkConfig(cfg *Config) (*algorithm, keyPair, []string) {
	var problems []string
	add := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}

	// Algorithm and Key.
	alg := lookupAlgorithm(cfg.Algorithm)
	var keys keyPair
	switch {
	case alg != nil:
		var problem string
		keys, problem = checkKey(alg, cfg.Key)
		if problem != "" {
			problems = append(problems, problem)
		}
	case cfg.Algorithm == "":
		add("Algorithm is missing, want one of %s", algorithmNames())
	default:
		add("Algorithm %q is not supported, want one of %s", cfg.Algorithm, algorithmNames())
	}
	if alg == nil && isMissing(cfg.Key) {
		add("Key is missing")
	}

	// Type.
	if cfg.Type != "" && !mediatype.Valid(cfg.Type) {
		add("Type %q is not a media type name such as at+jwt or application/at+jwt", cfg.Type)
	}

	// Encryption.
	switch {
	case cfg.Encrypted && len(cfg.EncryptionKey) == 0:
		add("EncryptionKey is missing, want %d bytes because Encrypted is set", chacha20poly1305.KeySize)
	case cfg.Encrypted && len(cfg.EncryptionKey) != chacha20poly1305.KeySize:
		add("EncryptionKey is %d bytes, want %d", len(cfg.EncryptionKey), chacha20poly1305.KeySize)
	case !cfg.Encrypted && len(cfg.EncryptionKey) > 0:
		add("EncryptionKey is set but Encrypted is not, so tokens would be issued unencrypted")
	}

	// Lifespan.
	switch {
	case cfg.Lifespan == 0:
		add("Lifespan is missing, want a positive duration")
	case cfg.Lifespan < 0:
		add("Lifespan is %v, want a positive duration", cfg.Lifespan)
	}

	// Issuer and Audience.
	if cfg.Issuer == "" && cfg.Verify&CheckIss != 0 {
		add("Issuer is missing, but the iss claim is verified")
	}
	for i, aud := range cfg.Audience {
		if aud == "" {
			add("Audience[%d] is empty", i)
		}
	}
	if len(cfg.Audience) == 0 && cfg.Verify&CheckAud != 0 {
		add("Audience is missing, but the aud claim is verified")
	}

	// Leeway and checks.
	if cfg.Leeway < 0 {
		add("Leeway is %v, want zero or more", cfg.Leeway)
	}
	if unknown := cfg.Require &^ CheckAll; unknown != 0 {
		add("Require has unknown checks %#x", uint8(unknown))
	}
	if unknown := cfg.Verify &^ CheckAll; unknown != 0 {
		add("Verify has unknown checks %#x", uint8(unknown))
	}

	// Middleware. A refresh needs a key that can sign.
	problems = append(problems, cfg.HTTP.problems()...)
	if cfg.HTTP.AutoUpdate.Enabled && alg != nil && keys.verify != nil && keys.sign == nil {
		add("HTTP.AutoUpdate is enabled, but Key can only verify, so no token can be refreshed")
	}
	return alg, keys, problems
}

// checkCodec returns a problem for each function codec lacks. Generated
// code always sets them all.
func checkCodec[C any](codec *Codec[C]) []string {
	var problems []string
	if codec.Registered == nil {
		problems = append(problems, "Codec.Registered is missing")
	}
	if codec.DecodeMember == nil {
		problems = append(problems, "Codec.DecodeMember is missing")
	}
	if codec.EncodeMembers == nil {
		problems = append(problems, "Codec.EncodeMembers is missing")
	}
	if codec.Check == nil {
		problems = append(problems, "Codec.Check is missing")
	}
	return problems
}
