package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"loket"
)

// jobPass bounds the jobs one Tick runs.
const jobPass = 100

// pool runs claimed jobs on at most JobWorkers goroutines.
type pool struct {
	slots chan struct{}
	freed chan struct{} // a worker finished a job (at most one pending signal)
	wg    sync.WaitGroup
}

func (e *Engine[T]) newPool() *pool {
	return &pool{slots: make(chan struct{}, e.cfg.JobWorkers), freed: make(chan struct{}, 1)}
}

// runJobs runs due jobs on a fresh pool until none is due (at most
// jobPass) and waits for them: what Tick does.
func (e *Engine[T]) runJobs(ctx context.Context) {
	p := e.newPool()
	for n := 0; n < jobPass; {
		got, more := e.claimJobs(ctx, p, true)
		n += got
		if !more {
			break
		}
	}
	p.wg.Wait()
}

// jobLoop keeps the pool busy until ctx is done: every JobPoll, and as
// soon as a worker finishes a job, it claims as many due jobs as there are
// free workers (again at once while every free worker got one), so a queue
// of short jobs (document checks) drains at the workers' pace, not
// JobWorkers per JobPoll. A slow job holds one worker, never the others.
func (e *Engine[T]) jobLoop(stop, work context.Context) {
	p := e.newPool()
	defer p.wg.Wait()
	t := time.NewTicker(e.cfg.JobPoll)
	defer t.Stop()
	for {
		if _, more := e.claimJobs(work, p, false); more {
			continue
		}
		select {
		case <-stop.Done():
			return
		case <-t.C:
		case <-p.freed:
		}
	}
}

// claimJobs claims up to the free workers' worth of due jobs and starts
// them. It reports how many it started and whether more may be due (every
// free worker got a job). With wait it blocks for one free worker first.
func (e *Engine[T]) claimJobs(ctx context.Context, p *pool, wait bool) (int, bool) {
	room := 0
	if wait {
		p.slots <- struct{}{}
		room = 1
	}
	for room < cap(p.slots) {
		select {
		case p.slots <- struct{}{}:
			room++
			continue
		default:
		}
		break
	}
	if room == 0 {
		return 0, false
	}
	jobs, err := e.store.ClaimJobs(ctx, e.clock.Now(), e.cfg.JobLease, room)
	if err != nil {
		e.log.Error("claim jobs", "err", err)
		jobs = nil
	}
	for range room - len(jobs) {
		<-p.slots
	}
	for i := range jobs {
		p.wg.Add(1)
		go func(job *loket.Job) {
			defer func() {
				<-p.slots
				select {
				case p.freed <- struct{}{}:
				default:
				}
				p.wg.Done()
			}()
			e.runJob(ctx, job)
		}(&jobs[i])
	}
	return len(jobs), err == nil && len(jobs) == room
}

// runJob runs one claimed job under a deadline (JobTimeout) while a
// heartbeat renews its lease; the renewals stop at the deadline, so the
// lease always outlives the run. A lost lease cancels the run: its
// completion would find the token changed and roll back anyway.
func (e *Engine[T]) runJob(ctx context.Context, job *loket.Job) {
	dctx, cancelDeadline := context.WithTimeout(ctx, e.cfg.JobTimeout)
	defer cancelDeadline()
	jctx, cancel := context.WithCancelCause(dctx)
	defer cancel(nil)
	beat := make(chan struct{})
	defer close(beat)
	go e.renewJob(jctx, job, beat, cancel)

	now := e.clock.Now()
	fn, ok := e.jobs[job.Kind]
	if prep, isIO := e.ioJobs[job.Kind]; isIO {
		commit, err := e.safePrepare(jctx, prep, job, now)
		if err != nil {
			e.failJob(ctx, job, now, leaseCause(jctx, err))
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
	err := e.jobInTx(jctx, func(tx T) error {
		now = e.clock.Now() // the slot may have been waited for
		if err := e.safeJob(jctx, fn, tx, job, now); err != nil {
			return err
		}
		return tx.CompleteJob(jctx, job.ID, job.Token, now)
	})
	if err != nil {
		e.failJob(ctx, job, now, leaseCause(jctx, err))
		return
	}
	e.metrics.job(job.Kind, "done")
}

// jobGroup is the most jobs' commits one transaction carries.
const jobGroup = 16

// jobCommit is a job's transaction waiting for a slot (see jobInTx).
type jobCommit[T Tx] struct {
	ctx  context.Context
	fn   func(tx T) error
	done chan error // buffered: the result of its commit
}

// jobInTx runs fn, a job's work and completion, in a transaction once one
// of Config.JobTxs slots is free, and wakes the senders of what it queued.
//
// A job's transaction holds a connection of the store's pool, and a
// document check's waits in it for the lock of a conversation whose
// vendor's turn is running; with every worker in one, the shards' turns
// and the recorders waited for a connection (PostgreSQL, pool of 4, 500
// messages a second: 27 % of the pool's acquires waited, about 8 s in all
// a run; 4 % and 2 s with one job transaction at a time). The I/O before
// (a download, a PDF check) is not bounded by it.
//
// Jobs that wait for a slot meanwhile share the next transaction: whoever
// takes the slot commits every waiting job's work in one (at most
// jobGroup), and when that fails, each again in a transaction of its own,
// so one job's failure (a lease lost, a conflict) is its own only.
func (e *Engine[T]) jobInTx(ctx context.Context, fn func(tx T) error) error {
	c := &jobCommit[T]{ctx: ctx, fn: fn, done: make(chan error, 1)}
	e.jobMu.Lock()
	e.jobWaiting = append(e.jobWaiting, c)
	e.jobMu.Unlock()
	for {
		select {
		case err := <-c.done:
			return err
		case e.jobTx <- struct{}{}:
			group := e.takeJobs()
			e.commitJobs(group)
			<-e.jobTx
			if len(group) == 0 { // another slot's group has c: no turning round for it
				return <-c.done
			}
		case <-ctx.Done():
			if e.dropJob(c) {
				return context.Cause(ctx)
			}
			return <-c.done // in a group's commit already: its result comes
		}
	}
}

// takeJobs takes up to jobGroup waiting commits, the oldest first.
func (e *Engine[T]) takeJobs() []*jobCommit[T] {
	e.jobMu.Lock()
	defer e.jobMu.Unlock()
	n := min(len(e.jobWaiting), jobGroup)
	group := slices.Clone(e.jobWaiting[:n])
	e.jobWaiting = slices.Delete(e.jobWaiting, 0, n)
	return group
}

// dropJob takes c out of the waiting commits; false when a group has it.
func (e *Engine[T]) dropJob(c *jobCommit[T]) bool {
	e.jobMu.Lock()
	defer e.jobMu.Unlock()
	i := slices.Index(e.jobWaiting, c)
	if i < 0 {
		return false
	}
	e.jobWaiting = slices.Delete(e.jobWaiting, i, i+1)
	return true
}

// commitJobs commits a group of jobs' work: together, and each alone
// when together failed. Every member's done gets its result.
func (e *Engine[T]) commitJobs(group []*jobCommit[T]) {
	if len(group) > 1 {
		// Its own deadline: a member's end (its lease lost, its deadline)
		// fails only its statements, and then the group falls apart.
		gctx, cancel := context.WithTimeout(context.WithoutCancel(group[0].ctx), e.cfg.JobTimeout)
		defer cancel()
		if err := e.commitTogether(gctx, group); err == nil {
			for _, c := range group {
				c.done <- nil
			}
			return
		}
	}
	for _, c := range group {
		c.done <- e.commitTogether(c.ctx, []*jobCommit[T]{c})
	}
}

// commitTogether commits jobs' work in one transaction and then wakes the
// senders of what it queued.
func (e *Engine[T]) commitTogether(ctx context.Context, jobs []*jobCommit[T]) error {
	var queued []*loket.Outbound
	known := false
	err := e.store.InTx(ctx, func(tx T) error {
		for _, c := range jobs {
			if err := c.ctx.Err(); err != nil {
				return err
			}
			if err := c.fn(tx); err != nil {
				return err
			}
		}
		queued, known = queuedBy(tx)
		return nil
	})
	if err == nil {
		e.wakeAfterJobs(queued, known)
	}
	return err
}

// queuedBy is what tx queued, when it says (see Queuer).
func queuedBy[T Tx](tx T) ([]*loket.Outbound, bool) {
	q, ok := any(tx).(Queuer)
	if !ok {
		return nil, false
	}
	return q.Queued(), true
}

// wakeAfterJobs wakes, after a commit, the senders of what the jobs
// queued; every sender when the store does not say.
func (e *Engine[T]) wakeAfterJobs(queued []*loket.Outbound, known bool) {
	if !known {
		for ch := range e.wake {
			e.Wake(ch)
		}
		return
	}
	e.wakeFor(queued) // after the commit: their ids are set
}

// Queuer is an optional ability of a Tx: the outbox messages it queued
// (their ids set once it committed). A job's commit then wakes those
// channels' senders only, and they look again when those chats have
// nothing left in hand (see owed); each wake costs a sender a look at the
// outbox, and most jobs (three document checks of four sent together,
// reminders not yet due) queue nothing.
type Queuer interface {
	Queued() []*loket.Outbound
}

// errJobLeaseLost is the cause of a job's context when its heartbeat found
// the lease taken over: the run stops, and its end is a lost lease
// (loket.ErrConflict), not a failure to retry.
var errJobLeaseLost = fmt.Errorf("job lease lost: %w", loket.ErrConflict)

// leaseCause reports a run that ended because its lease was lost as
// that, whatever error the job returned on the way out.
func leaseCause(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), errJobLeaseLost) {
		return fmt.Errorf("%w (the job stopped: %v)", errJobLeaseLost, err)
	}
	return err
}

// renewJob is a running job's heartbeat: it renews the lease every third
// of it (fenced by the job's token) and cancels the run when the lease
// was taken over.
func (e *Engine[T]) renewJob(ctx context.Context, job *loket.Job, done <-chan struct{}, cancel context.CancelCauseFunc) {
	t := time.NewTicker(e.cfg.JobLease / 3)
	defer t.Stop()
	last := time.Now() // the claim
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-t.C:
		}
		err := e.store.RenewJob(ctx, job.ID, job.Token, e.clock.Now().Add(e.cfg.JobLease))
		switch {
		case err == nil:
			last = time.Now()
		case errors.Is(err, loket.ErrConflict) || errors.Is(err, loket.ErrNotFound):
			e.log.Warn("job lease lost; stopping it", "kind", job.Kind, "job", job.ID)
			cancel(errJobLeaseLost)
			return
		case time.Since(last) >= e.cfg.JobLease*2/3:
			// The lease may run out before the next try: another
			// replica may take the job, so this run stops now.
			e.log.Warn("job lease not renewed in time; stopping it", "kind", job.Kind, "job", job.ID, "err", err)
			cancel(errJobLeaseLost)
			return
		default:
			e.log.Warn("renew job lease", "err", err, "job", job.ID)
		}
	}
}

// failJob retries a failed job with back-off, or sets it aside as a dead
// letter once it used up MaxJobAttempts. A lost lease is left alone: the
// job is someone else's now.
func (e *Engine[T]) failJob(ctx context.Context, job *loket.Job, now time.Time, err error) {
	if errors.Is(err, loket.ErrConflict) {
		e.log.Warn("job lease lost; its work was rolled back", "kind", job.Kind, "job", job.ID, "err", err)
		e.metrics.job(job.Kind, "lost")
		return
	}
	if job.Attempts >= e.cfg.MaxJobAttempts {
		e.log.Error("job failed too often; set aside as a dead letter", "kind", job.Kind, "job", job.ID, "attempts", job.Attempts, "err", err)
		if berr := e.store.BuryJob(ctx, job.ID, job.Token, err.Error(), now); berr != nil {
			e.log.Error("set job aside", "err", berr, "job", job.ID)
		}
		e.metrics.job(job.Kind, "dead")
		return
	}
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
