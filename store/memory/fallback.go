package memory

import (
	"context"
	"time"

	"loket"
)

// Limiter is a token bucket per key (the Redis store's or this one's).
type Limiter interface {
	Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error)
	AllowEach(ctx context.Context, limits ...loket.RateLimit) (bool, time.Duration, error)
}

// Shared is what Fallback guards: the limits kept in Redis (token
// buckets and failure counts).
type Shared interface {
	Limiter
	Strike(ctx context.Context, key string, window time.Duration) (int64, error)
	Strikes(ctx context.Context, key string) (int64, time.Duration, error)
	Forgive(ctx context.Context, key string) error
}

// Fallback asks a shared store (Redis) and, when that fails, in-process
// state, so limits still hold (per replica) while Redis is down instead
// of refusing everyone or letting everyone through.
type Fallback struct {
	shared Shared
	local  *Store
}

var _ Shared = (*Fallback)(nil)

// NewFallback returns limits that fall back to local when shared fails.
func NewFallback(shared Shared, local *Store) *Fallback {
	return &Fallback{shared: shared, local: local}
}

// down reports whether err means the shared store failed (not that the
// caller gave up).
func down(ctx context.Context, err error) bool { return err != nil && ctx.Err() == nil }

// Allow takes a token for key from the shared buckets, or from the local
// ones when the shared store fails.
func (f *Fallback) Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	ok, wait, err := f.shared.Allow(ctx, key, rate, burst)
	if down(ctx, err) {
		return f.local.Allow(ctx, key, rate, burst)
	}
	return ok, wait, err
}

// AllowEach takes a token from each of the shared buckets in turn (see
// Store.AllowEach), or from the local ones when the shared store fails.
func (f *Fallback) AllowEach(ctx context.Context, limits ...loket.RateLimit) (bool, time.Duration, error) {
	ok, wait, err := f.shared.AllowEach(ctx, limits...)
	if down(ctx, err) {
		return f.local.AllowEach(ctx, limits...)
	}
	return ok, wait, err
}

// Strike counts a failure in the shared store, or locally when it fails.
func (f *Fallback) Strike(ctx context.Context, key string, window time.Duration) (int64, error) {
	n, err := f.shared.Strike(ctx, key, window)
	if down(ctx, err) {
		return f.local.Strike(ctx, key, window)
	}
	return n, err
}

// Strikes reads the shared count, or the local one when the shared store
// fails; the larger when both know the key (strikes counted locally while
// Redis was down still count once it is back).
func (f *Fallback) Strikes(ctx context.Context, key string) (int64, time.Duration, error) {
	ln, lsince, _ := f.local.Strikes(ctx, key)
	n, since, err := f.shared.Strikes(ctx, key)
	if down(ctx, err) || ln > n {
		return ln, lsince, nil
	}
	return n, since, err
}

// Forgive forgets the count in both places.
func (f *Fallback) Forgive(ctx context.Context, key string) error {
	_ = f.local.Forgive(ctx, key)
	if err := f.shared.Forgive(ctx, key); !down(ctx, err) {
		return err
	}
	return nil
}
