package sqlstore

import "sync/atomic"

// Tally counts what a store asks of its database since it was opened:
// the statements it ran and the round trips they took (on PostgreSQL a
// pipelined batch of statements is one round trip; on SQLite, in
// process, every statement counts as one). BEGIN and COMMIT count as
// statements. The adapters keep one each and the server exposes it, so
// the cost of a message shows as statements per message.
type Tally struct {
	statements, roundTrips atomic.Int64
}

// Add counts statements run in trips round trips.
func (t *Tally) Add(statements, trips int64) {
	t.statements.Add(statements)
	t.roundTrips.Add(trips)
}

// Counts returns the statements and round trips counted so far.
func (t *Tally) Counts() (statements, roundTrips int64) {
	return t.statements.Load(), t.roundTrips.Load()
}
