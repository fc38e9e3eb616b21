// Package migrations owns Loket's SQL schema: one directory of numbered
// goose migrations per dialect (postgres/, sqlite/), embedded in the
// binary and applied by Up at start-up and by `loket migrate`.
//
// It imports no other Loket package; the stores call it.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// Dialects Up understands.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// Up applies every pending migration of dialect to db; applying an
// up-to-date schema is a no-op. On PostgreSQL a session advisory lock,
// keyed by the current schema, keeps replicas starting together from
// racing.
func Up(ctx context.Context, db *sql.DB, dialect string, log *slog.Logger) error {
	p, err := provider(ctx, db, dialect, log)
	if err != nil {
		return err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrations: apply %s: %w", dialect, err)
	}
	for _, r := range res {
		if log != nil {
			log.InfoContext(ctx, "migration applied", "dialect", dialect, "version", r.Source.Version, "file", r.Source.Path)
		}
	}
	return nil
}

// Version returns the current and the newest known schema versions.
func Version(ctx context.Context, db *sql.DB, dialect string) (current, target int64, err error) {
	p, err := provider(ctx, db, dialect, nil)
	if err != nil {
		return 0, 0, err
	}
	current, target, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("migrations: versions: %w", err)
	}
	return current, target, nil
}

func provider(ctx context.Context, db *sql.DB, dialect string, log *slog.Logger) (*goose.Provider, error) {
	sub, err := fs.Sub(files, dialect)
	if err != nil {
		return nil, fmt.Errorf("migrations: dialect %q: %w", dialect, err)
	}
	return providerFS(ctx, db, dialect, sub, log)
}

// providerFS builds the provider over the migrations in sub. Branches
// number their migrations in reserved ranges, so a lower number can
// arrive after a higher one was applied: it is applied then, not refused.
func providerFS(ctx context.Context, db *sql.DB, dialect string, sub fs.FS, log *slog.Logger) (*goose.Provider, error) {
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true)}
	var gd goose.Dialect
	switch dialect {
	case Postgres:
		gd = goose.DialectPostgres
		var schema string
		if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			return nil, fmt.Errorf("migrations: read current schema: %w", err)
		}
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID(schema)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migrations: session locker: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	case SQLite:
		gd = goose.DialectSQLite3
	default:
		return nil, fmt.Errorf("migrations: unknown dialect %q", dialect)
	}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	}
	p, err := goose.NewProvider(gd, db, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %s provider: %w", dialect, err)
	}
	return p, nil
}

// lockID derives the advisory lock id from the schema name, so replicas on
// one schema share a lock and unrelated schemas (tests) do not wait.
func lockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("loket-migrations:" + schema))
	return int64(h.Sum64() & 0x7fffffffffffffff)
}
