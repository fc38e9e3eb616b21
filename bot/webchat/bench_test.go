package webchat

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket"
)

// nullSink accepts and forgets.
type nullSink struct{}

func (nullSink) Accept(context.Context, ...loket.Inbound) error { return nil }

// BenchmarkServeSend is the web chat's own work for one POST /chat/send
// (cookie, origin, JSON, both rate limits, the answer), the engine left
// out; every visitor has its own address, as under loket-load.
func BenchmarkServeSend(b *testing.B) {
	e := newLimitEnv(b, Limits{}, nil)
	e.ch.SetSink(nullSink{})
	const visitors = 1000
	cookies := make([]string, visitors)
	for i := range cookies {
		cookies[i] = e.ch.sign(newChatID())
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		e.clock.Set(e.clock.Now().Add(time.Second)) // the buckets refill
		v := i % visitors
		req := httptest.NewRequest(http.MethodPost, "/chat/send", strings.NewReader(`{"id":"load-`+strconv.Itoa(i)+`","text":"jam layanan"}`))
		req.RemoteAddr = "10.0.0.1:5555"
		req.Header.Set("X-Forwarded-For", "198.18."+strconv.Itoa(v>>8)+"."+strconv.Itoa(v&255))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Cookie", cookieName+"="+cookies[v])
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusAccepted {
			b.Fatalf("send: %d %s", rec.Code, rec.Body)
		}
	}
}
