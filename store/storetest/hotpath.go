package storetest

import (
	"testing"

	"loket"
)

// testHotPath covers the engine's batched calls: ClaimInbounds claims
// only what is not handled yet, OpenConversation creates a chat once and
// then returns it with its contact.
func testHotPath(t *testing.T, s Store) {
	ctx := ctxT(t)
	msgs := []loket.Inbound{
		{Channel: loket.ChannelWebChat, ExternalID: "h1", ChatID: "hot", Kind: loket.InText, Text: "a", ReceivedAt: t0},
		{Channel: loket.ChannelWebChat, ExternalID: "h2", ChatID: "hot", Kind: loket.InText, Text: "b", ReceivedAt: t0},
		{Channel: loket.ChannelWebChat, ExternalID: "h3", ChatID: "hot", Kind: loket.InText, Text: "c", ReceivedAt: t0},
	}
	rec, err := s.RecordInbound(ctx, msgs)
	if err != nil || len(rec) != 3 {
		t.Fatalf("record: %v %d", err, len(rec))
	}
	inTx(t, s, func(tx Tx) error {
		if ok, err := tx.ClaimInbound(ctx, rec[0].ID, t0); err != nil || !ok {
			t.Fatalf("claim one: %v %v", ok, err)
		}
		got, err := tx.ClaimInbounds(ctx, []int64{rec[0].ID, rec[1].ID, rec[2].ID, 999999}, t0)
		if err != nil {
			return err
		}
		if len(got) != 2 || got[rec[0].ID] || !got[rec[1].ID] || !got[rec[2].ID] {
			t.Fatalf("claimed %v, want the second and third only", got)
		}
		if again, err := tx.ClaimInbounds(ctx, []int64{rec[0].ID}, t0); err != nil || len(again) != 0 {
			t.Fatalf("second claim: %v %v", again, err)
		}
		if none, err := tx.ClaimInbounds(ctx, nil, t0); err != nil || len(none) != 0 {
			t.Fatalf("empty claim: %v %v", none, err)
		}
		conv, ct, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "hot", t0)
		if err != nil {
			return err
		}
		if conv.ContactID != ct.ID || ct.ChatID != "hot" || conv.ChatID != "hot" {
			t.Fatalf("new chat: conv %+v contact %+v", conv, ct)
		}
		ct.Name = "Budi"
		if err := tx.SaveContact(ctx, ct); err != nil {
			return err
		}
		conv2, ct2, err := tx.OpenConversation(ctx, loket.ChannelWebChat, "hot", t0)
		if err != nil {
			return err
		}
		if conv2.ID != conv.ID || ct2.ID != ct.ID || ct2.Name != "Budi" {
			t.Fatalf("existing chat: conv %+v contact %+v", conv2, ct2)
		}
		return nil
	})
	pending, err := s.PendingInbound(ctx, t0.Add(1), 10)
	if err != nil || len(pending) != 0 {
		t.Fatalf("pending after claims: %v %v", pending, err)
	}
}
