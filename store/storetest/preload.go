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

// PreloadKept covers what keeps a preload valid: a read between two
// turns, and the contact save of a turn (its own chat, already opened),
// leave the other preloaded chats to be opened without a statement;
// stmts counts the statements the store ran. A saved contact whose chat
// is still preloaded is read again (testPreload).
func PreloadKept(t *testing.T, s Store, stmts func() int64) {
	ctx := ctxT(t)
	key := func(chat string) loket.ChatKey { return loket.ChatKey{Channel: loket.ChannelWebChat, ChatID: chat} }
	inTx(t, s, func(tx Tx) error {
		for _, chat := range []string{"ka", "kb", "kc"} {
			if _, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, chat, t0); err != nil {
				return err
			}
		}
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		must(t, tx.PreloadConversations(ctx, []loket.ChatKey{key("ka"), key("kb"), key("kc")}, t0))
		_, ca, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "ka", t0)
		if err != nil {
			return err
		}
		if _, err := tx.ContactByAddress(ctx, loket.ChannelWebChat, "zz-nobody"); err == nil {
			t.Fatal("a contact that was never created was found")
		}
		ca.Name = "Ani"
		must(t, tx.SaveContact(ctx, ca))
		before := stmts()
		b, cb, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "kb", t0)
		if err != nil {
			return err
		}
		if n := stmts() - before; n != 0 || cb.ChatID != "kb" || b.ContactID != cb.ID {
			t.Fatalf("kb after a read and ka's contact saved: %d statements (want 0, preloaded), %+v %+v", n, b, cb)
		}
		// A write of another kind ends the preload: kc is read again.
		must(t, tx.SaveVendor(ctx, &loket.Vendor{Name: "CV Uji Preload", Form: loket.FormCompany}))
		before = stmts()
		if _, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "kc", t0); err != nil {
			return err
		}
		if stmts() == before {
			t.Fatal("kc after a write opened without a statement: the preload outlived a write")
		}
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		c, err := tx.ContactByAddress(ctx, loket.ChannelWebChat, "ka")
		if err != nil || c.Name != "Ani" {
			t.Fatalf("ka's contact after commit: %+v %v", c, err)
		}
		return nil
	})
}
