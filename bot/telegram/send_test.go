package telegram

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"loket"
	"loket/bot"
	tt "loket/bot/telegram/telegramtest"
)

// The library's own button type would send an empty copy_text; if this
// starts failing after an upgrade, inlineKeyboard may be dropped.
func TestLibraryButtonMarshalsEmptyCopyText(t *testing.T) {
	b, _ := json.Marshal(models.InlineKeyboardButton{Text: "A", CallbackData: "a"})
	if !strings.Contains(string(b), `"copy_text":{"text":""}`) {
		t.Fatalf("go-telegram/bot no longer emits empty copy_text: %s", b)
	}
}

func TestSendTextWithKeyboard(t *testing.T) {
	srv := tt.New(t, "")
	c := newChannel(t, srv, nil)
	id, err := c.Send(t.Context(), &loket.Outbound{ChatID: "42", Text: "Pilih menu:",
		Buttons: [][]loket.Button{{{Label: "Status", Data: "menu:status"}, {Label: "Bantuan", Data: "menu:help"}}, {}, {{Label: "Batal", Data: "cancel"}}}})
	if err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls("sendMessage")
	if len(calls) != 1 || id != "1" {
		t.Fatalf("calls=%d id=%q", len(calls), id)
	}
	p := calls[0].Params
	want := `{"inline_keyboard":[[{"text":"Status","callback_data":"menu:status"},{"text":"Bantuan","callback_data":"menu:help"}],[{"text":"Batal","callback_data":"cancel"}]]}`
	if p["reply_markup"] != want {
		t.Fatalf("reply_markup = %s\nwant          %s", p["reply_markup"], want)
	}
	if p["chat_id"] != "42" || p["text"] != "Pilih menu:" || p["parse_mode"] != "" {
		t.Fatalf("params = %v", p)
	}
}

func TestSendRefusesBeforeCalling(t *testing.T) {
	tests := []struct {
		name string
		msg  loket.Outbound
	}{
		{"callback data over 64 bytes", loket.Outbound{ChatID: "42", Text: "x", Buttons: [][]loket.Button{{{Label: "A", Data: strings.Repeat("d", 65)}}}}},
		{"empty callback data", loket.Outbound{ChatID: "42", Text: "x", Buttons: [][]loket.Button{{{Label: "A"}}}}},
		{"empty label", loket.Outbound{ChatID: "42", Text: "x", Buttons: [][]loket.Button{{{Label: " ", Data: "a"}}}}},
		{"bad chat id", loket.Outbound{ChatID: "abc", Text: "x"}},
		{"bad topic", loket.Outbound{ChatID: "-100/x", Text: "x"}},
		{"empty text", loket.Outbound{ChatID: "42", Text: "  "}},
		{"missing document", loket.Outbound{ChatID: "42", Document: &loket.OutboundDocument{SHA256: "nope"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := tt.New(t, "")
			c := newChannel(t, srv, nil)
			_, err := c.Send(t.Context(), &tc.msg)
			if !errors.Is(err, bot.ErrPermanent) {
				t.Fatalf("err = %v, want ErrPermanent", err)
			}
			if n := len(srv.Calls("sendMessage")) + len(srv.Calls("sendDocument")); n != 0 {
				t.Fatalf("%d send calls made", n)
			}
		})
	}
}

func TestSendLongTextSplits(t *testing.T) {
	srv := tt.New(t, "")
	c := newChannel(t, srv, nil)
	para := strings.Repeat("Persyaratan dokumen 📄 ", 100) // 2,200 units per paragraph
	text := strings.Join([]string{para, para, para, para}, "\n\n")
	id, err := c.Send(t.Context(), &loket.Outbound{ChatID: "42", Text: text, Buttons: [][]loket.Button{{{Label: "OK", Data: "ok"}}}})
	if err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls("sendMessage")
	if len(calls) < 3 {
		t.Fatalf("%d parts, want at least 3", len(calls))
	}
	var joined []string
	for i, call := range calls {
		part := call.Params["text"]
		if utf16Len(part) > maxTextLen {
			t.Fatalf("part %d has %d units", i, utf16Len(part))
		}
		if hasKB := call.Params["reply_markup"] != ""; hasKB != (i == len(calls)-1) {
			t.Fatalf("part %d: keyboard present = %v", i, hasKB)
		}
		joined = append(joined, part)
	}
	if id != itoa(len(calls)) {
		t.Fatalf("id = %q, want the last message's id %d", id, len(calls))
	}
	if strings.Join(strings.Fields(strings.Join(joined, " ")), " ") != strings.Join(strings.Fields(text), " ") {
		t.Fatal("split lost or changed text")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestSplitText(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"fits", "abc", 10, []string{"abc"}},
		{"paragraph", "aaaa bbbb\n\ncccc", 12, []string{"aaaa bbbb", "cccc"}},
		{"line", "aaaaaaa\nbbbb", 10, []string{"aaaaaaa", "bbbb"}},
		{"word", "aaaaaa bbbbbb", 10, []string{"aaaaaa", "bbbbbb"}},
		{"rune boundary", "ééééé", 2, []string{"éé", "éé", "é"}},
		{"surrogate pair never split", "😀😀😀", 3, []string{"😀", "😀", "😀"}},
		{"early break ignored", "a\n\nbbbbbbbbbbbbbb", 10, []string{"a\n\nbbbbbbb"[:10], "bbbbbbb"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := splitText(tc.in, tc.limit)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("splitText = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name  string
		fail  tt.Failure
		check func(t *testing.T, err error)
	}{
		{"429", tt.Failure{Code: 429, Description: "Too Many Requests: retry after 7", RetryAfter: 7}, func(t *testing.T, err error) {
			var ra *bot.RetryAfterError
			if !errors.As(err, &ra) || ra.After != 7*time.Second {
				t.Fatalf("err = %v, want RetryAfterError 7s", err)
			}
		}},
		{"403 blocked", tt.Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"}, func(t *testing.T, err error) {
			if !errors.Is(err, bot.ErrUnreachable) || errors.Is(err, bot.ErrPermanent) {
				t.Fatalf("err = %v, want ErrUnreachable", err)
			}
		}},
		{"400 chat not found", tt.Failure{Code: 400, Description: "Bad Request: chat not found"}, func(t *testing.T, err error) {
			if !errors.Is(err, bot.ErrPermanent) {
				t.Fatalf("err = %v, want ErrPermanent", err)
			}
		}},
		{"500", tt.Failure{Code: 500, Description: "Internal Server Error"}, func(t *testing.T, err error) {
			var ra *bot.RetryAfterError
			if err == nil || errors.Is(err, bot.ErrPermanent) || errors.Is(err, bot.ErrUnreachable) || errors.As(err, &ra) {
				t.Fatalf("err = %v, want a plain (retryable) error", err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := tt.New(t, "")
			c := newChannel(t, srv, nil)
			srv.Fail("sendMessage", tc.fail)
			_, err := c.Send(t.Context(), &loket.Outbound{ChatID: "42", Text: "halo"})
			tc.check(t, err)
			if strings.Contains(err.Error(), tt.Token) {
				t.Fatalf("error leaks the token: %v", err)
			}
		})
	}
}

func TestSendDocument(t *testing.T) {
	pdf := []byte("%PDF-1.7 test")
	tests := []struct {
		name      string
		text      string
		wantTexts int // follow-up sendMessage calls
	}{
		{"caption", "Bukti verifikasi", 0},
		{"caption too long", strings.Repeat("x", maxCaptionLen+1), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := tt.New(t, "")
			c := newChannel(t, srv, nil)
			c.files = memFiles{"abc123": pdf}
			id, err := c.Send(t.Context(), &loket.Outbound{ChatID: "-1001234/7", Text: tc.text,
				Document: &loket.OutboundDocument{SHA256: "abc123", FileName: "bukti.pdf"},
				Buttons:  [][]loket.Button{{{Label: "OK", Data: "ok"}}}})
			if err != nil {
				t.Fatal(err)
			}
			docs := srv.Calls("sendDocument")
			if len(docs) != 1 {
				t.Fatalf("sendDocument calls = %d", len(docs))
			}
			f := docs[0].Files["document"]
			if f.Name != "bukti.pdf" || string(f.Data) != string(pdf) || docs[0].Params["message_thread_id"] != "7" {
				t.Fatalf("document = %q %q params %v", f.Name, f.Data, docs[0].Params)
			}
			texts := srv.Calls("sendMessage")
			if len(texts) != tc.wantTexts {
				t.Fatalf("sendMessage calls = %d, want %d", len(texts), tc.wantTexts)
			}
			if tc.wantTexts == 0 && (docs[0].Params["caption"] != tc.text || docs[0].Params["reply_markup"] == "") {
				t.Fatalf("caption/keyboard missing: %v", docs[0].Params)
			}
			if tc.wantTexts > 0 && (docs[0].Params["caption"] != "" || texts[0].Params["reply_markup"] == "") {
				t.Fatalf("long caption should follow as a message with the keyboard")
			}
			if id != itoa(1+tc.wantTexts) {
				t.Fatalf("id = %q", id)
			}
		})
	}
}

func TestTypingActions(t *testing.T) {
	srv := tt.New(t, "")
	c := newChannel(t, srv, nil)
	if err := c.Typing(t.Context(), "42"); err != nil {
		t.Fatal(err)
	}
	if err := c.UploadingDocument(t.Context(), "42"); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls("sendChatAction")
	if len(calls) != 2 || calls[0].Params["action"] != "typing" || calls[1].Params["action"] != "upload_document" {
		t.Fatalf("calls = %+v", calls)
	}
	srv.Fail("sendChatAction", tt.Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"})
	if err := c.Typing(t.Context(), "42"); !errors.Is(err, bot.ErrUnreachable) {
		t.Fatalf("err = %v", err)
	}
}

func TestLimits(t *testing.T) {
	srv := tt.New(t, "")
	l := newChannel(t, srv, nil).Limits()
	if l.PerChat != 1 || l.PerChatBurst < 1 || l.Global != 30 {
		t.Fatalf("limits = %+v", l)
	}
}
