package memory

import (
	"context"
	"fmt"
	"time"

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
