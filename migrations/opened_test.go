package migrations

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// The store keeps a batch's preloaded conversations valid across
// statements that do not name the conversations or contacts tables
// (sqlstore's mayChangeOpened). That holds only while nothing in the
// schema writes those tables for a statement on another one: no trigger
// mentions them and no foreign key of theirs acts on a change elsewhere.
func TestNothingWritesOpenedConversationsBehindAStatement(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "o.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := Up(ctx, db, SQLite, nil); err != nil {
			t.Fatal(err)
		}
		checkTriggers(t, db, `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`)
		for _, table := range []string{"conversations", "contacts"} {
			var n int
			err := db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_list(?)
				WHERE on_delete NOT IN ('NO ACTION', 'RESTRICT') OR on_update NOT IN ('NO ACTION', 'RESTRICT')`, table).Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s has %d foreign keys that act on a change to another table", table, n)
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("LOKET_TEST_DATABASE_URL")
		if base == "" {
			t.Skip("LOKET_TEST_DATABASE_URL not set")
		}
		db := pgSchema(t, base, "migo")
		if err := Up(ctx, db, Postgres, nil); err != nil {
			t.Fatal(err)
		}
		checkTriggers(t, db, `SELECT t.tgname, c.relname, p.prosrc
			FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
			WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`)
		var n int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_constraint
			WHERE contype = 'f' AND conrelid IN ('conversations'::regclass, 'contacts'::regclass)
			AND (confdeltype NOT IN ('a', 'r') OR confupdtype NOT IN ('a', 'r'))`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("conversations or contacts have %d foreign keys that act on a change to another table", n)
		}
	})
}

// checkTriggers reads (name, table, body) of the schema's triggers with
// query: none on another table may name conversations or contacts, and
// there must be some (the config-stamp triggers), or the query looks in
// the wrong place.
func checkTriggers(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	triggers := 0
	for rows.Next() {
		var name, table, body string
		if err := rows.Scan(&name, &table, &body); err != nil {
			t.Fatal(err)
		}
		triggers++
		if table != "conversations" && table != "contacts" && namesOpened(body) {
			t.Errorf("trigger %s on %s writes conversations or contacts", name, table)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if triggers == 0 {
		t.Fatal("no trigger found: the query looks in the wrong place (the schema has config-stamp triggers)")
	}
}

func namesOpened(body string) bool {
	body = strings.ToLower(body)
	return strings.Contains(body, "conversations") || strings.Contains(body, "contacts")
}
