package redis_test

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"loket/store/redis"
)

// blackhole is a TCP proxy to a Redis that can silence the connections
// it carries: what is sent over a silenced one is lost either way, and
// it stays open, as a connection dropped by a firewall or NAT does.
// Connections opened later work.
type blackhole struct {
	l     net.Listener
	mu    sync.Mutex
	conns []*atomic.Bool // per connection: silenced
}

func newBlackhole(t *testing.T, to string) *blackhole {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &blackhole{l: l}
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			r, err := net.Dial("tcp", to)
			if err != nil {
				_ = c.Close()
				continue
			}
			t.Cleanup(func() { _ = c.Close(); _ = r.Close() })
			silenced := new(atomic.Bool)
			b.mu.Lock()
			b.conns = append(b.conns, silenced)
			b.mu.Unlock()
			go pipe(c, r, silenced)
			go pipe(r, c, silenced)
		}
	}()
	return b
}

// pipe copies from src to dst, dropping what comes once silenced.
func pipe(dst io.Writer, src io.Reader, silenced *atomic.Bool) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !silenced.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// silence silences every connection open now.
func (b *blackhole) silence() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range b.conns {
		c.Store(true)
	}
}

// TestSilentSubscriptionConnection: a subscription connection that goes
// silent without closing (go-redis' health-check pings are written into
// it without error) is noticed by the hub's heartbeat: its subscribers are
// closed, and a new subscription works over a new connection. Without the
// heartbeat the subscriber waits forever.
func TestSilentSubscriptionConnection(t *testing.T) {
	mr := miniredis.RunT(t)
	bh := newBlackhole(t, mr.Addr())
	s, err := redis.New(t.Context(), "redis://"+bh.l.Addr().String()+"/0", "loket-test:", testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	redis.SetHubHeartbeat(s, 100*time.Millisecond)
	ctx := t.Context()
	ch, err := s.Subscribe(ctx, "quiet")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx, "quiet", []byte("before")); err != nil {
		t.Fatal(err)
	}
	if got := <-ch; string(got) != "before" {
		t.Fatalf("payload %q, want before", got)
	}
	bh.silence()
	select {
	case p, ok := <-ch:
		if ok {
			t.Fatalf("payload %q on a silent connection", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("subscription still open on a connection silent for 10 s")
	}
	ch, err = s.Subscribe(ctx, "quiet")
	if err != nil {
		t.Fatal(err)
	}
	// The pooled connection the last publish used is silenced too; the
	// publish retries over a new one.
	deadline := time.After(10 * time.Second)
	for {
		if err := s.Publish(ctx, "quiet", []byte("after")); err != nil {
			t.Logf("publish: %v", err)
		}
		select {
		case got, ok := <-ch:
			if !ok || string(got) != "after" {
				t.Fatalf("payload %q (open %v), want after", got, ok)
			}
			return
		case <-time.After(200 * time.Millisecond):
		case <-deadline:
			t.Fatal("nothing received over the new subscription connection")
		}
	}
}
