package console

import (
	"context"
	"io"
	"time"

	"loket"
	"loket/store/storetest"
)

// Store is the part of the persistent store the console uses. The real
// store (store/sqlite, store/postgres) satisfies it.
type Store interface {
	InTx(ctx context.Context, fn func(tx storetest.Tx) error) error
	OutboundByID(ctx context.Context, id int64) (*loket.Outbound, error)
	OutboundRequeue(ctx context.Context, id int64, at time.Time) error
}

// Events is live pub/sub, used to push changes to open consoles.
type Events interface {
	Publish(ctx context.Context, topic string, payload []byte) error
	Subscribe(ctx context.Context, topic string) (<-chan []byte, error)
}

// Limiter is a token bucket per key, used to slow down login attempts.
type Limiter interface {
	Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error)
}

// Files opens stored document bytes by their sha256.
type Files interface {
	Open(ctx context.Context, sha string) (io.ReadCloser, int64, error)
}
