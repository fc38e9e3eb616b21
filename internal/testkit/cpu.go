package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/proccpu"
)

// ProcessCPU is the CPU time this process has used (user + system).
func ProcessCPU(tb testing.TB) time.Duration {
	tb.Helper()
	d, err := proccpu.Self()
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// BackendsCPU reads the CPU time used so far by each PostgreSQL backend
// serving url's database (those whose application_name is app, or all of
// them when app is ""; this reading's own connection left out), from
// /proc: the server must run on this machine. It returns nil when a
// backend's figures cannot be read. The server's shared processes (WAL
// writer, checkpointer) are not counted.
func BackendsCPU(tb testing.TB, url, app string) map[int]time.Duration {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		tb.Fatalf("connect postgres to read its backends: %v", err)
	}
	defer conn.Close(ctx)
	rs, err := conn.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
		AND pid <> pg_backend_pid() AND ($1 = '' OR application_name = $1)`, app)
	if err != nil {
		tb.Fatalf("list backends: %v", err)
	}
	pids, err := pgx.CollectRows(rs, pgx.RowTo[int32])
	if err != nil {
		tb.Fatalf("list backends: %v", err)
	}
	out := make(map[int]time.Duration, len(pids))
	for _, pid := range pids {
		d, err := proccpu.Of(int(pid))
		if err != nil {
			tb.Logf("server CPU not measured: %v", err)
			return nil
		}
		out[int(pid)] = d
	}
	return out
}

// CPUBetween is the CPU the backends of to used since from (a backend
// that started meanwhile counts from zero).
func CPUBetween(from, to map[int]time.Duration) time.Duration {
	var sum time.Duration
	for pid, d := range to {
		sum += d - from[pid]
	}
	return sum
}
