package telegram

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loket"
	"loket/bot/telegram/telegramtest"
	"loket/store/memory"
)

// The project's lock stores fit Config.Locker.
var _ Locker = (*memory.Store)(nil)

// stealable is the in-process lock store where the holder's term can be
// ended: while steal is set a renewal releases the lock and fails.
type stealable struct {
	*memory.Store
	steal atomic.Bool
}

func (l *stealable) Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error) {
	if l.steal.Load() {
		_ = l.Store.Release(ctx, key, owner, token)
		return false, nil
	}
	return l.Store.Refresh(ctx, key, owner, token, ttl)
}

// pollWatch counts getUpdates calls per channel and the most ever in
// flight at once across channels.
type pollWatch struct {
	inFlight, most atomic.Int32
}

type watchedTransport struct {
	w     *pollWatch
	calls atomic.Int32
}

func (t *watchedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/getUpdates") {
		return http.DefaultTransport.RoundTrip(r)
	}
	t.calls.Add(1)
	n := t.w.inFlight.Add(1)
	defer t.w.inFlight.Add(-1)
	for m := t.w.most.Load(); n > m && !t.w.most.CompareAndSwap(m, n); m = t.w.most.Load() {
	}
	return http.DefaultTransport.RoundTrip(r)
}

// countSink counts how often each ExternalID was accepted; onAccept runs
// after recording.
type countSink struct {
	mu       sync.Mutex
	seen     map[string]int
	onAccept func(msgs []loket.Inbound)
}

func (s *countSink) Accept(_ context.Context, msgs ...loket.Inbound) error {
	s.mu.Lock()
	for _, m := range msgs {
		s.seen[m.ExternalID]++
	}
	s.mu.Unlock()
	if s.onAccept != nil {
		s.onAccept(msgs)
	}
	return nil
}

func (s *countSink) snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.seen {
		out[k] = v
	}
	return out
}

func lockedChannel(t *testing.T, srv *telegramtest.Server, l Locker, owner string, w *pollWatch) (*Channel, *watchedTransport) {
	c := newChannel(t, srv, func(cfg *Config) {
		cfg.Locker, cfg.Owner, cfg.LockTTL, cfg.LockKey = l, owner, 300*time.Millisecond, "test:poll"
	})
	tr := &watchedTransport{w: w}
	c.http.Transport = tr
	return c, tr
}

func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	guard := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(guard) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Two replicas share one bot: only the lock holder polls; when it stops
// right after recording a batch, it confirms the batch, so the replica
// that takes over receives only what is new.
func TestPollingLockHandover(t *testing.T) {
	srv := telegramtest.New(t, "")
	locks := memory.New(loket.SystemClock{})
	var w pollWatch
	a, aTr := lockedChannel(t, srv, locks, "replica-a", &w)
	b, bTr := lockedChannel(t, srv, locks, "replica-b", &w)

	actx, stopA := context.WithCancel(context.Background())
	defer stopA()
	sink := &countSink{seen: map[string]int{}, onAccept: func(msgs []loket.Inbound) {
		for _, m := range msgs {
			if m.ExternalID == "m5:3" {
				stopA() // replica A shuts down right after recording
			}
		}
	}}
	aDone := make(chan error, 1)
	go func() { aDone <- a.Run(actx, sink) }()
	until(t, "replica A polling", a.Polling)
	runChannelSink(t, b, sink)

	for i := 1; i <= 3; i++ {
		srv.PushUpdate(telegramtest.Private(i, 5, "pesan"))
	}
	if err := <-aDone; err != nil {
		t.Fatalf("replica A Run: %v", err)
	}
	if aTr.calls.Load() == 0 || bTr.calls.Load() != 0 {
		t.Fatalf("getUpdates calls: A %d, B %d; want only A", aTr.calls.Load(), bTr.calls.Load())
	}
	until(t, "replica B taking over", b.Polling)
	srv.PushUpdate(telegramtest.Private(4, 5, "lagi"))
	srv.PushUpdate(telegramtest.Private(5, 5, "dan lagi"))
	until(t, "all five recorded", func() bool { return len(sink.snapshot()) == 5 })
	until(t, "all confirmed", func() bool { return len(srv.Pending()) == 0 })
	for id, n := range sink.snapshot() {
		if n != 1 {
			t.Errorf("%s accepted %d times", id, n)
		}
	}
	if bTr.calls.Load() == 0 || w.most.Load() != 1 {
		t.Fatalf("B calls %d, most concurrent getUpdates %d; want B polling alone", bTr.calls.Load(), w.most.Load())
	}
}

// A replica that loses the lock stops polling; nobody polls while another
// owner holds it; the update waiting meanwhile arrives once after.
func TestPollingStopsOnLockLoss(t *testing.T) {
	srv := telegramtest.New(t, "")
	locks := &stealable{Store: memory.New(loket.SystemClock{})}
	var w pollWatch
	a, _ := lockedChannel(t, srv, locks, "replica-a", &w)
	sink := &countSink{seen: map[string]int{}}
	runChannelSink(t, a, sink)
	until(t, "replica A polling", a.Polling)

	ctx := context.Background()
	locks.steal.Store(true) // A's next renewal finds its term over
	var intruder int64
	until(t, "the intruder takes the lock", func() bool {
		tok, ok, err := locks.Acquire(ctx, "test:poll", "intruder", time.Minute)
		intruder = tok
		return err == nil && ok
	})
	locks.steal.Store(false)
	until(t, "replica A to stop polling", func() bool { return !a.Polling() && w.inFlight.Load() == 0 })
	srv.PushUpdate(telegramtest.Private(1, 6, "menunggu"))
	if err := locks.Release(ctx, "test:poll", "intruder", intruder); err != nil {
		t.Fatal(err)
	}
	until(t, "the waiting update", func() bool { return sink.snapshot()["m6:1"] == 1 })
	if !a.Polling() {
		t.Fatal("replica A did not take the lock back")
	}
}

// runChannelSink runs c with any sink until the test ends.
func runChannelSink(t *testing.T, c *Channel, sink interface {
	Accept(context.Context, ...loket.Inbound) error
}) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, sink) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}

// A replica whose term ended without its heartbeat noticing yet (it was
// frozen past the time-to-live, say) polls no more: it checks the lock
// before each getUpdates and stops at once. The heartbeat is far off here
// (a minute's TTL), so only that check can stop it.
func TestPollerChecksTheLockBeforeEachPoll(t *testing.T) {
	srv := telegramtest.New(t, "")
	locks := &stealable{Store: memory.New(loket.SystemClock{})}
	var w pollWatch
	a, aTr := lockedChannel(t, srv, locks, "replica-a", &w)
	a.cfg.LockTTL = time.Minute
	runChannelSink(t, a, &countSink{seen: map[string]int{}})
	until(t, "replica A in a long poll", func() bool { return a.Polling() && w.inFlight.Load() == 1 })
	locks.steal.Store(true) // the term is over; A's poll in flight started before
	calls := aTr.calls.Load()
	until(t, "replica A to stop polling", func() bool { return !a.Polling() })
	if n := aTr.calls.Load() - calls; n != 0 {
		t.Fatalf("%d getUpdates calls after the term ended", n)
	}
}
