package runtime

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNewHandlerConfigProblems(t *testing.T) {
	keys := testKeys()
	tests := []struct {
		desc    string
		change  func(cfg *Config)
		wantErr string // "" for a valid config
	}{
		{"valid HS256", func(cfg *Config) {}, ""},

		// Algorithm.
		{"algorithm missing", func(cfg *Config) { cfg.Algorithm = "" },
			"Algorithm is missing, want one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA"},
		{"algorithm unknown", func(cfg *Config) { cfg.Algorithm = "HS257" },
			`Algorithm "HS257" is not supported, want one of HS256,`},
		{"algorithm none", func(cfg *Config) { cfg.Algorithm = "none" },
			`Algorithm "none" is not supported`},
		{"algorithm in lower case", func(cfg *Config) { cfg.Algorithm = "hs256" },
			`Algorithm "hs256" is not supported`},
		{"algorithm unknown and key missing", func(cfg *Config) { cfg.Algorithm = "XX"; cfg.Key = nil },
			"Key is missing"},

		// Key presence and type.
		{"key nil", func(cfg *Config) { cfg.Key = nil },
			"Key is missing, want []byte for HS256"},
		{"key empty", func(cfg *Config) { cfg.Key = []byte{} },
			"Key is missing, want []byte for HS256"},
		{"key string for HMAC", func(cfg *Config) { cfg.Key = string(hmacKey256) },
			"Key has type string, want []byte for HS256"},
		{"HMAC key for RS256", func(cfg *Config) { *cfg = testConfig("RS256"); cfg.Key = hmacKey256 },
			"Key has type []uint8, want *rsa.PrivateKey or *rsa.PublicKey for RS256"},
		{"RSA value not pointer", func(cfg *Config) { *cfg = testConfig("RS256"); cfg.Key = *keys.rsa2048 },
			"Key has type rsa.PrivateKey, want *rsa.PrivateKey or *rsa.PublicKey for RS256"},
		{"nil RSA pointer", func(cfg *Config) { *cfg = testConfig("PS256"); cfg.Key = (*rsa.PrivateKey)(nil) },
			"Key is missing, want *rsa.PrivateKey or *rsa.PublicKey for PS256"},
		{"RSA key for ES256", func(cfg *Config) { *cfg = testConfig("ES256"); cfg.Key = keys.rsa2048 },
			"Key has type *rsa.PrivateKey, want *ecdsa.PrivateKey or *ecdsa.PublicKey for ES256"},
		{"ECDSA key for EdDSA", func(cfg *Config) { *cfg = testConfig("EdDSA"); cfg.Key = keys.p256 },
			"Key has type *ecdsa.PrivateKey, want ed25519.PrivateKey or ed25519.PublicKey for EdDSA"},

		// Key strength.
		{"HS256 key of 31 bytes", func(cfg *Config) { cfg.Key = hmacKey256[:31] },
			"Key is 31 bytes, want at least 32 for HS256"},
		{"HS256 key of 32 bytes", func(cfg *Config) { cfg.Key = hmacKey256[:32] }, ""},
		{"HS384 key of 47 bytes", func(cfg *Config) { *cfg = testConfig("HS384"); cfg.Key = hmacKey384[:47] },
			"Key is 47 bytes, want at least 48 for HS384"},
		{"HS384 key of 48 bytes", func(cfg *Config) { *cfg = testConfig("HS384"); cfg.Key = hmacKey384[:48] }, ""},
		{"HS512 key of 63 bytes", func(cfg *Config) { *cfg = testConfig("HS512"); cfg.Key = hmacKey512[:63] },
			"Key is 63 bytes, want at least 64 for HS512"},
		{"HS512 key of 64 bytes", func(cfg *Config) { *cfg = testConfig("HS512"); cfg.Key = hmacKey512[:64] }, ""},
		{"RSA 1024-bit private key", func(cfg *Config) { *cfg = testConfig("RS256"); cfg.Key = keys.rsa1024 },
			"Key is a 1024-bit RSA key, want at least 2048 bits for RS256"},
		{"RSA 1024-bit public key", func(cfg *Config) { *cfg = testConfig("PS512"); cfg.Key = &keys.rsa1024.PublicKey },
			"Key is a 1024-bit RSA key, want at least 2048 bits for PS512"},
		{"P-384 key for ES256", func(cfg *Config) { *cfg = testConfig("ES256"); cfg.Key = keys.p384 },
			"Key is on curve P-384, want P-256 for ES256"},
		{"P-256 public key for ES384", func(cfg *Config) { *cfg = testConfig("ES384"); cfg.Key = &keys.p256.PublicKey },
			"Key is on curve P-256, want P-384 for ES384"},
		{"P-384 key for ES512", func(cfg *Config) { *cfg = testConfig("ES512"); cfg.Key = keys.p384 },
			"Key is on curve P-384, want P-521 for ES512"},
		{"ECDSA public key without curve", func(cfg *Config) { *cfg = testConfig("ES256"); cfg.Key = &ecdsa.PublicKey{} },
			"Key is a *ecdsa.PublicKey without a curve"},
		{"Ed25519 private key too short", func(cfg *Config) { *cfg = testConfig("EdDSA"); cfg.Key = keys.ed[:12] },
			"Key is an ed25519.PrivateKey of 12 bytes, want 64"},
		{"Ed25519 public key too short", func(cfg *Config) {
			*cfg = testConfig("EdDSA")
			cfg.Key = keys.ed.Public().(ed25519.PublicKey)[:31]
		}, "Key is an ed25519.PublicKey of 31 bytes, want 32"},

		// Encryption.
		{"encrypted without key", func(cfg *Config) { cfg.Encrypted = true },
			"EncryptionKey is missing, want 32 bytes because Encrypted is set"},
		{"encryption key of 16 bytes", func(cfg *Config) { cfg.Encrypted = true; cfg.EncryptionKey = encryptionKey[:16] },
			"EncryptionKey is 16 bytes, want 32"},
		{"encryption key without Encrypted", func(cfg *Config) { cfg.EncryptionKey = encryptionKey },
			"EncryptionKey is set but Encrypted is not, so tokens would be issued unencrypted"},
		{"encrypted with 32-byte key", func(cfg *Config) { cfg.Encrypted = true; cfg.EncryptionKey = encryptionKey }, ""},

		// Lifespan, issuer, audience, leeway, checks.
		{"lifespan missing", func(cfg *Config) { cfg.Lifespan = 0 },
			"Lifespan is missing, want a positive duration"},
		{"lifespan negative", func(cfg *Config) { cfg.Lifespan = -time.Minute },
			"Lifespan is -1m0s, want a positive duration"},
		{"issuer missing, iss verified", func(cfg *Config) { cfg.Issuer = "" },
			"Issuer is missing, but the iss claim is verified"},
		{"issuer missing, iss not verified", func(cfg *Config) { cfg.Issuer = ""; cfg.Verify &^= CheckIss }, ""},
		{"audience missing, aud verified", func(cfg *Config) { cfg.Audience = nil },
			"Audience is missing, but the aud claim is verified"},
		{"audience missing, aud not verified", func(cfg *Config) { cfg.Audience = nil; cfg.Verify &^= CheckAud }, ""},
		{"audience with empty string", func(cfg *Config) { cfg.Audience = []string{"orders-api", ""} },
			"Audience[1] is empty"},
		{"leeway negative", func(cfg *Config) { cfg.Leeway = -time.Second },
			"Leeway is -1s, want zero or more"},
		{"auto update after above 1", func(cfg *Config) { cfg.HTTP.AutoUpdate = AutoUpdate{Enabled: true, After: 1.5} },
			"HTTP.AutoUpdate.After is 1.5, want 0..1"},
		{"auto update max age negative", func(cfg *Config) { cfg.HTTP.AutoUpdate = AutoUpdate{Enabled: true, MaxAge: -time.Hour} },
			"HTTP.AutoUpdate.MaxAge is -1h0m0s, want 0 (no limit) or more"},
		{"auto update bad header", func(cfg *Config) { cfg.HTTP.AutoUpdate = AutoUpdate{Enabled: true, Header: "X Token"} },
			`HTTP.AutoUpdate.Header "X Token" is not a valid header name`},
		{"require unknown check", func(cfg *Config) { cfg.Require |= 1 << 7 },
			"Require has unknown checks 0x80"},
		{"verify unknown check", func(cfg *Config) { cfg.Verify |= 1 << 6 },
			"Verify has unknown checks 0x40"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			cfg := testConfig("HS256")
			tt.change(&cfg)
			h, err := NewHandler(cfg, registeredCodec)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("NewHandler(%s config) = %v, want no error", cfg.Algorithm, err)
				}
				if h == nil {
					t.Fatalf("NewHandler(%s config) = nil handler, want a handler", cfg.Algorithm)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewHandler(%s config) = %v, want an error containing %q", cfg.Algorithm, err, tt.wantErr)
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("errors.Is(NewHandler(...) error, ErrInvalidConfig) = false, want true; error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "invalid token handler config for Access: ") {
				t.Errorf("NewHandler(...) error = %q, want prefix %q", err, "invalid token handler config for Access: ")
			}
		})
	}
}

func TestNewHandlerListsEveryProblem(t *testing.T) {
	secret := []byte("0123456789abcdef") // 16 bytes, too short for HS256
	cfg := Config{
		Kind:          "Refresh",
		Algorithm:     "HS256",
		Key:           secret,
		Encrypted:     true,
		EncryptionKey: secret,
		Lifespan:      -time.Hour,
		Audience:      []string{""},
		Leeway:        -time.Second,
		Require:       CheckAll,
		Verify:        CheckAll,
	}
	_, err := NewHandler(cfg, Codec[RegisteredClaims]{})
	if err == nil {
		t.Fatal("NewHandler(config with many problems) = nil error, want an error")
	}
	want := "invalid token handler config for Refresh: " +
		"Key is 16 bytes, want at least 32 for HS256; " +
		"EncryptionKey is 16 bytes, want 32; " +
		"Lifespan is -1h0m0s, want a positive duration; " +
		"Issuer is missing, but the iss claim is verified; " +
		"Audience[0] is empty; " +
		"Leeway is -1s, want zero or more; " +
		"Codec.Registered is missing; Codec.DecodeMember is missing; " +
		"Codec.EncodeMembers is missing; Codec.Check is missing"
	if err.Error() != want {
		t.Errorf("NewHandler(config with many problems) error =\n%s\nwant\n%s", err, want)
	}
	if !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("errors.Is(err, ErrInvalidConfig) = false, want true")
	}
	for _, form := range []string{string(secret), hex.EncodeToString(secret), base64.StdEncoding.EncodeToString(secret), "48 49 50"} {
		if strings.Contains(err.Error(), form) {
			t.Errorf("NewHandler error %q contains the key bytes as %q", err, form)
		}
	}
}

func TestNewHandlerNeverPrintsKeys(t *testing.T) {
	keys := testKeys()
	tests := []struct {
		desc string
		alg  string
		key  any
		// secret is a form of the key material that must not appear.
		secret string
	}{
		{"short HMAC key", "HS512", hmacKey256, string(hmacKey256)},
		{"HMAC key for RS256", "RS256", hmacKey256, string(hmacKey256)},
		{"weak RSA key", "RS256", keys.rsa1024, keys.rsa1024.D.String()},
		{"RSA key for ES256", "ES256", keys.rsa2048, keys.rsa2048.D.String()},
		{"wrong curve", "ES256", keys.p384, hex.EncodeToString(mustBytes(keys.p384.Bytes()))},
		{"short Ed25519 key", "EdDSA", keys.ed[:40], hex.EncodeToString(keys.ed[:40])},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			cfg := testConfig(tt.alg)
			cfg.Key = tt.key
			_, err := NewHandler(cfg, registeredCodec)
			if err == nil {
				t.Fatalf("NewHandler(%s with %T) = nil error, want an error", tt.alg, tt.key)
			}
			if strings.Contains(err.Error(), tt.secret) {
				t.Errorf("NewHandler(%s with %T) error %q contains the key material", tt.alg, tt.key, err)
			}
		})
	}
}

func mustBytes(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestNewHandlerAcceptsKeys(t *testing.T) {
	for _, alg := range []string{"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"} {
		priv := signingKey(alg)
		for _, key := range []any{priv, publicKey(priv)} {
			cfg := testConfig(alg)
			cfg.Key = key
			if _, err := NewHandler(cfg, registeredCodec); err != nil {
				t.Errorf("NewHandler(%s with %T) = %v, want no error", alg, key, err)
			}
		}
	}
}

func TestNewHandlerCopiesSlices(t *testing.T) {
	cfg := encryptedConfig()
	cfg.Key = []byte(string(hmacKey256))
	cfg.EncryptionKey = []byte(string(encryptionKey))
	h := newRegisteredHandler(t, cfg)
	token, err := h.Issue(&RegisteredClaims{Subject: "user-1"})
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}

	// Change the caller's slices after NewHandler.
	cfg.Key.([]byte)[0] ^= 1
	cfg.EncryptionKey[0] ^= 1
	cfg.Audience[0] = "other-api"

	if _, err := h.Parse(token); err != nil {
		t.Errorf("Parse(token) after changing the config's slices = %v, want no error", err)
	}
}
