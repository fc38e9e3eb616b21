package whatsapp

import (
	"context"
	"slices"
	"testing"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"loket"
)

// running starts Run on a paired, connectable client and waits until it
// is connected.
func running(t *testing.T, cli *fakeClient, sink *fakeSink) *Channel {
	t.Helper()
	c, _ := testChannel(t, Config{}, cli, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- c.Run(ctx, sink) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v", err)
		}
	})
	waitFor(t, "connect", cli.IsConnected)
	return c
}

func text(id, s string) *events.Message {
	return msgEvent(id, vendorPN, &waE2E.Message{Conversation: proto.String(s)})
}

func TestReceiveAcceptsThenAcksAndMarksRead(t *testing.T) {
	cli := connectedClient()
	cli.connected = false
	sink := &fakeSink{}
	c := running(t, cli, sink)
	if !c.handleEvent(text("M1", "halo")) {
		t.Fatal("handler reported failure for a recorded message (it would not be acked)")
	}
	got := sink.accepted()
	if len(got) != 1 || got[0].ExternalID != "6281234567890@s.whatsapp.net/6281234567890@s.whatsapp.net/M1" || got[0].Text != "halo" {
		t.Fatalf("accepted %+v", got)
	}
	waitFor(t, "read receipt", func() bool { return slices.Equal(cli.readIDs(), []types.MessageID{"M1"}) })

	group := text("G1", "x")
	group.Info.Chat, group.Info.IsGroup = types.NewJID("1203630", types.GroupServer), true
	if !c.handleEvent(group) || len(sink.accepted()) != 1 {
		t.Error("a group message must be acked and ignored")
	}
}

func TestReceiveRetriesInOrderWithoutAck(t *testing.T) {
	cli := connectedClient()
	cli.connected = false
	sink := &fakeSink{failN: 3} // first Accept of M1 and two retries fail
	c := running(t, cli, sink)
	if c.handleEvent(text("M1", "satu")) {
		t.Fatal("handler acked a message that was not recorded")
	}
	if c.handleEvent(text("M2", "dua")) {
		t.Fatal("a message queued behind an unrecorded one was acked")
	}
	waitFor(t, "retries", func() bool { return len(sink.accepted()) == 2 })
	got := sink.accepted()
	if got[0].Text != "satu" || got[1].Text != "dua" {
		t.Errorf("order: %q, %q", got[0].Text, got[1].Text)
	}
	waitFor(t, "read receipts", func() bool { return len(cli.readIDs()) == 2 })
	// WhatsApp's redelivery of M1 (it was never acked) is accepted again:
	// the engine recognises the ExternalID; now the handler acks it.
	if !c.handleEvent(text("M1", "satu")) {
		t.Error("redelivered message not acked")
	}
	if n := len(sink.accepted()); n != 3 || sink.accepted()[2].ExternalID != got[0].ExternalID {
		t.Errorf("redelivery: accepted %d, want the same ExternalID again", n)
	}
}

func TestReceiveWithoutRunLeavesUnacked(t *testing.T) {
	c, _ := testChannel(t, Config{}, connectedClient(), nil)
	if c.handleEvent(text("M1", "halo")) {
		t.Error("acked a message with nobody to record it")
	}
}

func TestReceiveLIDChatUsesPhone(t *testing.T) {
	cli := connectedClient()
	cli.connected = false
	cli.lids = map[types.JID]types.JID{vendorLID: vendorPN}
	sink := &fakeSink{}
	c := running(t, cli, sink)
	c.handleEvent(msgEvent("L1", vendorLID, &waE2E.Message{Conversation: proto.String("halo")}))
	if got := sink.accepted(); len(got) != 1 || got[0].ChatID != "6281234567890@s.whatsapp.net" {
		t.Fatalf("accepted %+v", got)
	}
	if _, ok := c.known.Load("6281234567890@s.whatsapp.net"); !ok {
		t.Error("a chat that wrote is not remembered as on WhatsApp")
	}
	_ = loket.InText
}
