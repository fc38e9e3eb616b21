package memory

import (
	"context"
	"fmt"
	"time"

	"loket"
	"loket/store/ephemeral"
)

// Allow takes one token from the bucket key, refilled at rate tokens per
// second up to burst. When none is left it returns false and the time until
// one is.
func (s *Store) Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	if err := ephemeral.CheckBucket(key, rate, burst); err != nil {
		return false, 0, fmt.Errorf("memory: allow: %w", err)
	}
	if err := s.alive(ctx); err != nil {
		return false, 0, fmt.Errorf("memory: allow %q: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok, wait := s.buckets[key].Take(s.now(), rate, burst)
	s.buckets[key] = b
	return ok, wait, nil
}

// AllowEach takes one token from each bucket in turn and stops at the
// first that has none: false and the wait until it has one. Tokens taken
// from the buckets before it stay taken, as if Allow had been called for
// each in turn.
func (s *Store) AllowEach(ctx context.Context, limits ...loket.RateLimit) (bool, time.Duration, error) {
	for _, l := range limits {
		if err := ephemeral.CheckBucket(l.Key, l.Rate, l.Burst); err != nil {
			return false, 0, fmt.Errorf("memory: allow: %w", err)
		}
	}
	if err := s.alive(ctx); err != nil {
		return false, 0, fmt.Errorf("memory: allow: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, l := range limits {
		b, ok, wait := s.buckets[l.Key].Take(now, l.Rate, l.Burst)
		s.buckets[l.Key] = b
		if !ok {
			return false, wait, nil
		}
	}
	return true, 0, nil
}
