package main

import (
	"os"
	"strings"
	"testing"

	tt "loket/bot/telegram/telegramtest"
)

const vendorChat = 5151

// tgVendor drives one vendor's private chat against the fake Bot API and
// reads the bot's answers from the recorded sendMessage calls.
type tgVendor struct {
	t    *testing.T
	api  *tt.Server
	msg  int // the vendor's next message id
	seen int // sendMessage calls to the vendor already read
}

func (v *tgVendor) sent() []tt.Call {
	var out []tt.Call
	for _, c := range v.api.Calls("sendMessage") {
		if c.Params["chat_id"] == "5151" && c.MessageID > 0 {
			out = append(out, c)
		}
	}
	return out
}

// expect waits for a new bot message containing want and returns it.
func (v *tgVendor) expect(want string) tt.Call {
	v.t.Helper()
	var got tt.Call
	waitFor(v.t, "a bot message containing "+want, func() bool {
		all := v.sent()
		for i := v.seen; i < len(all); i++ {
			if strings.Contains(all[i].Params["text"], want) {
				got, v.seen = all[i], i+1
				return true
			}
		}
		return false
	})
	return got
}

func (v *tgVendor) push(fields tt.Obj) {
	v.msg++
	u := tt.User(vendorChat, "Budi", "id")
	v.api.PushUpdate(tt.Obj{"message": tt.Message(v.msg, tt.Chat(vendorChat, "private"), u, fields)})
}

func (v *tgVendor) say(text string) { v.push(tt.Obj{"text": text}) }

// press presses the button labelled label on menu, with the callback
// data the bot put in its reply_markup.
func (v *tgVendor) press(menu tt.Call, label string) {
	v.t.Helper()
	for _, b := range menu.Buttons() {
		if b.Text == label {
			v.api.PushUpdate(tt.CallbackOn("q"+b.Data, vendorChat, menu.MessageID, menu.Params["text"], menu.Buttons(), b.Data))
			return
		}
	}
	v.t.Fatalf("no button %q in %q (buttons %+v)", label, menu.Params["text"], menu.Buttons())
}

func (v *tgVendor) document(fileID, name string, size int64) {
	v.push(tt.Obj{"document": tt.Obj{"file_id": fileID, "file_unique_id": "u" + fileID, "file_name": name,
		"mime_type": "application/pdf", "file_size": size}})
}

// TestTelegramJourney runs a vendor from /start to a ticket and a checked
// document through `loket serve` and the fake Bot API, with a 429 on the
// way and a restart that redelivers an update without handling it twice.
func TestTelegramJourney(t *testing.T) {
	t.Parallel()
	pdf, err := os.ReadFile("../../flows/pdfcheck/testdata/gs_text.pdf")
	if err != nil {
		t.Fatal(err)
	}
	api := tt.New(t, "")
	api.AddFile("ktp1", pdf, -1)
	api.AddFile("big1", pdf, 5<<20) // getFile would claim 5 MB; it must not be asked
	data := t.TempDir()
	envs := []string{"LOKET_TELEGRAM_TOKEN", tt.Token, "LOKET_TELEGRAM_API_URL", api.URL, "LOKET_DATA_DIR", data}
	sv := startServe(t, envs...)
	v := &tgVendor{t: t, api: api}

	v.say("/start")
	menu := v.expect("Silakan pilih")
	v.press(menu, "Registrasi & verifikasi berkas")
	waitFor(t, "the menu settled by editMessageText", func() bool {
		for _, c := range api.Calls("editMessageText") {
			if c.Params["message_id"] == itoa(menu.MessageID) && strings.HasSuffix(c.Params["text"], "✓ Registrasi & verifikasi berkas") {
				return true
			}
		}
		return false
	})
	v.press(v.expect("bentuk usaha"), "Badan usaha (PT/CV/lainnya)")
	v.expect("nama badan usaha")
	v.say("CV Maju Jaya")
	v.expect("NPWP")
	v.say("01.234.567.8-901.000")
	v.expect("email")
	v.say("info@majujaya.co.id")
	v.expect("Direksi")
	// The next answer meets a 429 first: it is delayed, not lost.
	api.Fail("sendMessage", tt.Failure{Code: 429, Description: "Too Many Requests: retry after 1", RetryAfter: 1})
	v.say("Budi Santoso")
	v.expect("Nomor WhatsApp")
	refused, phoneAsked := 0, 0
	for _, c := range api.Calls("sendMessage") {
		if c.MessageID == 0 {
			refused++ // the 429
		} else if strings.Contains(c.Params["text"], "Nomor WhatsApp") {
			phoneAsked++
		}
	}
	if refused != 1 || phoneAsked != 1 {
		t.Fatalf("429s %d, phone question delivered %d times; want one each", refused, phoneAsked)
	}
	v.push(tt.Obj{"contact": tt.Obj{"phone_number": "+6281234567890", "first_name": "Budi", "user_id": vendorChat}})
	v.press(v.expect("Ringkasan permohonan"), "Daring (berkas PDF + video call)")
	v.expect("#1001")

	v.document("ktp1", "ktp-direktur.pdf", int64(len(pdf)))
	v.expect("sedang kami periksa")
	v.expect("1 dari")
	if api.Downloads() != 1 || len(api.Calls("getFile")) != 1 {
		t.Fatalf("downloads %d, getFile %d; want the PDF fetched once", api.Downloads(), len(api.Calls("getFile")))
	}
	v.document("big1", "akta.pdf", 5<<20)
	v.expect("4 MB")
	for _, c := range api.Calls("getFile") {
		if c.Params["file_id"] == "big1" {
			t.Fatal("getFile called for a document declared over 4 MB")
		}
	}
	if len(api.Calls("sendChatAction")) == 0 {
		t.Error("no chat action (typing) sent")
	}

	// Restart: the update is recorded and answered, but its confirmation
	// never reaches Telegram; the next process receives it again.
	api.HoldConfirmations(true)
	v.say("status")
	v.expect("#1001 — Registrasi")
	sv.stop(t)
	if len(api.Pending()) == 0 {
		t.Fatal("the status update should still be pending at Telegram")
	}
	api.HoldConfirmations(false)
	answered := len(v.sent())
	startServe(t, envs...)
	waitFor(t, "the redelivered update confirmed", func() bool { return len(api.Pending()) == 0 })
	v.say("menu") // a sentinel after the redelivered update
	v.expect("silakan pilih")
	if got := len(v.sent()); got != answered+1 {
		for _, c := range v.sent()[answered:] {
			t.Logf("after restart: %q", c.Params["text"])
		}
		t.Fatalf("%d messages after the restart, want only the answer to the sentinel", got-answered)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
