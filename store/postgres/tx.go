package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/store/sqlstore"
)

// txConn is a transaction on one pooled connection, pipelined: its BEGIN
// and the statements queued with Defer go to the server together with the
// next statement that needs an answer (one pgx batch, one round trip), and
// the statements run in the order they were issued. A transaction that
// only reads or writes once thus costs one round trip plus its commit.
type txConn struct {
	c       *pgxpool.Conn
	begun   bool // BEGIN was sent
	pending []sqlstore.Deferred
	err     error // a deferred statement failed: only a rollback is left
}

var _ sqlstore.Deferrer = (*txConn)(nil)

func (a adapter) Begin(ctx context.Context) (sqlstore.TxConn, error) {
	c, err := a.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return &txConn{c: c}, nil
}

// Defer queues a statement for the next round trip (see sqlstore.Deferrer).
func (t *txConn) Defer(d sqlstore.Deferred) {
	d.Args = convert(d.Args)
	t.pending = append(t.pending, d)
}

// send queues BEGIN when not sent yet, the deferred statements and then
// q (when not empty), and reads the deferred statements' results. The
// caller reads q's result from the returned batch and closes it.
func (t *txConn) send(ctx context.Context, q string, args []any) (pgx.BatchResults, error) {
	if t.err != nil {
		return nil, t.err
	}
	b := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(t.pending)+2)}
	if !t.begun {
		b.Queue("begin")
	}
	for _, d := range t.pending {
		b.Queue(d.Query, d.Args...)
	}
	if q != "" {
		b.Queue(q, convert(args)...)
	}
	pending := t.pending
	t.pending = t.pending[:0]
	br := t.c.SendBatch(ctx, b)
	if !t.begun {
		if _, err := br.Exec(); err != nil {
			br.Close()
			t.err = err
			return nil, err
		}
		t.begun = true
	}
	var err error
	for _, d := range pending {
		rs, qerr := br.Query()
		if qerr != nil {
			rs.Close()
			err = qerr
			if d.Err != nil {
				err = d.Err(qerr)
			}
			break
		}
		err = d.Done(rows{rs})
		rs.Close()
		if err == nil {
			err = rs.Err()
		}
		if err != nil {
			break
		}
	}
	clear(pending)
	if err != nil {
		t.err = fmt.Errorf("an earlier statement of the transaction failed: %w", err)
		br.Close()
		return nil, t.err
	}
	return br, nil
}

// direct reports whether a statement can go alone, with nothing queued
// before it.
func (t *txConn) direct() bool { return t.begun && len(t.pending) == 0 && t.err == nil }

func (t *txConn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	if t.direct() {
		return conn{t.c}.Exec(ctx, q, args...)
	}
	br, err := t.send(ctx, q, args)
	if err != nil {
		return 0, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag.RowsAffected(), err
}

func (t *txConn) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	if t.direct() {
		return conn{t.c}.Query(ctx, q, args...)
	}
	br, err := t.send(ctx, q, args)
	if err != nil {
		return nil, err
	}
	rs, err := br.Query()
	if err != nil {
		rs.Close()
		br.Close()
		return nil, err
	}
	return batchRows{rows{rs}, br}, nil
}

func (t *txConn) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	if t.direct() {
		return conn{t.c}.QueryRow(ctx, q, args...)
	}
	br, err := t.send(ctx, q, args)
	if err != nil {
		return errRow{err}
	}
	return batchRow{br}
}

// Commit sends what is still queued followed by the commit, in one round
// trip: a queued statement that fails (its checks are its own, see
// sqlstore.Deferred) makes the server skip the commit, and the
// transaction is rolled back.
func (t *txConn) Commit(ctx context.Context) error {
	defer t.c.Release()
	if t.err == nil && !t.begun && len(t.pending) == 0 {
		return nil // nothing was said: nothing to commit
	}
	if t.err == nil && len(t.pending) > 0 {
		br, err := t.send(ctx, "commit", nil)
		if err != nil {
			t.rollback(ctx)
			return err
		}
		tag, err := br.Exec()
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		return commitResult(tag.String(), err)
	}
	if t.err != nil {
		t.rollback(ctx)
		return t.err
	}
	tag, err := t.c.Exec(ctx, "commit")
	return commitResult(tag.String(), err)
}

// commitResult is a COMMIT's outcome: one answered with ROLLBACK (the
// transaction had failed) did not commit.
func commitResult(tag string, err error) error {
	if err == nil && tag == "ROLLBACK" {
		err = pgx.ErrTxCommitRollback
	}
	return err
}

// Rollback ends the transaction; statements still queued are dropped.
func (t *txConn) Rollback(ctx context.Context) error {
	defer t.c.Release()
	t.pending = nil
	if !t.begun {
		return nil
	}
	return t.rollback(ctx)
}

func (t *txConn) rollback(ctx context.Context) error {
	if !t.begun {
		return nil
	}
	_, err := t.c.Exec(ctx, "rollback")
	if err != nil {
		// The connection is in an unknown state: the pool drops it on release.
		t.c.Conn().Close(context.WithoutCancel(ctx))
	}
	return err
}

// batchRows are a batched query's rows; closing them closes the batch.
type batchRows struct {
	rows
	br pgx.BatchResults
}

func (r batchRows) Close() error {
	r.rows.Close()
	err := r.br.Close()
	if rerr := r.Err(); rerr != nil {
		return rerr
	}
	return err
}

// batchRow is a batched query's single row.
type batchRow struct{ br pgx.BatchResults }

func (r batchRow) Scan(dest ...any) error {
	err := row{r.br.QueryRow()}.Scan(dest...)
	if cerr := r.br.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
