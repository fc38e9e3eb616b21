// Package sqlite is Loket's embedded store: the shared queries of
// store/sqlstore run over modernc.org/sqlite (pure Go). One connection
// writes (every transaction is BEGIN IMMEDIATE), and writers that queue
// for it share one commit (group.go); a small read-only pool serves plain
// reads, and a connection of its own checkpoints the WAL (checkpoint.go);
// WAL lets them run side by side.
//
// It owns the database file and the database/sql adapter; it must not
// import the engine, flows or the console.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"loket/migrations"
	"loket/store"
	"loket/store/sqlstore"
)

// Store is the SQLite store.
type Store struct {
	*sqlstore.Store
	w, r  *sql.DB
	wa    *adapter
	tally *sqlstore.Tally
}

var _ store.Store = (*Store)(nil)

// Dialect is SQLite's flavour for sqlstore: no row locks (the single
// writer serialises transactions).
var Dialect = sqlstore.Dialect{
	Name:      "sqlite",
	Greatest:  "max",
	Anonymous: true,
	IsUnique: func(err error) bool {
		c := code(err)
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
	IsForeignKey: func(err error) bool { return code(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY },
	IsRefused: func(err error) bool {
		c := code(err) & 0xff // the primary result code
		return c == sqlite3.SQLITE_CONSTRAINT || c == sqlite3.SQLITE_TOOBIG || c == sqlite3.SQLITE_MISMATCH
	},
}

func code(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// pragmas of every connection. temp_store(memory): a savepoint (each
// message of a batch, each member of a group commit) and a statement
// that may fail halfway keep the pages they change in a subjournal; in
// a temporary file that was a pwrite per page, a quarter of the
// writer's CPU on the spine.
const pragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=temp_store(memory)"

// Open opens (creating when missing) the database file at path, applies
// pending migrations and returns the store.
func Open(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: resolve %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: create directory for %s: %w", path, err)
	}
	// A file: URI, so that spaces, '?' and '#' in the path survive.
	u := "file:" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()
	w, err := sql.Open("sqlite", u+"?"+pragmas+fmt.Sprintf("&_pragma=wal_autocheckpoint(%d)", writerCheckpointPages)+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrations.Up(ctx, w, migrations.SQLite, log); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", u+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	cp, err := sql.Open("sqlite", u+"?"+pragmas)
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("sqlite: open %s for checkpoints: %w", path, err)
	}
	cp.SetMaxOpenConns(1)
	ws, rs, tally := newStmts(w), newStmts(r), &sqlstore.Tally{}
	wa := &adapter{db: w, st: ws, all: []*sql.DB{w, r, cp}, stmts: []*stmts{ws, rs}, tally: tally, gate: newGate(), maxAge: groupAge,
		checkpoints: startCheckpointer(cp, checkpointEvery, log)}
	ra := conn{q: r, st: rs, tally: tally}
	return &Store{Store: sqlstore.New(wa, ra, Dialect, log), w: w, r: r, wa: wa, tally: tally}, nil
}

// Tally counts the statements the store ran (see sqlstore.Tally).
func (s *Store) Tally() *sqlstore.Tally { return s.tally }

// Commits returns how many transactions the writer has ended: with group
// commit, fewer than the transactions and statements its callers ran.
func (s *Store) Commits() int64 { return s.wa.groups.Load() }

// DB returns the writer handle (the WhatsApp device store shares it).
func (s *Store) DB() *sql.DB { return s.w }

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs statements on a handle or, with tx set, in a transaction,
// through the handle's statement cache.
type conn struct {
	q     querier
	st    *stmts
	tx    *sql.Tx
	tally *sqlstore.Tally
}

// prepared returns q from the cache (nil when full: the caller runs q
// as text).
func (c conn) prepared(ctx context.Context, q string) (querier, error) {
	st, err := c.st.stmt(ctx, c.tx, q)
	if err != nil || st == nil {
		return nil, err
	}
	return stmtQuerier{st}, nil
}

// stmtQuerier runs a prepared statement; the query text is ignored.
type stmtQuerier struct{ st *sql.Stmt }

func (s stmtQuerier) ExecContext(ctx context.Context, _ string, args ...any) (sql.Result, error) {
	return s.st.ExecContext(ctx, args...)
}

func (s stmtQuerier) QueryContext(ctx context.Context, _ string, args ...any) (*sql.Rows, error) {
	return s.st.QueryContext(ctx, args...)
}

func (s stmtQuerier) QueryRowContext(ctx context.Context, _ string, args ...any) *sql.Row {
	return s.st.QueryRowContext(ctx, args...)
}

func (c conn) pick(ctx context.Context, q string) (querier, error) {
	c.tally.Add(1, 1)
	if c.st == nil {
		return c.q, nil
	}
	p, err := c.prepared(ctx, q)
	if err != nil || p == nil {
		return c.q, err
	}
	return p, nil
}

func (c conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	qr, err := c.pick(ctx, q)
	if err != nil {
		return 0, err
	}
	res, err := qr.ExecContext(ctx, q, convert(args)...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c conn) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	qr, err := c.pick(ctx, q)
	if err != nil {
		return nil, err
	}
	return qr.QueryContext(ctx, q, convert(args)...)
}

func (c conn) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	qr, err := c.pick(ctx, q)
	if err != nil {
		return errRow{err}
	}
	return row{qr.QueryRowContext(ctx, q, convert(args)...)}
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

type row struct{ *sql.Row }

func (r row) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// adapter is the writer: every statement and transaction on it passes
// the gate (one at a time, first come first served), and commits in
// groups while others queue (group.go).
type adapter struct {
	db    *sql.DB
	st    *stmts
	all   []*sql.DB
	stmts []*stmts
	tally *sqlstore.Tally
	gate  gate
	// queued counts the callers waiting for the gate.
	queued atomic.Int32
	// open is the group being filled; only the gate's holder touches it.
	open *group
	// groups counts the writer's transactions: groups ended (committed
	// or rolled back) and statements run on their own.
	groups atomic.Int64
	// maxAge is how long a group takes members (groupAge; tests that
	// need a group to form on a loaded machine make it longer).
	maxAge time.Duration
	// checkpoints runs the WAL's checkpoints beside the writer.
	checkpoints *checkpointer
}

func (a *adapter) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	if err := a.enter(ctx); err != nil {
		return 0, err
	}
	g, err := a.statementGroup(ctx)
	if err != nil {
		a.gate.leave()
		return 0, err
	}
	if g == nil {
		defer a.gate.leave()
		return conn{q: a.db, st: a.st, tally: a.tally}.Exec(ctx, q, args...)
	}
	n, err := inGroup{a, g}.Exec(ctx, q, args...)
	if cerr := a.settle(g, true); err == nil && cerr != nil {
		return 0, cerr
	}
	return n, err
}

func (a *adapter) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	if err := a.enter(ctx); err != nil {
		return nil, err
	}
	g, err := a.statementGroup(ctx)
	if err != nil {
		a.gate.leave()
		return nil, err
	}
	if g == nil {
		rows, err := conn{q: a.db, st: a.st, tally: a.tally}.Query(ctx, q, args...)
		if err != nil {
			a.gate.leave()
			return nil, err
		}
		return gatedRows{Rows: rows, leave: a.gate.leaveOnce()}, nil
	}
	rows, err := inGroup{a, g}.Query(ctx, q, args...)
	if err != nil {
		if cerr := a.settle(g, true); cerr != nil {
			err = errors.Join(err, cerr)
		}
		return nil, err
	}
	return groupRows{Rows: rows, a: a, g: g, end: &settleOnce{}}, nil
}

func (a *adapter) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	if err := a.enter(ctx); err != nil {
		return errRow{err}
	}
	g, err := a.statementGroup(ctx)
	if err != nil {
		a.gate.leave()
		return errRow{err}
	}
	if g == nil {
		return gatedRow{Row: conn{q: a.db, st: a.st, tally: a.tally}.QueryRow(ctx, q, args...), leave: a.gate.leaveOnce()}
	}
	return groupRow{Row: inGroup{a, g}.QueryRow(ctx, q, args...), a: a, g: g}
}

// Begin starts a transaction: a group of its own or a member of the open one.
func (a *adapter) Begin(ctx context.Context) (sqlstore.TxConn, error) {
	if err := a.enter(ctx); err != nil {
		return nil, err
	}
	return a.join(ctx)
}

func (a *adapter) Ping(ctx context.Context) error { return a.db.PingContext(ctx) }

func (a *adapter) Close() error {
	a.checkpoints.stop()
	var errs []error
	for _, s := range a.stmts {
		errs = append(errs, s.close())
	}
	for _, db := range a.all {
		errs = append(errs, db.Close())
	}
	return errors.Join(errs...)
}

// convert stores times as INTEGER unix milliseconds (UTC), zero as NULL.
func convert(args []any) []any {
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			if t.IsZero() {
				args[i] = nil
			} else {
				args[i] = t.UnixMilli()
			}
		}
	}
	return args
}
