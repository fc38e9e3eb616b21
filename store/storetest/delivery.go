package storetest

import (
	"testing"
	"time"

	"loket"
)

// testOutboxDelivery: receipts move a sent message forward only
// (sent → delivered → read), a failure keeps its reason, an unknown or
// unsent id changes nothing.
func testOutboxDelivery(t *testing.T, s Store) {
	ctx := ctxT(t)
	a, b, q := out(loket.ChannelWhatsApp, "62811", "a"), out(loket.ChannelWhatsApp, "62811", "b"), out(loket.ChannelWhatsApp, "62812", "q")
	a.Kind = loket.KindRemindDay
	enqueue(t, s, a, b, q)
	must(t, s.OutboundSent(ctx, a.ID, 0, "wamid.A", t0))
	must(t, s.OutboundSent(ctx, b.ID, 0, "wamid.B", t0))
	status := func(id int64) loket.Outbound {
		m, err := s.OutboundByID(ctx, id)
		must(t, err)
		return *m
	}
	apply := func(ext string, st loket.OutboundStatus, reason string, wantID int64) {
		t.Helper()
		id, err := s.OutboundDelivery(ctx, loket.ChannelWhatsApp, ext, st, reason)
		must(t, err)
		if id != wantID {
			t.Fatalf("receipt %s %s: id %d, want %d", ext, st, id, wantID)
		}
	}
	apply("wamid.A", loket.OutRead, "", a.ID) // read before delivered (receipts cross)
	apply("wamid.A", loket.OutDelivered, "", 0)
	if m := status(a.ID); m.Status != loket.OutRead || m.Kind != loket.KindRemindDay {
		t.Fatalf("after read then delivered: %s", m.Status)
	}
	apply("wamid.B", loket.OutDelivered, "", b.ID)
	apply("wamid.B", loket.OutFailed, "131026 Message undeliverable", b.ID)
	if m := status(b.ID); m.Status != loket.OutFailed || m.LastError != "131026 Message undeliverable" {
		t.Fatalf("failed receipt: %+v", m)
	}
	apply("wamid.unknown", loket.OutDelivered, "", 0)
	apply("wamid.A", loket.OutFailed, "late", 0) // read is final
	if m := status(q.ID); m.Status != loket.OutQueued {
		t.Fatalf("queued message touched: %s", m.Status)
	}
	last, err := s.LastInboundAt(ctx, loket.ChannelWhatsApp, "62811")
	must(t, err)
	if !last.IsZero() {
		t.Fatalf("last inbound of a chat that never wrote: %v", last)
	}
	_, err = s.RecordInbound(ctx, []loket.Inbound{
		{Channel: loket.ChannelWhatsApp, ExternalID: "w1", ChatID: "62811", Kind: loket.InText, Text: "a", ReceivedAt: t0},
		{Channel: loket.ChannelWhatsApp, ExternalID: "w2", ChatID: "62811", Kind: loket.InText, Text: "b", ReceivedAt: t0.Add(time.Hour)},
		{Channel: loket.ChannelWhatsApp, ExternalID: "w3", ChatID: "62899", Kind: loket.InText, Text: "c", ReceivedAt: t0.Add(2 * time.Hour)},
	})
	must(t, err)
	if last, err = s.LastInboundAt(ctx, loket.ChannelWhatsApp, "62811"); err != nil || !last.Equal(t0.Add(time.Hour)) {
		t.Fatalf("last inbound = %v, %v; want %v", last, err, t0.Add(time.Hour))
	}
	if _, err := s.OutboundDelivery(ctx, loket.ChannelWhatsApp, "wamid.A", loket.OutSent, ""); err == nil {
		t.Fatal("a receipt of status sent was accepted")
	}
}
