package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	"loket"
)

// sendLoop drains one channel's outbox until stop is cancelled. Messages
// of one chat go out in order, one at a time; different chats in
// parallel, up to SendWorkers. work carries the sends in hand through a
// shutdown.
func (e *Engine[T]) sendLoop(stop, work context.Context, ch loket.Channel, s Sender) {
	limits := Limits{}
	if l, ok := s.(Limited); ok {
		limits = l.Limits()
	}
	poll := time.NewTicker(e.cfg.PollEvery)
	defer poll.Stop()
	for {
		select {
		case <-stop.Done():
			return
		default:
		}
		// A sender that is not active on this replica (another one holds
		// the WhatsApp session) leaves the channel's outbox to the holder.
		if a, ok := s.(Standby); ok && !a.Active() {
			select {
			case <-stop.Done():
				return
			case <-poll.C:
			}
			continue
		}
		now := e.clock.Now()
		msgs, err := e.store.ClaimOutbound(work, ch, now, e.cfg.SendLease, 64)
		if err != nil {
			e.log.Error("claim outbound", "err", err, "channel", ch)
		}
		if len(msgs) > 0 {
			e.sendChats(work, s, limits, msgs)
			continue
		}
		select {
		case <-stop.Done():
			return
		case <-e.wake[ch]:
		case <-poll.C:
		}
	}
}

// sendChats groups claimed messages by chat (keeping their order) and
// sends each group sequentially, groups in parallel.
func (e *Engine[T]) sendChats(ctx context.Context, s Sender, limits Limits, msgs []loket.Outbound) {
	var order []string
	groups := map[string][]loket.Outbound{}
	for _, m := range msgs {
		if _, ok := groups[m.ChatID]; !ok {
			order = append(order, m.ChatID)
		}
		groups[m.ChatID] = append(groups[m.ChatID], m)
	}
	sem := make(chan struct{}, e.cfg.SendWorkers)
	var wg sync.WaitGroup
	for _, chat := range order {
		sem <- struct{}{}
		wg.Add(1)
		go func(group []loket.Outbound) {
			defer func() { <-sem; wg.Done() }()
			e.sendGroup(ctx, s, limits, group)
		}(groups[chat])
	}
	wg.Wait()
}

// sendGroup sends one chat's messages in order. When one must wait, the
// rest of the group waits with it, so order within the chat holds.
func (e *Engine[T]) sendGroup(ctx context.Context, s Sender, limits Limits, group []loket.Outbound) {
	for i := range group {
		m := &group[i]
		if err := e.waitTurn(ctx, s.Channel(), m.ChatID, limits); err != nil {
			e.deferRest(ctx, group[i:], e.clock.Now(), "shutting down")
			return
		}
		start := time.Now()
		extID, err := s.Send(ctx, m)
		e.metrics.sendLatency(s.Channel(), time.Since(start))
		now := e.clock.Now()
		if err == nil {
			if err := e.store.OutboundSent(ctx, m.ID, m.LeaseToken, extID, now); err != nil {
				e.log.Error("mark outbound sent", "err", err, "outbound", m.ID)
			}
			e.metrics.outbound(s.Channel(), "sent")
			continue
		}
		var ra *RetryAfterError
		switch {
		case errors.As(err, &ra):
			// The platform asked us to wait: not a failure, never dropped.
			e.deferRest(ctx, group[i:], now.Add(ra.After), err.Error())
			e.metrics.outbound(s.Channel(), "throttled")
			return
		case isPermanent(err) || m.Attempts >= e.cfg.MaxSendAttempts:
			e.log.Warn("outbound failed", "err", err, "outbound", m.ID, "channel", m.Channel, "attempts", m.Attempts)
			if err := e.store.OutboundFailed(ctx, m.ID, m.LeaseToken, err.Error(), now); err != nil {
				e.log.Error("mark outbound failed", "err", err, "outbound", m.ID)
			}
			e.metrics.outbound(s.Channel(), "failed")
		default:
			e.log.Info("outbound send will be retried", "err", err, "outbound", m.ID, "attempts", m.Attempts)
			e.deferRest(ctx, group[i:], now.Add(backoff(m.Attempts)), err.Error())
			e.metrics.outbound(s.Channel(), "retry")
			return
		}
	}
}

// deferRest reschedules the remaining messages of a chat to `next`.
func (e *Engine[T]) deferRest(ctx context.Context, rest []loket.Outbound, next time.Time, reason string) {
	for _, m := range rest {
		if err := e.store.OutboundRetry(ctx, m.ID, m.LeaseToken, next, reason); err != nil {
			e.log.Error("reschedule outbound", "err", err, "outbound", m.ID)
		}
	}
}

// waitTurn blocks until the per-chat and global rate limits allow a send.
func (e *Engine[T]) waitTurn(ctx context.Context, ch loket.Channel, chatID string, l Limits) error {
	if e.limiter == nil {
		return nil
	}
	buckets := []struct {
		key   string
		rate  float64
		burst int
	}{
		{"send:" + string(ch) + ":chat:" + chatID, l.PerChat, l.PerChatBurst},
		{"send:" + string(ch) + ":global", l.Global, l.GlobalBurst},
	}
	for _, b := range buckets {
		if b.rate <= 0 {
			continue
		}
		for {
			ok, wait, err := e.limiter.Allow(ctx, b.key, b.rate, max(b.burst, 1))
			if err != nil {
				e.log.Warn("rate limiter unavailable; sending anyway", "err", err)
				break
			}
			if ok {
				break
			}
			if !Sleep(ctx, max(wait, 10*time.Millisecond)) {
				return ctx.Err()
			}
		}
	}
	return nil
}

// backoff is the wait after the n-th failed attempt: 2s, 4s, 8s … capped
// at 10 minutes.
func backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := 2 * time.Second
	for i := 1; i < attempt && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}
