package storetest

import (
	"testing"
	"time"

	"loket"
)

// testPreload covers PreloadConversations: what OpenConversation returns
// after it is what the database holds, also when a statement changed a
// preloaded chat in between, when the same chat opens twice, and for a
// chat not created yet.
func testPreload(t *testing.T, s Store) {
	ctx := ctxT(t)
	ids := openChats(t, s, "pa", "pb")
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
	// New chats preloaded together, one of which has a contact already
	// (kept: its conversation is created for it), and twice the same.
	var kept int64
	inTx(t, s, func(tx Tx) error {
		c := &loket.Contact{Channel: loket.ChannelWebChat, ChatID: "pd", Name: "Dewi", CreatedAt: t0}
		must(t, tx.SaveContact(ctx, c))
		kept = c.ID
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		must(t, tx.PreloadConversations(ctx, []loket.ChatKey{key("pe"), key("pd"), key("pf"), key("pe")}, t0))
		seen := map[int64]bool{}
		for _, chat := range []string{"pd", "pe", "pf"} {
			v, c, err := tx.OpenConversation(ctx, loket.ChannelWebChat, chat, t0)
			if err != nil {
				return err
			}
			if v.ID == 0 || c.ID != v.ContactID || c.ChatID != chat || v.ChatID != chat || seen[v.ID] || v.Version != 0 {
				t.Fatalf("new chat %s preloaded: %+v %+v", chat, v, c)
			}
			seen[v.ID] = true
			if chat == "pd" && (c.ID != kept || c.Name != "Dewi") {
				t.Fatalf("pd's contact, there before its conversation: %+v, want id %d named Dewi", c, kept)
			}
		}
		return nil
	})
}

// PreloadKept covers what keeps a preload valid: a read between two
// turns, the contact save of a turn (its own chat, already opened) and a
// write to another table (a vendor saved) leave the other preloaded
// chats to be opened without a statement; a conversation saved apart
// ends it. stmts counts the statements the store ran. A saved contact
// whose chat is still preloaded is read again (testPreload).
func PreloadKept(t *testing.T, s Store, stmts func() int64) {
	ctx := ctxT(t)
	openChats(t, s, "ka", "kb", "kc", "kd")
	inTx(t, s, func(tx Tx) error {
		must(t, tx.PreloadConversations(ctx, []loket.ChatKey{key("ka"), key("kb"), key("kc"), key("kd")}, t0))
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
		// A write to another table keeps it.
		must(t, tx.SaveVendor(ctx, &loket.Vendor{Name: "CV Uji Preload", Form: loket.FormCompany}))
		before = stmts()
		c, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "kc", t0)
		if err != nil {
			return err
		}
		if n := stmts() - before; n != 0 {
			t.Fatalf("kc after a vendor was saved: %d statements (want 0, preloaded)", n)
		}
		// A conversation saved apart ends it: kd is read again.
		c.State, c.UpdatedAt = []byte(`{"n":3}`), t0
		must(t, tx.SaveConversation(ctx, c))
		before = stmts()
		if _, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "kd", t0); err != nil {
			return err
		}
		if stmts() == before {
			t.Fatal("kd after a conversation was saved opened without a statement: the preload outlived a write to conversations")
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

// ContactSaveGathered covers SaveContact of a contact the transaction
// opened with its conversation: the update runs no statement of its own
// (it goes with the turns' writes, which it does not send apart), the
// later of two saves is what is kept, a read in the transaction sees it,
// and it is committed; stmts counts the statements the store ran. A
// contact the transaction did not open is updated at once (testContacts:
// a missing one fails there and then).
func ContactSaveGathered(t *testing.T, s Store, stmts func() int64) {
	ctx := ctxT(t)
	openChats(t, s, "ga", "gb")
	inTx(t, s, func(tx Tx) error {
		a, ca, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "ga", t0)
		if err != nil {
			return err
		}
		b, cb, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "gb", t0)
		if err != nil {
			return err
		}
		before := stmts()
		ca.Name, ca.Lang, ca.UpdatedAt = "Ani", loket.LangEN, t0.Add(time.Minute)
		must(t, tx.SaveContact(ctx, ca))
		a.State, a.UpdatedAt = []byte(`{"n":1}`), t0.Add(time.Minute)
		must(t, tx.WriteTurn(ctx, a, nil, loket.ActorBot))
		cb.Name, cb.Phone, cb.UpdatedAt = "Budi", "+628111", t0.Add(time.Minute)
		must(t, tx.SaveContact(ctx, cb))
		cb.Name = "Budi Santoso"
		must(t, tx.SaveContact(ctx, cb))
		b.State, b.UpdatedAt = []byte(`{"n":2}`), t0.Add(time.Minute)
		must(t, tx.WriteTurn(ctx, b, nil, loket.ActorBot))
		if n := stmts() - before; n != 0 {
			t.Fatalf("two turns with their contacts saved ran %d statements before the next read, want 0 (gathered)", n)
		}
		got, err := tx.ContactByAddress(ctx, loket.ChannelWebChat, "ga")
		if err != nil || got.Name != "Ani" || got.Lang != loket.LangEN {
			t.Fatalf("ga's contact read in the transaction: %+v %v", got, err)
		}
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		for chat, want := range map[string]loket.Contact{
			"ga": {Name: "Ani", Lang: loket.LangEN},
			"gb": {Name: "Budi Santoso", Phone: "+628111"},
		} {
			c, err := tx.ContactByAddress(ctx, loket.ChannelWebChat, chat)
			if err != nil || c.Name != want.Name || c.Lang != want.Lang || c.Phone != want.Phone || !c.UpdatedAt.Equal(t0.Add(time.Minute)) {
				t.Fatalf("%s's contact after commit: %+v %v, want %+v updated at %v", chat, c, err, want, t0.Add(time.Minute))
			}
		}
		return nil
	})
}

// key is a web chat's address.
func key(chat string) loket.ChatKey {
	return loket.ChatKey{Channel: loket.ChannelWebChat, ChatID: chat}
}

// openChats creates the conversations of web chats, in one transaction,
// and returns their IDs by chat.
func openChats(t *testing.T, s Store, chats ...string) map[string]int64 {
	t.Helper()
	ctx := ctxT(t)
	ids := map[string]int64{}
	inTx(t, s, func(tx Tx) error {
		for _, chat := range chats {
			conv, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, chat, t0)
			if err != nil {
				return err
			}
			ids[chat] = conv.ID
		}
		return nil
	})
	return ids
}

// OpenedAhead covers OpenConversationAhead: the conversation and contact
// OpenConversation returns after it are the chat's, with what the
// transaction changed before (a contact saved) and whatever the
// statement it travelled with was; a chat not there yet is created by
// OpenConversation as usual; a conversation saved apart in between is
// read again. trips, when not nil, counts the store's round trips: a
// store that pipelines then opens the chat ahead without one of its own.
func OpenedAhead(t *testing.T, s Store, trips func() int64) {
	ctx := ctxT(t)
	ids := openChats(t, s, "oa", "ob")
	inTx(t, s, func(tx Tx) error {
		must(t, tx.OpenConversationAhead(ctx, loket.ChannelWebChat, "oa"))
		before := int64(0)
		if trips != nil {
			before = trips()
		}
		if _, err := tx.ContactByAddress(ctx, loket.ChannelWebChat, "ob"); err != nil {
			return err
		}
		a, ca, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "oa", t0)
		if err != nil {
			return err
		}
		if a.ID != ids["oa"] || ca.ID != a.ContactID || ca.ChatID != "oa" {
			t.Fatalf("oa opened ahead: %+v %+v", a, ca)
		}
		if trips != nil {
			if n := trips() - before; n != 1 {
				t.Fatalf("a read and the chat opened ahead took %d round trips, want 1", n)
			}
		}
		// A new chat: nothing to open ahead, OpenConversation creates it.
		must(t, tx.OpenConversationAhead(ctx, loket.ChannelWebChat, "oc"))
		c, cc, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "oc", t0)
		if err != nil {
			return err
		}
		if c.ID == 0 || cc.ID != c.ContactID || cc.ChatID != "oc" {
			t.Fatalf("new chat oc opened after asking ahead: %+v %+v", c, cc)
		}
		// A conversation saved apart after the ask: read again, as saved.
		must(t, tx.OpenConversationAhead(ctx, loket.ChannelWebChat, "ob"))
		if _, err := tx.ContactByAddress(ctx, loket.ChannelWebChat, "oa"); err != nil {
			return err
		}
		saved, err := tx.ConversationForUpdate(ctx, loket.ChannelWebChat, "ob", t0)
		if err != nil {
			return err
		}
		saved.State, saved.UpdatedAt = []byte(`{"n":7}`), t0
		must(t, tx.SaveConversation(ctx, saved))
		b, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "ob", t0)
		if err != nil {
			return err
		}
		if b.ID != ids["ob"] || b.Version != saved.Version || string(b.State) != `{"n": 7}` && string(b.State) != `{"n":7}` {
			t.Fatalf("ob opened after a save apart: %+v, want version %d and the saved state", b, saved.Version)
		}
		return nil
	})
}
