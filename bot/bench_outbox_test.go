package bot_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/storetest"
)

// instant is a sender whose platform accepts every message at once. It
// notes when each message was handed over, for the time until its mark.
type instant struct {
	n    atomic.Int64
	mu   sync.Mutex
	sent map[int64]time.Time
}

func (s *instant) Channel() loket.Channel { return loket.ChannelWebChat }

func (s *instant) Send(_ context.Context, m *loket.Outbound) (string, error) {
	s.mu.Lock()
	s.sent[m.ID] = time.Now()
	s.mu.Unlock()
	s.n.Add(1)
	return "x", nil
}

// markTimer notes when each message's sent mark came back from the store.
type markTimer struct {
	storetest.Store
	mu      sync.Mutex
	marked  map[int64]time.Time
	batches int // mark statements run
	claims  int // claims made
}

func (s *markTimer) ClaimOutbound(ctx context.Context, ch loket.Channel, now time.Time, lease time.Duration, limit, perChat int) ([]loket.Outbound, error) {
	s.mu.Lock()
	s.claims++
	s.mu.Unlock()
	return s.Store.ClaimOutbound(ctx, ch, now, lease, limit, perChat)
}

func (s *markTimer) note(ids ...int64) {
	now := time.Now()
	s.mu.Lock()
	for _, id := range ids {
		s.marked[id] = now
	}
	s.mu.Unlock()
}

func (s *markTimer) OutboundSentBatch(ctx context.Context, marks []loket.SentMark) ([]int64, error) {
	landed, err := s.Store.OutboundSentBatch(ctx, marks)
	s.mu.Lock()
	s.batches++
	s.mu.Unlock()
	s.note(landed...)
	return landed, err
}

// BenchmarkOutbox measures the outbox alone: b.N queued replies spread
// over a number of chats, drained by one channel's sender whose platform
// answers at once. It reports msgs/s, the CPU time of the whole process
// per message (user + system, from getrusage: the engine, the store's
// client side and, on SQLite, the database itself), and the time from the
// platform's answer to the sent mark coming back (the window in which a
// crash sends the message again) (go test -run '^$' -bench Outbox -benchtime 20000x ./bot/).
func BenchmarkOutbox(b *testing.B) {
	for _, be := range backends(b) {
		for _, chats := range []int{10, 1000} {
			b.Run(fmt.Sprintf("%s/chats=%d", be.name, chats), func(b *testing.B) { benchOutbox(b, be, chats) })
		}
	}
}

func benchOutbox(b *testing.B, be backend, chats int) {
	st := &markTimer{Store: be.open(b), marked: map[int64]time.Time{}}
	ctx := context.Background()
	now := time.Now()
	const perTx = 500
	for i := 0; i < b.N; i += perTx {
		err := st.InTx(ctx, func(tx storetest.Tx) error {
			for j := i; j < min(i+perTx, b.N); j++ {
				if err := tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelWebChat,
					ChatID: fmt.Sprintf("chat%d", j%chats), Text: "ok", CreatedAt: now, NextAttemptAt: now}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	out := &instant{sent: make(map[int64]time.Time, b.N)}
	e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s"},
		st, bot.Handler[storetest.Tx](&counting{}), nil, loket.SystemClock{}, nil, quietLog())
	e.AddSender(out)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	go func() { defer close(done); _ = e.Run(runCtx) }()
	for {
		time.Sleep(2 * time.Millisecond)
		if out.n.Load() < int64(b.N) {
			continue
		}
		st.mu.Lock()
		n := len(st.marked)
		st.mu.Unlock()
		if n >= b.N {
			break
		}
	}
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	cancel()
	<-done
	if d, err := st.QueueDepth(ctx); err != nil || d[loket.ChannelWebChat] != 0 {
		b.Fatalf("queue depth after the run: %v, %v", d, err)
	}
	var wait []time.Duration
	for id, at := range out.sent {
		wait = append(wait, st.marked[id].Sub(at))
	}
	sort.Slice(wait, func(i, j int) bool { return wait[i] < wait[j] })
	q := func(p float64) float64 { return float64(wait[int(p*float64(len(wait)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/msg")
	b.ReportMetric(q(0.50), "mark-p50-ms")
	b.ReportMetric(q(0.99), "mark-p99-ms")
	b.ReportMetric(float64(b.N)/float64(st.batches), "marks/stmt")
	b.ReportMetric(float64(st.claims)/float64(b.N), "claims/msg")
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
