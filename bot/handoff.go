package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"loket"
)

// outState is what a channel's sender shares with the shards: the
// messages in hand, and what starts the sends of the replies a batch
// leased for it (see Config.ClaimInBatch).
type outState struct {
	hand *hand

	mu      sync.Mutex
	start   func([]loket.Outbound) // starts the sends of leased replies; nil while the sender is not running
	waiting [][]loket.Outbound     // leased replies handed over before the sender ran
}

func newOutState() *outState { return &outState{hand: newHand()} }

// serve sets what starts the sends of leased replies (nil: the sender
// stopped) and starts those that waited for it.
func (st *outState) serve(start func([]loket.Outbound)) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.start = start
	if start != nil {
		for _, msgs := range st.waiting {
			start(msgs)
		}
		st.waiting = nil
	}
}

// give starts the sends of msgs, leased and in hand, or keeps them for
// the sender to start when it runs (the shards start before it).
func (st *outState) give(msgs []loket.Outbound) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.start == nil {
		st.waiting = append(st.waiting, msgs)
		return
	}
	st.start(msgs)
}

// batchClaims are the replies a batch's transaction leased, by channel,
// with when the leases were taken.
type batchClaims struct {
	at    time.Time
	chats map[loket.Channel]map[string]bool // the chats the batch wrote replies to
	msgs  map[loket.Channel][]loket.Outbound
	full  map[loket.Channel]bool // the claim was skipped for want of room, or took all the room there was
	held  map[loket.Channel]bool // the claim locked replies it did not lease (see Tx.ClaimOutbound)
}

// claimInBatch leases, inside the batch's transaction, the due replies of
// the channels the batch wrote to, as the sender's own claim would (order
// per chat, at most sendPerChat of one chat, no more than the sender has
// room for). A Direct channel delivers its own; a channel whose sender is
// on standby is left to its sender.
func (e *Engine[T]) claimInBatch(ctx context.Context, tx T, outs []*loket.Outbound) (batchClaims, error) {
	bc := batchClaims{at: e.clock.Now(), chats: map[loket.Channel]map[string]bool{},
		msgs: map[loket.Channel][]loket.Outbound{}, full: map[loket.Channel]bool{}, held: map[loket.Channel]bool{}}
	if !e.cfg.ClaimInBatch {
		return bc, nil
	}
	for _, o := range outs {
		if _, direct := e.direct[o.Channel]; direct {
			continue
		}
		if bc.chats[o.Channel] == nil {
			bc.chats[o.Channel] = map[string]bool{}
		}
		bc.chats[o.Channel][o.ChatID] = true
	}
	for ch := range bc.chats {
		st, ok := e.outs[ch]
		if a, standby := e.senders[ch].(Standby); !ok || standby && !a.Active() {
			continue
		}
		room := sendInHand - st.hand.size()
		if room <= 0 {
			bc.full[ch] = true
			continue
		}
		msgs, held, err := tx.ClaimOutbound(ctx, ch, bc.at, e.cfg.SendLease, room, sendPerChat)
		if err != nil {
			return bc, fmt.Errorf("claim the batch's replies on %s: %w", ch, err)
		}
		bc.msgs[ch], bc.full[ch], bc.held[ch] = msgs, len(msgs) == room, held
	}
	return bc, nil
}

// handOver starts the sends of the committed batch's leased replies, and
// wakes the sender of a channel where the batch left a reply unleased
// (its chat had an earlier one in hand, or there was no room): the
// sender's claim after the wake, or the one after that chat's group in
// hand ends, takes it. A claim that locked replies it did not lease (any
// chat's: where writers run side by side, a candidate whose chat another
// claimer held) wakes the sender too: its claims skipped them until now,
// and the group whose end would have brought the next claim may have
// ended while the batch was still open.
func (e *Engine[T]) handOver(bc batchClaims, touched map[loket.Channel]bool) {
	for ch := range touched {
		st, msgs, chats := e.outs[ch], bc.msgs[ch], bc.chats[ch]
		if st == nil || len(msgs) == 0 || bc.full[ch] || bc.held[ch] || !e.cfg.ClaimInBatch {
			e.Wake(ch)
		} else {
			took := map[string]int{}
			for _, m := range msgs {
				took[m.ChatID]++
			}
			for chat := range chats {
				if n := took[chat]; n == 0 || n == sendPerChat { // held back, or more may follow
					e.Wake(ch)
					break
				}
			}
		}
		if st == nil || len(msgs) == 0 {
			continue
		}
		for _, m := range msgs {
			st.hand.add(m.ID, m.LeaseToken, bc.at.Add(e.cfg.SendLease))
		}
		st.give(msgs)
	}
}
