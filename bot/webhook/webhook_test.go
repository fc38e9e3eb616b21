package webhook

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
)

// receiver is an httptest endpoint that verifies what it gets the way an
// integration would, and answers with the status it is told.
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	status int
	header http.Header
	got    []*http.Request
	bodies [][]byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{status: http.StatusNoContent, header: http.Header{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.got, r.bodies = append(r.got, req), append(r.bodies, b)
		for k, v := range r.header {
			w.Header()[k] = v
		}
		w.WriteHeader(r.status)
		io.WriteString(w, "receiver says hi")
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func newChannel(t *testing.T, eps ...Endpoint) *Channel {
	c, err := New(Config{}, DirectoryFunc(func(context.Context) ([]Endpoint, error) { return eps, nil }), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const body = `{"id":"7:message.created","type":"message.created","created_at":"2025-03-03T03:00:00Z","ticket":{"number":1001,"status":"new","channel":"telegram"},"data":{"direction":"in","actor":"vendor","text":"halo"}}`

// TestSendSigned: the receiver gets the body unchanged with headers whose
// signature verifies with the endpoint secret and not with another.
func TestSendSigned(t *testing.T) {
	r := newReceiver(t)
	c := newChannel(t, Endpoint{ID: "crm", URL: r.srv.URL + "/hook", Secret: "s3cret", Active: true})
	ext, err := c.Send(context.Background(), &loket.Outbound{ID: 42, Channel: loket.ChannelWebhook, ChatID: "crm", Text: body})
	if err != nil {
		t.Fatal(err)
	}
	if ext != "42" || len(r.got) != 1 {
		t.Fatalf("external id %q, %d requests", ext, len(r.got))
	}
	req, got := r.got[0], r.bodies[0]
	if string(got) != body || req.URL.Path != "/hook" || req.Method != http.MethodPost {
		t.Fatalf("%s %s %s", req.Method, req.URL.Path, got)
	}
	for k, want := range map[string]string{"Content-Type": "application/json", "X-Loket-Event": "message.created", "X-Loket-Delivery": "42"} {
		if v := req.Header.Get(k); v != want {
			t.Errorf("%s = %q; want %q", k, v, want)
		}
	}
	sig := req.Header.Get("X-Loket-Signature")
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != len("sha256=")+64 {
		t.Fatalf("signature %q", sig)
	}
	if !Verify("s3cret", got, sig) {
		t.Error("signature does not verify with the endpoint secret")
	}
	if Verify("other", got, sig) || Verify("s3cret", append(got, ' '), sig) {
		t.Error("signature verifies with a wrong secret or a changed body")
	}
}

// TestSendOutcomes: how responses and endpoint states map to the channel
// contract's errors.
func TestSendOutcomes(t *testing.T) {
	r := newReceiver(t)
	c := newChannel(t,
		Endpoint{ID: "on", URL: r.srv.URL, Secret: "k", Active: true},
		Endpoint{ID: "off", URL: r.srv.URL, Secret: "k", Active: false})
	tests := []struct {
		name, chat string
		status     int
		header     map[string]string
		permanent  bool
		after      time.Duration // > 0: a RetryAfterError with this wait
		ok         bool
		requests   int
	}{
		{name: "200", chat: "on", status: 200, ok: true, requests: 1},
		{name: "202", chat: "on", status: 202, ok: true, requests: 1},
		{name: "410 gone", chat: "on", status: 410, permanent: true, requests: 1},
		{name: "429 seconds", chat: "on", status: 429, header: map[string]string{"Retry-After": "30"}, after: 30 * time.Second, requests: 1},
		{name: "429 no header", chat: "on", status: 429, requests: 1},
		{name: "500", chat: "on", status: 500, requests: 1},
		{name: "401", chat: "on", status: 401, requests: 1},
		{name: "redirect not followed", chat: "on", status: 307, header: map[string]string{"Location": "/elsewhere"}, requests: 1},
		{name: "deleted endpoint", chat: "gone", permanent: true},
		{name: "disabled endpoint", chat: "off", permanent: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.mu.Lock()
			r.got, r.status, r.header = nil, tt.status, http.Header{}
			for k, v := range tt.header {
				r.header.Set(k, v)
			}
			r.mu.Unlock()
			_, err := c.Send(context.Background(), &loket.Outbound{ID: 1, Channel: loket.ChannelWebhook, ChatID: tt.chat, Text: body})
			if len(r.got) != tt.requests {
				t.Errorf("%d requests; want %d", len(r.got), tt.requests)
			}
			var ra *bot.RetryAfterError
			switch {
			case tt.ok:
				if err != nil {
					t.Fatalf("err = %v; want nil", err)
				}
			case tt.permanent:
				if !errors.Is(err, bot.ErrPermanent) {
					t.Fatalf("err = %v; want ErrPermanent", err)
				}
			case tt.after > 0:
				if !errors.As(err, &ra) || ra.After != tt.after {
					t.Fatalf("err = %v; want retry after %s", err, tt.after)
				}
			default:
				if err == nil || errors.Is(err, bot.ErrPermanent) || errors.As(err, &ra) {
					t.Fatalf("err = %v; want a plain, retryable error", err)
				}
			}
		})
	}
}

// TestSendTimeout: a receiver slower than the timeout is a retryable error.
func TestSendTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	eps := []Endpoint{{ID: "slow", URL: srv.URL, Secret: "k", Active: true}}
	c, err := New(Config{Timeout: 50 * time.Millisecond}, DirectoryFunc(func(context.Context) ([]Endpoint, error) { return eps, nil }), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Send(context.Background(), &loket.Outbound{ID: 1, ChatID: "slow", Text: body})
	if err == nil || errors.Is(err, bot.ErrPermanent) {
		t.Fatalf("err = %v; want a retryable timeout", err)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 3, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-5", 0, false},
		{"9227000000", time.Hour, true},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), time.Hour, true},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSignKnownVector pins the signature format against a value computed
// independently (printf '%s' '{"a":1}' | openssl dgst -sha256 -hmac key).
func TestSignKnownVector(t *testing.T) {
	const want = "sha256=88a67f24bbcdaed0e6c997404bb79a743baf44c6bab2f4c27328e3009d22e342"
	if got := Sign("key", []byte(`{"a":1}`)); got != want {
		t.Errorf("Sign = %s; want %s", got, want)
	}
}

// FuzzRetryAfter: any header value gives a non-negative wait or none.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "0", "", "soon", "-1", "Wed, 21 Oct 2015 07:28:00 GMT", "99999999999999999999"} {
		f.Add(s)
	}
	now := time.Date(2025, 3, 3, 3, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := retryAfter(s, now)
		if d < 0 || d > maxRetryAfter || (!ok && d != 0) {
			t.Fatalf("retryAfter(%q) = %s, %v", s, d, ok)
		}
	})
}

func TestRetryKeepsTryingForADay(t *testing.T) {
	if span := Retry.Span(); span < 24*time.Hour {
		t.Fatalf("deliveries are given up after %v, want at least a day", span)
	}
	if Retry.Wait(1) != 30*time.Second || Retry.Wait(2) != time.Minute || Retry.Wait(20) != time.Hour {
		t.Fatalf("waits %v %v %v", Retry.Wait(1), Retry.Wait(2), Retry.Wait(20))
	}
}
