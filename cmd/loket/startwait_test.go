package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"loket/internal/testkit"
)

// freeAddr returns a loopback address nothing listens on (yet).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// openLater opens the backends of cfg while up, after delay, starts
// listening; it returns openBackends' result.
func openLater(t *testing.T, cfg *Config, delay time.Duration, up func()) error {
	t.Helper()
	go func() {
		time.Sleep(delay)
		up()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	b, err := openBackends(ctx, cfg, slog.New(slog.DiscardHandler), false)
	if err == nil {
		b.Close()
	}
	return err
}

// A Redis that comes up after Loket (a machine booting, a compose file
// starting everything at once) is waited for; one that never does ends
// the start after StartWait with the variable named.
func TestStartWaitsForRedis(t *testing.T) {
	addr := freeAddr(t)
	cfg := &Config{DataDir: t.TempDir(), RedisURL: "redis://" + addr + "/0", StartWait: 15 * time.Second}
	m := miniredis.NewMiniRedis()
	t.Cleanup(m.Close)
	// go-redis itself retries a ping for about two seconds.
	if err := openLater(t, cfg, 4*time.Second, func() {
		if err := m.StartAddr(addr); err != nil {
			t.Error(err)
		}
	}); err != nil {
		t.Fatalf("Redis up four seconds late: %v", err)
	}

	cfg = &Config{DataDir: t.TempDir(), RedisURL: "redis://" + freeAddr(t) + "/0", StartWait: 1500 * time.Millisecond}
	start := time.Now()
	_, err := openBackends(context.Background(), cfg, slog.New(slog.DiscardHandler), false)
	var ce *configError
	if !errors.As(err, &ce) || ce.name != "LOKET_REDIS_URL" {
		t.Fatalf("Redis never up: %v, want a LOKET_REDIS_URL error", err)
	}
	if d := time.Since(start); d < time.Second || d > 10*time.Second {
		t.Fatalf("gave up after %v, want after about StartWait", d)
	}
}

// The same for PostgreSQL, through a proxy to the test server that opens
// a second late; a database that does not exist is not waited for.
func TestStartWaitsForPostgreSQL(t *testing.T) {
	raw := testkit.PostgresURL(t, "startwait")
	if raw == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the PostgreSQL start-up test")
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	addr := freeAddr(t)
	u.Host = addr
	cfg := &Config{DataDir: t.TempDir(), DatabaseURL: u.String(), StartWait: 15 * time.Second}
	if err := openLater(t, cfg, time.Second, func() { proxy(t, addr, target) }); err != nil {
		t.Fatalf("PostgreSQL up a second late: %v", err)
	}

	u.Host, u.Path = target, "/loket_no_such_database"
	start := time.Now()
	_, err = openBackends(context.Background(), &Config{DataDir: t.TempDir(), DatabaseURL: u.String(), StartWait: 15 * time.Second},
		slog.New(slog.DiscardHandler), false)
	if err == nil || !strings.Contains(err.Error(), "LOKET_DATABASE_URL") {
		t.Fatalf("missing database: %v, want a LOKET_DATABASE_URL error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("a missing database was waited for (%v)", d)
	}
}

// proxy forwards connections on addr to target until the test ends.
func proxy(t *testing.T, addr, target string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Error(err)
		return
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				s, err := net.Dial("tcp", target)
				if err != nil {
					return
				}
				defer s.Close()
				go func() { _, _ = io.Copy(s, c) }()
				_, _ = io.Copy(c, s)
			}()
		}
	}()
}

// LOKET_REDIS_PREFIX starts every key (two deployments may then share a
// Redis database); a colon is added when it does not end in one.
func TestRedisPrefixReachesTheKeys(t *testing.T) {
	m := miniredis.RunT(t)
	b := openTestBackends(t, "LOKET_REDIS_URL", "redis://"+m.Addr()+"/0", "LOKET_REDIS_PREFIX", "lpse-bogor")
	if _, err := b.eph.MarkOnce(t.Context(), "probe", time.Minute); err != nil {
		t.Fatal(err)
	}
	if keys := m.Keys(); len(keys) != 1 || keys[0] != "lpse-bogor:once:probe" {
		t.Fatalf("keys %v, want [lpse-bogor:once:probe]", keys)
	}
}
