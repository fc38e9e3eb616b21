package testkit

import (
	"context"
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
