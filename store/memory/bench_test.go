package memory_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"loket"
	"loket/store/memory"
)

// BenchmarkAllow takes tokens from 1,000 buckets in turn (most calls are
// refused once the bursts are spent, as under load).
func BenchmarkAllow(b *testing.B) {
	s := memory.New(loket.SystemClock{})
	defer s.Close()
	keys := benchKeys(1000)
	ctx := context.Background()
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

// BenchmarkMarkOnce marks fresh keys with a short ttl, so the sweep runs
// as it would in production.
func BenchmarkMarkOnce(b *testing.B) {
	s := memory.New(loket.SystemClock{})
	defer s.Close()
	ctx := context.Background()
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.MarkOnce(ctx, "k"+strconv.FormatInt(next.Add(1), 10), time.Minute); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func benchKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "chat:" + strconv.Itoa(i)
	}
	return keys
}
