package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"loket"
)

// Querier runs statements. Adapters convert arguments (time.Time to the
// backend's representation, zero time to NULL) before passing them on.
type Querier interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	// QueryRow's Scan returns ErrNoRows when there is no row.
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Rows is a result set.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// Row is a single-row result.
type Row interface {
	Scan(dest ...any) error
}

// TxConn is an open transaction.
type TxConn interface {
	Querier
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// Conn is a database handle that can start transactions.
type Conn interface {
	Querier
	Begin(ctx context.Context) (TxConn, error)
	Ping(ctx context.Context) error
	Close() error
}

// ErrNoRows is what an adapter's Row.Scan returns when no row matched.
var ErrNoRows = errors.New("sqlstore: no rows")

// Dialect holds the few differences between the backends.
type Dialect struct {
	Name string
	// ForUpdate and SkipLocked are appended to locking selects; empty on
	// SQLite, where the single writer serialises transactions anyway.
	ForUpdate  string // " FOR UPDATE"
	SkipLocked string // " FOR UPDATE SKIP LOCKED"
	// IsUnique reports a unique (or primary key) violation.
	IsUnique func(error) bool
	// IsForeignKey reports a foreign key violation.
	IsForeignKey func(error) bool
	// IsRefused reports that the database refused the data itself (a
	// value it cannot store, a check, a limit), as opposed to failing to
	// run the statement (a lost connection): trying again cannot help.
	IsRefused func(error) bool
	// Arrays: the backend takes arrays as parameters (PostgreSQL), so a
	// batch is one statement (unnest, = ANY) whatever its size, with one
	// prepared statement for every size.
	Arrays bool
	// Greatest is the function giving the largest of its arguments:
	// GREATEST, or max on SQLite.
	Greatest string
	// WritingWith: a WITH clause may hold INSERT, UPDATE and DELETE
	// (PostgreSQL), so writes to two tables go in one statement; on
	// SQLite they are two.
	WritingWith bool
	// Anonymous: a statement whose every parameter is in a long list
	// (values) numbers them ? rather than $n: SQLite's driver looks each
	// $n up by its name, a cost that grows with their number.
	Anonymous bool
	// TicketNumber is the expression a new ticket's number is taken
	// with in its insert: a sequence (PostgreSQL), which holds no lock
	// until the commit. Empty: the counters row is incremented first and
	// stays locked to the commit (SQLite, one writer at a time anyway).
	TicketNumber string
	// LazyCommit: a statement can let its transaction commit without
	// waiting for the write-ahead log to reach the disk (PostgreSQL's
	// synchronous_commit, set for that transaction alone; see noFlush).
	LazyCommit bool
}

// noFlushItem is a FROM item that sets synchronous_commit off for the
// statement's transaction: its commit returns before the log is flushed
// and does not queue for the disk behind (or ahead of) the commits that
// must wait for it. Only for writes a crash of the database server may
// lose harmlessly, within the few hundred milliseconds before the log
// writer flushes them (any later durable commit flushes them too): a
// lease taken or renewed (lost, the message or job is leased again, as
// after a crash of Loket) and a sent mark (lost, the message goes out a
// second time, as when Loket stops between the platform's answer and the
// mark). Everything a person is told was recorded is never lazy.
const noFlushItem = `(SELECT set_config('synchronous_commit', 'off', true)) AS no_flush`

// noFlush is " FROM " + noFlushItem where the backend has LazyCommit, for
// an UPDATE with no FROM of its own (right after its SET); "" otherwise.
func (d Dialect) noFlush() string {
	if d.LazyCommit {
		return " FROM " + noFlushItem
	}
	return ""
}

// noFlushJoin is noFlush for a FROM list that has items already: ", " +
// noFlushItem, or "".
func (d Dialect) noFlushJoin() string {
	if d.LazyCommit {
		return ", " + noFlushItem
	}
	return ""
}

// fail wraps err with what was being done, translating no-rows into
// loket.ErrNotFound and constraint violations into loket.ErrConflict /
// loket.ErrInvalid (errors.Is matches the sentinels).
func (d Dialect) fail(what string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNoRows):
		return fmt.Errorf("store: %s: %w", what, &loket.Error{Code: loket.ENotFound, Message: what + ": not found"})
	case d.IsUnique != nil && d.IsUnique(err):
		return fmt.Errorf("store: %s: %w", what, &loket.Error{Code: loket.EConflict, Message: what + ": already exists", Err: err})
	case d.IsForeignKey != nil && d.IsForeignKey(err):
		return fmt.Errorf("store: %s: %w", what, &loket.Error{Code: loket.EInvalid, Message: what + ": refers to a missing record", Err: err})
	case d.IsRefused != nil && d.IsRefused(err):
		return fmt.Errorf("store: %s: %w", what, &loket.Error{Code: loket.EInvalid, Message: what + ": the database refused the data", Err: err})
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// notFound is the error for an update that matched no row.
func notFound(what string) error {
	return fmt.Errorf("store: %s: %w", what, &loket.Error{Code: loket.ENotFound, Message: what + ": not found"})
}

// mustAffect turns "0 rows affected" into ErrNotFound.
func (d Dialect) mustAffect(what string, n int64, err error) error {
	if err != nil {
		return d.fail(what, err)
	}
	if n == 0 {
		return notFound(what)
	}
	return nil
}
