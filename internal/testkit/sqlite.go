package testkit

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"loket/store/sqlite"
)

// migrated is the file of a SQLite database with every migration
// applied, made once per test binary and kept in memory: the migrations
// are most of what opening a store costs under -race.
var migrated = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "loket-migrated-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "loket.db")
	s, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		return nil, err
	}
	if err := s.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
})

// MigratedSQLite writes a copy of a migrated SQLite database into dir and
// returns its path; opening it applies no migration.
func MigratedSQLite(t testing.TB, dir string) string {
	t.Helper()
	b, err := migrated()
	if err != nil {
		t.Fatalf("migrated sqlite database: %v", err)
	}
	path := filepath.Join(dir, "loket.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatalf("copy the migrated sqlite database: %v", err)
	}
	return path
}

// SQLitePlan returns the details of the steps of q's query plan on db
// (EXPLAIN QUERY PLAN): "SEARCH jobs USING INDEX …", "SCAN outbox", ….
func SQLitePlan(t testing.TB, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return plan
}
