package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket/store/sqlstore"
)

// openGroups opens a fresh store with a scratch table t(v).
func openGroups(t *testing.T) (*Store, *adapter) {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "loket.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	for _, q := range []string{
		`CREATE TABLE t (v TEXT PRIMARY KEY)`,
		`CREATE TABLE parent (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`,
	} {
		if _, err := s.wa.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return s, s.wa
}

func values(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	rows, err := s.r.Query(`SELECT v FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		got[v] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// waitQueued waits until n callers queue for the gate.
func waitQueued(t *testing.T, a *adapter, n int32) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for a.queued.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d callers queued, want %d", a.queued.Load(), n)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// Concurrent writers share commits, and exactly what was committed is
// there: transactions, rolled-back transactions and single statements mixed.
func TestGroupCommitKeepsExactlyTheCommitted(t *testing.T) {
	s, a := openGroups(t)
	ctx := context.Background()
	const writers, each = 16, 40
	var mu sync.Mutex
	want := map[string]bool{}
	var wg sync.WaitGroup
	ends0 := a.groups.Load()
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				v := fmt.Sprintf("%d-%d", w, i)
				var err error
				const insert = `INSERT INTO t (v) VALUES ($1)`
				if i%4 == 0 { // a single statement
					_, err = a.Exec(ctx, insert, v)
				} else { // a transaction: rolled back, or two statements with the second refused
					tx, berr := a.Begin(ctx)
					if berr != nil {
						t.Error(berr)
						return
					}
					if _, err := tx.Exec(ctx, insert, v); err != nil {
						t.Error(err)
					}
					if i%4 == 1 {
						if err := tx.Rollback(ctx); err != nil {
							t.Error(err)
						}
						continue
					}
					if _, err := tx.Exec(ctx, insert, v); err == nil {
						t.Error("a duplicate row was accepted")
					}
					err = tx.Commit(ctx)
				}
				if err != nil {
					t.Errorf("%s: %v", v, err)
					continue
				}
				mu.Lock()
				want[v] = true
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	got := values(t, s)
	for v := range want {
		if !got[v] {
			t.Errorf("%s was committed and is missing", v)
		}
	}
	for v := range got {
		if !want[v] {
			t.Errorf("%s is there and was not committed", v)
		}
	}
	ends := a.groups.Load() - ends0
	if ends >= writers*each {
		t.Errorf("%d writes ended in %d transactions: no commit was shared", writers*each, ends)
	}
	t.Logf("%d writes, %d transactions", writers*each, ends)
}

// holdTx begins a transaction that inserts v and holds the gate until
// the returned commit is called.
func holdTx(t *testing.T, a *adapter, v string) (commit func() error) {
	t.Helper()
	ctx := context.Background()
	tx, err := a.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO t (v) VALUES ($1)`, v); err != nil {
		t.Fatal(err)
	}
	return func() error { return tx.Commit(ctx) }
}

// queueTx begins a transaction on its own goroutine (it queues behind
// the gate's holder), runs stmts in it and ends it with end; the result
// arrives on the channel.
func queueTx(a *adapter, stmts []string, end func(sqlstore.TxConn) error) <-chan error {
	res := make(chan error, 1)
	go func() {
		ctx := context.Background()
		tx, err := a.Begin(ctx)
		if err != nil {
			res <- err
			return
		}
		for _, q := range stmts {
			if _, err := tx.Exec(ctx, q); err != nil {
				res <- errors.Join(err, tx.Rollback(ctx))
				return
			}
		}
		res <- end(tx)
	}()
	return res
}

// A member's failing commit reaches every member of its group, and none
// of their writes land.
func TestGroupCommitFailureReachesEveryMember(t *testing.T) {
	s, a := openGroups(t)
	// The group must take b: on a loaded machine a's group could be
	// older than groupAge before b queues, and a would commit alone.
	a.maxAge = time.Minute
	ctx := context.Background()
	commitA := holdTx(t, a, "a")
	// b's second row refers to a parent that is not there, checked only at COMMIT.
	bErr := queueTx(a, []string{`INSERT INTO t (v) VALUES ('b')`, `INSERT INTO child (id, p) VALUES (1, 99)`},
		func(tx sqlstore.TxConn) error { return tx.Commit(ctx) })
	waitQueued(t, a, 1)
	// b is counted just before it blocks on the gate; a hand-over that
	// finds nobody blocked takes the gate back and commits alone.
	time.Sleep(5 * time.Millisecond)
	errA := commitA()
	errB := <-bErr
	if errA == nil || errB == nil {
		t.Fatalf("commit results: a %v, b %v; want both to fail", errA, errB)
	}
	if !Dialect.IsForeignKey(errA) {
		t.Errorf("a's error %v does not say what failed", errA)
	}
	if got := values(t, s); len(got) != 0 {
		t.Errorf("rows %v landed from a failed commit", got)
	}
	// The writer goes on.
	if _, err := a.Exec(ctx, `INSERT INTO t (v) VALUES ('c')`); err != nil {
		t.Fatal(err)
	}
	if got := values(t, s); !got["c"] || len(got) != 1 {
		t.Errorf("after the failed group: %v, want c", got)
	}
}

// A later member's rollback undoes its writes only.
func TestGroupCommitRollbackUndoesOnlyItsMember(t *testing.T) {
	s, a := openGroups(t)
	ctx := context.Background()
	commitA := holdTx(t, a, "a")
	bErr := queueTx(a, []string{`INSERT INTO t (v) VALUES ('b')`},
		func(tx sqlstore.TxConn) error { return tx.Rollback(ctx) })
	waitQueued(t, a, 1)
	if err := commitA(); err != nil {
		t.Fatal(err)
	}
	if err := <-bErr; err != nil {
		t.Fatal(err)
	}
	if got := values(t, s); !got["a"] || got["b"] || len(got) != 1 {
		t.Errorf("rows %v, want a only", got)
	}
}

// A caller that queued and gave up does not leave a group uncommitted:
// the member who handed it over takes it back.
func TestGroupCommitWithoutTaker(t *testing.T) {
	s, a := openGroups(t)
	commitA := holdTx(t, a, "a")
	a.queued.Add(1) // one who queued and left before taking the gate
	done := make(chan error, 1)
	go func() { done <- commitA() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the commit waits for a member that never comes")
	}
	a.queued.Add(-1)
	if got := values(t, s); !got["a"] {
		t.Errorf("rows %v, want a", got)
	}
}

// A statement whose context ended while it queued does not run, and does
// not break the group it would have joined.
func TestGroupCommitCancelledJoiner(t *testing.T) {
	s, a := openGroups(t)
	commitA := holdTx(t, a, "a")
	ctx, cancel := context.WithCancel(context.Background())
	bErr := make(chan error, 1)
	go func() {
		tx, err := a.Begin(ctx)
		if err == nil {
			err = tx.Rollback(ctx)
			err = errors.Join(errors.New("began after its context ended"), err)
		}
		bErr <- err
	}()
	waitQueued(t, a, 1)
	cancel()
	if err := commitA(); err != nil {
		t.Fatal(err)
	}
	if err := <-bErr; !errors.Is(err, context.Canceled) {
		t.Errorf("the cancelled joiner got %v", err)
	}
	if got := values(t, s); !got["a"] {
		t.Errorf("rows %v, want a", got)
	}
}
