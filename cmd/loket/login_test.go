package main

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
)

// redisLink is a TCP relay in front of the test Redis that can be cut,
// so a test sees Redis go down under a running serve.
type redisLink struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
	down  bool // cut: a connection accepted just before is closed, not relayed
}

func newRedisLink(t *testing.T, target string) *redisLink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &redisLink{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			l.mu.Lock()
			if l.down {
				l.mu.Unlock()
				c.Close()
				up.Close()
				return
			}
			l.conns = append(l.conns, c, up)
			l.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(l.cut)
	return l
}

// cut closes the listener and every relayed connection: Redis is down.
func (l *redisLink) cut() {
	l.ln.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.down = true
	for _, c := range l.conns {
		c.Close()
	}
	l.conns = nil
}

// TestLoginWhileRedisIsDown: with Redis gone the console still checks
// passwords and counts failures in process, instead of answering 503;
// /readyz says Redis is down without the driver's error text, which goes
// to the log.
func TestLoginWhileRedisIsDown(t *testing.T) {
	raw := os.Getenv("LOKET_TEST_REDIS_URL")
	if raw == "" {
		t.Skip("LOKET_TEST_REDIS_URL not set")
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	link := newRedisLink(t, u.Host)
	u.Host = link.ln.Addr().String()
	sv := startServe(t, "LOKET_REDIS_URL", u.String())
	link.cut()

	res, err := http.Get(sv.base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), `"down"`) ||
		strings.Contains(string(b), `"error"`) || strings.Contains(string(b), link.ln.Addr().String()) {
		t.Errorf("/readyz with Redis down: %d %s; want 503, the state, no error text", res.StatusCode, b)
	}
	// The driver's own error names the address. A ping may instead run into
	// /readyz's own deadline while the driver still retries its dials (it
	// does for the first few commands after Redis goes), so ask again.
	waitFor(t, "the readyz error in the log", func() bool {
		if res, err := http.Get(sv.base + "/readyz"); err == nil {
			res.Body.Close()
		}
		return strings.Contains(sv.err.String(), "readyz: backend down") && strings.Contains(sv.err.String(), link.ln.Addr().String())
	})

	login := func(pw string) int {
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(sv.base+"/login", url.Values{"username": {"admin"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := login("wrong-password"); code != http.StatusUnauthorized {
		t.Fatalf("wrong password with Redis down: status %d, want 401", code)
	}
	if code := login(sv.env["LOKET_ADMIN_PASSWORD"]); code != http.StatusSeeOther {
		t.Fatalf("right password with Redis down: status %d, want 303; stderr: %s", code, lastLines(sv.err.String()))
	}
	// Failures are still counted (in process): the waits grow until a try is refused.
	for i := 0; login("wrong-password") != http.StatusTooManyRequests; i++ {
		if i == 20 {
			t.Fatal("20 wrong passwords with Redis down and never a 429: failures are not counted")
		}
	}
}

func lastLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], "\n")
}
