package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"loket/internal/testkit"
	"loket/store"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// open opens a copy of a migrated database (TestMigrationsIdempotent and
// the others below migrate their own).
func open(t *testing.T) storetest.Store {
	s, err := sqlite.Open(context.Background(), testkit.MigratedSQLite(t, t.TempDir()), nil)
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

// The tally counts every statement, BEGIN and COMMIT included.
func TestTally(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "loket.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stmts0, trips0 := s.Tally().Counts()
	err = s.InTx(ctx, func(tx store.Tx) error {
		_, err := tx.KnowledgeStamp(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	stmts, trips := s.Tally().Counts()
	if stmts-stmts0 != 3 || trips-trips0 != 3 {
		t.Fatalf("one read in a transaction counted %d statements in %d round trips, want 3 in 3", stmts-stmts0, trips-trips0)
	}
}

// TestHandledTimes runs storetest.HandledTimes, reading handled_at from
// the file.
func TestHandledTimes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.HandledTimes(t, s, func(id int64) time.Time {
		var ms int64
		if err := db.QueryRow(`SELECT handled_at FROM inbound WHERE id = ?`, id).Scan(&ms); err != nil {
			t.Fatalf("read handled_at of %d: %v", id, err)
		}
		return time.UnixMilli(ms)
	})
}

// TestCheckpointsBesideTheWriter: pages the writer commits reach the
// database file without the writer checkpointing (its own checkpoint
// waits for a WAL of thousands of pages; these are a few hundred).
func TestCheckpointsBesideTheWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	w := s.DB()
	if _, err := w.ExecContext(ctx, `CREATE TABLE ballast (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ { // about 1.2 MB, one page and more per row
		if _, err := w.ExecContext(ctx, `INSERT INTO ballast (b) VALUES (randomblob(4000))`); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for size()-before < 1<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("the database file grew %d bytes in 10s after 1.2 MB were committed: no checkpoint ran", size()-before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Statements a turn does not need: a preload outlives reads, a turn's
// contact save and writes to other tables, not a conversation saved
// apart; a turn's contact save goes with the turns' writes. Each on a
// store of its own, its statements counted.
func TestStatementsSpared(t *testing.T) {
	for name, check := range map[string]func(*testing.T, storetest.Store, func() int64){
		"PreloadKept": storetest.PreloadKept, "ContactSaveGathered": storetest.ContactSaveGathered,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := sqlite.Open(context.Background(), testkit.MigratedSQLite(t, t.TempDir()), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			check(t, s, func() int64 { n, _ := s.Tally().Counts(); return n })
		})
	}
}

// A chat opened ahead is opened as usual (SQLite does not pipeline).
func TestOpenedAhead(t *testing.T) {
	s, err := sqlite.Open(context.Background(), testkit.MigratedSQLite(t, t.TempDir()), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.OpenedAhead(t, s, nil)
}
