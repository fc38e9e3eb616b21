package telegram

import (
	"context"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"loket"
	"loket/bot/telegram/telegramtest"
)

// Pressing a button settles the menu: after the callback is answered and
// recorded, the message loses its keyboard and shows the choice.
func TestButtonPressSettlesMenu(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := newChannel(t, srv, nil)
	sent, err := c.Send(context.Background(), &loket.Outbound{ChatID: "42", Text: "Silakan pilih:",
		Buttons: [][]loket.Button{{{Label: "Tiket saya", Data: "1|m.status"}}, {{Label: "Menu utama", Data: "1|menu"}}}})
	if err != nil {
		t.Fatal(err)
	}
	buttons := srv.Calls("sendMessage")[0].Buttons()
	if len(buttons) != 2 || buttons[0].Data != "1|m.status" {
		t.Fatalf("sent buttons %+v", buttons)
	}
	msgID := int(atoiTest(t, sent))
	srv.PushUpdate(telegramtest.CallbackOn("q1", 42, msgID, "Silakan pilih:", buttons, "1|m.status"))
	sink := newSink(func(call int, _ []loket.Inbound) error {
		if call == 1 {
			return errDown // not recorded: no edit may follow this attempt
		}
		return nil
	})
	runChannel(t, c, sink)
	sink.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 1 })
	until(t, "editMessageText", func() bool { return len(srv.Calls("editMessageText")) > 0 })

	all := srv.Calls("")
	var answered, edited, accepts int = -1, -1, 0
	for i, call := range all {
		switch call.Method {
		case "answerCallbackQuery":
			if answered < 0 {
				answered = i
			}
		case "editMessageText":
			edited = i
			accepts++
		}
	}
	e := all[edited].Params
	if e["chat_id"] != "42" || e["message_id"] != sent || e["text"] != "Silakan pilih:\n\n✓ Tiket saya" ||
		e["reply_markup"] != `{"inline_keyboard":[]}` {
		t.Fatalf("editMessageText params %v", e)
	}
	if answered < 0 || answered > edited || accepts != 1 {
		t.Fatalf("answer at %d, edit at %d, %d edits; want the answer first and one edit", answered, edited, accepts)
	}
}

func atoiTest(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not a message id: %q", s)
		}
		n = n*10 + int64(r-'0')
	}
	return n
}

func TestPressedMenu(t *testing.T) {
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
		{{Text: "Ya", CallbackData: "3|yes"}, {Text: "Tidak", CallbackData: "3|no"}}}}
	msg := func(text string, kb *models.InlineKeyboardMarkup) models.MaybeInaccessibleMessage {
		return models.MaybeInaccessibleMessage{Message: &models.Message{ID: 7, Chat: models.Chat{ID: 42, Type: "private"}, Text: text, ReplyMarkup: kb}}
	}
	tests := []struct {
		name string
		q    models.CallbackQuery
		want *menuEdit
	}{
		{"pressed", models.CallbackQuery{Data: "3|no", Message: msg("Lanjut?", kb)}, &menuEdit{chat: 42, messageID: 7, text: "Lanjut?", label: "Tidak"}},
		{"caption only", models.CallbackQuery{Data: "3|yes", Message: msg("", kb)}, &menuEdit{chat: 42, messageID: 7, label: "Ya"}},
		{"forged data", models.CallbackQuery{Data: "3|admin", Message: msg("Lanjut?", kb)}, nil},
		{"keyboard already gone", models.CallbackQuery{Data: "3|yes", Message: msg("Lanjut?", nil)}, nil},
		{"inaccessible message", models.CallbackQuery{Data: "3|yes", Message: models.MaybeInaccessibleMessage{
			InaccessibleMessage: &models.InaccessibleMessage{Chat: models.Chat{ID: 42}, MessageID: 7}}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := pressedMenu(&tc.q)
			if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Fatalf("pressedMenu = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// A recorded update from a private chat shows "typing" once per chat
// within 4 s; group messages and blocks show nothing.
func TestTypingAfterRecording(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := newChannel(t, srv, func(cfg *Config) { cfg.StaffChatID = -100777 })
	for i := 1; i <= 3; i++ {
		srv.PushUpdate(telegramtest.Private(i, 42, "halo"))
	}
	srv.PushUpdate(telegramtest.Obj{"message": telegramtest.Message(9, telegramtest.Chat(-100777, "supergroup"),
		telegramtest.User(8, "Agen", "id"), telegramtest.Obj{"text": "catatan"})})
	srv.PushUpdate(telegramtest.MyChatMember(44, "member", "kicked"))
	sink := newSink(nil)
	runChannel(t, c, sink)
	sink.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 5 })
	srv.PushUpdate(telegramtest.Private(1, 45, "sentinel")) // a later batch: the first one's follow-ups were decided
	actions := func() map[string]int {
		n := map[string]int{}
		for _, call := range srv.Calls("sendChatAction") {
			if call.Params["action"] != "typing" {
				t.Errorf("action %q", call.Params["action"])
			}
			n[call.Params["chat_id"]]++
		}
		return n
	}
	until(t, "typing in both private chats", func() bool { a := actions(); return a["42"] == 1 && a["45"] == 1 })
	if a := actions(); len(a) != 2 {
		t.Fatalf("chat actions %v; want only chats 42 and 45", a)
	}
}

func TestTypingLimiter(t *testing.T) {
	var l typingLimiter
	t0 := time.Date(2025, 11, 3, 10, 0, 0, 0, time.UTC)
	steps := []struct {
		chat string
		at   time.Duration
		want bool
	}{
		{"1", 0, true}, {"1", time.Second, false}, {"2", time.Second, true},
		{"1", 3999 * time.Millisecond, false}, {"1", 4 * time.Second, true}, {"2", 4 * time.Second, false},
	}
	for i, s := range steps {
		if got := l.allow(s.chat, t0.Add(s.at)); got != s.want {
			t.Fatalf("step %d: allow(%s, +%s) = %v", i, s.chat, s.at, got)
		}
	}
}

// Sending a document shows "sending a file…" in the chat.
func TestSendDocumentShowsUploadAction(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := newChannel(t, srv, nil)
	c.files = memFiles{"abc": []byte("%PDF-1.4 x")}
	if _, err := c.Send(context.Background(), &loket.Outbound{ChatID: "42", Text: "Berkas",
		Document: &loket.OutboundDocument{SHA256: "abc", FileName: "a.pdf"}}); err != nil {
		t.Fatal(err)
	}
	until(t, "upload_document", func() bool {
		for _, call := range srv.Calls("sendChatAction") {
			if call.Params["action"] == "upload_document" && call.Params["chat_id"] == "42" {
				return true
			}
		}
		return false
	})
}
