// Package postgres is Loket's PostgreSQL store: the shared queries of
// store/sqlstore run over a pgx v5 pool. Claims use FOR UPDATE SKIP
// LOCKED, so several replicas can share one database.
//
// It owns the pool and the pgx adapter; it must not import the engine,
// flows or the console.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"loket/migrations"
	"loket/store"
	"loket/store/sqlstore"
)

// Store is the PostgreSQL store.
type Store struct {
	*sqlstore.Store
	pool  *pgxpool.Pool
	tally *sqlstore.Tally
}

var _ store.Store = (*Store)(nil)

// Dialect is PostgreSQL's flavour for sqlstore.
var Dialect = sqlstore.Dialect{
	Name:         "postgres",
	ForUpdate:    " FOR UPDATE",
	SkipLocked:   " FOR UPDATE SKIP LOCKED",
	IsUnique:     func(err error) bool { return pgCode(err) == "23505" },
	IsForeignKey: func(err error) bool { return pgCode(err) == "23503" },
	Arrays:       true,
	Greatest:     "GREATEST",
	WritingWith:  true,
	TicketNumber: "nextval('ticket_number_seq')",
	LazyCommit:   true,
	// Data exceptions (22: a NUL byte, bad encoding), integrity (23:
	// checks, not-null) and program limits (54: a value too large).
	IsRefused: func(err error) bool {
		c := pgCode(err)
		return len(c) == 5 && (c[:2] == "22" || c[:2] == "23" || c[:2] == "54")
	},
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// Open connects to the database at url, applies pending migrations and
// returns the store.
func Open(ctx context.Context, url string, log *slog.Logger) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database url: %w", err)
	}
	return OpenConfig(ctx, cfg, log)
}

// OpenConfig is Open with a parsed pool configuration (tests set the
// search_path through it).
func OpenConfig(ctx context.Context, cfg *pgxpool.Config, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tally := &sqlstore.Tally{}
	cfg = cfg.Copy()
	if cfg.ConnConfig.Tracer == nil {
		cfg.ConnConfig.Tracer = tracer{tally}
	}
	cfg.AfterConnect = plannerDefaults(cfg.AfterConnect)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: create pool: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s:%d/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	db := stdlib.OpenDBFromPool(pool)
	err = migrations.Up(ctx, db, migrations.Postgres, log)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("postgres: close migration handle: %w", cerr)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	a := adapter{pool: pool}
	return &Store{Store: sqlstore.New(a, a, Dialect, log), pool: pool, tally: tally}, nil
}

// plannerDefaults sets two planner settings on each new connection,
// each unless the server, the database, the role or the URL set it:
//
//   - random_page_cost 1.1 instead of 4: a page read out of order costs
//     little more than one read in sequence, as Loket's tables are small
//     enough to stay in memory. At 4, the statements of a batch, planned
//     while a table is young (a new install, a benchmark: no statistics
//     until autovacuum's first analyze), kept reading every conversation
//     of the table to find a batch's few by key; at 1.1 they use the index.
//   - plan_cache_mode force_generic_plan: a prepared statement is planned
//     once per connection, not on every execution. PostgreSQL's own choice
//     kept re-planning the hot path's largest statements (the claim, the
//     turn's outbox insert, the outbox order check) at every execution —
//     a third of the database's CPU in the real conversation. The
//     statements are written for plans that do not depend on their
//     values (no "$1 = ” OR …"; indexes that leave one sensible plan,
//     TestClaimPlanOnNewTables).
//
// next is the configuration's own AfterConnect, run first.
func plannerDefaults(next func(context.Context, *pgx.Conn) error) func(context.Context, *pgx.Conn) error {
	return func(ctx context.Context, c *pgx.Conn) error {
		if next != nil {
			if err := next(ctx, c); err != nil {
				return err
			}
		}
		_, err := c.Exec(ctx, `SELECT set_config(name, CASE name WHEN 'random_page_cost' THEN '1.1' ELSE 'force_generic_plan' END, false)
			FROM pg_settings WHERE name IN ('random_page_cost', 'plan_cache_mode') AND source = 'default'`)
		if err != nil {
			return fmt.Errorf("postgres: set planner defaults: %w", err)
		}
		return nil
	}
}

// Tally counts the statements and round trips of the pool (see
// sqlstore.Tally); the migrations' are included.
func (s *Store) Tally() *sqlstore.Tally { return s.tally }

// Pool returns the pgx pool (the WhatsApp device store shares it).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// querier is what a pool and a transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type conn struct{ q querier }

func (c conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := c.q.Exec(ctx, q, convert(args)...)
	return tag.RowsAffected(), err
}

func (c conn) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	rs, err := c.q.Query(ctx, q, convert(args)...)
	if err != nil {
		return nil, err
	}
	return rows{rs}, nil
}

func (c conn) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return row{c.q.QueryRow(ctx, q, convert(args)...)}
}

type adapter struct{ pool *pgxpool.Pool }

func (a adapter) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	return conn{a.pool}.Exec(ctx, q, args...)
}

func (a adapter) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	return conn{a.pool}.Query(ctx, q, args...)
}

func (a adapter) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return conn{a.pool}.QueryRow(ctx, q, args...)
}

func (a adapter) Ping(ctx context.Context) error { return a.pool.Ping(ctx) }

func (a adapter) Close() error { a.pool.Close(); return nil }

type rows struct{ pgx.Rows }

func (r rows) Close() error { r.Rows.Close(); return nil }

type row struct{ pgx.Row }

func (r row) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// convert stores a zero time as NULL and every time in UTC with
// millisecond precision, the same as the SQLite store.
func convert(args []any) []any {
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			if t.IsZero() {
				args[i] = nil
			} else {
				args[i] = t.UTC().Truncate(time.Millisecond)
			}
		}
	}
	return args
}
