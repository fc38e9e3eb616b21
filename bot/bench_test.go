package bot_test

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// counting is a minimal handler: one reply per message, counting calls
// and the time from Accept to handled.
type counting struct {
	n     atomic.Int64
	mu    sync.Mutex
	sent  map[string]time.Time
	lat   []time.Duration
	track bool
}

func (c *counting) Handle(_ context.Context, _ storetest.Tx, t *loket.Turn) error {
	t.Say(loket.Reply{Text: "ok"})
	if c.track {
		c.mu.Lock()
		if at, ok := c.sent[t.Inbound.ExternalID]; ok {
			c.lat = append(c.lat, time.Since(at))
		}
		c.mu.Unlock()
	}
	c.n.Add(1)
	return nil
}

// BenchmarkSpine measures inbound → record → handle → outbox commit over
// 1,000 conversations, with 32 and 128 concurrent senders (webhook
// deliveries, web-chat posts) (go test -bench 'Spine$'). Besides msgs/s it
// reports the CPU spent per message by the Go process (go-cpu-µs/msg) and,
// with PostgreSQL on this machine, by the store's server backends
// (pg-cpu-µs/msg), and the store's statements and round trips per message
// (stmts/msg, trips/msg): on a shared machine these move less than msgs/s.
func BenchmarkSpine(b *testing.B) {
	for _, be := range backends(b) {
		for _, par := range []int{16, 64} {
			b.Run(fmt.Sprintf("%s/senders=%d", be.name, par*runtime.GOMAXPROCS(0)), func(b *testing.B) { benchSpine(b, be, par) })
		}
	}
}

func benchSpine(b *testing.B, be backend, parallelism int) {
	st := be.open(b)
	h := &counting{}
	e := newEngine(st, h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = e.Run(ctx) }()
	defer func() { cancel(); <-done }()
	var seq atomic.Int64
	var server *pgCPU
	if be.server != nil {
		server = be.server()
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := startCPU(b, server, be.tally(), be.commits)
	start := time.Now()
	b.SetParallelism(parallelism)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := seq.Add(1)
			in := text(fmt.Sprintf("chat%d", i%1000), fmt.Sprintf("b%d", i), "halo")
			if err := e.Accept(ctx, in); err != nil {
				b.Error(err)
				return
			}
		}
	})
	for h.n.Load() < int64(b.N) {
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	cpu.report(b, b.N)
}

// BenchmarkSpineLatency offers a steady 500 messages/s and reports the
// p50/p99 time from Accept to handled (go test -bench SpineLatency -benchtime 2000x).
func BenchmarkSpineLatency(b *testing.B) {
	for _, be := range backends(b) {
		b.Run(be.name, func(b *testing.B) {
			st := be.open(b)
			h := &counting{track: true, sent: map[string]time.Time{}}
			e := newEngine(st, h)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); _ = e.Run(ctx) }()
			defer func() { cancel(); <-done }()
			tick := time.NewTicker(2 * time.Millisecond) // 500/s
			defer tick.Stop()
			b.ResetTimer()
			var wg sync.WaitGroup
			for i := 0; i < b.N; i++ {
				<-tick.C
				id := fmt.Sprintf("l%d", i)
				h.mu.Lock()
				h.sent[id] = time.Now()
				h.mu.Unlock()
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					if err := e.Accept(ctx, text(fmt.Sprintf("chat%d", i%200), id, "halo")); err != nil {
						b.Error(err)
					}
				}(i)
			}
			wg.Wait()
			for h.n.Load() < int64(b.N) {
				time.Sleep(time.Millisecond)
			}
			b.StopTimer()
			h.mu.Lock()
			defer h.mu.Unlock()
			sort.Slice(h.lat, func(i, j int) bool { return h.lat[i] < h.lat[j] })
			q := func(p float64) float64 { return float64(h.lat[int(p*float64(len(h.lat)-1))].Microseconds()) / 1000 }
			b.ReportMetric(q(0.50), "p50-ms")
			b.ReportMetric(q(0.99), "p99-ms")
		})
	}
}

// BenchmarkOpenConversations pushes one message through each of 10,000
// distinct conversations and reports the heap in use afterwards
// (go test -run X -bench OpenConversations -benchtime 1x ./bot/).
func BenchmarkOpenConversations(b *testing.B) {
	be := backends(b)[0]
	for i := 0; i < b.N; i++ {
		st := be.open(b)
		h := &counting{}
		e := newEngine(st, h)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); _ = e.Run(ctx) }()
		const convs = 10000
		var wg sync.WaitGroup
		for w := 0; w < 16; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for c := w; c < convs; c += 16 {
					if err := e.Accept(ctx, text(fmt.Sprintf("conv%d", c), fmt.Sprintf("o%d", c), "halo")); err != nil {
						b.Error(err)
						return
					}
				}
			}(w)
		}
		wg.Wait()
		for h.n.Load() < convs {
			time.Sleep(time.Millisecond)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		cancel()
		<-done
	}
}
