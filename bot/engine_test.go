package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/internal/testkit"
	"loket/store/memory"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// recorder is a Sender that records what it sends, optionally failing.
type recorder struct {
	ch   loket.Channel
	mu   sync.Mutex
	sent []loket.Outbound
	fail func(m *loket.Outbound) error
}

func (r *recorder) Channel() loket.Channel { return r.ch }

func (r *recorder) Send(_ context.Context, m *loket.Outbound) (string, error) {
	if r.fail != nil {
		if err := r.fail(m); err != nil {
			return "", err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, *m)
	return fmt.Sprintf("x%d", m.ID), nil
}

func (r *recorder) texts(chat string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.sent {
		if chat == "" || m.ChatID == chat {
			out = append(out, m.Text)
		}
	}
	return out
}

// echo replies "echo: <text>" and counts calls per message.
type echo struct {
	mu    sync.Mutex
	calls map[string]int
}

func (e *echo) Handle(_ context.Context, _ storetest.Tx, t *loket.Turn) error {
	e.mu.Lock()
	if e.calls == nil {
		e.calls = map[string]int{}
	}
	e.calls[t.Inbound.ExternalID]++
	e.mu.Unlock()
	t.Say(loket.Reply{Text: "echo: " + t.Inbound.Text})
	return nil
}

// newEngine builds an engine as loket serve does: on SQLite a batch
// leases its own replies (Config.OneWriter).
func newEngine(st storetest.Store, h bot.Handler[storetest.Tx]) *bot.Engine[storetest.Tx] {
	_, lite := st.(*sqlite.Store)
	return bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", RecoverAfter: time.Millisecond,
		OneWriter: lite}, st, h, memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
}

func start(t *testing.T, e *bot.Engine[storetest.Tx]) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = e.Run(ctx) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

// eventually waits for cond, failing the test after a generous deadline.
// It asserts an outcome, not a duration.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testkit.Eventually(t, what, cond)
}

func text(chat, id, body string) loket.Inbound {
	return loket.Inbound{Channel: loket.ChannelWebChat, ExternalID: id, ChatID: chat, Kind: loket.InText, Text: body}
}

func TestRedeliveredInboundHandledOnce(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			h := &echo{}
			e := newEngine(st, h)
			out := &recorder{ch: loket.ChannelWebChat}
			e.AddSender(out)
			start(t, e)
			ctx := context.Background()
			for i := 0; i < 3; i++ { // the platform re-sends the same update
				if err := e.Accept(ctx, text("c1", "m1", "halo")); err != nil {
					t.Fatalf("accept: %v", err)
				}
			}
			if err := e.Accept(ctx, text("c1", "m2", "lagi")); err != nil {
				t.Fatal(err)
			}
			eventually(t, "two replies", func() bool { return len(out.texts("c1")) == 2 })
			e.Tick(ctx) // a recovery pass must not handle anything again
			time.Sleep(50 * time.Millisecond)
			if got := out.texts("c1"); len(got) != 2 || got[0] != "echo: halo" || got[1] != "echo: lagi" {
				t.Fatalf("replies = %q", got)
			}
			h.mu.Lock()
			defer h.mu.Unlock()
			if h.calls["m1"] != 1 {
				t.Fatalf("m1 handled %d times", h.calls["m1"])
			}
		})
	}
}

func TestCrashBetweenCommitAndSendResends(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			ctx := context.Background()
			// First life: no sender for the channel, so replies stay in the outbox; then it "crashes".
			e1 := newEngine(st, &echo{})
			stop := start(t, e1)
			if err := e1.Accept(ctx, text("c1", "m1", "satu")); err != nil {
				t.Fatal(err)
			}
			eventually(t, "reply committed to the outbox", func() bool {
				d, err := st.QueueDepth(ctx)
				return err == nil && d[loket.ChannelWebChat] == 1
			})
			stop()
			// Second life on the same database: the outbox is drained.
			e2 := newEngine(b.reopen(t), &echo{})
			out := &recorder{ch: loket.ChannelWebChat}
			e2.AddSender(out)
			start(t, e2)
			eventually(t, "reply sent after restart", func() bool { return len(out.texts("c1")) == 1 })
		})
	}
}

func TestRecordedButUnhandledIsRecovered(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			ctx := context.Background()
			// Recorded by a process that died before handling it.
			if _, err := st.RecordInbound(ctx, []loket.Inbound{text("c9", "lost", "tolong"), text("c9", "lost2", "lagi")}); err != nil {
				t.Fatal(err)
			}
			e := newEngine(st, &echo{})
			out := &recorder{ch: loket.ChannelWebChat}
			e.AddSender(out)
			start(t, e)
			eventually(t, "recovered replies", func() bool { return len(out.texts("c9")) == 2 })
			if got := out.texts("c9"); got[0] != "echo: tolong" || got[1] != "echo: lagi" {
				t.Fatalf("order: %q", got)
			}
		})
	}
}

// exclusive fails the test when two handlers work on one chat at once,
// and records the order messages were handled in per chat.
type exclusive struct {
	t      *testing.T
	mu     sync.Mutex
	busy   map[string]bool
	order  map[string][]string
	called atomic.Int64
}

func (x *exclusive) Handle(_ context.Context, _ storetest.Tx, turn *loket.Turn) error {
	chat := turn.Inbound.ChatID
	x.mu.Lock()
	if x.busy[chat] {
		x.t.Errorf("chat %s handled by two workers at once", chat)
	}
	x.busy[chat] = true
	x.order[chat] = append(x.order[chat], turn.Inbound.Text)
	x.mu.Unlock()
	time.Sleep(time.Millisecond) // widen the window a race would need
	x.mu.Lock()
	x.busy[chat] = false
	x.mu.Unlock()
	x.called.Add(1)
	return nil
}

func TestConversationNeverHandledConcurrently(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			x := &exclusive{t: t, busy: map[string]bool{}, order: map[string][]string{}}
			// Two replicas on one database.
			e1, e2 := newEngine(st, x), newEngine(b.reopen(t), x)
			start(t, e1)
			start(t, e2)
			ctx := context.Background()
			const chats, per = 8, 25
			var wg sync.WaitGroup
			for c := 0; c < chats; c++ {
				wg.Add(1)
				go func(c int) {
					defer wg.Done()
					for i := 0; i < per; i++ {
						in := text(fmt.Sprintf("chat%d", c), fmt.Sprintf("c%d-%d", c, i), fmt.Sprintf("%03d", i))
						if err := e1.Accept(ctx, in); err != nil {
							t.Error(err)
						}
					}
				}(c)
			}
			wg.Wait()
			eventually(t, "all handled", func() bool { return x.called.Load() == chats*per })
			x.mu.Lock()
			defer x.mu.Unlock()
			for chat, got := range x.order {
				for i := range got {
					if got[i] != fmt.Sprintf("%03d", i) {
						t.Fatalf("%s handled out of order: %v", chat, got)
					}
				}
			}
		})
	}
}

func TestDueJobRunsOnceWithRacingTicks(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			ctx := context.Background()
			now := time.Now()
			err := st.InTx(ctx, func(tx storetest.Tx) error {
				for i := 0; i < 20; i++ {
					j := &loket.Job{Kind: "ping", Key: fmt.Sprintf("k%d", i), Payload: []byte(`{}`), DueAt: now.Add(-time.Second), CreatedAt: now}
					if err := tx.ScheduleJob(ctx, j); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var runs sync.Map
			var total atomic.Int64
			job := func(_ context.Context, _ storetest.Tx, j *loket.Job, _ time.Time) error {
				if _, dup := runs.LoadOrStore(j.ID, true); dup {
					t.Errorf("job %d ran twice", j.ID)
				}
				total.Add(1)
				return nil
			}
			e1, e2 := newEngine(st, &echo{}), newEngine(b.reopen(t), &echo{})
			e1.HandleJob("ping", job)
			e2.HandleJob("ping", job)
			var wg sync.WaitGroup
			for _, e := range []*bot.Engine[storetest.Tx]{e1, e2, e1, e2} {
				wg.Add(1)
				go func() { defer wg.Done(); e.Tick(ctx) }()
			}
			wg.Wait()
			e1.Tick(ctx)
			if total.Load() != 20 {
				t.Fatalf("ran %d jobs, want 20", total.Load())
			}
		})
	}
}

func TestFailingJobIsRetriedNotLost(t *testing.T) {
	st := backends(t)[0].open(t)
	ctx := context.Background()
	now := time.Now()
	if err := st.InTx(ctx, func(tx storetest.Tx) error {
		return tx.ScheduleJob(ctx, &loket.Job{Kind: "flaky", Key: "f", Payload: []byte(`{}`), DueAt: now.Add(-time.Second), CreatedAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	clock := loket.NewFixedClock(now)
	var calls atomic.Int64
	e := bot.New(bot.Config{}, st, bot.Handler[storetest.Tx](&echo{}), memory.New(clock), clock, nil, quietLog())
	e.HandleJob("flaky", func(context.Context, storetest.Tx, *loket.Job, time.Time) error {
		if calls.Add(1) == 1 {
			return errors.New("database hiccup")
		}
		return nil
	})
	e.Tick(ctx)
	e.Tick(ctx) // not due yet: back-off
	if calls.Load() != 1 {
		t.Fatalf("calls = %d before back-off elapsed", calls.Load())
	}
	clock.Advance(time.Minute)
	e.Tick(ctx)
	e.Tick(ctx)
	if calls.Load() != 2 {
		t.Fatalf("calls = %d, want 2 (one failure, one success)", calls.Load())
	}
}

func TestIOJobCommitsWithCompletion(t *testing.T) {
	st := backends(t)[0].open(t)
	ctx := context.Background()
	now := time.Now()
	if err := st.InTx(ctx, func(tx storetest.Tx) error {
		return tx.ScheduleJob(ctx, &loket.Job{Kind: "fetch", Key: "f1", Payload: []byte(`{}`), DueAt: now.Add(-time.Second), CreatedAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	clock := loket.NewFixedClock(now)
	e := bot.New(bot.Config{}, st, bot.Handler[storetest.Tx](&echo{}), memory.New(clock), clock, nil, quietLog())
	var prepared, committed atomic.Int64
	e.HandleJobIO("fetch", func(context.Context, *loket.Job, time.Time) (bot.JobFunc[storetest.Tx], error) {
		if prepared.Add(1) == 1 {
			return nil, errors.New("download interrupted")
		}
		return func(ctx context.Context, tx storetest.Tx, _ *loket.Job, now time.Time) error {
			committed.Add(1)
			return tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelWebChat, ChatID: "c", Text: "checked", NextAttemptAt: now, CreatedAt: now})
		}, nil
	})
	e.Tick(ctx)
	clock.Advance(time.Minute)
	e.Tick(ctx)
	e.Tick(ctx)
	if prepared.Load() != 2 || committed.Load() != 1 {
		t.Fatalf("prepared %d committed %d; want 2 and 1", prepared.Load(), committed.Load())
	}
	if d, _ := st.QueueDepth(ctx); d[loket.ChannelWebChat] != 1 {
		t.Fatalf("queue depth %v", d)
	}
}
