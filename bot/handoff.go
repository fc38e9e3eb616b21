package bot

import (
	"sync"
	"time"

	"loket"
)

// outState is what a channel's sender shares with the shards: the
// messages in hand, and what starts the sends of the replies a batch
// wrote leased to it (see preLease).
type outState struct {
	hand *hand
	owed *owed // the messages queued unleased, to look for when their chats have nothing in hand

	mu      sync.Mutex
	start   func([]loket.Outbound) // starts the sends of leased replies; nil while the sender is not running
	waiting [][]loket.Outbound     // leased replies handed over before the sender ran
}

func newOutState() *outState { return &outState{hand: newHand(), owed: newOwed()} }

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

// txLease is the lease a batch transaction writes its replies under:
// a Direct channel's always (see Direct), and those of a channel whose
// sender runs here, as far as its hand has room.
type txLease struct {
	token int64
	room  map[loket.Channel]int // replies each sender can still take from this transaction
}

// newTxLease is the lease of one run of a transaction (a retried run
// writes everything again, under a lease of its own).
func newTxLease() *txLease {
	return &txLease{token: loket.NewLeaseToken(), room: map[loket.Channel]int{}}
}

// preLease writes a reply leased to its transaction, due when that lease
// ends. A Direct channel's reply is delivered by the engine after the
// commit (see Direct). A reply of a channel whose sender is active
// here, with room in its hand, is written as that sender's claim would
// lease it (its first attempt counted) and its send starts after the
// commit, without a claim: a claim is a transaction of its own (on
// SQLite a second wait for the one writer; on PostgreSQL its candidates,
// order check, lease update and commit, four round trips and a WAL
// flush for each wake of the sender). The store queues a reply behind
// an earlier one of its chat as usual instead (unleased): the sender,
// woken after the commit, claims it in order. On PostgreSQL a turn sees
// its chat's earlier replies committed (the conversation's lock orders
// a chat's turns); a reply another writer (an agent, a job) has not yet
// committed is not seen, and the two, written at the same moment, may
// reach the chat in either order, as they may through the claims.
func (e *Engine[T]) preLease(out *loket.Outbound, l *txLease, now time.Time) {
	if _, ok := e.direct[out.Channel]; ok {
		out.LeaseToken, out.NextAttemptAt = l.token, now.Add(e.cfg.SendLease)
		return
	}
	st, ok := e.outs[out.Channel]
	if !ok {
		return
	}
	if a, standby := e.senders[out.Channel].(Standby); standby && !a.Active() {
		return // the channel's outbox is the active replica's
	}
	room, counted := l.room[out.Channel]
	if !counted {
		room = e.cfg.SendInHand - st.hand.size()
	}
	if room <= 0 {
		l.room[out.Channel] = 0
		return
	}
	l.room[out.Channel] = room - 1
	out.LeaseToken, out.NextAttemptAt, out.Attempts = l.token, now.Add(e.cfg.SendLease), 1
}

// afterCommit hands a transaction's replies on: when it committed, those
// still leased to it go to their channel's direct delivery or, leased to
// a sender, are returned by channel for handOver; for the others it
// returns the messages whose senders must be woken.
func (e *Engine[T]) afterCommit(outs []*loket.Outbound, committed bool) (touched []*loket.Outbound, leased map[loket.Channel][]loket.Outbound) {
	leased = map[loket.Channel][]loket.Outbound{}
	for _, o := range outs {
		d, direct := e.direct[o.Channel]
		switch {
		case o.LeaseToken != 0 && direct:
			if committed {
				d.put(*o)
			}
			continue
		case o.LeaseToken != 0:
			if committed {
				leased[o.Channel] = append(leased[o.Channel], *o)
			}
			continue
		case direct:
			d.behind.Store(true) // before the wake below
		}
		touched = append(touched, o)
	}
	return touched, leased
}

// handOver wakes the senders of the channels a committed batch queued
// replies for unleased (behind an earlier reply of their chat, or past
// the room in hand), and starts the sends of the replies it wrote leased
// to them.
func (e *Engine[T]) handOver(touched []*loket.Outbound, leased map[loket.Channel][]loket.Outbound) {
	e.wakeFor(touched)
	for ch, msgs := range leased {
		st := e.outs[ch]
		for _, m := range msgs {
			st.hand.add(m.ID, m.LeaseToken, m.ChatID, m.NextAttemptAt)
		}
		st.give(msgs)
	}
}
