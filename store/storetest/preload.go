package storetest

import (
	"testing"

	"loket"
)

// testPreload covers PreloadConversations: what OpenConversation returns
// after it is what the database holds, also when a statement changed a
// preloaded chat in between, when the same chat opens twice, and for a
// chat not created yet.
func testPreload(t *testing.T, s Store) {
	ctx := ctxT(t)
	key := func(chat string) loket.ChatKey { return loket.ChatKey{Channel: loket.ChannelWebChat, ChatID: chat} }
	ids := map[string]int64{}
	inTx(t, s, func(tx Tx) error {
		for _, chat := range []string{"pa", "pb"} {
			conv, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, chat, t0)
			if err != nil {
				return err
			}
			ids[chat] = conv.ID
		}
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		must(t, tx.PreloadConversations(ctx, []loket.ChatKey{key("pa"), key("pb"), key("pc")}, t0))
		a, ca, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "pa", t0)
		if err != nil {
			return err
		}
		if a.ID != ids["pa"] || ca.ID != a.ContactID || ca.ChatID != "pa" {
			t.Fatalf("preloaded pa: %+v %+v", a, ca)
		}
		a.State, a.UpdatedAt = []byte(`{"n":1}`), t0
		must(t, tx.WriteTurn(ctx, a, nil, loket.ActorBot))
		// Another statement changes pb's contact: pb is read again.
		cb, err := tx.ContactByAddress(ctx, loket.ChannelWebChat, "pb")
		if err != nil {
			return err
		}
		cb.Name = "Sari"
		must(t, tx.SaveContact(ctx, cb))
		b, cb2, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "pb", t0)
		if err != nil {
			return err
		}
		if b.ID != ids["pb"] || cb2.Name != "Sari" {
			t.Fatalf("pb after a change: %+v %+v", b, cb2)
		}
		// The same chat again: its turn's write shows.
		a2, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "pa", t0)
		if err != nil {
			return err
		}
		if a2.ID != a.ID || a2.Version != a.Version || string(a2.State) != `{"n": 1}` && string(a2.State) != `{"n":1}` {
			t.Fatalf("pa opened again: %+v, want version %d and the saved state", a2, a.Version)
		}
		c, cc, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "pc", t0)
		if err != nil {
			return err
		}
		if c.ID == 0 || cc.ID != c.ContactID {
			t.Fatalf("new chat pc: %+v %+v", c, cc)
		}
		return nil
	})
	// Only the preloaded chats' first opening skips the database: a second
	// transaction sees all of the first.
	inTx(t, s, func(tx Tx) error {
		must(t, tx.PreloadConversations(ctx, []loket.ChatKey{key("pa"), key("pb")}, t0))
		a, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "pa", t0)
		if err != nil {
			return err
		}
		b, cb, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "pb", t0)
		if err != nil {
			return err
		}
		if string(a.State) != `{"n": 1}` && string(a.State) != `{"n":1}` || cb.Name != "Sari" || b.ID != ids["pb"] {
			t.Fatalf("next transaction: %+v %+v %+v", a, b, cb)
		}
		return nil
	})
}
