package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// journeyCost is what the server spent at one moment: the statements and
// round trips it sent to the database (its /metrics), the CPU of this
// process (the server, the fake Bot API and the vendors' driver) and, on
// PostgreSQL, the CPU of the database's server processes.
type journeyCost struct {
	stmts, trips float64
	cpu, dbCPU   time.Duration
}

// costMeter reads a journeyCost from a running `loket serve`.
type costMeter struct {
	metrics string // the server's /metrics
	pgURL   string // the database, "" for SQLite
}

func (m costMeter) read(b *testing.B) journeyCost {
	b.Helper()
	var c journeyCost
	resp, err := http.Get(m.metrics)
	if err != nil {
		b.Fatalf("read metrics: %v", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		switch name {
		case "loket_db_statements_total":
			c.stmts, _ = strconv.ParseFloat(val, 64)
		case "loket_db_round_trips_total":
			c.trips, _ = strconv.ParseFloat(val, 64)
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	c.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if m.pgURL != "" {
		c.dbCPU = pgBackendsCPU(b, m.pgURL)
	}
	return c
}

// report adds the cost per message between two readings to b's results.
func (m costMeter) report(b *testing.B, from, to journeyCost, msgs int) {
	n := float64(msgs)
	b.ReportMetric((to.stmts-from.stmts)/n, "stmts/msg")
	b.ReportMetric((to.trips-from.trips)/n, "trips/msg")
	b.ReportMetric(float64((to.cpu-from.cpu).Microseconds())/n, "cpu-µs/msg")
	if m.pgURL != "" {
		b.ReportMetric(float64((to.dbCPU-from.dbCPU).Microseconds())/n, "pg-cpu-µs/msg")
	}
}

// pgBackendsCPU sums the CPU time of the server processes connected to
// url's database (this reading's own connection left out), read from
// /proc: the database runs on this machine.
func pgBackendsCPU(b *testing.B, url string) time.Duration {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatalf("connect postgres: %v", err)
	}
	defer conn.Close(ctx)
	rs, err := conn.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err != nil {
		b.Fatalf("list backends: %v", err)
	}
	pids, err := pgx.CollectRows(rs, pgx.RowTo[int])
	if err != nil {
		b.Fatalf("list backends: %v", err)
	}
	var total time.Duration
	for _, pid := range pids {
		data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			continue // gone meanwhile, or not readable
		}
		// Fields after the command's closing parenthesis: state is the
		// 3rd field, utime the 14th and stime the 15th (clock ticks).
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			continue
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		total += time.Duration(ut+st) * (time.Second / 100) // USER_HZ is 100 on Linux
	}
	return total
}
