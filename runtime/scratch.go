package runtime

import (
	"crypto/hmac"
	"hash"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/chacha20poly1305"
)

// scratch is the memory that one Parse or Issue call works in. Parse
// copies the token into token, decrypts into plain and decodes the parts
// into parts. Issue encodes the claims JSON into parts and builds the
// signed token in token; for an encrypted kind it then seals that into
// plain and builds the JWE in parts.
type scratch struct {
	token []byte
	plain []byte
	parts []byte
	// mac is the HMAC keyed with the handler's secret, or nil for other
	// algorithms, and sum receives its output.
	mac hash.Hash
	sum [64]byte
	// nonce receives the random nonce of an encrypted token.
	nonce [chacha20poly1305.NonceSizeX]byte
	// encoder writes the claims JSON of Issue.
	encoder Encoder
}

// maxScratch is the largest buffer a scratch keeps between calls, so that
// one huge token does not pin its memory.
const maxScratch = 64 << 10

// partsBuffer returns s.parts with a length of at least n.
func (s *scratch) partsBuffer(n int) []byte {
	if cap(s.parts) < n {
		s.parts = make([]byte, n)
	}
	return s.parts[:n]
}

// plainBuffer returns s.plain with a length of at least n.
func (s *scratch) plainBuffer(n int) []byte {
	if cap(s.plain) < n {
		s.plain = make([]byte, n)
	}
	return s.plain[:n]
}

// tagBuffer returns room for the decoded JWE tag of n base64url
// characters: s.sum, unless n is too long for a valid tag.
func (s *scratch) tagBuffer(n int) []byte {
	if size := base64url.DecodedLen(n); size > len(s.sum) {
		return make([]byte, size)
	}
	return s.sum[:]
}

// getScratch takes a scratch from the pool.
func (h *Handler[C]) getScratch() *scratch {
	if s, ok := h.scratch.Get().(*scratch); ok {
		return s
	}
	s := new(scratch)
	if h.alg.family == familyHMAC {
		s.mac = hmac.New(h.alg.method.(*jwt.SigningMethodHMAC).Hash.New, h.keys.verify.([]byte))
	}
	return s
}

// putScratch returns s to the pool, without its buffers if they grew too
// large.
func (h *Handler[C]) putScratch(s *scratch) {
	if cap(s.token) > maxScratch {
		s.token = nil
	}
	if cap(s.plain) > maxScratch {
		s.plain = nil
	}
	if cap(s.parts) > maxScratch {
		s.parts = nil
	}
	s.encoder = Encoder{}
	h.scratch.Put(s)
}
