package main

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"loket/internal/testkit"
)

// TestServiceURLs checks which database and Redis addresses start-up
// accepts: what the drivers accept, a Unix socket included, and nothing
// that would only fail later when the first connection is opened.
func TestServiceURLs(t *testing.T) {
	cases := []struct {
		name, key, url string
		ok             bool
	}{
		{"postgres over TCP", "LOKET_DATABASE_URL", "postgres://loket@db.internal:5432/loket?sslmode=require", true},
		{"postgresql scheme", "LOKET_DATABASE_URL", "postgresql://loket@127.0.0.1/loket", true},
		{"postgres socket as host parameter", "LOKET_DATABASE_URL", "postgres://postgres@/test?host=/var/run/postgresql", true},
		{"postgres socket, no user", "LOKET_DATABASE_URL", "postgres:///loket?host=/run/postgresql", true},
		{"postgres wrong scheme", "LOKET_DATABASE_URL", "mysql://loket@db/loket", false},
		{"postgres bad parameter", "LOKET_DATABASE_URL", "postgres://loket@db/loket?sslmode=sometimes", false},
		{"postgres bad escape", "LOKET_DATABASE_URL", "postgres://loket:rahasia@db/loket%zz", false},
		{"postgres bad parameter with password", "LOKET_DATABASE_URL", "postgres://loket:rahasia@db/loket?sslmode=sometimes", false},
		{"redis bad escape", "LOKET_REDIS_URL", "redis://:rahasia@cache/%zz", false},
		{"postgres bad port", "LOKET_DATABASE_URL", "postgres://loket@db:port/loket", false},
		{"redis over TCP", "LOKET_REDIS_URL", "redis://127.0.0.1:6379/0", true},
		{"redis over TLS", "LOKET_REDIS_URL", "rediss://cache.internal:6380/1", true},
		{"redis socket", "LOKET_REDIS_URL", "unix:///run/redis/redis.sock?db=2", true},
		{"redis socket without path", "LOKET_REDIS_URL", "unix://", false},
		{"redis without host", "LOKET_REDIS_URL", "redis:///0", false},
		{"redis bad database", "LOKET_REDIS_URL", "redis://127.0.0.1:6379/zero", false},
		{"redis wrong scheme", "LOKET_REDIS_URL", "http://127.0.0.1:6379", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadConfig(env(map[string]string{c.key: c.url, "LOKET_DATA_DIR": t.TempDir()}))
			if c.ok && err != nil {
				t.Fatalf("%s=%s refused: %v", c.key, c.url, err)
			}
			if !c.ok {
				if err == nil {
					t.Fatalf("%s=%s accepted", c.key, c.url)
				}
				var ce *configError
				if !errors.As(err, &ce) || ce.name != c.key {
					t.Fatalf("%s=%s: error %v does not name the variable", c.key, c.url, err)
				}
				if strings.Contains(err.Error(), "rahasia") {
					t.Fatalf("%s=%s: error %v shows the password", c.key, c.url, err)
				}
			}
		})
	}
}

// Job transactions follow the database pool: one for every four
// connections (pool_max_conns in the URL), one on SQLite.
func TestJobTransactionsFollowThePool(t *testing.T) {
	open := func(t *testing.T, url string) int {
		t.Helper()
		return openTestBackends(t, "LOKET_DATABASE_URL", url).jobTxs
	}
	if got := open(t, ""); got != 1 {
		t.Errorf("SQLite: %d job transactions at once, want 1", got)
	}
	url := testkit.PostgresURL(t, "jobtxs")
	if url == "" {
		return
	}
	for conns, want := range map[int]int{2: 1, 4: 1, 8: 2, 12: 3} {
		if got := open(t, fmt.Sprintf("%s&pool_max_conns=%d", url, conns)); got != want {
			t.Errorf("pool of %d: %d job transactions at once, want %d", conns, got, want)
		}
	}
}

// openTestBackends opens the stores as serve does, with a data directory
// of the test's and the variables given (name, value, …); they are closed
// when the test ends.
func openTestBackends(t *testing.T, vars ...string) *backends {
	t.Helper()
	m := map[string]string{"LOKET_DATA_DIR": t.TempDir()}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	cfg, err := loadConfig(env(m))
	if err != nil {
		t.Fatal(err)
	}
	b, err := openBackends(t.Context(), cfg, slog.New(slog.DiscardHandler), false)
	if err != nil {
		t.Fatalf("open the stores: %v", err)
	}
	t.Cleanup(b.Close)
	return b
}
