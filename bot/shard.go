package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"loket"
)

// shardLoop handles the messages of the conversations hashed to one
// shard, in arrival order, committing up to BatchSize of them per
// transaction. Different shards run in parallel; across replicas the
// store's conversation row lock keeps one conversation to one handler at
// a time, and a message is claimed only after every older message of its
// conversation was handled (or set aside), so a failed message holds back
// its own conversation only, until its next try or its last one.
func (e *Engine[T]) shardLoop(ctx context.Context, in <-chan loket.Inbound) {
	for first := range in {
		batch := []loket.Inbound{first}
	fill:
		for len(batch) < e.cfg.BatchSize {
			select {
			case m, ok := <-in:
				if !ok {
					break fill
				}
				batch = append(batch, m)
			default:
				break fill
			}
		}
		// Id order: a recovered message may arrive after a later one of
		// its chat, and the batch claim lets it go first only in order.
		slices.SortFunc(batch, func(a, b loket.Inbound) int { return cmp.Compare(a.ID, b.ID) })
		e.runBatch(ctx, batch)
	}
}

// runBatch handles a batch in one transaction, each message in its own
// savepoint so one failure undoes only that message. If the transaction
// itself fails, the messages are retried one per transaction.
func (e *Engine[T]) runBatch(ctx context.Context, batch []loket.Inbound) {
	defer func() {
		for _, m := range batch {
			e.done(m.ID)
		}
	}()
	start := time.Now()
	// Optimistic first: the whole batch without savepoints. Should a
	// handler fail, that transaction is undone and the batch is handled
	// again with a savepoint per message, so only the failing one is lost.
	touched, leased, err := e.handleInTx(ctx, batch, false)
	if errors.Is(err, errHandlerFailed) {
		touched, leased, err = e.handleInTx(ctx, batch, true)
	}
	if err != nil && len(batch) > 1 {
		e.log.Warn("batch transaction failed; retrying one by one", "err", err, "size", len(batch))
		for _, m := range batch {
			t, l, err := e.handleInTx(ctx, []loket.Inbound{m}, true)
			if err != nil {
				e.log.Error("handle inbound", "err", err, "inbound", m.ID)
			}
			e.handOver(t, l)
		}
	} else {
		if err != nil {
			e.log.Error("handle inbound", "err", err, "inbound", batch[0].ID)
		}
		e.handOver(touched, leased)
	}
	e.metrics.batch(len(batch), time.Since(start))
}

// errHandlerFailed aborts an optimistic batch so it can be redone with
// savepoints.
var errHandlerFailed = errors.New("a handler in the batch failed")

// handleInTx handles a batch in one transaction. It returns the channels
// whose sender must be woken and, when the transaction committed, the
// replies it wrote leased to their senders (see afterCommit).
func (e *Engine[T]) handleInTx(ctx context.Context, batch []loket.Inbound, savepoints bool) ([]*loket.Outbound, map[loket.Channel][]loket.Outbound, error) {
	var outs []*loket.Outbound
	var turns []loket.Inbound // the messages whose turn ran, for the metrics
	err := e.store.InTx(ctx, func(tx T) error {
		outs, turns = outs[:0], turns[:0]
		lease := newTxLease()
		// Optimistically, one statement claims the whole batch; with
		// savepoints each message claims itself, so an undone message is
		// not left marked handled.
		var claimed map[int64]bool
		if !savepoints {
			// The conversations are read (and new ones created) with the
			// claim, also for a batch of one: its turn opens its
			// conversation and reads the configuration stamp anyway.
			var err error
			claimed, err = tx.ClaimBatch(ctx, batch, e.clock.Now())
			if err != nil {
				return fmt.Errorf("claim inbound batch: %w", err)
			}
		}
		for i := range batch {
			m := &batch[i]
			now := e.clock.Now()
			var sent []*loket.Outbound
			var err error
			if claimed != nil && !claimed[m.ID] {
				continue // handled already (redelivery, recovery pass, other replica)
			}
			if savepoints {
				err = tx.Savepoint(ctx, func() error {
					var err error
					sent, err = e.handleOne(ctx, tx, m, now, true, lease, e.handler.Handle)
					return err
				})
			} else if sent, err = e.handleOne(ctx, tx, m, now, false, lease, e.handler.Handle); err != nil {
				return errHandlerFailed
			}
			if err != nil {
				e.log.Warn("handler failed", "err", err, "inbound", m.ID, "channel", m.Channel)
				e.metrics.handlerError(m.Channel)
				if ferr := tx.InboundFailed(ctx, m.ID, err.Error(), e.cfg.MaxAttempts, now); ferr != nil {
					return fmt.Errorf("record handler failure of inbound %d: %w", m.ID, ferr)
				}
				if m.Attempts+1 < e.cfg.MaxAttempts {
					continue
				}
				sent = e.giveUp(ctx, tx, m, now, lease, err)
			}
			outs = append(outs, sent...)
			turns = append(turns, *m)
		}
		return nil
	})
	if err == nil {
		e.metrics.handled(turns, time.Now())
	}
	touched, leased := e.afterCommit(outs, err == nil)
	return touched, leased, err
}

// handleOne runs the handler for one message and records its outcome:
// contact, conversation state, replies in the outbox, their timeline
// entries. It returns the replies written. With claim unset the caller
// has claimed the message already. lease is the lease replies are
// written under (see preLease). run is the handler's
// Handle (or GiveUp, see giveUp).
func (e *Engine[T]) handleOne(ctx context.Context, tx T, m *loket.Inbound, now time.Time, claim bool, lease *txLease,
	run func(context.Context, T, *loket.Turn) error) ([]*loket.Outbound, error) {
	if claim {
		claimed, err := tx.ClaimInbound(ctx, m.ID, now)
		if err != nil {
			return nil, fmt.Errorf("claim inbound: %w", err)
		}
		if !claimed {
			return nil, nil // handled already (redelivery, recovery pass, other replica)
		}
	}
	conv, contact, err := tx.OpenConversation(ctx, m.Channel, m.ChatID, now)
	if err != nil {
		return nil, fmt.Errorf("load conversation: %w", err)
	}
	before := *contact
	turn := &loket.Turn{Inbound: m, Contact: contact, Conversation: conv, Now: now}
	began := time.Now()
	err = e.safeHandle(ctx, tx, turn, run)
	e.turnTook(time.Since(began))
	if err != nil {
		return nil, err
	}
	if *contact != before {
		contact.UpdatedAt = now
		if err := tx.SaveContact(ctx, contact); err != nil {
			return nil, fmt.Errorf("save contact: %w", err)
		}
	}
	conv.UpdatedAt = now
	outs := turn.Outbound()
	for _, o := range outs {
		e.preLease(o, lease, now)
	}
	if err := tx.WriteTurn(ctx, conv, outs, loket.ActorBot); err != nil {
		return nil, fmt.Errorf("write turn: %w", err)
	}
	return outs, nil
}

// giveUp lets a GiveUpHandler answer a message set aside after its last
// failed attempt, in a savepoint of its own (see GiveUpHandler).
func (e *Engine[T]) giveUp(ctx context.Context, tx T, m *loket.Inbound, now time.Time, lease *txLease, cause error) []*loket.Outbound {
	g, ok := e.handler.(GiveUpHandler[T])
	if !ok {
		return nil
	}
	var sent []*loket.Outbound
	err := tx.Savepoint(ctx, func() error {
		var err error
		sent, err = e.handleOne(ctx, tx, m, now, false, lease, func(ctx context.Context, tx T, turn *loket.Turn) error {
			return g.GiveUp(ctx, tx, turn, cause)
		})
		return err
	})
	if err != nil {
		e.log.Error("give-up handler failed", "err", err, "inbound", m.ID)
		return nil
	}
	return sent
}

// safeHandle runs the handler, turning a panic into an error so that no
// panic reaches the vendor or stops the worker.
func (e *Engine[T]) safeHandle(ctx context.Context, tx T, turn *loket.Turn, run func(context.Context, T, *loket.Turn) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("handler panic", "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("handler panic: %v", r)
		}
	}()
	if err := run(ctx, tx, turn); err != nil {
		return fmt.Errorf("handle: %w", err)
	}
	return nil
}
