package bot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/storetest"
)

// A run whose lease was taken over (its replica stalled past the lease,
// another one claimed the job) is stopped by its heartbeat at once, and
// what it leaves behind changes nothing: the new holder keeps the job and
// completes it with its own token.
func TestLostJobLeaseStopsTheRun(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st, other := b.open(t), b.reopen(t)
			ctx := context.Background()
			now := time.Now()
			if err := st.InTx(ctx, func(tx storetest.Tx) error {
				return tx.ScheduleJob(ctx, &loket.Job{Kind: "download", Key: "d1", DueAt: now.Add(-time.Second), CreatedAt: now})
			}); err != nil {
				t.Fatal(err)
			}
			started := make(chan struct{})
			causes := make(chan error, 4)
			e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", JobLease: 600 * time.Millisecond,
				JobPoll: 20 * time.Millisecond}, st, bot.Handler[storetest.Tx](&echo{}), nil, loket.SystemClock{}, nil, quietLog())
			e.HandleJobIO("download", func(ctx context.Context, _ *loket.Job, _ time.Time) (bot.JobFunc[storetest.Tx], error) {
				close(started)
				<-ctx.Done()
				causes <- context.Cause(ctx)
				return nil, ctx.Err()
			})
			start(t, e)
			<-started
			// The other replica sees the lease as run out (its clock an hour on).
			stolen, err := other.ClaimJobs(ctx, time.Now().Add(time.Hour), time.Hour, 10)
			if err != nil || len(stolen) != 1 {
				t.Fatalf("take the job over: %v %+v", err, stolen)
			}
			select {
			case cause := <-causes:
				if !errors.Is(cause, loket.ErrConflict) {
					t.Fatalf("the run stopped with %v, want a lost lease", cause)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the run went on after its lease was taken over")
			}
			// The stopped run neither rescheduled nor buried the job.
			if err := other.InTx(ctx, func(tx storetest.Tx) error {
				return tx.CompleteJob(ctx, stolen[0].ID, stolen[0].Token, time.Now())
			}); err != nil {
				t.Fatalf("the new holder's completion: %v", err)
			}
			if len(causes) != 0 {
				t.Fatal("the job ran again")
			}
		})
	}
}
