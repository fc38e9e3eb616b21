package bot_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"loket/internal/testkit"
	"loket/store/postgres"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// backend opens a fresh store. Each test gets its own database: a temp
// SQLite file, or its own PostgreSQL schema.
type backend struct {
	name string
	open func(t testing.TB) storetest.Store
	// reopen opens a second handle on the same database (a second replica).
	reopen func(t testing.TB) storetest.Store
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// backends lists SQLite always and PostgreSQL when LOKET_TEST_DATABASE_URL is set.
func backends(t testing.TB) []backend {
	var out []backend
	var dbPath string
	out = append(out, backend{
		name: "sqlite",
		open: func(t testing.TB) storetest.Store {
			dbPath = filepath.Join(t.TempDir(), "loket.db")
			return openSQLite(t, dbPath)
		},
		reopen: func(t testing.TB) storetest.Store { return openSQLite(t, dbPath) },
	})
	if os.Getenv("LOKET_TEST_DATABASE_URL") == "" {
		t.Logf("PostgreSQL engine tests skipped: LOKET_TEST_DATABASE_URL is not set")
		return out
	}
	var schemaURL string
	out = append(out, backend{
		name: "postgres",
		open: func(t testing.TB) storetest.Store {
			schemaURL = testkit.PostgresURL(t, "engine")
			return openPostgres(t, schemaURL)
		},
		reopen: func(t testing.TB) storetest.Store { return openPostgres(t, schemaURL) },
	})
	return out
}

func openSQLite(t testing.TB, path string) storetest.Store {
	st, err := sqlite.Open(context.Background(), path, quietLog())
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgres(t testing.TB, url string) storetest.Store {
	st, err := postgres.Open(context.Background(), url, quietLog())
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
