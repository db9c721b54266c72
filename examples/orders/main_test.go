package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestTour(t *testing.T) {
	var out bytes.Buffer
	keys := demoKeys{signing: bytes.Repeat([]byte{1}, 32), encryption: bytes.Repeat([]byte{2}, 32)}
	if err := tour(&out, keys); err != nil {
		t.Fatalf("tour: %v\noutput:\n%s", err, out.String())
	}
	for _, want := range []string{
		"uid=user-123 tenant=acme scopes=[read:orders write:orders]",
		"can write orders: true, is admin: false",
		"plan=pro",
		"quota=100",
		"login_at is absent",
		"uid=user-123 email=ada@example.test",
		"expired: invalid Access token: exp: token is expired",
		"wrong audience: invalid Access token: aud:",
		"tampered: invalid Access token: token signature is invalid",
		"tampered session token: invalid Session token: token decryption failed",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tour output lacks %q\noutput:\n%s", want, out.String())
		}
	}
}
