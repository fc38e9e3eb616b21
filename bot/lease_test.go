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
	"loket/store/memory"
	"loket/store/storetest"
)

type limitedRecorder struct {
	recorder
	limits bot.Limits
}

func (r *limitedRecorder) Limits() bot.Limits { return r.limits }

func enqueueOut(t *testing.T, st storetest.Store, chat string, n int) {
	t.Helper()
	ctx := context.Background()
	err := st.InTx(ctx, func(tx storetest.Tx) error {
		for i := 0; i < n; i++ {
			now := time.Now()
			if err := tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelWebChat, ChatID: chat,
				Text: fmt.Sprintf("%s-%d", chat, i), CreatedAt: now, NextAttemptAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A chat that must wait for its rate limit does not hold back a chat that
// is ready: the quiet chat's message goes out while the busy chat's
// backlog is still draining.
func TestBusyChatDoesNotHoldOthersBack(t *testing.T) {
	st := backends(t)[0].open(t)
	enqueueOut(t, st, "busy", 12)
	e := newEngine(st, &echo{})
	out := &limitedRecorder{recorder: recorder{ch: loket.ChannelWebChat}, limits: bot.Limits{PerChat: 5, PerChatBurst: 1}}
	e.AddSender(out)
	start(t, e)
	eventually(t, "busy chat started", func() bool { return len(out.texts("busy")) >= 1 })
	enqueueOut(t, st, "quiet", 1)
	e.Wake(loket.ChannelWebChat)
	eventually(t, "quiet chat served", func() bool { return len(out.texts("quiet")) == 1 })
	if n := len(out.texts("busy")); n >= 12 {
		t.Fatalf("the quiet chat waited for the busy chat's whole backlog (%d sent before it)", n)
	}
	eventually(t, "busy chat drained", func() bool { return len(out.texts("busy")) == 12 })
	for i, got := range out.texts("busy") {
		if want := fmt.Sprintf("busy-%d", i); got != want {
			t.Fatalf("busy message %d = %q, want %q", i, got, want)
		}
	}
}

// Sends slower than the lease: the heartbeat keeps the lease, so a second
// replica never takes a message over while it is being sent.
func TestHeartbeatKeepsSlowSendsFromDoubling(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			for c := 0; c < 3; c++ {
				enqueueOut(t, st, fmt.Sprintf("c%d", c), 2)
			}
			var mu sync.Mutex
			sends := map[int64]int{}
			slow := func(m *loket.Outbound) error {
				mu.Lock()
				sends[m.ID]++
				mu.Unlock()
				time.Sleep(3 * time.Second)
				return nil
			}
			// A lease a loaded CI machine renews in time (every third of it);
			// each send takes longer than the lease.
			cfg := bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", SendLease: 2 * time.Second}
			for _, s := range []storetest.Store{st, b.reopen(t)} {
				e := bot.New(cfg, s, bot.Handler[storetest.Tx](&echo{}), memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
				e.AddSender(&recorder{ch: loket.ChannelWebChat, fail: slow})
				start(t, e)
			}
			eventually(t, "all six sent", func() bool {
				d, err := st.QueueDepth(context.Background())
				return err == nil && d[loket.ChannelWebChat] == 0
			})
			mu.Lock()
			defer mu.Unlock()
			for id, n := range sends {
				if n != 1 {
					t.Fatalf("message %d sent %d times", id, n)
				}
			}
		})
	}
}

// lossySent loses the connection on the first tries to mark a message sent.
type lossySent struct {
	storetest.Store
	fails atomic.Int32
}

func (s *lossySent) OutboundSentBatch(ctx context.Context, marks []loket.SentMark) ([]int64, error) {
	if s.fails.Add(-1) >= 0 {
		return nil, errors.New("write: connection reset by peer (57P01)")
	}
	return s.Store.OutboundSentBatch(ctx, marks)
}

// After the platform took a message, marking it sent is retried within
// the lease: a lost connection does not make a second message.
func TestMarkSentRetriedAfterLostConnection(t *testing.T) {
	st := &lossySent{Store: backends(t)[0].open(t)}
	st.fails.Store(2)
	enqueueOut(t, st, "c", 1)
	e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", SendLease: 600 * time.Millisecond},
		st, bot.Handler[storetest.Tx](&echo{}), nil, loket.SystemClock{}, nil, quietLog())
	out := &recorder{ch: loket.ChannelWebChat}
	e.AddSender(out)
	start(t, e)
	eventually(t, "marked sent", func() bool {
		d, err := st.QueueDepth(context.Background())
		return err == nil && d[loket.ChannelWebChat] == 0
	})
	time.Sleep(1200 * time.Millisecond) // two leases: a re-send would have happened
	if got := out.texts("c"); len(got) != 1 {
		t.Fatalf("sent %d times: %q", len(got), got)
	}
}

// A job that keeps failing is set aside after MaxJobAttempts; an admin's
// retry queues it again.
func TestFailingJobBecomesDeadLetter(t *testing.T) {
	st := backends(t)[0].open(t)
	ctx := context.Background()
	now := time.Now()
	if err := st.InTx(ctx, func(tx storetest.Tx) error {
		return tx.ScheduleJob(ctx, &loket.Job{Kind: "broken", Key: "b", DueAt: now.Add(-time.Second), CreatedAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	clock := loket.NewFixedClock(now)
	var calls atomic.Int64
	e := bot.New(bot.Config{MaxJobAttempts: 2}, st, bot.Handler[storetest.Tx](&echo{}), nil, clock, nil, quietLog())
	e.HandleJob("broken", func(context.Context, storetest.Tx, *loket.Job, time.Time) error {
		calls.Add(1)
		return errors.New("template missing")
	})
	for i := 0; i < 4; i++ {
		e.Tick(ctx)
		clock.Advance(time.Hour)
	}
	dead, err := st.DeadJobs(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || len(dead) != 1 || dead[0].LastError != "template missing" {
		t.Fatalf("calls %d, dead %+v; want 2 calls and one dead letter", calls.Load(), dead)
	}
	if err := st.ReviveJob(ctx, dead[0].ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.Tick(ctx)
	if calls.Load() != 3 {
		t.Fatalf("calls %d after the admin's retry, want 3", calls.Load())
	}
}

// A slow job holds one worker: the other due jobs run meanwhile, and its
// heartbeat keeps a second replica from running it again.
func TestSlowJobHoldsOneWorker(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			ctx := context.Background()
			now := time.Now()
			if err := st.InTx(ctx, func(tx storetest.Tx) error {
				for i, kind := range []string{"slow", "fast", "fast", "fast"} {
					j := &loket.Job{Kind: kind, Key: fmt.Sprint(kind, i), DueAt: now.Add(-time.Second), CreatedAt: now}
					if err := tx.ScheduleJob(ctx, j); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			release := make(chan struct{})
			var slowRuns, fastRuns atomic.Int64
			cfg := bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", JobWorkers: 2, JobLease: time.Second, JobPoll: 20 * time.Millisecond}
			for _, s := range []storetest.Store{st, b.reopen(t)} {
				e := bot.New(cfg, s, bot.Handler[storetest.Tx](&echo{}), nil, loket.SystemClock{}, nil, quietLog())
				// Slow work is I/O outside the transaction (a download).
				e.HandleJobIO("slow", func(ctx context.Context, _ *loket.Job, _ time.Time) (bot.JobFunc[storetest.Tx], error) {
					slowRuns.Add(1)
					select {
					case <-release:
					case <-ctx.Done():
					}
					return nil, ctx.Err()
				})
				e.HandleJob("fast", func(context.Context, storetest.Tx, *loket.Job, time.Time) error {
					fastRuns.Add(1)
					return nil
				})
				start(t, e)
			}
			eventually(t, "fast jobs done while the slow one runs", func() bool { return fastRuns.Load() == 3 })
			time.Sleep(2500 * time.Millisecond) // more than two leases
			close(release)
			eventually(t, "slow job done", func() bool {
				d, err := st.OldestDueJob(ctx, time.Now())
				return err == nil && d.IsZero()
			})
			if slowRuns.Load() != 1 {
				t.Fatalf("the slow job ran %d times", slowRuns.Load())
			}
		})
	}
}

type retryingRecorder struct {
	recorder
	policy bot.RetryPolicy
}

func (r *retryingRecorder) RetryPolicy() bot.RetryPolicy { return r.policy }

// A failing chat follows its sender's retry policy, and only real
// attempts count: the message waiting behind the failing one keeps its
// whole budget, and the head fails after MaxAttempts.
func TestOnlyRealAttemptsCount(t *testing.T) {
	st := backends(t)[0].open(t)
	enqueueOut(t, st, "down", 2)
	var tries atomic.Int64
	out := &retryingRecorder{recorder: recorder{ch: loket.ChannelWebChat, fail: func(m *loket.Outbound) error {
		if m.Text == "down-0" {
			tries.Add(1)
			return errors.New("503 Service Unavailable")
		}
		return nil
	}}, policy: bot.RetryPolicy{MaxAttempts: 4, First: 5 * time.Millisecond, Max: 20 * time.Millisecond}}
	e := newEngine(st, &echo{})
	e.AddSender(out)
	start(t, e)
	eventually(t, "the second message sent after the first failed", func() bool {
		d, err := st.QueueDepth(context.Background())
		return err == nil && d[loket.ChannelWebChat] == 0 && len(out.texts("down")) == 1
	})
	if tries.Load() != 4 {
		t.Fatalf("failing message tried %d times, want 4", tries.Load())
	}
	lines, err := st.Transcript(context.Background(), loket.ChannelWebChat, "down", 0, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		m, err := st.OutboundByID(context.Background(), l.OutboundID)
		if err != nil {
			t.Fatal(err)
		}
		switch m.Text {
		case "down-0":
			if m.Status != loket.OutFailed || m.Attempts != 4 {
				t.Fatalf("failing message = %+v", m)
			}
		case "down-1":
			if m.Status != loket.OutSent || m.Attempts != 1 {
				t.Fatalf("waiting message = %+v, want one attempt", m)
			}
		}
	}
}
