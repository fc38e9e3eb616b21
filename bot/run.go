package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// shutdownGrace bounds how long in-hand work may take after Run's context
// is cancelled.
const shutdownGrace = 8 * time.Second

// Run starts the recorder, the conversation workers, one sender per
// registered channel and the cron tick, and blocks until ctx is
// cancelled. Then it stops taking new messages, finishes what is in hand
// (bounded by a grace period) and returns.
func (e *Engine[T]) Run(ctx context.Context) error {
	// Work in hand continues past ctx's cancellation, bounded by the grace period.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	var workers sync.WaitGroup
	for _, sh := range e.shards {
		workers.Add(1)
		go func() {
			defer workers.Done()
			e.shardLoop(work, sh)
		}()
	}
	// The recorder records (and handles) what Accept is given, up to
	// Config.Recorders batches at a time; while they are in the database
	// the next one gathers (group commit).
	var recorders sync.WaitGroup
	recorders.Go(func() { e.recordLoop(work, e.record) })
	// Direct deliveries outlive the conversation workers: they send what
	// the last commits handed them, then end.
	var directs sync.WaitGroup
	for ch, d := range e.direct {
		directs.Go(func() { e.directLoop(work, ch, d) })
	}
	var senders sync.WaitGroup
	for ch, s := range e.senders {
		senders.Add(1)
		go func() {
			defer senders.Done()
			e.sendLoop(ctx, work, ch, s)
		}()
	}

	var jobs sync.WaitGroup
	jobs.Add(1)
	go func() {
		defer jobs.Done()
		e.jobLoop(ctx, work)
	}()

	// The observers (OnTick) and the recovery pass each have their own
	// schedule entry: a slow one skips its own next tick, never another's.
	c := cron.New(cron.WithLocation(e.cfg.Location), cron.WithChain(
		cron.Recover(cronLogger{e.log}), cron.SkipIfStillRunning(cronLogger{e.log})))
	entries := []func(){func() { e.recoverPending(work); e.observeQueues(work) }}
	for _, fn := range e.ticks {
		entries = append(entries, func() { fn(work) })
	}
	for _, fn := range entries {
		if _, err := c.AddFunc(e.cfg.TickSpec, fn); err != nil {
			return wrapf(err, "engine: schedule tick %q", e.cfg.TickSpec)
		}
	}
	c.Start()
	e.recoverPending(work) // messages recorded before a crash
	<-ctx.Done()

	e.log.Info("engine stopping: finishing work in hand")
	timer := time.AfterFunc(shutdownGrace, cancelWork)
	defer timer.Stop()
	<-c.Stop().Done()
	jobs.Wait()
	e.stopOnce.Do(func() { close(e.stopped) })
	recorders.Wait()
	for _, sh := range e.shards {
		close(sh)
	}
	workers.Wait()
	for _, d := range e.direct {
		d.close()
	}
	directs.Wait()
	senders.Wait()
	e.log.Info("engine stopped")
	return nil
}

// Tick runs due jobs (and waits for them), the observers registered with
// OnTick, and re-dispatches messages left unhandled (after a crash, or a
// queue that was full), one after the other. Run does the same work in
// separate loops; tests call Tick to step it.
func (e *Engine[T]) Tick(ctx context.Context) {
	e.runJobs(ctx)
	for _, fn := range e.ticks {
		fn(ctx)
	}
	e.recoverPending(ctx)
	e.observeQueues(ctx)
}

func (e *Engine[T]) recoverPending(ctx context.Context) {
	select {
	case <-e.stopped:
		return
	default:
	}
	before := e.clock.Now().Add(-e.cfg.RecoverAfter)
	pending, err := e.store.PendingInbound(ctx, before, 1000)
	if err != nil {
		e.log.Error("list pending inbound", "err", err)
		return
	}
	n := 0
	for _, in := range pending {
		if e.dispatch(in) {
			n++
		}
	}
	if n > 0 {
		e.log.Info("re-dispatched unhandled inbound messages", "count", n)
	}
}

// cronLogger adapts slog to cron's logger interface.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
