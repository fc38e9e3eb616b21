// Package ephemeraltest is the one contract suite for Loket's short-lived
// state (dedupe keys, token buckets, fenced locks, live pub/sub). It declares
// the Store interface, the whole method set its consumers rely on, and Run
// checks an implementation against it: store/memory runs it against a fixed
// clock, store/redis against miniredis and, when LOKET_TEST_REDIS_URL is set,
// against a real Redis.
//
// It imports only the standard library, testing and the root package loket;
// it must not import any store implementation.
package ephemeraltest

import (
	"context"
	"testing"
	"time"

	"loket"
)

// Store is short-lived state shared by the engine's replicas. Every method is
// safe for concurrent use.
type Store interface {
	// MarkOnce sets key for ttl if it is absent and reports whether this call
	// set it (true = first time seen).
	MarkOnce(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Allow takes one token from the token bucket key (refill rate tokens per
	// second, capacity burst). When no token is left it returns false and how
	// long until one is available. Buckets of unused keys expire.
	Allow(ctx context.Context, key string, rate float64, burst int) (ok bool, wait time.Duration, err error)
	// AllowEach takes one token from each bucket in turn, atomically and in
	// one call, and stops at the first that has none: false and the wait
	// until it has one. Tokens taken from the buckets before it stay taken
	// and the buckets after it are untouched, as if Allow had been called
	// for each in turn.
	AllowEach(ctx context.Context, limits ...loket.RateLimit) (ok bool, wait time.Duration, err error)
	// Strike counts one failure under key and returns the count so far;
	// the count is forgotten window after the latest strike. Strikes
	// returns the count and how long ago the latest strike was (0, 0 when
	// none); Forgive forgets the count. Login limits are built on them.
	Strike(ctx context.Context, key string, window time.Duration) (int64, error)
	Strikes(ctx context.Context, key string) (n int64, since time.Duration, err error)
	Forgive(ctx context.Context, key string) error
	// Acquire takes the lock key for owner for ttl. ok is false when another
	// owner holds it. On success it returns a fencing token strictly greater
	// than any token handed out before for that key, across release and
	// expiry. Acquire by the current owner refreshes the lock and returns the
	// same token.
	Acquire(ctx context.Context, key, owner string, ttl time.Duration) (token int64, ok bool, err error)
	// Refresh extends the lock if owner still holds it under token (the
	// term Acquire returned); false if it was lost, also when the same
	// owner took it again since (a new term, a new token).
	Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error)
	// Release frees the lock only if owner holds it under token.
	Release(ctx context.Context, key, owner string, token int64) error
	// Publish sends payload to every current subscriber of topic
	// (fire-and-forget; nothing is kept).
	Publish(ctx context.Context, topic string, payload []byte) error
	// Subscribe returns a channel of payloads published to topic after the
	// call returns. The channel is closed when ctx is done. A slow subscriber
	// never blocks publishers: payloads it has no room for are dropped and
	// counted.
	Subscribe(ctx context.Context, topic string) (<-chan []byte, error)
	Ping(ctx context.Context) error
	Close() error
}

// DropCounter is implemented by stores that count payloads dropped for slow
// subscribers. The suite checks it when present.
type DropCounter interface {
	Dropped() uint64
}

// Env is one fresh store and the way to make time pass for it.
type Env struct {
	Store Store
	// Advance makes d pass for Store: a fake clock moves, or the test sleeps.
	Advance func(d time.Duration)
}

// Harness opens stores for the suite.
type Harness struct {
	// Open returns a fresh, empty store for one test. The harness registers
	// whatever cleanup it needs with t; the suite also calls Store.Close,
	// which must therefore be safe to call twice.
	Open func(t *testing.T) Env
}

// Run runs the whole contract against h. Subtests run in parallel when the
// harness's stores are independent of each other.
func Run(t *testing.T, h Harness) {
	t.Helper()
	groups := []struct {
		name string
		run  func(t *testing.T, h Harness)
	}{
		{"MarkOnce", testMarkOnce},
		{"Allow", testAllow},
		{"AllowEach", testAllowEach},
		{"Strikes", testStrikes},
		{"Lock", testLock},
		{"PubSub", testPubSub},
		{"Ping", testPing},
		{"Invalid", testInvalid},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) { g.run(t, h) })
	}
}

// open returns a fresh env whose store is closed when t ends.
func open(t *testing.T, h Harness) Env {
	t.Helper()
	env := h.Open(t)
	t.Cleanup(func() { _ = env.Store.Close() })
	return env
}

// ctx returns a context that ends with the test.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	return t.Context()
}
