package memory

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket"
)

type downLimiter struct{}

func (downLimiter) Allow(context.Context, string, float64, int) (bool, time.Duration, error) {
	return false, 0, errors.New("redis: connection refused")
}

func TestFallbackKeepsLimitingWhenTheSharedLimiterFails(t *testing.T) {
	local := New(loket.NewFixedClock(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)))
	defer local.Close()
	f := NewFallback(downLimiter{}, local)
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
