package loket

import (
	"testing"
	"time"
)

func TestTurnOutboundIsTheConversationsReplies(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	doc := &OutboundDocument{FileName: "tiket.pdf"}
	turn := &Turn{
		Conversation: &Conversation{ID: 7, Channel: ChannelWhatsApp, ChatID: "6281"},
		Now:          now, TicketID: 1001,
	}
	turn.Say(Reply{Text: "satu", Buttons: [][]Button{{{Label: "Menu", Data: "menu"}}}})
	turn.Say(Reply{Text: "dua", Document: doc})
	outs := turn.Outbound()
	if len(outs) != 2 {
		t.Fatalf("%d rows, want 2", len(outs))
	}
	for i, o := range outs {
		if o.Channel != ChannelWhatsApp || o.ChatID != "6281" || o.ConversationID != 7 || o.TicketID != 1001 ||
			!o.NextAttemptAt.Equal(now) || !o.CreatedAt.Equal(now) || o.Text != turn.Replies[i].Text {
			t.Errorf("row %d = %+v", i, o)
		}
	}
	if len(outs[0].Buttons) != 1 || outs[1].Document != doc {
		t.Errorf("buttons or document not carried: %+v, %+v", outs[0], outs[1])
	}
	if len((&Turn{Conversation: turn.Conversation, Now: now}).Outbound()) != 0 {
		t.Error("a turn without replies has rows")
	}
}
