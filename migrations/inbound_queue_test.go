package migrations

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// The migration to the queue of unhandled messages carries an existing
// database's unhandled messages over (and only those), on both backends,
// and goes back down to the partial index.
func TestInboundQueueMigration(t *testing.T) {
	ctx := context.Background()
	dbs := map[string]*sql.DB{}
	lite, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	dbs[SQLite] = lite
	if base := os.Getenv("LOKET_TEST_DATABASE_URL"); base != "" {
		dbs[Postgres] = pgSchema(t, base, "migq")
	}
	for dialect, db := range dbs {
		t.Run(dialect, func(t *testing.T) {
			p, err := provider(ctx, db, dialect, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 71); err != nil {
				t.Fatal(err)
			}
			ins := `INSERT INTO inbound (channel, external_id, chat_id, received_at, handled_at) VALUES ($1, $2, $3, $4, $5)`
			if dialect == SQLite {
				ins = `INSERT INTO inbound (channel, external_id, chat_id, received_at, handled_at) VALUES (?, ?, ?, ?, ?)`
			}
			at := any(time.Now())
			if dialect == SQLite {
				at = time.Now().UnixMilli()
			}
			for _, r := range []struct {
				ext     string
				handled any
			}{{"done", at}, {"waiting", nil}} {
				if _, err := db.ExecContext(ctx, ins, "telegram", r.ext, "c1", at, r.handled); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := p.UpTo(ctx, 72); err != nil {
				t.Fatal(err)
			}
			var ext string
			var n int
			err = db.QueryRowContext(ctx, `SELECT min(i.external_id), count(*) FROM inbound_unhandled q JOIN inbound i ON i.id = q.id`).Scan(&ext, &n)
			if err != nil || n != 1 || ext != "waiting" {
				t.Fatalf("queued after the migration: %d (%q), %v; want the one unhandled message", n, ext, err)
			}
			if _, err := p.DownTo(ctx, 71); err != nil {
				t.Fatalf("down: %v", err)
			}
			if _, err := db.ExecContext(ctx, `SELECT 1 FROM inbound_unhandled`); err == nil {
				t.Fatal("the queue table outlived the migration's down")
			}
			if _, err := p.Up(ctx); err != nil {
				t.Fatalf("up again: %v", err)
			}
		})
	}
}
