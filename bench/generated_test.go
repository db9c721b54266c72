package bench

import (
	"github.com/tokengen/tokengen/bench/wide"
)

// The generated handlers of tokens.yaml and wide/tokens.yaml, on the
// fixture's keys and clock.
var (
	accessHandler  = must(NewAccessHandler(AccessConfig{Key: hmacKey, Now: now}))
	sealedHandler  = must(NewSealedHandler(SealedConfig{Key: hmacKey, EncryptionKey: encryptionKey, Now: now}))
	serviceHandler = must(NewServiceHandler(ServiceConfig{Key: ecKey, Now: now}))
	deviceHandler  = must(NewDeviceHandler(DeviceConfig{Key: edKey, Now: now}))
	wideHandler    = must(wide.NewAccessHandler(wide.AccessConfig{Key: hmacKey, Now: now}))
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// scopeNames returns the names of scopes in s, or nil for none.
func scopeNames[S interface{ String() string }](list []S) []string {
	var names []string
	for _, s := range list {
		names = append(names, s.String())
	}
	return names
}

func accessResult(c *AccessClaims) result {
	return result{
		Issuer:    c.Issuer,
		Subject:   c.Subject,
		Audience:  c.Audience,
		UserID:    c.UserID,
		Scopes:    scopeNames(c.Scopes.List()),
		Tenant:    c.Tenant,
		Roles:     c.Roles,
		ExpiresAt: c.ExpiresAt.Unix(),
		NotBefore: c.NotBefore.Unix(),
		IssuedAt:  c.IssuedAt.Unix(),
		ID:        c.ID,
	}
}

// The other kinds have the same fields as AccessClaims.

func sealedResult(c *SealedClaims) result {
	a := AccessClaims{RegisteredClaims: c.RegisteredClaims, UserID: c.UserID, Scopes: c.Scopes, Tenant: c.Tenant, Roles: c.Roles}
	return accessResult(&a)
}

func serviceResult(c *ServiceClaims) result {
	a := AccessClaims{RegisteredClaims: c.RegisteredClaims, UserID: c.UserID, Scopes: c.Scopes, Tenant: c.Tenant, Roles: c.Roles}
	return accessResult(&a)
}

func deviceResult(c *DeviceClaims) result {
	a := AccessClaims{RegisteredClaims: c.RegisteredClaims, UserID: c.UserID, Scopes: c.Scopes, Tenant: c.Tenant, Roles: c.Roles}
	return accessResult(&a)
}

func wideResult(c *wide.AccessClaims) result {
	a := AccessClaims{RegisteredClaims: c.RegisteredClaims, UserID: c.UserID, Tenant: c.Tenant, Roles: c.Roles}
	r := accessResult(&a)
	r.Scopes = scopeNames(c.Scopes.List())
	return r
}
