package sqlite

import (
	"context"
	"sync"

	"loket/store/sqlstore"
)

// gate lets one writer at a time at the write connection, in the order
// they came. database/sql hands a freed connection to a random waiter,
// so with the shards' batches, the inbound log, the outbox's claims and
// marks and the jobs all waiting for the one writer, a transaction could
// be passed over again and again: that, not the work itself, made the
// slowest messages slow. Blocked sends on a channel are served first in,
// first out, and a caller whose context ends stops waiting.
type gate chan struct{}

func newGate() gate { return make(gate, 1) }

func (g gate) enter(ctx context.Context) error {
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g gate) leave() { <-g }

// leaveOnce returns a leave that may be called more than once.
func (g gate) leaveOnce() func() {
	var once sync.Once
	return func() { once.Do(g.leave) }
}

// gatedRows holds the gate until the rows are closed or read to the end
// (database/sql gives the connection back then too).
type gatedRows struct {
	sqlstore.Rows
	leave func()
}

func (r gatedRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.leave()
	return false
}

func (r gatedRows) Close() error {
	err := r.Rows.Close()
	r.leave()
	return err
}

// gatedRow holds the gate until it is scanned.
type gatedRow struct {
	sqlstore.Row
	leave func()
}

func (r gatedRow) Scan(dest ...any) error {
	defer r.leave()
	return r.Row.Scan(dest...)
}
