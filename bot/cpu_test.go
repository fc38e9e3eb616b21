package bot_test

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

	"loket/store/sqlstore"
)

// cpuMeter measures the CPU a benchmark spends: the Go process's own
// (getrusage) and, on PostgreSQL, that of the server backends serving
// the store's connections (utime+stime in /proc/<pid>/stat of each
// backend whose application_name is the store's). The server's shared
// processes (WAL writer, checkpointer) are not counted.
type cpuMeter struct {
	tally        *sqlstore.Tally
	stmts, trips int64
	goStart      time.Duration
	pg           *pgCPU
	pgStart      map[int]time.Duration
}

// pgCPU finds a store's backends on a local PostgreSQL server.
type pgCPU struct {
	url, app string
}

func startCPU(tb testing.TB, pg *pgCPU, tally *sqlstore.Tally) *cpuMeter {
	m := &cpuMeter{goStart: processCPU(tb), pg: pg, tally: tally}
	m.stmts, m.trips = tally.Counts()
	if pg != nil {
		m.pgStart = pg.backends(tb)
	}
	return m
}

// report adds the cost per message since startCPU to the benchmark's
// metrics: go-cpu-µs/msg, the store's statements and round trips per
// message (stmts/msg, trips/msg), and pg-cpu-µs/msg when the server's
// backends could be read.
func (m *cpuMeter) report(b *testing.B, msgs int) {
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(msgs) }
	b.ReportMetric(per(processCPU(b)-m.goStart), "go-cpu-µs/msg")
	stmts, trips := m.tally.Counts()
	b.ReportMetric(float64(stmts-m.stmts)/float64(msgs), "stmts/msg")
	b.ReportMetric(float64(trips-m.trips)/float64(msgs), "trips/msg")
	if m.pg == nil || m.pgStart == nil {
		return
	}
	var sum time.Duration
	for pid, d := range m.pg.backends(b) {
		sum += d - m.pgStart[pid]
	}
	b.ReportMetric(per(sum), "pg-cpu-µs/msg")
}

func processCPU(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backends returns the CPU used so far by each backend of the store, or
// nil when they cannot be read (a server on another machine).
func (p *pgCPU) backends(tb testing.TB) map[int]time.Duration {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.url)
	if err != nil {
		tb.Fatalf("connect postgres to read its backends: %v", err)
	}
	defer conn.Close(ctx)
	rs, err := conn.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = $1`, p.app)
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

// procCPU reads a process's utime+stime from /proc (clock ticks of 10 ms).
func procCPU(pid int) (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read stat of process %d: %w", pid, err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("stat of process %d: too few fields", pid)
	}
	var ticks int64
	for _, s := range f[11:13] { // utime, stime
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("stat of process %d: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}
