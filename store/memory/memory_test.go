package memory_test

import (
	"context"
	"testing"
	"time"

	"loket"
	"loket/store/ephemeraltest"
	"loket/store/memory"
)

var _ ephemeraltest.Store = (*memory.Store)(nil)
var _ ephemeraltest.DropCounter = (*memory.Store)(nil)

var epoch = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

func TestContract(t *testing.T) {
	ephemeraltest.Run(t, ephemeraltest.Harness{
		Open: func(t *testing.T) ephemeraltest.Env {
			clock := loket.NewFixedClock(epoch)
			return ephemeraltest.Env{Store: memory.New(clock), Advance: clock.Advance}
		},
	})
}

// TestSweepBoundsMemory checks that expired entries of keys never touched
// again are dropped by the periodic sweep.
func TestSweepBoundsMemory(t *testing.T) {
	clock := loket.NewFixedClock(epoch)
	s := memory.New(clock)
	defer s.Close()
	ctx := context.Background()
	for i := range 1000 {
		key := string(rune('a'+i%26)) + time.Duration(i).String()
		if _, err := s.MarkOnce(ctx, key, time.Second); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Allow(ctx, key, 10, 5); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Acquire(ctx, key, "owner", time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if o, b, l := s.Len(); o != 1000 || b != 1000 || l != 1000 {
		t.Fatalf("before expiry: %d keys, %d buckets, %d locks; want 1000 each", o, b, l)
	}
	clock.Advance(2 * time.Minute)
	if _, err := s.MarkOnce(ctx, "trigger", time.Second); err != nil {
		t.Fatal(err)
	}
	if o, b, l := s.Len(); o != 1 || b != 0 || l != 0 {
		t.Fatalf("after expiry and a sweep: %d keys, %d buckets, %d locks; want 1, 0, 0", o, b, l)
	}
}

// TestFencingAcrossKeys checks that tokens grow store-wide, so the counter
// needs no per-key state.
func TestFencingAcrossKeys(t *testing.T) {
	s := memory.New(loket.NewFixedClock(epoch))
	defer s.Close()
	ctx := context.Background()
	var last int64
	for _, key := range []string{"a", "b", "a", "c"} {
		tok, ok, err := s.Acquire(ctx, key, "o-"+key+time.Duration(last).String(), time.Second)
		if err != nil || !ok {
			t.Fatalf("Acquire(%q): ok=%v err=%v", key, ok, err)
		}
		if err := s.Release(ctx, key, "o-"+key+time.Duration(last).String(), tok); err != nil {
			t.Fatal(err)
		}
		if tok <= last {
			t.Fatalf("Acquire(%q) token %d, want > %d", key, tok, last)
		}
		last = tok
	}
}

func TestClosedStoreRefuses(t *testing.T) {
	s := memory.New(loket.SystemClock{})
	ch, err := s.Subscribe(context.Background(), "t")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range ch { // closed by Close
	}
	if _, err := s.MarkOnce(context.Background(), "k", time.Second); err == nil {
		t.Fatal("MarkOnce after Close = nil error")
	}
	if _, err := s.Subscribe(context.Background(), "t"); err == nil {
		t.Fatal("Subscribe after Close = nil error")
	}
}
