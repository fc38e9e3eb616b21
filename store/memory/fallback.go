package memory

import (
	"context"
	"time"
)

// Limiter is a token bucket per key (the Redis store's or this one's).
type Limiter interface {
	Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error)
}

// Fallback is a Limiter that asks a shared limiter (Redis) and, when that
// fails, in-process buckets, so limits still hold (per replica) while
// Redis is down instead of refusing everyone or letting everyone through.
type Fallback struct {
	shared Limiter
	local  *Store
}

// NewFallback returns a limiter that falls back to local when shared fails.
func NewFallback(shared Limiter, local *Store) *Fallback {
	return &Fallback{shared: shared, local: local}
}

// Allow takes a token for key from the shared buckets, or from the local
// ones when the shared limiter fails.
func (f *Fallback) Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	ok, wait, err := f.shared.Allow(ctx, key, rate, burst)
	if err == nil || ctx.Err() != nil {
		return ok, wait, err
	}
	return f.local.Allow(ctx, key, rate, burst)
}
