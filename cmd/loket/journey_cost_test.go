package main

import (
	"bufio"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/testkit"
)

// journeyCost is what the server spent at one moment: the statements and
// round trips it sent to the database (its /metrics), the CPU of this
// process (the server, the fake Bot API and the vendors' driver) and, on
// PostgreSQL, the CPU of the database's server processes. With them, the
// server's histogram of accept → handled (loket_accept_handled_seconds):
// how many messages had been handled within each bound, by the bound.
type journeyCost struct {
	stmts, trips float64
	cpu          time.Duration
	dbCPU        map[int]time.Duration // per backend
	handled      map[float64]float64
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
	c.handled = map[float64]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		if le, ok := bucketBound(name, "loket_accept_handled_seconds_bucket"); ok {
			n, _ := strconv.ParseFloat(val, 64)
			c.handled[le] += n // summed over the channels
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

// bucketBound is the upper bound (le) of a histogram bucket's series
// name, when the name is one of the histogram's buckets.
func bucketBound(name, bucket string) (float64, bool) {
	labels, ok := strings.CutPrefix(name, bucket+"{")
	if !ok {
		return 0, false
	}
	_, le, ok := strings.Cut(labels, `le="`)
	if !ok {
		return 0, false
	}
	le, _, _ = strings.Cut(le, `"`)
	v, err := strconv.ParseFloat(le, 64)
	return v, err == nil
}

// handledWithin reads a quantile q of accept → handled between two
// readings from the histogram's buckets: the least bound within which at
// least q of the messages were handled (an upper bound of the quantile,
// never an estimate below it), and the share handled within limit.
func handledWithin(from, to journeyCost, q float64, limit float64) (bound, share float64) {
	bounds := slices.Sorted(maps.Keys(to.handled))
	if len(bounds) == 0 {
		return 0, 0
	}
	total := to.handled[bounds[len(bounds)-1]] - from.handled[bounds[len(bounds)-1]] // le="+Inf"
	if total <= 0 {
		return 0, 0
	}
	bound = math.Inf(1)
	for _, le := range bounds {
		n := to.handled[le] - from.handled[le]
		if n >= q*total && math.IsInf(bound, 1) {
			bound = le
		}
		if le == limit {
			share = n / total
		}
	}
	return bound, share
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
	if p99, share := handledWithin(from, to, 0.99, 0.02); p99 > 0 {
		b.ReportMetric(p99*1000, "accept-p99≤ms")
		b.ReportMetric(share*100, "accept≤20ms-%")
	}
}
