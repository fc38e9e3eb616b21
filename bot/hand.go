package bot

import (
	"context"
	"sync"
	"time"
)

// hand is the outbox messages a sender holds: their lease tokens, renewed
// by a heartbeat while they are in hand, and those whose lease was lost
// (taken over by another replica: not ours to send any more).
type hand struct {
	mu    sync.Mutex
	held  map[int64]int64 // message id → lease token
	lost  map[int64]bool
	freed chan struct{} // a chat's messages left the hand: room to claim
}

func newHand() *hand {
	return &hand{held: map[int64]int64{}, lost: map[int64]bool{}, freed: make(chan struct{}, 1)}
}

func (h *hand) add(id, token int64) {
	h.mu.Lock()
	h.held[id] = token
	h.mu.Unlock()
}

func (h *hand) drop(ids ...int64) {
	h.mu.Lock()
	for _, id := range ids {
		delete(h.held, id)
		delete(h.lost, id)
	}
	h.mu.Unlock()
	select {
	case h.freed <- struct{}{}:
	default:
	}
}

func (h *hand) size() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.held)
}

func (h *hand) isLost(id int64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lost[id]
}

// byToken groups the held messages by lease token.
func (h *hand) byToken() map[int64][]int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[int64][]int64{}
	for id, tok := range h.held {
		if !h.lost[id] {
			out[tok] = append(out[tok], id)
		}
	}
	return out
}

// heartbeat renews the leases of the messages in hand every lease/3 until
// ctx is done. A message whose renewal comes back without it was taken
// over: it is marked lost and its chat stops sending. A failing store is
// retried on the next beat (the lease still runs for 2/3 of its time).
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
		for tok, ids := range h.byToken() {
			kept, err := e.store.RenewOutbound(ctx, tok, until, ids)
			if err != nil {
				e.log.Warn("renew outbound leases", "err", err, "messages", len(ids))
				continue
			}
			keep := make(map[int64]bool, len(kept))
			for _, id := range kept {
				keep[id] = true
			}
			h.mu.Lock()
			for _, id := range ids {
				if _, still := h.held[id]; still && !keep[id] {
					h.lost[id] = true
					e.log.Warn("outbound lease lost; leaving the message to its new holder", "outbound", id)
				}
			}
			h.mu.Unlock()
		}
	}
}
