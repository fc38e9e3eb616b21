package storetest

import (
	"fmt"
	"testing"

	"loket"
)

// testWriteTurnMany writes more replies in one transaction than a store
// puts in one statement (SQLite gathers them, 512 rows a statement): every
// reply is queued, with ids in the order written, and each conversation's
// state saved.
func testWriteTurnMany(t *testing.T, s Store) {
	ctx := ctxT(t)
	const n = 1203
	var outs []*loket.Outbound
	inTx(t, s, func(tx Tx) error {
		for _, chat := range []string{"many-a", "many-b", "many-c"} {
			conv, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, chat, t0)
			if err != nil {
				return err
			}
			conv.State, conv.UpdatedAt = []byte(`{"step":"`+chat+`"}`), t0
			var turn []*loket.Outbound
			for i := range n / 3 {
				turn = append(turn, &loket.Outbound{Channel: loket.ChannelWebChat, ChatID: chat, ConversationID: conv.ID,
					Text: fmt.Sprintf("%s %d", chat, i), CreatedAt: t0})
			}
			if err := tx.WriteTurn(ctx, conv, turn, loket.ActorBot); err != nil {
				return err
			}
			outs = append(outs, turn...)
		}
		return nil
	})
	for i, o := range outs {
		if o.ID == 0 || i > 0 && o.ID <= outs[i-1].ID {
			t.Fatalf("reply %d has id %d after %d", i, o.ID, outs[max(i-1, 0)].ID)
		}
	}
	for _, i := range []int{0, 511, 512, 800, n - 1} {
		got, err := s.OutboundByID(ctx, outs[i].ID)
		if err != nil || got.Text != outs[i].Text || got.Status != loket.OutQueued {
			t.Fatalf("reply %d read back: %+v %v", i, got, err)
		}
	}
	inTx(t, s, func(tx Tx) error {
		conv, err := tx.ConversationForUpdate(ctx, loket.ChannelWebChat, "many-c", t0)
		if err == nil && string(conv.State) != `{"step":"many-c"}` && string(conv.State) != `{"step": "many-c"}` {
			t.Errorf("state of many-c: %s", conv.State)
		}
		return err
	})
}
