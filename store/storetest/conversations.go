package storetest

import (
	"sync"
	"testing"

	"loket"
)

func testConversations(t *testing.T, s Store) {
	ctx := ctxT(t)
	var first *loket.Conversation
	inTx(t, s, func(tx Tx) error {
		c, err := tx.ConversationForUpdate(ctx, loket.ChannelWhatsApp, "6281", t0)
		must(t, err)
		if c.ID == 0 || c.ContactID == 0 || c.Version != 0 || c.State != nil || !c.CreatedAt.Equal(t0) {
			t.Fatalf("new conversation = %+v", c)
		}
		c.State = []byte(`{"flow":"guide","step":2}`)
		must(t, tx.SaveConversation(ctx, c))
		if c.Version != 1 {
			t.Fatalf("version after save = %d", c.Version)
		}
		first = c
		contact, err := tx.ContactByID(ctx, c.ContactID)
		must(t, err)
		if contact.Channel != loket.ChannelWhatsApp || contact.ChatID != "6281" {
			t.Fatalf("contact = %+v", contact)
		}
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		c, err := tx.ConversationForUpdate(ctx, loket.ChannelWhatsApp, "6281", t0)
		must(t, err)
		if c.ID != first.ID || c.Version != 1 || len(c.State) == 0 {
			t.Fatalf("reloaded = %+v", c)
		}
		// A stale version is refused.
		stale := *c
		stale.Version = 0
		wantErr(t, tx.SaveConversation(ctx, &stale), loket.ErrConflict)
		return nil
	})
	err := s.InTx(ctx, func(tx Tx) error { return tx.SaveConversation(ctx, &loket.Conversation{ID: 987654}) })
	wantErr(t, err, loket.ErrNotFound)

	// Concurrent first messages of a new chat create one conversation; the
	// lock serialises the read-modify-write of the version.
	var mu sync.Mutex
	ids := map[int64]bool{}
	errs := race(4, func(int) error {
		return s.InTx(ctx, func(tx Tx) error {
			c, err := tx.ConversationForUpdate(ctx, loket.ChannelTelegram, "new-chat", t0)
			if err != nil {
				return err
			}
			mu.Lock()
			ids[c.ID] = true
			mu.Unlock()
			return tx.SaveConversation(ctx, c)
		})
	})
	for _, err := range errs {
		must(t, err)
	}
	inTx(t, s, func(tx Tx) error {
		c, err := tx.ConversationForUpdate(ctx, loket.ChannelTelegram, "new-chat", t0)
		must(t, err)
		if len(ids) != 1 || c.Version != 4 {
			t.Fatalf("ids=%v version=%d, want one conversation at version 4", ids, c.Version)
		}
		return nil
	})
}

func testContacts(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		c := &loket.Contact{Channel: loket.ChannelTelegram, ChatID: "42", Name: "Sari", Phone: "+6281234", Lang: loket.LangEN, CreatedAt: t0}
		must(t, tx.SaveContact(ctx, c))
		c.Name, c.Unreachable, c.UpdatedAt = "Sari W", true, t0.Add(1)
		must(t, tx.SaveContact(ctx, c))
		got, err := tx.ContactByAddress(ctx, loket.ChannelTelegram, "42")
		must(t, err)
		if got.ID != c.ID || got.Name != "Sari W" || !got.Unreachable || got.Lang != loket.LangEN || got.Phone != "+6281234" || got.VendorID != 0 {
			t.Fatalf("contact = %+v", got)
		}
		_, err = tx.ContactByID(ctx, 123456)
		wantErr(t, err, loket.ErrNotFound)
		_, err = tx.ContactByAddress(ctx, loket.ChannelWhatsApp, "42")
		wantErr(t, err, loket.ErrNotFound)
		wantErr(t, tx.SaveContact(ctx, &loket.Contact{ID: 123456, Channel: loket.ChannelTelegram, ChatID: "x"}), loket.ErrNotFound)
		return nil
	})
}
