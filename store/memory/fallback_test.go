package memory

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket"
)

// downStore is Redis while it is down.
type downStore struct{}

var errDown = errors.New("redis: connection refused")

func (downStore) Allow(context.Context, string, float64, int) (bool, time.Duration, error) {
	return false, 0, errDown
}
func (downStore) AllowEach(context.Context, ...loket.RateLimit) (bool, time.Duration, error) {
	return false, 0, errDown
}
func (downStore) Strike(context.Context, string, time.Duration) (int64, error) { return 0, errDown }
func (downStore) Strikes(context.Context, string) (int64, time.Duration, error) {
	return 0, 0, errDown
}
func (downStore) Forgive(context.Context, string) error { return errDown }

func TestFallbackKeepsLimitingWhenTheSharedLimiterFails(t *testing.T) {
	local := New(loket.NewFixedClock(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)))
	defer local.Close()
	f := NewFallback(downStore{}, local)
	ctx := context.Background()
	for i := range 3 {
		if ok, _, err := f.Allow(ctx, "login:admin", 0.01, 3); !ok || err != nil {
			t.Fatalf("try %d: %v %v", i, ok, err)
		}
	}
	if ok, wait, err := f.Allow(ctx, "login:admin", 0.01, 3); ok || err != nil || wait <= 0 {
		t.Fatalf("4th try with Redis down: ok=%v wait=%v err=%v, want refused locally", ok, wait, err)
	}
	shared := New(loket.NewFixedClock(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)))
	defer shared.Close()
	if ok, _, err := NewFallback(shared, local).Allow(ctx, "login:admin", 0.01, 3); !ok || err != nil {
		t.Fatalf("a working shared limiter is asked first: %v %v", ok, err)
	}
}

func TestFallbackTakesEachBucketLocallyWhenTheSharedLimiterFails(t *testing.T) {
	local := New(loket.NewFixedClock(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)))
	defer local.Close()
	f := NewFallback(downStore{}, local)
	ctx := context.Background()
	visitor := loket.RateLimit{Key: "send:chat:a", Rate: 0.01, Burst: 2}
	addr := loket.RateLimit{Key: "send:addr:x", Rate: 0.01, Burst: 3}
	for i := range 2 {
		if ok, _, err := f.AllowEach(ctx, visitor, addr); !ok || err != nil {
			t.Fatalf("try %d: %v %v", i, ok, err)
		}
	}
	if ok, wait, err := f.AllowEach(ctx, visitor, addr); ok || err != nil || wait <= 0 {
		t.Fatalf("3rd try with Redis down: ok=%v wait=%v err=%v, want refused locally", ok, wait, err)
	}
	// The refused visitor took nothing from the address: one token is left.
	if ok, _, err := f.Allow(ctx, addr.Key, addr.Rate, addr.Burst); !ok || err != nil {
		t.Fatalf("the address after a refused visitor: %v %v, want its last token", ok, err)
	}
}

func TestFallbackCountsStrikesWhenTheSharedStoreFails(t *testing.T) {
	local := New(loket.NewFixedClock(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)))
	defer local.Close()
	f := NewFallback(downStore{}, local)
	ctx := context.Background()
	for want := int64(1); want <= 2; want++ {
		if n, err := f.Strike(ctx, "login:admin", time.Hour); n != want || err != nil {
			t.Fatalf("strike %d with Redis down: %d %v", want, n, err)
		}
	}
	if n, _, err := f.Strikes(ctx, "login:admin"); n != 2 || err != nil {
		t.Fatalf("strikes with Redis down: %d %v", n, err)
	}
	if err := f.Forgive(ctx, "login:admin"); err != nil {
		t.Fatalf("forgive with Redis down: %v", err)
	}
	if n, _, _ := f.Strikes(ctx, "login:admin"); n != 0 {
		t.Fatalf("forgiven: %d", n)
	}
}
