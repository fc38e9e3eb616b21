package bot

import (
	"context"
	"sync"
	"time"

	"loket"
)

// hand is the outbox messages a sender holds: for each its lease token,
// the time its lease is known to run until (set at the claim, moved by
// every renewal that came back with it), and whether it was lost (taken
// over by another replica: not ours to send any more). Entries are keyed
// by message id and matched by token, so a message this sender claims
// again after its lease ran out is a new entry the old holder cannot
// drop or use.
type hand struct {
	mu    sync.Mutex
	held  map[int64]heldLease // message id → its lease as this sender holds it
	freed chan struct{}       // a chat's group left the hand: room to claim, and its chat may go on
	chats map[string]int      // chat → its messages in hand
	ended []string            // the chats whose last message in hand left it since the sender last took them
}

type heldLease struct {
	token int64
	chat  string
	until time.Time
	lost  bool
}

func newHand() *hand {
	return &hand{held: map[int64]heldLease{}, chats: map[string]int{}, freed: make(chan struct{}, 1)}
}

// add holds message id of chat under token, its lease known to run until
// until.
func (h *hand) add(id, token int64, chat string, until time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.chats[chat]++ // first: a claim again of a message in hand does not end its chat
	if old, ok := h.held[id]; ok {
		h.forget(id, old)
	}
	h.held[id] = heldLease{token: token, chat: chat, until: until}
}

// drop forgets the message id held under token (not a newer claim of it).
func (h *hand) drop(id, token int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if l, ok := h.held[id]; ok && l.token == token {
		h.forget(id, l)
	}
}

// forget removes a held message; with h.mu held.
func (h *hand) forget(id int64, l heldLease) {
	delete(h.held, id)
	if h.chats[l.chat]--; h.chats[l.chat] <= 0 {
		delete(h.chats, l.chat)
		h.ended = append(h.ended, l.chat)
	}
}

// done forgets what is left of a chat's group and tells the sender: its
// chat may have more to claim now, and there is room in the hand. Once a
// group, not once a message: each signal costs the sender a turn of its
// loop.
func (h *hand) done(group []loket.Outbound) {
	for _, m := range group {
		h.drop(m.ID, m.LeaseToken)
	}
	select {
	case h.freed <- struct{}{}:
	default:
	}
}

// takeEnded returns the chats whose last message in hand left it since
// the last call.
func (h *hand) takeEnded() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.ended
	h.ended = nil
	return out
}

func (h *hand) size() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.held)
}

// holds reports whether the lease of id under token is ours and known to
// run past at: not lost, not replaced by a newer claim, and renewed (or
// claimed) recently enough. A sender whose renewals failed stops before
// its lease can run out under a platform call, so the message's next
// holder is the only one to send it.
func (h *hand) holds(id, token int64, at time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	l, ok := h.held[id]
	return ok && l.token == token && !l.lost && l.until.After(at)
}

// leases returns the held messages not lost, with their tokens.
func (h *hand) leases() []loket.HeldLease {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]loket.HeldLease, 0, len(h.held))
	for id, l := range h.held {
		if !l.lost {
			out = append(out, loket.HeldLease{ID: id, Token: l.token})
		}
	}
	return out
}

// renewed records a renewal of asked until until: the messages it kept
// run until then, the others were taken over and are lost.
func (e *Engine[T]) renewed(h *hand, asked []loket.HeldLease, kept []int64, until time.Time) {
	keep := make(map[int64]bool, len(kept))
	for _, id := range kept {
		keep[id] = true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, a := range asked {
		l, still := h.held[a.ID]
		if !still || l.token != a.Token {
			continue
		}
		if keep[a.ID] {
			l.until = until
		} else {
			l.lost = true
			e.log.Warn("outbound lease lost; leaving the message to its new holder", "outbound", a.ID)
		}
		h.held[a.ID] = l
	}
}

// heartbeat renews the leases of the messages in hand every lease/3 until
// ctx is done, in one statement however many leases they are under. A
// message whose renewal comes back without it was taken over: it is
// marked lost and its chat stops sending. A failing store is retried on
// the next beat; meanwhile the lease runs down, and a message whose lease
// has less than a third left is not sent (hand.holds).
func (e *Engine[T]) heartbeat(ctx context.Context, h *hand) {
	t := time.NewTicker(e.cfg.SendLease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		until := e.clock.Now().Add(e.cfg.SendLease)
		asked := h.leases()
		if len(asked) == 0 {
			continue
		}
		kept, err := e.store.RenewOutbound(ctx, until, asked)
		if err != nil {
			e.log.Warn("renew outbound leases", "err", err, "messages", len(asked))
			continue
		}
		e.renewed(h, asked, kept, until)
	}
}
