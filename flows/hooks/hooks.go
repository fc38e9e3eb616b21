package hooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"loket"
	"loket/flows/timeline"
	"loket/store"
)

// DefaultCursor is the staff cursor key the events are read after.
const DefaultCursor = "hooks:out"

// maxPasses bounds the transactions of one tick (a backlog drains over
// several ticks).
const maxPasses = 5

// Tx is the part of the store transaction hooks uses; store.Tx
// satisfies it with the same signatures.
type Tx interface {
	LockStaffCursor(ctx context.Context, chat string, wait bool) (afterID int64, ok bool, err error)
	SaveStaffCursor(ctx context.Context, chat string, afterID int64, at time.Time) error
	ActivitiesSince(ctx context.Context, afterID int64, limit int) ([]loket.Activity, error)
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
	Setting(ctx context.Context, key string) ([]byte, error)
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
}

var _ Tx = store.Tx(nil)

// InTx runs fn in one store transaction (committed when fn returns nil).
type InTx func(ctx context.Context, fn func(tx Tx) error) error

// Config tunes the event reader; the zero value is fine.
type Config struct {
	Cursor string        // staff cursor key (default DefaultCursor)
	Settle time.Duration // activities younger than this wait for the next pass (default 2s)
	Batch  int           // activities per transaction (default 200)
}

// Hooks emits integration events into the outbox. Safe for concurrent use.
type Hooks struct {
	cfg   Config
	inTx  InTx
	wake  func(loket.Channel)
	clock loket.Clock
	log   *slog.Logger
}

// New returns the event reader. wake (optional, e.g. engine.Wake) is told
// when webhook deliveries wait.
func New(cfg Config, inTx InTx, wake func(loket.Channel), clock loket.Clock, log *slog.Logger) (*Hooks, error) {
	if inTx == nil || clock == nil {
		return nil, errors.New("hooks: a store and a clock are required")
	}
	if cfg.Cursor == "" {
		cfg.Cursor = DefaultCursor
	}
	if cfg.Settle <= 0 {
		cfg.Settle = 2 * time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 200
	}
	if wake == nil {
		wake = func(loket.Channel) {}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Hooks{cfg: cfg, inTx: inTx, wake: wake, clock: clock, log: log}, nil
}

// Tick is Emit for engine.OnTick: errors are logged.
func (h *Hooks) Tick(ctx context.Context) {
	if err := h.Emit(ctx); err != nil {
		h.log.ErrorContext(ctx, "hooks: emit webhook events", "err", err)
	}
}

// Emit enqueues the events of new activities. Each pass is one
// transaction holding the cursor row: a concurrent Emit skips the pass.
func (h *Hooks) Emit(ctx context.Context) error {
	for range maxPasses {
		more, queued, err := h.pass(ctx)
		if err != nil {
			return err
		}
		if queued > 0 {
			h.wake(loket.ChannelWebhook)
		}
		if !more {
			return nil
		}
	}
	return nil
}

// Endpoints reads the configured endpoints in a transaction of its own
// (for bot/webhook's directory).
func (h *Hooks) Endpoints(ctx context.Context) ([]loket.WebhookEndpoint, error) {
	var eps []loket.WebhookEndpoint
	err := h.inTx(ctx, func(tx Tx) error {
		var err error
		eps, err = loket.LoadWebhookEndpoints(ctx, tx)
		return err
	})
	return eps, err
}

// pass runs one timeline pass: the events of the settled activities after
// the cursor go to the outbox and the cursor moves, in one transaction
// (the cursor moves even when no endpoint is active). more reports that
// another pass may find more; queued counts the outbox rows.
func (h *Hooks) pass(ctx context.Context) (more bool, queued int, err error) {
	now := h.clock.Now()
	obs := timeline.Observer{Key: h.cfg.Cursor, Settle: h.cfg.Settle, Batch: h.cfg.Batch}
	err = h.inTx(ctx, func(tx Tx) error {
		queued = 0
		var err error
		more, err = obs.Pass(ctx, tx, now, func(acts []loket.Activity) error {
			eps, err := loket.LoadWebhookEndpoints(ctx, tx)
			if err != nil {
				return err
			}
			queued, err = h.enqueue(ctx, tx, acts, eps, now)
			return err
		})
		return err
	})
	return more, queued, err
}

// enqueue puts one outbox row per event and interested endpoint.
func (h *Hooks) enqueue(ctx context.Context, tx Tx, acts []loket.Activity, eps []loket.WebhookEndpoint, now time.Time) (int, error) {
	if !anyActive(eps) {
		return 0, nil
	}
	tickets := map[int64]*loket.Ticket{}
	queued := 0
	for i := range acts {
		a := &acts[i]
		t, ok := tickets[a.TicketID]
		if !ok {
			var err error
			if t, err = tx.TicketByID(ctx, a.TicketID); err != nil {
				return 0, fmt.Errorf("hooks: ticket %d: %w", a.TicketID, err)
			}
			tickets[a.TicketID] = t
		}
		ev, ok := eventOf(a, t)
		if !ok {
			continue
		}
		body, err := json.Marshal(ev)
		if err != nil {
			return 0, fmt.Errorf("hooks: encode event %s: %w", ev.ID, err)
		}
		for j := range eps {
			if !eps[j].Wants(ev.Type) {
				continue
			}
			out := &loket.Outbound{Channel: loket.ChannelWebhook, ChatID: eps[j].ID, Text: string(body),
				Status: loket.OutQueued, NextAttemptAt: now, CreatedAt: now}
			if err := tx.EnqueueOutbound(ctx, out); err != nil {
				return 0, fmt.Errorf("hooks: enqueue event %s for %s: %w", ev.ID, eps[j].ID, err)
			}
			queued++
		}
	}
	return queued, nil
}

func anyActive(eps []loket.WebhookEndpoint) bool {
	for _, e := range eps {
		if e.Active && e.ID != "" {
			return true
		}
	}
	return false
}
