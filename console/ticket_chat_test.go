package console

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// TestTicketShowsTheChat: what the vendor wrote that never reached the
// ticket (a question the bot answered, what came before the ticket) is
// on the ticket page, in the chat's card, a pressed button by its label.
func TestTicketShowsTheChat(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	at := e.clock.Now().Add(-time.Hour)
	e.tx(func(tx storetest.Tx) error {
		return tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: e.contact.Channel, ChatID: e.contact.ChatID, Text: "Silakan pilih yang Anda perlukan:",
			Buttons: [][]loket.Button{{{Label: "Bicara dengan petugas", Data: "1|m.officer"}}}, CreatedAt: at.Add(time.Minute)})
	})
	_, err := e.store.RecordInbound(ctx, []loket.Inbound{
		{Channel: e.contact.Channel, ExternalID: "c1", ChatID: e.contact.ChatID, Kind: loket.InText, Text: "kenapa berkas saya ditolak?", ReceivedAt: at},
		{Channel: e.contact.Channel, ExternalID: "c2", ChatID: e.contact.ChatID, Kind: loket.InButton, Button: "1|m.officer", ReceivedAt: at.Add(2 * time.Minute)},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, body := e.login(loket.RoleAgent).get(e.ref())
	body = html.UnescapeString(body)
	i := strings.Index(body, `id="ticket-chat"`)
	if i < 0 || !strings.Contains(body, `href="#ticket-chat"`) {
		t.Fatalf("the ticket page has no chat card, or no link to it")
	}
	chat := body[i:]
	for _, want := range []string{"kenapa berkas saya ditolak?", "Silakan pilih yang Anda perlukan:", "Bicara dengan petugas"} {
		if !strings.Contains(chat, want) {
			t.Errorf("the chat card lacks %q", want)
		}
	}
	if strings.Contains(chat, "1|m.officer") {
		t.Errorf("a pressed button shows as its data, not its label")
	}
	if a, b := strings.Index(chat, "kenapa berkas"), strings.Index(chat, "Silakan pilih"); a > b {
		t.Errorf("the chat is not oldest first")
	}
}
