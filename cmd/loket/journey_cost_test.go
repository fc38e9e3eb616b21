package main

import (
	"bufio"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/testkit"
)

// journeyCost is what the server spent at one moment: the statements and
// round trips it sent to the database (its /metrics), the CPU of this
// process (the server, the fake Bot API and the vendors' driver) and, on
// PostgreSQL, the CPU of the database's server processes.
type journeyCost struct {
	stmts, trips float64
	cpu          time.Duration
	dbCPU        map[int]time.Duration // per backend
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
	c.cpu = testkit.ProcessCPU(b)
	if m.pgURL != "" {
		c.dbCPU = testkit.BackendsCPU(b, m.pgURL, "")
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
		b.ReportMetric(float64(testkit.CPUBetween(from.dbCPU, to.dbCPU).Microseconds())/n, "pg-cpu-µs/msg")
	}
}
