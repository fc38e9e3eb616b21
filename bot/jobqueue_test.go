package bot_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/storetest"
)

// A queue of short jobs drains at the workers' pace: a worker that
// finishes claims the next due job at once instead of at the next poll
// (an hour away here), so more jobs than workers all run.
func TestJobQueueDrainsWithoutWaitingForThePoll(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			ctx := context.Background()
			now := time.Now()
			const jobs = 12 // three times the workers
			if err := st.InTx(ctx, func(tx storetest.Tx) error {
				for i := range jobs {
					if err := tx.ScheduleJob(ctx, &loket.Job{Kind: "quick", Key: fmt.Sprint(i), DueAt: now.Add(-time.Second), CreatedAt: now}); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1h", JobWorkers: 4, JobPoll: time.Hour},
				st, bot.Handler[storetest.Tx](&echo{}), nil, loket.SystemClock{}, nil, quietLog())
			var ran atomic.Int64
			e.HandleJob("quick", func(context.Context, storetest.Tx, *loket.Job, time.Time) error {
				ran.Add(1)
				return nil
			})
			start(t, e)
			eventually(t, "every job run", func() bool { return ran.Load() == jobs })
		})
	}
}

// Jobs' transactions are bounded apart from their workers: four document
// checks download and check at once (their I/O steps all wait for each
// other here), yet no more than Config.JobTxs of their transactions are
// open at a time, so the store's other connections stay for the vendors'
// turns.
func TestJobTransactionsBoundedWhileTheirIOOverlaps(t *testing.T) {
	for _, b := range backends(t) {
		for _, txs := range []int{1, 2} {
			if txs > 1 && b.oneWriter {
				continue // one writer: its transactions never overlap anyway
			}
			t.Run(fmt.Sprintf("%s/txs=%d", b.name, txs), func(t *testing.T) {
				st := b.open(t)
				ctx := context.Background()
				now := time.Now()
				const jobs = 4
				if err := st.InTx(ctx, func(tx storetest.Tx) error {
					for i := range jobs {
						if err := tx.ScheduleJob(ctx, &loket.Job{Kind: "check", Key: fmt.Sprint(i), DueAt: now.Add(-time.Second), CreatedAt: now}); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1h", JobWorkers: jobs, JobTxs: txs, JobPoll: time.Hour},
					st, bot.Handler[storetest.Tx](&echo{}), nil, loket.SystemClock{}, nil, quietLog())
				var preparing, open, most, done atomic.Int64
				allIn := make(chan struct{})
				e.HandleJobIO("check", func(ctx context.Context, _ *loket.Job, _ time.Time) (bot.JobFunc[storetest.Tx], error) {
					if preparing.Add(1) == jobs {
						close(allIn)
					}
					select {
					case <-allIn:
					case <-time.After(10 * time.Second):
						return nil, fmt.Errorf("only %d of %d jobs downloading at once", preparing.Load(), jobs)
					}
					return func(context.Context, storetest.Tx, *loket.Job, time.Time) error {
						n := open.Add(1)
						for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
						}
						time.Sleep(30 * time.Millisecond)
						open.Add(-1)
						done.Add(1)
						return nil
					}, nil
				})
				start(t, e)
				eventually(t, "every job done", func() bool { return done.Load() == jobs })
				if got := most.Load(); got != int64(txs) {
					t.Fatalf("%d job transactions open at once at most, want %d (JobTxs)", got, txs)
				}
			})
		}
	}
}
