package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/store/postgres"
	"loket/store/storetest"
)

// LOKET_TEST_DATABASE_URL=… go test -run '^$' -bench JobScan -benchmem ./store/postgres/
func BenchmarkJobScan(b *testing.B) {
	url := os.Getenv("LOKET_TEST_DATABASE_URL")
	if url == "" {
		b.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the PostgreSQL job-scan benchmark")
	}
	ctx := context.Background()
	buf := make([]byte, 6)
	rand.Read(buf)
	schema := "b_" + hex.EncodeToString(buf)
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		b.Fatal(err)
	}
	defer admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		b.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	s, err := postgres.OpenConfig(ctx, cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.FillJobs(b, s)
	if _, err := s.Pool().Exec(ctx, "ANALYZE jobs"); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`SELECT id FROM jobs WHERE done_at IS NULL AND due_at <= '2026-01-05T03:00:00Z' AND (locked_until IS NULL OR locked_until <= '2026-01-05T03:00:00Z') AND dead_at IS NULL ORDER BY due_at, id LIMIT 100 FOR UPDATE SKIP LOCKED`,
		`SELECT min(due_at) FROM jobs WHERE done_at IS NULL AND due_at <= '2026-01-05T03:00:00Z' AND dead_at IS NULL`,
	} {
		rows, err := s.Pool().Query(ctx, "EXPLAIN "+q)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s\n%s", q, strings.Join(plan, "\n"))
	}
	storetest.BenchmarkJobScan(b, s)
}
