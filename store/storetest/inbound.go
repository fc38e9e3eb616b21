package storetest

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"loket"
)

func inbound(ext, chat string, at time.Time) loket.Inbound {
	return loket.Inbound{Channel: loket.ChannelTelegram, ExternalID: ext, ChatID: chat, SenderID: chat,
		SenderName: "Budi", LangHint: "id", Kind: loket.InText, Text: "halo " + ext, ReceivedAt: at}
}

func testInbound(t *testing.T, s Store) {
	ctx := ctxT(t)
	doc := inbound("d1", "c1", t0.Add(3*time.Second))
	doc.Kind, doc.Text, doc.ReplyTo = loket.InDocument, "akta", "m0"
	doc.Document = &loket.DocumentRef{FileID: "f1", FileName: "akta.pdf", MimeType: "application/pdf", Size: 1234}
	first := []loket.Inbound{inbound("m1", "c1", t0), inbound("m2", "c1", t0.Add(time.Second)), doc}
	got, err := s.RecordInbound(ctx, first)
	must(t, err)
	if len(got) != 3 || got[0].ExternalID != "m1" || got[2].ExternalID != "d1" || got[0].ID == 0 || got[0].ID == got[1].ID {
		t.Fatalf("first record = %+v", got)
	}
	// Redelivery (same channel + external id) is recognised; a new one among them is kept, in order.
	again := []loket.Inbound{inbound("m2", "c1", t0), inbound("m3", "c1", t0.Add(4*time.Second)), inbound("m1", "c1", t0)}
	got2, err := s.RecordInbound(ctx, again)
	must(t, err)
	if len(got2) != 1 || got2[0].ExternalID != "m3" {
		t.Fatalf("redelivery recorded: %+v", got2)
	}
	// Same external id on another channel is a different message.
	wa := inbound("m1", "c1", t0)
	wa.Channel = loket.ChannelWhatsApp
	got3, err := s.RecordInbound(ctx, []loket.Inbound{wa})
	must(t, err)
	if len(got3) != 1 {
		t.Fatalf("other channel not recorded")
	}

	pending, err := s.PendingInbound(ctx, t0.Add(time.Hour), 10)
	must(t, err)
	if len(pending) != 5 {
		t.Fatalf("pending = %d, want 5", len(pending))
	}
	// Every field round-trips.
	var back loket.Inbound
	for _, p := range pending {
		if p.ExternalID == "d1" {
			back = p
		}
	}
	want := got[2]
	if !reflect.DeepEqual(back, want) {
		t.Fatalf("round trip:\n got %+v %+v\nwant %+v %+v", back, back.Document, want, want.Document)
	}
	before, err := s.PendingInbound(ctx, t0.Add(time.Second), 10)
	must(t, err)
	if len(before) != 2 || before[0].ExternalID != "m1" {
		t.Fatalf("pending before t0+1s = %+v", before)
	}

	// ClaimInbound succeeds once.
	inTx(t, s, func(tx Tx) error {
		ok, err := tx.ClaimInbound(ctx, got[0].ID, t0)
		must(t, err)
		ok2, err := tx.ClaimInbound(ctx, got[0].ID, t0)
		must(t, err)
		if !ok || ok2 {
			t.Fatalf("claims = %v, %v", ok, ok2)
		}
		return nil
	})
	// InboundFailed: handled after the last allowed attempt.
	id := got[1].ID
	for i := 0; i < 3; i++ {
		inTx(t, s, func(tx Tx) error { return tx.InboundFailed(ctx, id, fmt.Sprintf("fail %d", i), 3, t0) })
		p, err := s.PendingInbound(ctx, t0.Add(time.Hour), 10)
		must(t, err)
		still := false
		for _, m := range p {
			still = still || m.ID == id
		}
		if still != (i < 2) {
			t.Fatalf("after %d failures pending=%v", i+1, still)
		}
	}
	err = s.InTx(ctx, func(tx Tx) error { return tx.InboundFailed(ctx, 999999, "x", 3, t0) })
	wantErr(t, err, loket.ErrNotFound)
}

func testInboundConcurrentClaim(t *testing.T, s Store) {
	ctx := ctxT(t)
	got, err := s.RecordInbound(ctx, []loket.Inbound{inbound("x1", "c", t0)})
	must(t, err)
	var wins atomic.Int32
	errs := race(6, func(int) error {
		return s.InTx(ctx, func(tx Tx) error {
			ok, err := tx.ClaimInbound(ctx, got[0].ID, t0)
			if ok {
				wins.Add(1)
			}
			return err
		})
	})
	for _, err := range errs {
		must(t, err)
	}
	if wins.Load() != 1 {
		t.Fatalf("claimed %d times", wins.Load())
	}
	// Redelivered concurrently: recorded once.
	var recorded atomic.Int32
	errs = race(4, func(int) error {
		got, err := s.RecordInbound(ctx, []loket.Inbound{inbound("y1", "c", t0)})
		recorded.Add(int32(len(got)))
		return err
	})
	for _, err := range errs {
		must(t, err)
	}
	if recorded.Load() != 1 {
		t.Fatalf("recorded %d times", recorded.Load())
	}
}
