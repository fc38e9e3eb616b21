package main

import (
	"strings"
	"testing"

	"loket/bot/telegram/telegramtest"
)

// TestTelegramEndToEnd runs `loket serve` against a fake Bot API server:
// a vendor's message arrives by long polling, is confirmed only after it
// is stored, and the bot's menu goes back with an inline keyboard; a
// redelivered update is not answered twice.
func TestTelegramEndToEnd(t *testing.T) {
	t.Parallel()
	api := telegramtest.New(t, "")
	startServe(t, "LOKET_TELEGRAM_TOKEN", telegramtest.Token, "LOKET_TELEGRAM_API_URL", api.URL)
	api.PushUpdate(telegramtest.Private(1, 4242, "/start"))
	waitFor(t, "the menu sent to the vendor", func() bool {
		for _, c := range api.Calls("sendMessage") {
			if c.Params["chat_id"] == "4242" && strings.Contains(c.Params["reply_markup"], "inline_keyboard") {
				return true
			}
		}
		return false
	})
	waitFor(t, "the update confirmed", func() bool { return len(api.Pending()) == 0 })
	if n := len(api.Calls("setMyCommands")); n < 2 {
		t.Errorf("setMyCommands called %d times, want the id and en menus", n)
	}
	sent := len(api.Calls("sendMessage"))
	// The same message delivered again (same chat and message id).
	api.PushUpdate(telegramtest.Private(1, 4242, "/start"))
	api.PushUpdate(telegramtest.Private(2, 4242, "status"))
	waitFor(t, "the answer to the second message", func() bool { return len(api.Calls("sendMessage")) > sent })
	waitFor(t, "both updates confirmed", func() bool { return len(api.Pending()) == 0 })
	for _, c := range api.Calls("sendMessage")[sent:] {
		if strings.Contains(c.Params["reply_markup"], "m.guide") { // the main menu: only /start brings it
			t.Errorf("the redelivered /start was answered again: %q", c.Params["text"])
		}
	}
}
