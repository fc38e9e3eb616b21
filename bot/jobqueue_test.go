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
