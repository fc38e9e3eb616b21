// Package testkit holds what several packages' tests need from the
// machine: a headless Chromium tab and a PostgreSQL schema of their own.
// Only tests import it.
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"loket/store"
	"loket/store/postgres"
	"loket/store/sqlite"
)

// ChromiumPath finds Debian's Chromium (or LOKET_CHROMIUM), "" when absent.
func ChromiumPath() string {
	for _, p := range []string{os.Getenv("LOKET_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	return ""
}

// Browser opens a headless Chromium tab with a window of width×height for
// the test, or skips the test with a message when Chromium is absent or
// under -short. ctx is bounded by timeout; tab is the tab without the
// bound, for diagnostics after a step timed out. Both end with the test.
func Browser(t testing.TB, width, height int, timeout time.Duration) (ctx, tab context.Context) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := ChromiumPath()
	if bin == "" {
		t.Skip("Chromium not found at /usr/bin/chromium (apt-get install -y chromium, or set LOKET_CHROMIUM): skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.WindowSize(width, height))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(func() { cancel(); cancelTab(); cancelAlloc() })
	return ctx, tab
}

// PostgresURL returns LOKET_TEST_DATABASE_URL pointed at a fresh schema
// (named prefix_<random>, dropped after the test), or "" with a logged
// reason when the variable is unset.
func PostgresURL(t testing.TB, prefix string) string {
	t.Helper()
	url := os.Getenv("LOKET_TEST_DATABASE_URL")
	if url == "" {
		t.Log("PostgreSQL part skipped: LOKET_TEST_DATABASE_URL is not set")
		return ""
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := prefix + "_" + hex.EncodeToString(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect postgres: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(context.Background(), url); err == nil {
			_, _ = c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close(context.Background())
		}
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

// OpenPostgres opens the real PostgreSQL store, migrated, in a fresh
// schema for the test, skipping the test with a message when
// LOKET_TEST_DATABASE_URL is unset. params are extra URL parameters such
// as "pool_max_conns=12".
func OpenPostgres(t testing.TB, prefix string, params ...string) *postgres.Store {
	t.Helper()
	url := PostgresURL(t, prefix)
	if url == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the PostgreSQL test")
	}
	for _, p := range params {
		url += "&" + p
	}
	s, err := postgres.Open(context.Background(), url, nil)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// OpenSQLite opens the real embedded store in a temporary file, a copy of
// a migrated database (MigratedSQLite).
func OpenSQLite(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), MigratedSQLite(t, t.TempDir()), nil)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Stores lists the real stores a test should run on, by name: SQLite
// always, PostgreSQL (a fresh schema named after prefix) when
// LOKET_TEST_DATABASE_URL is set — otherwise it says so in the log.
func Stores(t testing.TB, prefix string) map[string]func(testing.TB) store.Store {
	b := map[string]func(testing.TB) store.Store{"sqlite": func(t testing.TB) store.Store { return OpenSQLite(t) }}
	if os.Getenv("LOKET_TEST_DATABASE_URL") != "" {
		b["postgres"] = func(t testing.TB) store.Store { return OpenPostgres(t, prefix) }
	} else {
		t.Log("LOKET_TEST_DATABASE_URL is not set: PostgreSQL runs skipped")
	}
	return b
}
