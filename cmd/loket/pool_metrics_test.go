package main

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"loket/internal/testkit"
)

// scrape reads /metrics of a running serve into name → value (the lines
// without labels).
func scrape(t *testing.T, base string) map[string]float64 {
	t.Helper()
	body := consolePageWith(t, http.DefaultClient, base, "/metrics")
	out := map[string]float64{}
	for _, line := range strings.Split(body, "\n") {
		name, val, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		if v, err := strconv.ParseFloat(val, 64); err == nil {
			out[name] = v
		}
	}
	return out
}

// On PostgreSQL /metrics tells whether the connection pool is big enough:
// its size (pool_max_conns in the URL), the connections taken and how
// often a take waited. SQLite has no such pool and shows none of them.
func TestPoolMetrics(t *testing.T) {
	lite := scrape(t, startServe(t).base)
	for name := range lite {
		if strings.HasPrefix(name, "loket_db_pool_") {
			t.Errorf("SQLite shows %s", name)
		}
	}
	url := testkit.PostgresURL(t, "poolmetrics")
	if url == "" {
		return
	}
	m := scrape(t, startServe(t, "LOKET_DATABASE_URL", url+"&pool_max_conns=6").base)
	if m["loket_db_pool_connections_max"] != 6 {
		t.Errorf("loket_db_pool_connections_max %v, want 6", m["loket_db_pool_connections_max"])
	}
	if m["loket_db_pool_acquires_total"] < 1 {
		t.Errorf("loket_db_pool_acquires_total %v after start-up, want some", m["loket_db_pool_acquires_total"])
	}
	for _, name := range []string{"loket_db_pool_acquire_waits_total", "loket_db_pool_acquire_wait_seconds_total", "loket_db_pool_connections_in_use"} {
		if _, ok := m[name]; !ok {
			t.Errorf("%s missing from /metrics", name)
		}
	}
}
