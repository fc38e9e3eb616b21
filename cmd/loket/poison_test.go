package main

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"

	"loket/bot/telegram/telegramtest"
	"loket/internal/testkit"
)

// TestPoisonMessagesOnPostgres sends texts with NUL bytes and invalid
// UTF-8 (PostgreSQL refuses both) through Telegram polling and the web
// chat of `loket serve` on PostgreSQL: they are answered like any other
// text, the polling offset moves past them, and no other visitor's
// message fails meanwhile.
func TestPoisonMessagesOnPostgres(t *testing.T) {
	t.Parallel()
	url := testkit.PostgresURL(t, "poison")
	if url == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the PostgreSQL poison test")
	}
	api := telegramtest.New(t, "")
	sv := startServe(t, "LOKET_DATABASE_URL", url, "LOKET_TELEGRAM_TOKEN", telegramtest.Token, "LOKET_TELEGRAM_API_URL", api.URL,
		"LOKET_TRUSTED_PROXIES", "127.0.0.1/32")

	api.PushUpdate(telegramtest.Private(1, 5151, "halo\x00 \xff"))
	api.PushUpdate(telegramtest.Private(2, 5151, "menu"))
	waitFor(t, "both updates confirmed", func() bool { return len(api.Pending()) == 0 })
	waitFor(t, "answers to both", func() bool {
		n := 0
		for _, c := range api.Calls("sendMessage") {
			if c.Params["chat_id"] == "5151" {
				n++
			}
		}
		return n >= 2
	})

	var wg sync.WaitGroup
	failed := make(chan string, 100)
	for v := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			ip := fmt.Sprintf("10.0.0.%d", v+1) // each visitor its own address (trusted proxy)
			open, _ := http.NewRequest(http.MethodGet, sv.base+"/chat", nil)
			open.Header.Set("X-Forwarded-For", ip)
			if resp, err := c.Do(open); err == nil {
				resp.Body.Close()
			}
			for i := range 5 {
				body := fmt.Sprintf(`{"id":"m%d","text":"pesan %d"}`, i, i)
				if v%2 == 0 {
					body = fmt.Sprintf(`{"id":"m%d","text":"nul \u0000 %d"}`, i, i)
				}
				req, _ := http.NewRequest(http.MethodPost, sv.base+"/chat/send", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", ip)
				resp, err := c.Do(req)
				if err != nil {
					failed <- err.Error()
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusAccepted {
					failed <- fmt.Sprintf("visitor %d message %d: %s", v, i, resp.Status)
				}
			}
		}()
	}
	wg.Wait()
	close(failed)
	for f := range failed {
		t.Error(f)
	}
	if strings.Contains(sv.err.String()+sv.out.String(), "dead letter") {
		t.Errorf("a cleaned message was still refused:\n%s", sv.err.String())
	}
}
