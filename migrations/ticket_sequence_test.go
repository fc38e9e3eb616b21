package migrations

import (
	"context"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// The ticket-number sequence of an existing PostgreSQL database continues
// after the larger of the counter and the highest number given, and going
// back down leaves the counter past every number the sequence gave.
func TestTicketNumberSequenceMigration(t *testing.T) {
	base := os.Getenv("LOKET_TEST_DATABASE_URL")
	if base == "" {
		t.Skip("LOKET_TEST_DATABASE_URL not set")
	}
	ctx := context.Background()
	db := pgSchema(t, base, "migt")

	p, err := provider(ctx, db, Postgres, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 72); err != nil {
		t.Fatal(err)
	}
	// A counter behind the tickets (a restore by hand, say) must not give
	// a number twice.
	for _, stmt := range []string{
		`UPDATE counters SET value = 1004 WHERE name = 'ticket_number'`,
		`INSERT INTO tickets (number, channel, title, type, status, created_at, updated_at)
			VALUES (1007, 'telegram', 'old', 'registration', 'new', now(), now())`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if _, err := p.UpTo(ctx, 73); err != nil {
		t.Fatal(err)
	}
	var next int64
	if err := db.QueryRowContext(ctx, `SELECT nextval('ticket_number_seq')`).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if next != 1008 {
		t.Fatalf("first number after the migration %d, want 1008", next)
	}
	if _, err := p.DownTo(ctx, 72); err != nil {
		t.Fatal(err)
	}
	var counter int64
	if err := db.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'ticket_number'`).Scan(&counter); err != nil {
		t.Fatal(err)
	}
	if counter < 1008 {
		t.Fatalf("counter after going down %d, want at least 1008 (the number the sequence gave)", counter)
	}
}
