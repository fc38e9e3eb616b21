package testkit

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ProcessCPU is the CPU time this process has used (user + system).
func ProcessCPU(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
		d, err := procCPU(int(pid))
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

// procCPU reads a process's utime+stime from /proc (clock ticks of 10 ms).
func procCPU(pid int) (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read stat of process %d: %w", pid, err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("stat of process %d: too few fields", pid)
	}
	var ticks int64
	for _, v := range f[11:13] { // utime, stime
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("stat of process %d: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}
