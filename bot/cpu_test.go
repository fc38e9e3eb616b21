package bot_test

import (
	"testing"
	"time"

	"loket/internal/testkit"
	"loket/store/sqlstore"
)

// cpuMeter measures the CPU a benchmark spends: the Go process's own and,
// on PostgreSQL, that of the server backends serving the store's
// connections (those whose application_name is the store's).
type cpuMeter struct {
	tally        *sqlstore.Tally
	stmts, trips int64
	commits      func() int64 // SQLite's writer transactions; nil elsewhere
	commits0     int64
	goStart      time.Duration
	pg           *pgCPU
	pgStart      map[int]time.Duration
}

// pgCPU names a store's backends on a local PostgreSQL server.
type pgCPU struct {
	url, app string
}

func startCPU(tb testing.TB, pg *pgCPU, tally *sqlstore.Tally, commits func() int64) *cpuMeter {
	m := &cpuMeter{goStart: testkit.ProcessCPU(tb), pg: pg, tally: tally, commits: commits}
	m.stmts, m.trips = tally.Counts()
	if commits != nil {
		m.commits0 = commits()
	}
	if pg != nil {
		m.pgStart = testkit.BackendsCPU(tb, pg.url, pg.app)
	}
	return m
}

// report adds the cost per message since startCPU to the benchmark's
// metrics: go-cpu-µs/msg, the store's statements and round trips per
// message (stmts/msg, trips/msg), SQLite's writer transactions per
// message (commits/msg), and pg-cpu-µs/msg when the server's
// backends could be read.
func (m *cpuMeter) report(b *testing.B, msgs int) {
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(msgs) }
	b.ReportMetric(per(testkit.ProcessCPU(b)-m.goStart), "go-cpu-µs/msg")
	stmts, trips := m.tally.Counts()
	b.ReportMetric(float64(stmts-m.stmts)/float64(msgs), "stmts/msg")
	b.ReportMetric(float64(trips-m.trips)/float64(msgs), "trips/msg")
	if m.commits != nil {
		b.ReportMetric(float64(m.commits()-m.commits0)/float64(msgs), "commits/msg")
	}
	if m.pg == nil || m.pgStart == nil {
		return
	}
	if end := testkit.BackendsCPU(b, m.pg.url, m.pg.app); end != nil {
		b.ReportMetric(per(testkit.CPUBetween(m.pgStart, end)), "pg-cpu-µs/msg")
	}
}
