package flows

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"loket/store/postgres"
)

// newPostgresBackend opens the real PostgreSQL store in a schema of its
// own, or returns false (with a visible log line) when
// LOKET_TEST_DATABASE_URL is not set.
func newPostgresBackend(t testing.TB) (sqliteBackend, bool) {
	t.Helper()
	url := os.Getenv("LOKET_TEST_DATABASE_URL")
	if url == "" {
		t.Log("PostgreSQL transcripts skipped: LOKET_TEST_DATABASE_URL is not set")
		return sqliteBackend{}, false
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "flows_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect postgres: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(context.Background(), url); err == nil {
			_, _ = c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close(context.Background())
		}
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	s, err := postgres.Open(ctx, url+sep+"search_path="+schema, nil)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return sqliteBackend{s: s}, true
}
