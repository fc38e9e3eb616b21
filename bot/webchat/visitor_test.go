package webchat

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// A cookie signed before the signatures were pooled is still valid: the
// signature is the same HMAC-SHA256 of the same bytes, cut and encoded the
// same way.
func TestCookieSignatureIsUnchanged(t *testing.T) {
	e := newLimitEnv(t, Limits{}, nil)
	id := newChatID()
	mac := hmac.New(sha256.New, e.ch.cfg.Key)
	mac.Write([]byte("loket webchat visitor\x00" + id))
	want := id + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18])
	if got := e.ch.sign(id); got != want {
		t.Fatalf("sign = %q, want %q", got, want)
	}
}

func TestCookieCheckedConcurrently(t *testing.T) {
	e := newLimitEnv(t, Limits{}, nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				id := newChatID()
				good := httptest.NewRequest(http.MethodGet, "/chat/events", nil)
				good.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(id)})
				if got := e.ch.chatID(good); got != id {
					t.Errorf("a signed cookie: chatID = %q, want %q", got, id)
					return
				}
				other := newChatID()
				forged := httptest.NewRequest(http.MethodGet, "/chat/events", nil)
				forged.AddCookie(&http.Cookie{Name: cookieName, Value: other + e.ch.sign(id)[idLen:]})
				if got := e.ch.chatID(forged); got != "" {
					t.Errorf("another id with this signature: chatID = %q, want refused", got)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkChatID(b *testing.B) {
	e := newLimitEnv(b, Limits{}, nil)
	req := httptest.NewRequest(http.MethodGet, "/chat/events", nil)
	req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(newChatID())})
	b.ReportAllocs()
	for b.Loop() {
		if e.ch.chatID(req) == "" {
			b.Fatal("refused")
		}
	}
}
