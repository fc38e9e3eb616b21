package sqlstore

import (
	"context"
	"time"

	"loket"
)

// ClaimBatch claims the messages of a batch (ClaimInbounds) and preloads
// the conversations of the chats of those it claimed (PreloadConversations,
// new chats created). On PostgreSQL, outside a savepoint, the claim is not
// waited for: it travels with the transaction's BEGIN and the read of the
// conversations of every chat of the batch, in one round trip, so a
// conversation whose message was not claimed (handled already) may be
// read and locked along with the others until the transaction ends.
func (tx *Tx) ClaimBatch(ctx context.Context, batch []loket.Inbound, at time.Time) (map[int64]bool, error) {
	ids := make([]int64, len(batch))
	for i, m := range batch {
		ids[i] = m.ID
	}
	d, ok := tx.raw.(Deferrer)
	if !ok || tx.depth > 0 || !tx.d.WritingWith { // deferred, the claim must leave the queue in its own statement
		claimed, err := tx.ClaimInbounds(ctx, ids, at)
		if err != nil {
			return nil, err
		}
		return claimed, tx.PreloadConversations(ctx, chatsOf(batch, claimed), at)
	}
	tx.pre = nil
	if err := tx.flushTurns(ctx); err != nil { // the claim goes after what the transaction wrote before
		return nil, err
	}
	claimed := make(map[int64]bool, len(ids))
	q, args := tx.d.claimInbounds(ids, at)
	d.Defer(Deferred{Query: q, Args: args, Done: func(rs Rows) error { return tx.readClaimed(rs, nil, claimed) }})
	tx.deferConfigStamp(d) // the turns' ConfigStamp, in the same round trip
	got, err := tx.readOpened(ctx, chatsOf(batch, nil))
	if err != nil {
		return nil, err
	}
	return claimed, tx.keepOpened(ctx, chatsOf(batch, claimed), got, at)
}

// chatsOf lists the chats of the messages of batch, each once, in batch
// order: all of them when claimed is nil, else those of the claimed ones.
func chatsOf(batch []loket.Inbound, claimed map[int64]bool) []loket.ChatKey {
	chats := make([]loket.ChatKey, 0, len(batch))
	seen := make(map[loket.ChatKey]bool, len(batch))
	for _, m := range batch {
		k := m.Chat()
		if (claimed == nil || claimed[m.ID]) && !seen[k] {
			seen[k] = true
			chats = append(chats, k)
		}
	}
	return chats
}
