package bot

import (
	"context"
	"fmt"
	"hash/fnv"
	"runtime"
	"time"

	"loket"
)

// recordPauses are the pauses between the tries of a message recorded
// alone; after the last try it is set aside as a dead letter.
var recordPauses = []time.Duration{50 * time.Millisecond, 250 * time.Millisecond}

// lingerFor bounds how long recordLoop waits, yielding the processor,
// for a batch to gather as many messages as the last one had, when that
// one had at least lingerAfter requests: the senders it answered get to
// send their next messages, which then join this batch instead of
// starting a smaller one (each transaction has a large fixed cost). An
// engine that is not that busy does not wait: at 500 messages a second
// batches hold one or two requests, and a lone message starts at once.
// (Go's timers are too coarse for this: a sleep of 100µs takes a
// millisecond here; the wait spins, so it is kept for real load.)
const (
	lingerFor   = 100 * time.Microsecond
	lingerAfter = 4
)

// recordLoop group-commits concurrent Accept calls: everything waiting
// (up to maxBatch messages) is recorded (and, see recordBatch, handled)
// together, in up to Config.Recorders batches at a time; while every
// batch slot is taken the next batch gathers. A request with a chat in a
// batch in flight waits for that batch to end (see recordQueue).
func (e *Engine[T]) recordLoop(ctx context.Context, in <-chan recordReq) {
	const maxBatch = 512
	var (
		q       recordQueue
		running int
		ended   = make(chan []loket.ChatKey, e.cfg.Recorders)
		last    struct{ reqs, n int } // requests and messages of the last batch started
		// A goroutine per batch slot, for the loop's life: a goroutine
		// started for each batch grew its stack again, copying it, on its
		// way down pgx's calls.
		slots = make(chan recordBatchOf)
	)
	for range e.cfg.Recorders {
		go func() {
			for b := range slots {
				e.recordBatch(ctx, b.reqs, b.n)
				ended <- b.chats
			}
		}()
	}
	defer close(slots)
	end := func(chats []loket.ChatKey) {
		running--
		q.done(chats)
	}
	for {
		for running == e.cfg.Recorders {
			end(<-ended)
		}
		b := q.take(maxBatch)
		if len(b.reqs) == 0 {
			select {
			case r := <-in:
				q.add(r)
			case chats := <-ended:
				end(chats)
				continue
			case <-e.stopped:
				// Answer what made it in before the stop; let the batches
				// in flight end.
				q.stop()
				drainStopped(in)
				for ; running > 0; running-- {
					<-ended
				}
				return
			}
			gather(&q, in, maxBatch)
			if last.reqs >= lingerAfter {
				for t0 := time.Now(); q.waiting() < last.n && time.Since(t0) < lingerFor; {
					runtime.Gosched()
					gather(&q, in, maxBatch)
				}
			}
			if b = q.take(maxBatch); len(b.reqs) == 0 {
				continue
			}
		}
		running++
		last.reqs, last.n = len(b.reqs), b.n
		slots <- b
	}
}

// gather adds the requests waiting in in to q, up to max messages.
func gather(q *recordQueue, in <-chan recordReq, max int) {
	for q.waiting() < max {
		select {
		case r := <-in:
			q.add(r)
		default:
			return
		}
	}
}

// drainStopped answers the requests left in in with ErrStopped.
func drainStopped(in <-chan recordReq) {
	for {
		select {
		case r := <-in:
			r.done <- ErrStopped
		default:
			return
		}
	}
}

// recordBatch records the requests: by default (see Config.RecordApart)
// recorded and handled in one transaction (recordHandled) while their
// turns are expected to fit Config.TurnBudget, else, or should that
// transaction fail, recorded apart and handled on the shards
// (recordApart).
func (e *Engine[T]) recordBatch(ctx context.Context, reqs []recordReq, n int) {
	if e.cfg.RecordApart || time.Duration(int64(n)*e.turnCost.Load()) > e.cfg.TurnBudget {
		e.recordApart(ctx, reqs, n)
		return
	}
	all, originals := e.flatten(reqs, n)
	if !e.recordHandled(ctx, reqs, all, originals) {
		e.recordApart(ctx, reqs, n)
	}
}

// turnTook adds a turn's time to the moving average recordBatch expects
// turns to take (an eighth of the way towards d). A turn counts as at
// most twice the budget: steadily slow turns still lift the average past
// the budget (a batch of one is then recorded apart), but one long turn,
// the process's first (its knowledge read, its matcher built) or one
// stalled on a busy machine, cannot lift it so far that the next dozens
// of batches are recorded apart, each costing a second commit while the
// machine is busiest.
func (e *Engine[T]) turnTook(d time.Duration) {
	d = min(d, 2*e.cfg.TurnBudget)
	for {
		old := e.turnCost.Load()
		if e.turnCost.CompareAndSwap(old, old+(int64(d)-old)/8) {
			return
		}
	}
}

// flatten lists the n messages of reqs, their texts emptied where
// Config.Redact says so; originals holds those texts by channel and
// external id joined by a NUL (see unredacted).
func (e *Engine[T]) flatten(reqs []recordReq, n int) (all []loket.Inbound, originals map[string]string) {
	all = make([]loket.Inbound, 0, n)
	for _, r := range reqs {
		all = append(all, r.msgs...)
	}
	originals = map[string]string{}
	if e.cfg.Redact != nil {
		for i := range all {
			if all[i].Kind == loket.InText && e.cfg.Redact(all[i].Text) {
				originals[string(all[i].Channel)+"\x00"+all[i].ExternalID] = all[i].Text
				all[i].Text = ""
			}
		}
	}
	return all, originals
}

// recordApart records the requests in one transaction and dispatches the
// new messages to their shards. Should the database refuse it, the
// messages are recorded one at a time, so a message it refuses fails
// alone (see recordAlone).
func (e *Engine[T]) recordApart(ctx context.Context, reqs []recordReq, n int) {
	all, originals := e.flatten(reqs, n)
	fresh, err := e.store.RecordInbound(ctx, all)
	if err == nil {
		// The messages are durable: the senders are answered before the
		// observers are told, so Accept does not wait for a publish.
		for _, r := range reqs {
			r.done <- nil
		}
		e.observe(ctx, fresh)
		e.metrics.inbound(all, fresh)
	} else {
		e.log.Warn("record inbound batch failed; recording one message at a time", "err", err, "messages", n)
		fresh = e.recordEach(ctx, reqs, all)
		e.observe(ctx, fresh)
	}
	for _, in := range fresh {
		e.dispatchWait(ctx, unredacted(in, originals))
	}
}

// unredacted is in with the text it was sent with, when that was not
// stored (originals, by channel and external id joined by a NUL): the
// handler sees what was sent; the log keeps nothing.
func unredacted(in loket.Inbound, originals map[string]string) loket.Inbound {
	if text, ok := originals[string(in.Channel)+"\x00"+in.ExternalID]; ok {
		in.Text = text
	}
	return in
}

// recordHandled records a batch and runs the turns of its messages in
// one transaction (see Config.RecordApart): those whose chat has nothing
// unhandled before them are claimed as they are recorded; the others are
// dispatched to their shards after the commit. It returns false when the
// transaction failed, a turn included, and then nothing of it was kept:
// the caller records the batch apart, and the shards handle it (a failing
// turn then meets its tries, savepoints and dead letter there). Should a
// commit that ran be reported failed (a lost connection), the recording
// apart finds the messages recorded and handled; their replies go out when
// the lease they were written under ends, or the sender's next poll finds
// them.
func (e *Engine[T]) recordHandled(ctx context.Context, reqs []recordReq, all []loket.Inbound, originals map[string]string) bool {
	start := time.Now()
	var fresh []loket.Inbound
	var claimed map[int64]bool
	var outs []*loket.Outbound
	var turns []loket.Inbound // the messages whose turn ran, for the metrics
	err := e.store.InTx(ctx, func(tx T) error {
		outs, turns = outs[:0], turns[:0]
		lease := newTxLease()
		var err error
		if fresh, claimed, err = tx.RecordClaimed(ctx, all, e.clock.Now()); err != nil {
			return fmt.Errorf("record inbound: %w", err)
		}
		for _, m := range fresh {
			if !claimed[m.ID] {
				continue
			}
			m = unredacted(m, originals)
			sent, err := e.handleOne(ctx, tx, &m, e.clock.Now(), false, lease, e.handler.Handle)
			if err != nil {
				return fmt.Errorf("inbound %d: %w", m.ID, err)
			}
			outs = append(outs, sent...)
			turns = append(turns, m)
		}
		return nil
	})
	if err != nil {
		e.log.Debug("record and handle in one transaction failed; recording apart", "err", err, "messages", len(all))
		return false
	}
	e.metrics.handled(turns, time.Now())
	for _, r := range reqs {
		r.done <- nil
	}
	// The messages go on the observers' streams ahead of their replies.
	e.observe(ctx, fresh)
	e.metrics.inbound(all, fresh)
	e.handOver(e.afterCommit(outs, true))
	if len(claimed) > 0 {
		e.metrics.batch(len(claimed), time.Since(start))
	}
	for _, in := range fresh {
		if !claimed[in.ID] {
			e.dispatchWait(ctx, unredacted(in, originals))
		}
	}
	return true
}

// observe tells each channel that observes its messages (Observer) of the
// fresh ones, in order, before they are dispatched or their replies
// handed over.
func (e *Engine[T]) observe(ctx context.Context, fresh []loket.Inbound) {
	if len(fresh) == 0 {
		return
	}
	by := map[loket.Channel][]loket.Inbound{}
	for _, in := range fresh {
		if _, ok := e.senders[in.Channel].(Observer); ok {
			by[in.Channel] = append(by[in.Channel], in)
		}
	}
	for ch, msgs := range by {
		e.senders[ch].(Observer).Recorded(ctx, msgs)
	}
}

// recordEach records the messages of reqs (flattened in all) one at a
// time and answers each request. Once the database refuses even a dead
// letter it is taken to be unreachable: the rest fail at once.
func (e *Engine[T]) recordEach(ctx context.Context, reqs []recordReq, all []loket.Inbound) []loket.Inbound {
	var fresh []loket.Inbound
	var down error
	i := 0
	for _, r := range reqs {
		var failed error
		for range r.msgs {
			m := all[i]
			i++
			if failed != nil {
				continue
			}
			if down != nil {
				failed = down
				continue
			}
			f, err := e.recordAlone(ctx, m)
			if err != nil {
				failed, down = err, err
				continue
			}
			fresh = append(fresh, f...)
		}
		r.done <- wrapf(failed, "engine: record inbound")
	}
	return fresh
}

// recordAlone records one message in its own transaction, with a few
// tries. A message the database still refuses (the store reports
// loket.EInvalid: the data itself, not a lost connection) is set aside as
// a dead letter and counts as accepted, so the platform moves on (a Telegram
// offset, a web chat POST) and intake goes on; the error is returned only
// when the dead letter cannot be stored either.
func (e *Engine[T]) recordAlone(ctx context.Context, m loket.Inbound) ([]loket.Inbound, error) {
	var err error
	for try := 0; ; try++ {
		var fresh []loket.Inbound
		if fresh, err = e.store.RecordInbound(ctx, []loket.Inbound{m}); err == nil {
			e.metrics.inbound([]loket.Inbound{m}, fresh)
			return fresh, nil
		}
		if try == len(recordPauses) || !Sleep(ctx, recordPauses[try]) {
			break
		}
	}
	if ctx.Err() != nil || loket.ErrorCode(err) != loket.EInvalid {
		return nil, err // not refused but failed to run (a lost connection): the platform tries again
	}
	if derr := e.store.RecordDeadInbound(ctx, m, err.Error(), e.clock.Now()); derr != nil {
		e.log.Error("record inbound: database unreachable", "err", err, "dead_letter_err", derr)
		return nil, err
	}
	e.log.Error("inbound message set aside as a dead letter: the database refused it", "err", err,
		"channel", m.Channel, "external_id", m.ExternalID)
	e.metrics.deadInbound(m.Channel)
	return nil, nil
}

// dispatchWait queues a freshly recorded message on its conversation's
// shard, waiting while the shard is full: back-pressure on intake rather
// than a detour through the recovery pass, which would let later messages
// of the chat be claimed first.
func (e *Engine[T]) dispatchWait(ctx context.Context, in loket.Inbound) {
	if !e.markInflight(in.ID) {
		return
	}
	select {
	case e.shards[e.shardOf(in)] <- in:
	case <-ctx.Done():
		e.done(in.ID) // shutting down: the recovery pass of the next start takes it
	}
}

// dispatch queues a message on its conversation's shard unless it is
// already in hand or the shard is full (the recovery pass tries again).
func (e *Engine[T]) dispatch(in loket.Inbound) bool {
	if !e.markInflight(in.ID) {
		return false
	}
	select {
	case e.shards[e.shardOf(in)] <- in:
		return true
	default:
		e.done(in.ID)
		return false
	}
}

func (e *Engine[T]) markInflight(id int64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, busy := e.inflight[id]; busy {
		return false
	}
	e.inflight[id] = struct{}{}
	return true
}

func (e *Engine[T]) done(id int64) {
	e.mu.Lock()
	delete(e.inflight, id)
	e.mu.Unlock()
}

func (e *Engine[T]) shardOf(in loket.Inbound) int {
	return int(chatHash(in) % uint32(len(e.shards)))
}

// chatHash is the hash of in's chat that places it on a shard.
func chatHash(in loket.Inbound) uint32 {
	h := fnv.New32a()
	h.Write([]byte(in.Channel))
	h.Write([]byte{0})
	h.Write([]byte(in.ChatID))
	return h.Sum32()
}
