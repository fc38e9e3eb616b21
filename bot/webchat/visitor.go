package webchat

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/http"
	"sync"

	"loket"
)

const cookieName = "loket_chat"

// A visitor cookie is "<32 hex id>.<signature>": the id is the chat id,
// the signature an HMAC of it under the channel's key. Cookies from
// before signing (the bare id) are honoured once, on the page, for chats
// that already exist, and re-issued signed.
const idLen = 32

const (
	sigBytes  = 18                   // of the HMAC-SHA256, in the cookie
	sigLen    = (sigBytes*8 + 5) / 6 // its unpadded base64url length: 24
	cookieLen = idLen + 1 + sigLen   // "<id>.<signature>"
	macDomain = "loket webchat visitor\x00"
)

// signer computes cookie signatures under the channel's key. The keyed
// HMACs are pooled with their buffers: every request checks a cookie, and
// a fresh HMAC costs two SHA-256 states and the key's padding each time.
type signer struct{ pool sync.Pool }

type macState struct {
	mac hash.Hash
	in  [len(macDomain) + idLen]byte
	sum [sha256.Size]byte
}

func newSigner(key []byte) *signer {
	s := &signer{}
	s.pool.New = func() any {
		m := &macState{mac: hmac.New(sha256.New, key)}
		copy(m.in[:], macDomain)
		return m
	}
	return s
}

// sig writes the signature of id (idLen bytes) into dst.
func (s *signer) sig(dst *[sigLen]byte, id string) {
	m := s.pool.Get().(*macState)
	m.mac.Reset()
	copy(m.in[len(macDomain):], id)
	m.mac.Write(m.in[:])
	base64.RawURLEncoding.Encode(dst[:], m.mac.Sum(m.sum[:0])[:sigBytes])
	s.pool.Put(m)
}

func (c *Channel) sign(id string) string {
	var sig [sigLen]byte
	c.signer.sig(&sig, id)
	return id + "." + string(sig[:])
}

// chatID returns the visitor's chat id from a correctly signed cookie, or
// "" when absent, malformed or forged.
func (c *Channel) chatID(r *http.Request) string {
	ck, err := r.Cookie(cookieName)
	if err != nil || len(ck.Value) != cookieLen || ck.Value[idLen] != '.' {
		return ""
	}
	id := ck.Value[:idLen]
	if !validID(id) {
		return ""
	}
	var sig [sigLen]byte
	c.signer.sig(&sig, id)
	if subtle.ConstantTimeCompare(sig[:], []byte(ck.Value[idLen+1:])) != 1 {
		return ""
	}
	return id
}

// legacyID returns the id of an unsigned cookie from before signing.
func legacyID(r *http.Request) string {
	ck, err := r.Cookie(cookieName)
	if err != nil || !validID(ck.Value) {
		return ""
	}
	return ck.Value
}

func validID(s string) bool {
	if len(s) != idLen {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

func newChatID() string {
	b := make([]byte, idLen/2)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// visitor finds or makes the chat id for the page. A new id costs a
// token of the client address's new-visitor bucket; false means refused
// (the answer is written). Nothing is stored for a new visitor: the
// engine keeps a contact only once they send a message.
func (c *Channel) visitor(w http.ResponseWriter, r *http.Request) (string, bool) {
	if id := c.chatID(r); id != "" {
		return id, true
	}
	id := legacyID(r)
	if id == "" || !c.known(r.Context(), id) {
		if !c.allowAddr(w, r, limitVisitor) {
			return "", false
		}
		id = newChatID()
	}
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: c.sign(id), Path: "/chat", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.cfg.Clients.Secure(r),
	})
	return id, true
}

// known reports whether a chat has a transcript (an unsigned cookie of
// an existing chat, from before cookies were signed).
func (c *Channel) known(ctx context.Context, id string) bool {
	lines, err := c.lines.Transcript(ctx, loket.ChannelWebChat, id, 0, 0, 1)
	return err == nil && len(lines) > 0
}
