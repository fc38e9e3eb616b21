package ephemeral

import (
	"errors"
	"math"
	"testing"
	"time"

	"loket"
)

func TestChecksRefuseWithInvalid(t *testing.T) {
	for name, err := range map[string]error{
		"empty bucket key": CheckBucket("", 1, 1),
		"zero rate":        CheckBucket("k", 0, 1),
		"NaN rate":         CheckBucket("k", math.NaN(), 1),
		"infinite rate":    CheckBucket("k", math.Inf(1), 1),
		"zero burst":       CheckBucket("k", 1, 0),
		"zero ttl":         CheckKeyTTL("k", 0),
		"empty lock key":   CheckLock("", "me", time.Second),
		"empty owner":      CheckLock("k", "", time.Second),
	} {
		if !errors.Is(err, loket.ErrInvalid) {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if err := CheckBucket("k", 0.5, 1); err != nil {
		t.Errorf("valid bucket refused: %v", err)
	}
	if err := CheckLock("k", "me", time.Millisecond); err != nil {
		t.Errorf("valid lock refused: %v", err)
	}
}

// A bucket of 2 at 4 tokens/s: two at once, then one every 250 ms, and
// full (forgettable) half a second after the last take.
func TestTake(t *testing.T) {
	now := time.Date(2025, 3, 3, 3, 0, 0, 0, time.UTC)
	var b Bucket
	var ok bool
	var wait time.Duration
	for i := range 2 {
		if b, ok, wait = b.Take(now, 4, 2); !ok || wait != 0 {
			t.Fatalf("take %d: ok=%v wait=%v", i+1, ok, wait)
		}
	}
	if b, ok, wait = b.Take(now, 4, 2); ok || wait != 250*time.Millisecond {
		t.Fatalf("third take: ok=%v wait=%v, want refused for 250ms", ok, wait)
	}
	if !b.Expires.Equal(now.Add(500 * time.Millisecond)) {
		t.Fatalf("expires %v after now, want 500ms", b.Expires.Sub(now))
	}
	now = now.Add(wait)
	if b, ok, _ = b.Take(now, 4, 2); !ok {
		t.Fatal("no token after waiting the wait")
	}
	if _, ok, _ = b.Take(now.Add(time.Hour), 4, 2); !ok {
		t.Fatal("an expired bucket is not full")
	}
}
