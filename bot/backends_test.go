package bot_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"

	"loket/internal/testkit"
	"loket/store/postgres"
	"loket/store/sqlite"
	"loket/store/sqlstore"
	"loket/store/storetest"
)

// backend opens a fresh store. Each test gets its own database: a temp
// SQLite file, or its own PostgreSQL schema.
type backend struct {
	name string
	open func(t testing.TB) storetest.Store
	// reopen opens a second handle on the same database (a second replica).
	reopen func(t testing.TB) storetest.Store
	// server, on PostgreSQL, finds the backends of the store last opened
	// (to measure their CPU); nil on SQLite.
	server func() *pgCPU
	// tally counts the statements and round trips of the store last opened.
	tally func() *sqlstore.Tally
	// commits counts the write transactions of the store last opened
	// (SQLite's one writer, whose commits wait for the disk); nil on PostgreSQL.
	commits func() int64
	// oneWriter: one write transaction at a time (SQLite), so a write
	// waits for an open transaction to end.
	oneWriter bool
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// backends lists SQLite always and PostgreSQL when LOKET_TEST_DATABASE_URL is set.
func backends(t testing.TB) []backend {
	var out []backend
	var dbPath string
	var lite *sqlite.Store
	out = append(out, backend{
		name: "sqlite",
		open: func(t testing.TB) storetest.Store {
			dbPath = testkit.MigratedSQLite(t, t.TempDir())
			lite = openSQLite(t, dbPath)
			return lite
		},
		reopen:    func(t testing.TB) storetest.Store { return openSQLite(t, dbPath) },
		tally:     func() *sqlstore.Tally { return lite.Tally() },
		commits:   func() int64 { return lite.Commits() },
		oneWriter: true,
	})
	if os.Getenv("LOKET_TEST_DATABASE_URL") == "" {
		t.Logf("PostgreSQL engine tests skipped: LOKET_TEST_DATABASE_URL is not set")
		return out
	}
	var schemaURL, app string
	var pg *postgres.Store
	out = append(out, backend{
		name: "postgres",
		open: func(t testing.TB) storetest.Store {
			schemaURL = testkit.PostgresURL(t, "engine")
			// The schema's name tells the store's backends apart in pg_stat_activity.
			app = schemaURL[strings.LastIndex(schemaURL, "search_path=")+len("search_path="):]
			schemaURL += "&application_name=" + app
			pg = openPostgres(t, schemaURL)
			return pg
		},
		reopen: func(t testing.TB) storetest.Store { return openPostgres(t, schemaURL) },
		server: func() *pgCPU { return &pgCPU{url: os.Getenv("LOKET_TEST_DATABASE_URL"), app: app} },
		tally:  func() *sqlstore.Tally { return pg.Tally() },
	})
	return out
}

func openSQLite(t testing.TB, path string) *sqlite.Store {
	st, err := sqlite.Open(context.Background(), path, quietLog())
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgres(t testing.TB, url string) *postgres.Store {
	st, err := postgres.Open(context.Background(), url, quietLog())
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
