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
	"loket/store/storetest"
)

// A queue of short jobs drains at the workers' pace: a worker that
// finishes claims the next due job at once instead of at the next poll
// (an hour away here), so more jobs than workers all run.
func TestJobQueueDrainsWithoutWaitingForThePoll(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			const jobs = 12 // three times the workers
			scheduleDue(t, st, "quick", "", jobs)
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
			t.Run(fmt.Sprintf("%s/txs=%d", b.name, txs), func(t *testing.T) {
				st := b.open(t)
				const jobs = 4
				scheduleDue(t, st, "check", "", jobs)
				e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1h", JobWorkers: jobs, JobTxs: txs, JobPoll: time.Hour},
					st, bot.Handler[storetest.Tx](&echo{}), nil, loket.SystemClock{}, nil, quietLog())
				var preparing, open, most, done atomic.Int64
				allIn := make(chan struct{})
				e.HandleJobIO("check", func(ctx context.Context, _ *loket.Job, _ time.Time) (bot.JobFunc[storetest.Tx], error) {
					nth := preparing.Add(1)
					if nth == jobs {
						close(allIn)
					}
					select {
					case <-allIn:
					case <-time.After(10 * time.Second):
						return nil, fmt.Errorf("only %d of %d jobs downloading at once", preparing.Load(), jobs)
					}
					// Their commits come 10 ms apart, each 30 ms long: each finds
					// the earlier ones still open, so only the bound keeps them
					// from overlapping (together they would share a transaction).
					time.Sleep(time.Duration(nth-1) * 10 * time.Millisecond)
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
				want := int64(txs)
				if b.oneWriter {
					want = 1 // its transactions never overlap anyway
				}
				if got := most.Load(); got != want {
					t.Fatalf("%d job transactions open at once at most, want %d (JobTxs %d)", got, want, txs)
				}
			})
		}
	}
}

// Jobs whose commits wait for the transaction slot share the next
// transaction, and a member that fails there fails alone: the group is
// committed again one job at a time, the others' work lands, the failing
// job is retried later on its own.
func TestJobCommitsShareATransactionAndFailAlone(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			ctx := context.Background()
			now := time.Now()
			const jobs = 6
			scheduleDue(t, st, "check", "k", jobs)
			clock := loket.NewFixedClock(now)
			e := bot.New(bot.Config{JobWorkers: jobs, JobTxs: 1}, st, bot.Handler[storetest.Tx](&echo{}), nil, clock, nil, quietLog())
			var mu sync.Mutex
			prepared := map[string]int{}
			perTx := map[storetest.Tx]int{} // jobs' work by the transaction it ran in (kept: no address reused)
			var arrived, first atomic.Int64
			allIn := make(chan struct{})
			e.HandleJobIO("check", func(ctx context.Context, job *loket.Job, _ time.Time) (bot.JobFunc[storetest.Tx], error) {
				mu.Lock()
				prepared[job.Key]++
				mu.Unlock()
				if arrived.Add(1) == jobs {
					close(allIn)
				}
				select {
				case <-allIn:
				case <-time.After(10 * time.Second):
				}
				if job.Key == "k3" {
					time.Sleep(50 * time.Millisecond) // the last to wait: its group has run others' work first
				}
				return func(_ context.Context, tx storetest.Tx, job *loket.Job, _ time.Time) error {
					if first.Add(1) == 1 {
						time.Sleep(150 * time.Millisecond) // the others queue behind the first
					}
					mu.Lock()
					perTx[tx]++
					mu.Unlock()
					if job.Key == "k3" {
						return errors.New("k3 cannot be filed")
					}
					return nil
				}, nil
			})
			e.Tick(ctx)
			mu.Lock()
			most := 0
			for _, n := range perTx {
				most = max(most, n)
			}
			mu.Unlock()
			if most < 2 {
				t.Fatalf("no transaction carried two jobs' work: %v", perTx)
			}
			clock.Advance(2 * time.Hour) // past the failed job's back-off
			e.Tick(ctx)
			mu.Lock()
			defer mu.Unlock()
			for i := range jobs {
				key, want := fmt.Sprint("k", i), 1
				if key == "k3" {
					want = 2 // failed alone, claimed again
				}
				if prepared[key] != want {
					t.Errorf("job %s prepared %d times, want %d (prepared %v)", key, prepared[key], want, prepared)
				}
			}
		})
	}
}

// scheduleDue schedules n jobs of kind, due a second ago, keyed prefix
// and their number.
func scheduleDue(t *testing.T, st storetest.Store, kind, prefix string, n int) {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	if err := st.InTx(ctx, func(tx storetest.Tx) error {
		for i := range n {
			if err := tx.ScheduleJob(ctx, &loket.Job{Kind: kind, Key: fmt.Sprint(prefix, i), DueAt: now.Add(-time.Second), CreatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
