package bot

import (
	"context"
	"fmt"
	"time"

	"loket"
)

// jobLease is how long a claimed job is reserved for its claimer.
const jobLease = 2 * time.Minute

// runJobs claims due jobs and runs each in its own transaction together
// with its completion: a job's effects and its "done" mark commit or roll
// back as one, so a crash or a second replica neither drops nor doubles it.
func (e *Engine[T]) runJobs(ctx context.Context) {
	now := e.clock.Now()
	jobs, err := e.store.ClaimJobs(ctx, now, jobLease, 100)
	if err != nil {
		e.log.Error("claim jobs", "err", err)
		return
	}
	for i := range jobs {
		e.runJob(ctx, &jobs[i])
	}
}

func (e *Engine[T]) runJob(ctx context.Context, job *loket.Job) {
	now := e.clock.Now()
	fn, ok := e.jobs[job.Kind]
	if prep, isIO := e.ioJobs[job.Kind]; isIO {
		commit, err := e.safePrepare(ctx, prep, job, now)
		if err != nil {
			e.retryJob(ctx, job, now, err)
			return
		}
		fn, ok = commit, true
		now = e.clock.Now()
	}
	if !ok {
		e.log.Error("no handler for job kind; parking it", "kind", job.Kind, "job", job.ID)
		_ = e.store.RetryJob(ctx, job.ID, job.Token, now.Add(24*time.Hour), "no handler for kind "+job.Kind)
		return
	}
	err := e.store.InTx(ctx, func(tx T) error {
		if err := e.safeJob(ctx, fn, tx, job, now); err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.ID, job.Token, now)
	})
	if err != nil {
		e.retryJob(ctx, job, now, err)
		return
	}
	e.metrics.job(job.Kind, "done")
	for ch := range e.wake {
		e.Wake(ch)
	}
}

func (e *Engine[T]) retryJob(ctx context.Context, job *loket.Job, now time.Time, err error) {
	e.log.Warn("job failed; will retry", "kind", job.Kind, "job", job.ID, "attempts", job.Attempts, "err", err)
	if rerr := e.store.RetryJob(ctx, job.ID, job.Token, now.Add(backoff(job.Attempts)), err.Error()); rerr != nil {
		e.log.Error("reschedule job", "err", rerr, "job", job.ID)
	}
	e.metrics.job(job.Kind, "retry")
}

func (e *Engine[T]) safePrepare(ctx context.Context, fn JobIO[T], job *loket.Job, now time.Time) (commit JobFunc[T], err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s prepare panic: %v", job.Kind, r)
		}
	}()
	commit, err = fn(ctx, job, now)
	if err == nil && commit == nil {
		commit = func(context.Context, T, *loket.Job, time.Time) error { return nil }
	}
	return commit, err
}

func (e *Engine[T]) safeJob(ctx context.Context, fn JobFunc[T], tx T, job *loket.Job, now time.Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s panic: %v", job.Kind, r)
		}
	}()
	return fn(ctx, tx, job, now)
}

// observeQueues refreshes the queue-depth and job-lag gauges.
func (e *Engine[T]) observeQueues(ctx context.Context) {
	if e.metrics == nil {
		return
	}
	depth, err := e.store.QueueDepth(ctx)
	if err == nil {
		e.metrics.queueDepth(depth)
	}
	now := e.clock.Now()
	oldest, err := e.store.OldestDueJob(ctx, now)
	if err == nil {
		lag := time.Duration(0)
		if !oldest.IsZero() {
			lag = now.Sub(oldest)
		}
		e.metrics.jobLag(lag)
	}
}
