package redis_test

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"loket/store/ephemeraltest"
	"loket/store/redis"
)

var (
	_ ephemeraltest.Store       = (*redis.Store)(nil)
	_ ephemeraltest.DropCounter = (*redis.Store)(nil)
)

var epoch = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

// openMini starts a miniredis whose clock is set by the test: TIME, TTLs
// and expiry all follow it (ClockTTL), so Advance needs no sleeping.
func openMini(t *testing.T) (*redis.Store, *miniredis.Miniredis) {
	t.Helper()
	mr := miniredis.RunT(t)
	mr.SetTime(epoch)
	mr.ClockTTL(true)
	s, err := redis.New(t.Context(), "redis://"+mr.Addr()+"/0", "loket-test:", testLog(t))
	if err != nil {
		t.Fatalf("redis.New on miniredis: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, mr
}

func TestContractMiniredis(t *testing.T) {
	ephemeraltest.Run(t, ephemeraltest.Harness{
		Open: func(t *testing.T) ephemeraltest.Env {
			s, mr := openMini(t)
			now := epoch
			return ephemeraltest.Env{Store: s, Advance: func(d time.Duration) {
				now = now.Add(d)
				mr.SetTime(now)
			}}
		},
	})
}

func TestContractRedis(t *testing.T) {
	url := os.Getenv("LOKET_TEST_REDIS_URL")
	if url == "" {
		t.Skip("LOKET_TEST_REDIS_URL is not set: skipping the suite against a real Redis")
	}
	ephemeraltest.Run(t, ephemeraltest.Harness{
		Open: func(t *testing.T) ephemeraltest.Env {
			return ephemeraltest.Env{Store: openReal(t, url), Advance: time.Sleep}
		},
	})
}

// openReal connects to the Redis at url with a prefix unique to t, and
// deletes the test's keys when it ends.
func openReal(t testing.TB, url string) *redis.Store {
	t.Helper()
	prefix := "loket-test:" + rand.Text()[:12] + ":"
	s, err := redis.New(context.Background(), url, prefix, testLog(t))
	if err != nil {
		t.Fatalf("redis.New(%s): %v", url, err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		c, err := redis.New(ctx, url, prefix, testLog(t))
		if err != nil {
			return
		}
		defer c.Close()
		keys, _ := c.Client().Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			c.Client().Del(ctx, keys...)
		}
		_ = s.Close()
	})
	return s
}

// testLog writes warnings to stderr; it never logs through t, because a
// subscription goroutine may still log while the test is ending.
func testLog(testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
