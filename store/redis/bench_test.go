package redis_test

import (
	"context"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// The benchmarks need a real Redis: miniredis would measure itself.
func benchStore(b *testing.B) interface {
	Allow(context.Context, string, float64, int) (bool, time.Duration, error)
	MarkOnce(context.Context, string, time.Duration) (bool, error)
} {
	b.Helper()
	url := os.Getenv("LOKET_TEST_REDIS_URL")
	if url == "" {
		b.Skip("LOKET_TEST_REDIS_URL is not set: skipping Redis benchmarks")
	}
	return openReal(b, url)
}

// BenchmarkAllow runs the token-bucket script over 1,000 buckets.
func BenchmarkAllow(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = "chat:" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, _, err := s.Allow(ctx, keys[i%len(keys)], 100, 10); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkMarkOnce runs SET NX PX on fresh keys.
func BenchmarkMarkOnce(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.MarkOnce(ctx, "k"+strconv.FormatInt(next.Add(1), 10), 10*time.Second); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
