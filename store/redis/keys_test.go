package redis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"loket/store/redis"
)

func TestNewErrors(t *testing.T) {
	cases := []struct {
		name, url, want string
	}{
		{"not a redis url", "http://127.0.0.1:6379", "parse"},
		{"bad db", "redis://127.0.0.1:6379/notanumber", "parse"},
		{"nobody listening", "redis://127.0.0.1:1/0", "ping 127.0.0.1:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			s, err := redis.New(ctx, c.url, "p:", nil)
			if err == nil {
				_ = s.Close()
				t.Fatalf("New(%q) = nil error", c.url)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("New(%q) error %q does not name %q", c.url, err, c.want)
			}
		})
	}
}

// TestKeyLayout checks the keys the store leaves in Redis: all prefixed,
// buckets and locks expiring, the fencing counter kept.
func TestKeyLayout(t *testing.T) {
	s, mr := openMini(t)
	ctx := t.Context()
	if _, err := s.MarkOnce(ctx, "m", time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Allow(ctx, "b", 2, 10); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Acquire(ctx, "l", "o", time.Minute); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{ // key → expires
		"loket-test:once:m":  true,
		"loket-test:rate:b":  true,
		"loket-test:lock:l":  true,
		"loket-test:fence:l": false,
	}
	keys := mr.Keys()
	if len(keys) != len(want) {
		t.Fatalf("keys %v, want %d keys", keys, len(want))
	}
	for k, expires := range want {
		if !mr.Exists(k) {
			t.Fatalf("key %q missing; have %v", k, keys)
		}
		if ttl := mr.TTL(k); (ttl > 0) != expires {
			t.Errorf("key %q TTL %v, want expiring=%v", k, ttl, expires)
		}
	}
	// One token used of 10 at 2/s: full again in 0.5 s.
	if ttl := mr.TTL("loket-test:rate:b"); ttl != 500*time.Millisecond {
		t.Errorf("bucket TTL %v, want 500ms (time to refill)", ttl)
	}
}
