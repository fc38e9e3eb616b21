package storetest

import (
	"testing"

	"loket"
)

// testClaimBatch covers ClaimBatch: it claims what is not handled yet and
// hands out the conversations of the claimed messages' chats, a chat seen
// before as it is and a new one created with its contact; the claim and
// the creations are undone with the transaction.
func testClaimBatch(t *testing.T, s Store) {
	ctx := ctxT(t)
	in := func(ext, chat string) loket.Inbound {
		return loket.Inbound{Channel: loket.ChannelWebChat, ExternalID: ext, ChatID: chat, Kind: loket.InText, Text: "x", ReceivedAt: t0}
	}
	rec, err := s.RecordInbound(ctx, []loket.Inbound{in("cb1", "cb-old"), in("cb2", "cb-old"), in("cb3", "cb-new"), in("cb4", "cb-done")})
	if err != nil || len(rec) != 4 {
		t.Fatalf("record: %v %d", err, len(rec))
	}
	var old int64
	inTx(t, s, func(tx Tx) error {
		conv, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "cb-old", t0)
		if err != nil {
			return err
		}
		old = conv.ID
		conv.State, conv.UpdatedAt = []byte(`{"n":1}`), t0
		if err := tx.SaveConversation(ctx, conv); err != nil {
			return err
		}
		_, err = tx.ClaimInbound(ctx, rec[3].ID, t0)
		return err
	})
	claim := func(tx Tx) map[int64]bool {
		got, err := tx.ClaimBatch(ctx, rec, t0)
		if err != nil {
			t.Fatalf("claim batch: %v", err)
		}
		if len(got) != 3 || !got[rec[0].ID] || !got[rec[1].ID] || !got[rec[2].ID] || got[rec[3].ID] {
			t.Fatalf("claimed %v, want the first three", got)
		}
		return got
	}
	// Undone: nothing claimed, no chat created.
	errUndo := loket.Errorf(loket.EInvalid, "undo")
	if err := s.InTx(ctx, func(tx Tx) error { claim(tx); return errUndo }); err != errUndo {
		t.Fatalf("rolled back batch: %v", err)
	}
	inTx(t, s, func(tx Tx) error {
		if _, err := tx.ContactByAddress(ctx, loket.ChannelWebChat, "cb-new"); loket.ErrorCode(err) != loket.ENotFound {
			t.Fatalf("contact of the new chat after a rollback: %v", err)
		}
		return nil
	})
	inTx(t, s, func(tx Tx) error {
		claim(tx)
		a, _, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "cb-old", t0)
		if err != nil {
			return err
		}
		if a.ID != old || a.Version != 1 || len(a.State) == 0 {
			t.Fatalf("chat seen before: %+v", a)
		}
		n, c, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "cb-new", t0)
		if err != nil {
			return err
		}
		if n.ID == 0 || n.ContactID != c.ID || c.ChatID != "cb-new" || n.Version != 0 {
			t.Fatalf("new chat: %+v %+v", n, c)
		}
		if again, err := tx.ClaimInbounds(ctx, []int64{rec[0].ID, rec[2].ID}, t0); err != nil || len(again) != 0 {
			t.Fatalf("claimed twice: %v %v", again, err)
		}
		return nil
	})
}
