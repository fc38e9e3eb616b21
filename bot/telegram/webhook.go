package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	tg "github.com/go-telegram/bot"

	"loket/bot"
)

// maxWebhookBody bounds one webhook update (Telegram's are a few KB).
const maxWebhookBody = 1 << 20

// runWebhook registers the webhook (retrying until it works), then serves
// updates through WebhookHandler until ctx is cancelled. The webhook stays
// registered on exit so a restarting replica loses nothing.
func (c *Channel) runWebhook(ctx context.Context, sink bot.Sink) error {
	c.sink.Store(&sinkBox{sink})
	defer c.sink.Store(nil)
	var wait time.Duration
	for ctx.Err() == nil {
		_, err := c.api.SetWebhook(ctx, &tg.SetWebhookParams{
			URL:            c.cfg.WebhookURL,
			SecretToken:    c.cfg.WebhookSecret,
			AllowedUpdates: allowedUpdates,
		})
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, tg.ErrorUnauthorized) {
			return fmt.Errorf("telegram: setWebhook: token rejected: %w", err)
		}
		wait = c.nextWait(wait, err)
		c.log.Warn("telegram: setWebhook failed", "err", redact(err, c.cfg.Token), "retry_in", wait)
		if !bot.Sleep(ctx, wait) {
			return nil
		}
	}
	<-ctx.Done()
	return nil
}

// WebhookHandler serves POST /telegram/webhook. It checks the secret token
// in constant time (401), records the update through the sink of the
// running Run, and answers 200 only after Accept returned nil (500 makes
// Telegram retry). Malformed JSON gets 400; while Run is not running in
// webhook mode it answers 503.
func (c *Channel) WebhookHandler() http.Handler {
	return http.HandlerFunc(c.serveWebhook)
}

func (c *Channel) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if c.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(c.cfg.WebhookSecret)) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	box := c.sink.Load()
	if box == nil {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	var head struct {
		ID *int64 `json:"update_id"`
	}
	if err := json.Unmarshal(body, &head); err != nil || head.ID == nil {
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	if _, err := c.deliver(r.Context(), box.Sink, []json.RawMessage{body}); err != nil {
		c.log.Warn("telegram: webhook update not recorded; Telegram will retry", "update_id", *head.ID, "err", err)
		http.Error(w, "not recorded", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
