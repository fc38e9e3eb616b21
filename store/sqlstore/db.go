package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"loket"
	"loket/store"
)

// Store is the store outside a transaction. store/postgres and store/sqlite
// embed it.
type Store struct {
	w   Conn    // writes and transactions
	r   Querier // plain reads (may be w)
	d   Dialect
	log *slog.Logger
}

// New returns a store over an adapter. read serves plain reads outside a
// transaction; nil means w.
func New(w Conn, read Querier, d Dialect, log *slog.Logger) *Store {
	if read == nil {
		read = w
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Store{w: w, r: read, d: d, log: log}
}

var _ store.Store = (*Store)(nil)

// Ping checks that the database answers.
func (db *Store) Ping(ctx context.Context) error {
	if err := db.w.Ping(ctx); err != nil {
		return fmt.Errorf("store: ping %s: %w", db.d.Name, err)
	}
	return nil
}

// Close closes the adapter.
func (db *Store) Close() error { return db.w.Close() }

// InTx runs fn in one transaction: committed when fn returns nil, rolled
// back otherwise (also when fn panics). Safe for concurrent callers: each
// call has its own transaction.
func (db *Store) InTx(ctx context.Context, fn func(tx store.Tx) error) error {
	return db.inTx(ctx, func(tx *Tx) error { return fn(tx) })
}

func (db *Store) inTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	c, err := db.w.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	done := false
	defer func() {
		if done {
			return
		}
		// Roll back with a fresh context: ctx may be what was cancelled.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if rerr := c.Rollback(rctx); rerr != nil {
			db.log.WarnContext(ctx, "store: rollback failed", "err", rerr)
		}
	}()
	tx := &Tx{raw: c, d: db.d}
	tx.q = counted{c, tx}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.flushTurns(ctx); err != nil {
		return err
	}
	done = true
	if err := c.Commit(ctx); err != nil {
		return db.d.fail("commit", err)
	}
	return nil
}

// Tx is the store inside one transaction. It is not safe for concurrent use.
type Tx struct {
	q     Querier // raw, counting statements
	raw   Querier
	d     Dialect
	sp    int
	depth int // savepoints open now (WriteTurn gathers writes only outside them)
	stmts int // statements run so far that may change an opened conversation (see mayChangeOpened)
	pre   *preload
	turns *turnBuf // WriteTurn's writes not yet queued
	stamp int64    // ConfigStamp as read in this transaction (0: not read)
	// opened are the contacts OpenConversation returned, read locked with
	// their conversations: SaveContact gathers their updates.
	opened map[int64]bool
	queued []*loket.Outbound // the outbox messages queued (see Queued)
}

// Queued returns the outbox messages this transaction queued
// (EnqueueOutbound, WriteTurn; their ids are set once it committed), so
// that only their channels' senders are woken after its commit, and look
// for them again when their chats have nothing left in hand. A message
// stays listed when a savepoint undid it: a wake too many costs a look,
// one too few a delay.
func (tx *Tx) Queued() []*loket.Outbound { return tx.queued }

var _ store.Tx = (*Tx)(nil)

// Savepoint runs fn in a nested savepoint; fn's writes are undone when it
// returns an error (or panics), and the transaction stays usable.
func (tx *Tx) Savepoint(ctx context.Context, fn func() error) (err error) {
	tx.sp++
	name := fmt.Sprintf("loket_sp_%d", tx.sp)
	if _, err := tx.q.Exec(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	tx.depth++
	ok := false
	defer func() {
		tx.depth--
		if ok {
			return
		}
		_, rerr := tx.q.Exec(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+name)
		if rerr == nil {
			_, rerr = tx.q.Exec(context.WithoutCancel(ctx), "RELEASE SAVEPOINT "+name)
		}
		if rerr != nil && err != nil {
			err = errors.Join(err, fmt.Errorf("store: rollback to savepoint: %w", rerr))
		}
	}()
	if err := fn(); err != nil {
		return err
	}
	if _, err := tx.q.Exec(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return fmt.Errorf("store: release savepoint: %w", err)
	}
	ok = true
	return nil
}

// now is the fallback for records whose caller left the time zero.
func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now().UTC().Truncate(time.Millisecond)
	}
	return t
}

// errInvalid is a person-safe invalid-input error.
func errInvalid(format string, args ...any) error {
	return loket.Errorf(loket.EInvalid, format, args...)
}
