package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	"loket"
)

// sendPerChat bounds the messages of one chat a claim takes,
// sendClaimMost those of one claim, and sendMarksWaiting the sent marks
// queued for the marker before a send waits to queue its own.
// sendMarkPause is the least time between two batches of sent marks: a
// busy channel's marks then share a statement (at 500 replies a second,
// about three a statement instead of under two), for at most that much
// more before a chat's next message goes out (it waits for the mark of
// the one before; a platform's per-chat pace is slower anyway).
const (
	sendPerChat      = 8
	sendClaimMost    = 256
	sendMarksWaiting = 256
	sendMarkPause    = 3 * time.Millisecond
)

// sendLoop drains one channel's outbox until stop is cancelled. Messages
// of one chat go out in order, one at a time, each chat in its own
// goroutine; at most SendWorkers platform calls run at once. A chat that
// must wait (rate limit) waits alone: the loop keeps claiming for the
// other chats while fewer than Config.SendInHand messages are in hand,
// and a claim takes at most sendPerChat of one chat. The hand is large: a
// reply waiting for its chat's rate limit (Telegram: one a second per
// chat) is in hand meanwhile, so it holds one or two for every chat in
// conversation; past it a batch writes its replies unleased, each then
// costing a claim, a transaction of its own. The loop looks at the
// outbox when woken (new replies queued unleased), at each poll, and when
// a chat has nothing left in hand if that chat owes more (see owed); a
// look due while the hand is full waits for room. A heartbeat renews the
// leases of what is in hand, so the lease can be short and a dead
// replica's messages are taken over quickly. work carries the sends in
// hand through a shutdown.
func (e *Engine[T]) sendLoop(stop, work context.Context, ch loket.Channel, s Sender) {
	limits := Limits{}
	if l, ok := s.(Limited); ok {
		limits = l.Limits()
	}
	poll := time.NewTicker(e.cfg.PollEvery)
	defer poll.Stop()
	st := e.outs[ch]
	h := st.hand
	beat, stopBeat := context.WithCancel(work)
	defer stopBeat()
	go e.heartbeat(beat, h)
	slots := make(chan struct{}, e.cfg.SendWorkers)
	// The marker outlives the chats: it answers their last marks, then ends.
	mk := &marker{in: make(chan markReq, min(e.cfg.SendInHand, sendMarksWaiting))}
	marked := make(chan struct{})
	go func() { defer close(marked); e.markLoop(work, mk.in, nil, sendMarkPause) }()
	defer func() { close(mk.in); <-marked }()
	var chats sync.WaitGroup
	defer chats.Wait()
	// A batch's leased replies start their chats' sends at once, from the
	// shard that committed them, even while this loop waits for a claim.
	st.serve(func(msgs []loket.Outbound) {
		for _, group := range byChat(msgs) {
			chats.Add(1)
			go func() {
				defer chats.Done()
				e.sendGroup(stop, work, s, limits, group, h, slots, mk)
			}()
		}
	})
	defer st.serve(nil)
	look := true // a look is due (the first pass's); it waits for room in the hand
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
		if room := e.cfg.SendInHand - h.size(); look && room > 0 {
			limit := min(room, sendClaimMost)
			claimedAt := e.clock.Now()
			msgs, err := e.store.ClaimOutbound(work, ch, claimedAt, e.cfg.SendLease, limit, sendPerChat)
			if err != nil {
				e.log.Error("claim outbound", "err", err, "channel", ch)
			}
			if len(msgs) > 0 {
				st.owed.claimed(msgs)
				for _, m := range msgs {
					h.add(m.ID, m.LeaseToken, m.ChatID, claimedAt.Add(e.cfg.SendLease))
				}
				for _, group := range byChat(msgs) {
					chats.Add(1)
					go func() {
						defer chats.Done()
						e.sendGroup(stop, work, s, limits, group, h, slots, mk)
					}()
				}
			}
			// A full claim may have left more; otherwise what is due
			// now was taken, and a wake (new replies), a chat's end in
			// hand (when it owes, see owed) or the poll brings the next.
			if look = len(msgs) == limit; look {
				continue
			}
		}
		select {
		case <-stop.Done():
			return
		case <-e.wake[ch]:
			look = true
		case <-h.freed:
			look = st.owed.ended(h.takeEnded()) || look
		case <-poll.C:
			st.owed.polled()
			look = true
		}
	}
}

// byChat groups claimed messages by chat, keeping their order.
func byChat(msgs []loket.Outbound) [][]loket.Outbound {
	idx := map[string]int{}
	var groups [][]loket.Outbound
	for _, m := range msgs {
		i, ok := idx[m.ChatID]
		if !ok {
			i = len(groups)
			idx[m.ChatID] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], m)
	}
	return groups
}

// sendGroup sends one chat's messages in order. When one must wait long
// (retry, retry_after, shutting down) the rest of the group is handed back
// with it, so order within the chat holds; a message whose lease was lost
// ends the group (its new holder sends it and what follows).
func (e *Engine[T]) sendGroup(stop, ctx context.Context, s Sender, limits Limits, group []loket.Outbound, h *hand, slots chan struct{}, mk *marker) {
	defer h.done(group)
	marked := make(chan markResult, 1)
	for i := range group {
		m := &group[i]
		if !h.holds(m.ID, m.LeaseToken, e.clock.Now()) {
			return
		}
		if err := e.waitTurn(stop, s.Channel(), m.ChatID, limits); err != nil {
			e.release(ctx, group[i:], e.clock.Now(), "")
			return
		}
		slots <- struct{}{}
		// A platform call must not outlive the lease: with less than a
		// third of it left (its renewals failed, the store is out of
		// reach), the message is left to its next claim, which may be
		// this sender's own once the lease has run out.
		if !h.holds(m.ID, m.LeaseToken, e.clock.Now().Add(e.cfg.SendLease/3)) {
			<-slots
			e.log.Warn("outbound lease not renewed in time; leaving the message to its next claim", "outbound", m.ID, "chat", m.ChatID)
			return
		}
		start := time.Now()
		extID, err := s.Send(ctx, m)
		<-slots
		e.metrics.sendLatency(s.Channel(), time.Since(start))
		now := e.clock.Now()
		if err == nil {
			res := mk.markSent(m, extID, now, e.cfg.SendLease, marked)
			e.metrics.outbound(s.Channel(), "sent")
			h.drop(m.ID, m.LeaseToken)
			switch res {
			case markLost: // the new holder sends the rest
				return
			case markFailed: // the rest must not overtake it when it goes out again
				e.release(ctx, group[i+1:], now, "")
				return
			}
			continue
		}
		var ra *RetryAfterError
		switch {
		case errors.As(err, &ra):
			// The platform asked us to wait: not a failure, never dropped,
			// and not counted.
			e.release(ctx, group[i:], now.Add(ra.After), err.Error())
			e.metrics.outbound(s.Channel(), "throttled")
			return
		case isPermanent(err) || m.Attempts >= e.maxAttempts(s):
			e.log.Warn("outbound failed", "err", err, "outbound", m.ID, "channel", m.Channel, "attempts", m.Attempts)
			if err := e.store.OutboundFailed(ctx, m.ID, m.LeaseToken, err.Error(), now); err != nil {
				e.log.Error("mark outbound failed", "err", err, "outbound", m.ID)
			}
			e.metrics.outbound(s.Channel(), "failed")
			h.drop(m.ID, m.LeaseToken)
		default:
			e.log.Info("outbound send will be retried", "err", err, "outbound", m.ID, "attempts", m.Attempts)
			e.deferRest(ctx, group[i:], now.Add(e.retryWait(s, m.Attempts)), err.Error())
			e.metrics.outbound(s.Channel(), "retry")
			return
		}
	}
}

// deferRest reschedules a chat's failed message (rest[0], a counted
// attempt) and hands back the ones after it uncounted, all due at next.
func (e *Engine[T]) deferRest(ctx context.Context, rest []loket.Outbound, next time.Time, reason string) {
	if err := e.store.OutboundRetry(ctx, rest[0].ID, rest[0].LeaseToken, next, reason); err != nil {
		e.log.Error("reschedule outbound", "err", err, "outbound", rest[0].ID)
	}
	e.release(ctx, rest[1:], next, "")
}

// release hands back messages that were not tried, due at next; those
// due now are owed (see owed): the sender looks for them once their chat
// has nothing left in hand.
func (e *Engine[T]) release(ctx context.Context, rest []loket.Outbound, next time.Time, reason string) {
	for _, m := range rest {
		if err := e.store.OutboundRelease(ctx, m.ID, m.LeaseToken, next, reason); err != nil {
			e.log.Error("hand back outbound", "err", err, "outbound", m.ID)
		}
		if st, ok := e.outs[m.Channel]; ok && !next.After(e.clock.Now()) {
			st.owed.owe(m.ChatID, m.ID)
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
