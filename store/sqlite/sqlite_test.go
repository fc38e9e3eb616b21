package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"loket/store/sqlite"
	"loket/store/storetest"
)

func open(t *testing.T) storetest.Store {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) { storetest.Run(t, open) }

// TestMigrationsIdempotent opens the same file twice.
func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	for i := 0; i < 2; i++ {
		s, err := sqlite.Open(context.Background(), path, nil)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
