package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"loket/store/postgres"
	"loket/store/sqlite"
	"loket/store/sqlstore"
)

// TestLeasesCommitWithoutFlush: on PostgreSQL the statements that take or
// renew a lease and the batch of sent marks, run on a row they change,
// leave synchronous_commit off for their transaction alone, so its commit
// does not queue for the disk; a statement whose write a person relies on
// (a plain update here) leaves it on, and the setting never outlives the
// transaction. On SQLite the statements are unchanged.
func TestLeasesCommitWithoutFlush(t *testing.T) {
	_, conn := plannedOnEmptyTables(t, "lazycommit")
	ctx := t.Context()
	for _, s := range []string{
		`INSERT INTO jobs (id, kind, key, payload, due_at, attempts, created_at)
			VALUES (1, 'remind', 'remind:1', '{}', now() - interval '1 minute', 0, now())`,
		`INSERT INTO outbox (id, channel, chat_id, text, status, next_attempt_at, created_at, lease_token)
			VALUES (1, 'telegram', 'c1', 'halo', 'queued', now(), now(), 7)`,
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	d := postgres.Dialect
	in, ids := sqlstore.IDSetSQL(d, "id", []int64{1}, 3)
	until := time.Now().Add(time.Minute)
	for _, c := range []struct {
		name string
		sql  string
		args []any
		lazy bool
	}{
		{"claim jobs", sqlstore.ClaimJobsSQL(d), []any{time.Now(), until, 10, int64(5)}, true},
		{"renew a job", sqlstore.RenewJobSQL(d), []any{int64(1), int64(5), until}, true},
		{"lease messages", sqlstore.LeaseOutboundSQL(d, in), []any{until, int64(7), ids}, true},
		{"renew messages", sqlstore.RenewOutboundSQL(d), []any{[]int64{1}, []int64{7}, until}, true},
		{"sent marks", sqlstore.MarkSentSQL(d), []any{[]int64{1}, []int64{7}, []string{"42"}, []time.Time{time.Now()}}, true},
		{"a write that must be durable", `UPDATE outbox SET text = 'halo lagi' WHERE id = $1`, []any{int64(1)}, false},
	} {
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tag, err := tx.Exec(ctx, c.sql, c.args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if tag.RowsAffected() != 1 {
			t.Fatalf("%s changed %d rows, want the one row", c.name, tag.RowsAffected())
		}
		var got string
		if err := tx.QueryRow(ctx, "SHOW synchronous_commit").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: "off", false: "on"}[c.lazy]; got != want {
			t.Errorf("%s: synchronous_commit %s in its transaction, want %s", c.name, got, want)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatalf("%s: commit: %v", c.name, err)
		}
		if err := conn.QueryRow(ctx, "SHOW synchronous_commit").Scan(&got); err != nil || got != "on" {
			t.Errorf("after %s: synchronous_commit %s (%v) outside its transaction, want on", c.name, got, err)
		}
	}
	for _, q := range []string{sqlstore.ClaimJobsSQL(sqlite.Dialect), sqlstore.RenewJobSQL(sqlite.Dialect)} {
		if strings.Contains(q, "synchronous_commit") {
			t.Errorf("SQLite statement sets synchronous_commit: %s", q)
		}
	}
}
