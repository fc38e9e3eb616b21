package redis

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"loket"
	"loket/store/ephemeral"
)

// MarkOnce sets key for ttl if it is absent (SET NX PX) and reports whether
// this call set it.
func (s *Store) MarkOnce(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if err := ephemeral.CheckKeyTTL(key, ttl); err != nil {
		return false, fmt.Errorf("redis: mark once: %w", err)
	}
	set, err := s.client.SetNX(ctx, s.key("once", key), 1, time.Duration(millis(ttl))*time.Millisecond).Result()
	if err != nil {
		return false, fmt.Errorf("redis: mark once %q: %w", key, unavailable(err))
	}
	return set, nil
}

// Allow takes one token from the bucket key, refilled at rate tokens per
// second up to burst. When none is left it returns false and the time until
// one is.
func (s *Store) Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	return s.AllowEach(ctx, loket.RateLimit{Key: key, Rate: rate, Burst: burst})
}

// AllowEach takes one token from each bucket in turn, in one round trip,
// and stops at the first that has none: false and the wait until it has
// one. Tokens taken from the buckets before it stay taken, as if Allow had
// been called for each in turn.
func (s *Store) AllowEach(ctx context.Context, limits ...loket.RateLimit) (bool, time.Duration, error) {
	if len(limits) == 0 {
		return true, 0, nil
	}
	keys := make([]string, len(limits))
	args := make([]any, 2, 2+2*len(limits))
	args[0], args[1] = ephemeral.Epsilon, ephemeral.MaxIdle.Milliseconds()
	for i, l := range limits {
		if err := ephemeral.CheckBucket(l.Key, l.Rate, l.Burst); err != nil {
			return false, 0, fmt.Errorf("redis: allow: %w", err)
		}
		keys[i] = s.key("rate", l.Key)
		args = append(args, l.Rate, l.Burst)
	}
	res, err := allowScript.Run(ctx, s.client, keys, args...).Int64Slice()
	if err != nil {
		return false, 0, fmt.Errorf("redis: allow %q: %w", limits[0].Key, unavailable(err))
	}
	if len(res) != 2 {
		return false, 0, fmt.Errorf("redis: allow %q: script returned %v", limits[0].Key, res)
	}
	return res[0] == 1, time.Duration(res[1]) * time.Microsecond, nil
}

// Acquire takes the lock key for owner for ttl. The fencing token comes
// from a counter key of its own that never expires.
func (s *Store) Acquire(ctx context.Context, key, owner string, ttl time.Duration) (int64, bool, error) {
	if err := ephemeral.CheckLock(key, owner, ttl); err != nil {
		return 0, false, fmt.Errorf("redis: acquire: %w", err)
	}
	keys := []string{s.key("lock", key), s.key("fence", key)}
	res, err := acquireScript.Run(ctx, s.client, keys, owner, millis(ttl)).Int64Slice()
	if err != nil {
		return 0, false, fmt.Errorf("redis: acquire %q: %w", key, unavailable(err))
	}
	if len(res) != 2 {
		return 0, false, fmt.Errorf("redis: acquire %q: script returned %v", key, res)
	}
	return res[1], res[0] == 1, nil
}

// Refresh extends the lock if owner still holds it under token (the one
// Acquire returned): a holder whose lock expired and was taken again, even
// by the same owner, cannot extend the new term.
func (s *Store) Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error) {
	if err := ephemeral.CheckLock(key, owner, ttl); err != nil {
		return false, fmt.Errorf("redis: refresh: %w", err)
	}
	n, err := refreshScript.Run(ctx, s.client, []string{s.key("lock", key)}, owner, millis(ttl), strconv.FormatInt(token, 10)).Int64()
	if err != nil {
		return false, fmt.Errorf("redis: refresh %q: %w", key, unavailable(err))
	}
	return n == 1, nil
}

// Release frees the lock if owner holds it under token (compare-and-delete).
func (s *Store) Release(ctx context.Context, key, owner string, token int64) error {
	if err := ephemeral.CheckLock(key, owner, time.Millisecond); err != nil {
		return fmt.Errorf("redis: release: %w", err)
	}
	if err := releaseScript.Run(ctx, s.client, []string{s.key("lock", key)}, owner, strconv.FormatInt(token, 10)).Err(); err != nil {
		return fmt.Errorf("redis: release %q: %w", key, unavailable(err))
	}
	return nil
}
