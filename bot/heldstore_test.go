package bot_test

import (
	"context"
	"sync"
	"time"

	"loket"
	"loket/store/storetest"
)

// heldStore is a store whose next batch transaction, once armed, stops
// right after it wrote a turn's replies (leased to the batch, or queued
// behind an earlier reply of their chat; see Config.OneWriter),
// before it commits, and runs hold there: the test can let the sender
// finish what it has in hand and claim again while the batch's replies
// are not yet committed. It also notes when sent marks land and when the
// sender's claims start and end, in one sequence.
type heldStore struct {
	storetest.Store

	mu     sync.Mutex
	seq    int64
	hold   func(written []loket.Outbound) // run once, by the next turn written after arm
	landed map[int64]int64                // message id → seq when its sent mark returned
	claims []claimSpan                    // the sender's claims (outside a batch)
	taken  int                            // messages those claims leased
}

type claimSpan struct{ start, end int64 } // end 0: still running

func newHeldStore(st storetest.Store) *heldStore {
	return &heldStore{Store: st, landed: map[int64]int64{}}
}

func (s *heldStore) next() int64 { s.seq++; return s.seq }

// arm sets what the next turn written runs before its transaction goes on.
func (s *heldStore) arm(hold func(written []loket.Outbound)) {
	s.mu.Lock()
	s.hold = hold
	s.mu.Unlock()
}

func (s *heldStore) InTx(ctx context.Context, fn func(tx storetest.Tx) error) error {
	return s.Store.InTx(ctx, func(tx storetest.Tx) error { return fn(heldTx{Tx: tx, s: s}) })
}

func (s *heldStore) ClaimOutbound(ctx context.Context, ch loket.Channel, now time.Time, lease time.Duration, limit, perChat int) ([]loket.Outbound, error) {
	s.mu.Lock()
	i := len(s.claims)
	s.claims = append(s.claims, claimSpan{start: s.next()})
	s.mu.Unlock()
	out, err := s.Store.ClaimOutbound(ctx, ch, now, lease, limit, perChat)
	s.mu.Lock()
	s.claims[i].end = s.next()
	s.taken += len(out)
	s.mu.Unlock()
	return out, err
}

func (s *heldStore) OutboundSentBatch(ctx context.Context, marks []loket.SentMark) ([]int64, error) {
	landed, err := s.Store.OutboundSentBatch(ctx, marks)
	s.mu.Lock()
	at := s.next()
	for _, id := range landed {
		s.landed[id] = at
	}
	s.mu.Unlock()
	return landed, err
}

// claimedByTheSender is how many messages the sender's own claims leased.
func (s *heldStore) claimedByTheSender() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.taken
}

// claimCount is how many claims the sender started.
func (s *heldStore) claimCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.claims)
}

// marked reports whether the sent mark of id has landed.
func (s *heldStore) marked(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.landed[id]
	return ok
}

// claimsAfterMark counts the claims of the sender that started after the
// sent mark of id landed (none before it landed).
func (s *heldStore) claimsAfterMark(id int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.landed[id]
	if !ok {
		return 0
	}
	n := 0
	for _, c := range s.claims {
		if c.start > at {
			n++
		}
	}
	return n
}

// heldTx is a batch transaction of a heldStore.
type heldTx struct {
	storetest.Tx
	s *heldStore
}

// WriteTurn writes the turn and, once armed, makes the store write it
// now (a store may send it with the transaction's next statement: one is
// sent here) and runs hold with the replies as written.
func (tx heldTx) WriteTurn(ctx context.Context, conv *loket.Conversation, replies []*loket.Outbound, actor loket.ActorType) error {
	if err := tx.Tx.WriteTurn(ctx, conv, replies, actor); err != nil {
		return err
	}
	tx.s.mu.Lock()
	hold := tx.s.hold
	tx.s.hold = nil
	tx.s.mu.Unlock()
	if hold == nil {
		return nil
	}
	if _, err := tx.Tx.ContactByAddress(ctx, conv.Channel, conv.ChatID); err != nil {
		return err
	}
	written := make([]loket.Outbound, len(replies))
	for i, r := range replies {
		written[i] = *r
	}
	hold(written)
	return nil
}
