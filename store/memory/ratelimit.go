package memory

import (
	"context"
	"fmt"
	"math"
	"time"
)

// epsilon absorbs float rounding, so that waiting exactly the wait Allow
// returned always yields a token.
const epsilon = 1e-9

// maxIdle caps how long an idle bucket is kept (its time to refill fully).
const maxIdle = 30 * 24 * time.Hour

type bucket struct {
	tokens  float64
	last    time.Time // when tokens was computed
	expires time.Time // when the bucket would be full again, so forgettable
}

// Allow takes one token from the bucket key, refilled at rate tokens per
// second up to burst. When none is left it returns false and the time until
// one is.
func (s *Store) Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	if err := checkBucket(key, rate, burst); err != nil {
		return false, 0, fmt.Errorf("memory: allow: %w", err)
	}
	if err := s.alive(ctx); err != nil {
		return false, 0, fmt.Errorf("memory: allow %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	b, seen := s.buckets[key]
	if !seen || !now.Before(b.expires) {
		b = bucket{tokens: float64(burst), last: now}
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens += elapsed * rate
	}
	b.tokens = min(b.tokens, float64(burst))
	b.last = now
	ok, wait := false, time.Duration(0)
	if b.tokens+epsilon >= 1 {
		b.tokens = max(b.tokens-1, 0)
		ok = true
	} else {
		wait = time.Duration(math.Ceil((1 - b.tokens) / rate * float64(time.Second)))
	}
	full := min((float64(burst)-b.tokens)/rate*float64(time.Second), float64(maxIdle))
	b.expires = now.Add(time.Duration(math.Ceil(full)))
	if b.expires.Equal(now) {
		b.expires = now.Add(time.Nanosecond)
	}
	s.buckets[key] = b
	return ok, wait, nil
}

func checkBucket(key string, rate float64, burst int) error {
	switch {
	case key == "":
		return invalid("empty key")
	case !(rate > 0) || math.IsInf(rate, 1):
		return invalid("rate %v is not a positive number", rate)
	case burst < 1:
		return invalid("burst %d is below 1", burst)
	}
	return nil
}
