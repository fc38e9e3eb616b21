package telegram

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"loket"
	"loket/bot/telegram/telegramtest"
)

const secret = "s3cret_Token-1"

func webhookChannel(t *testing.T, srv *telegramtest.Server) *Channel {
	return newChannel(t, srv, func(cfg *Config) {
		cfg.WebhookURL = "https://loket.example/telegram/webhook"
		cfg.WebhookSecret = secret
	})
}

// startWebhook runs c in webhook mode and waits until setWebhook happened.
func startWebhook(t *testing.T, srv *telegramtest.Server, c *Channel, sink *recSink) {
	t.Helper()
	runChannel(t, c, sink)
	guard := time.Now().Add(10 * time.Second)
	for c.sink.Load() == nil || srv.Webhook() == "" {
		if time.Now().After(guard) {
			t.Fatal("webhook never registered")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func post(t *testing.T, h http.Handler, secretHeader string, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(body))
	if secretHeader != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secretHeader)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func updateJSON(t *testing.T, id int64, u telegramtest.Obj) string {
	t.Helper()
	u["update_id"] = id
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWebhookRegistersWithSecret(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := webhookChannel(t, srv)
	startWebhook(t, srv, c, newSink(nil))
	calls := srv.Calls("setWebhook")
	if len(calls) != 1 {
		t.Fatalf("setWebhook calls = %d", len(calls))
	}
	p := calls[0].Params
	if p["url"] != "https://loket.example/telegram/webhook" || p["secret_token"] != secret ||
		!strings.Contains(p["allowed_updates"], "callback_query") {
		t.Fatalf("setWebhook params = %v", p)
	}
	if len(srv.Calls("getUpdates")) != 0 {
		t.Fatal("webhook mode must not poll")
	}
}

func TestWebhookHandler(t *testing.T) {
	good := func(t *testing.T) string { return updateJSON(t, 500, telegramtest.Private(77, 9, "halo")) }
	tests := []struct {
		name     string
		secret   string
		body     func(*testing.T) string
		fail     bool
		want     int
		accepted int
	}{
		{"accepted", secret, good, false, http.StatusOK, 1},
		{"accept fails", secret, good, true, http.StatusInternalServerError, 0},
		{"wrong secret", "nope", good, false, http.StatusUnauthorized, 0},
		{"secret prefix", secret[:5], good, false, http.StatusUnauthorized, 0},
		{"missing secret", "", good, false, http.StatusUnauthorized, 0},
		{"bad json", secret, func(*testing.T) string { return `{"update_id":` }, false, http.StatusBadRequest, 0},
		{"no update id", secret, func(*testing.T) string { return `{"message":{}}` }, false, http.StatusBadRequest, 0},
		{"too large", secret, func(*testing.T) string {
			return `{"update_id":1,"x":"` + strings.Repeat("a", maxWebhookBody) + `"}`
		}, false, http.StatusRequestEntityTooLarge, 0},
		{"ignored group", secret, func(t *testing.T) string {
			u := telegramtest.Obj{"message": telegramtest.Message(1, telegramtest.Chat(-5, "group"), telegramtest.User(9, "A", ""), telegramtest.Obj{"text": "x"})}
			return updateJSON(t, 501, u)
		}, false, http.StatusOK, 0},
		{"undecodable member status", secret, func(t *testing.T) string {
			u := telegramtest.MyChatMember(9, "member", "someday_new_status")
			return updateJSON(t, 502, u)
		}, false, http.StatusOK, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := telegramtest.New(t, "")
			c := webhookChannel(t, srv)
			var returned atomic.Bool
			sink := newSink(func(int, []loket.Inbound) error {
				defer returned.Store(true)
				if tc.fail {
					return errDown
				}
				return nil
			})
			startWebhook(t, srv, c, sink)
			rec := post(t, c.WebhookHandler(), tc.secret, tc.body(t))
			if rec.Code != tc.want {
				t.Fatalf("status = %d, want %d (%s)", rec.Code, tc.want, rec.Body)
			}
			if got := len(sink.messages()); got != tc.accepted {
				t.Fatalf("accepted %d, want %d", got, tc.accepted)
			}
			if tc.accepted > 0 && !returned.Load() {
				t.Fatal("answered before Accept returned")
			}
		})
	}
}

func TestWebhookNotReadyWithoutRun(t *testing.T) {
	srv := telegramtest.New(t, "")
	c := webhookChannel(t, srv)
	rec := post(t, c.WebhookHandler(), secret, updateJSON(t, 1, telegramtest.Private(1, 2, "x")))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503 before Run", rec.Code)
	}
}

// Polling and webhook give the same ExternalID for the same message.
func TestExternalIDSameInBothModes(t *testing.T) {
	srv := telegramtest.New(t, "")
	u := telegramtest.Private(31, 8, "sama")
	srv.PushUpdate(u)
	pc := newChannel(t, srv, nil)
	ps := newSink(nil)
	stop := runChannel(t, pc, ps)
	viaPoll := ps.waitFor(t, func(m []loket.Inbound) bool { return len(m) == 1 })
	_ = stop()

	wc := webhookChannel(t, srv)
	ws := newSink(nil)
	startWebhook(t, srv, wc, ws)
	if rec := post(t, wc.WebhookHandler(), secret, updateJSON(t, 99999, telegramtest.Private(31, 8, "sama"))); rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	if a, b := viaPoll[0].ExternalID, ws.messages()[0].ExternalID; a != b {
		t.Fatalf("polling id %q != webhook id %q", a, b)
	}
}

func TestNewWebhookNeedsSecret(t *testing.T) {
	srv := telegramtest.New(t, "")
	_, err := New(t.Context(), Config{Token: telegramtest.Token, APIURL: srv.URL, WebhookURL: "https://x.example/hook"}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "secret") {
		t.Fatalf("New = %v, want secret error", err)
	}
}
