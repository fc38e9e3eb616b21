package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"loket"
	"loket/bot"
)

// Run receives until ctx is cancelled: long polling by default, webhook
// mode when Config.WebhookURL is set. It returns nil on cancellation and
// an error only when receiving cannot go on (the token was revoked).
func (c *Channel) Run(ctx context.Context, sink bot.Sink) error {
	if sink == nil {
		return errors.New("telegram: run: nil sink")
	}
	if c.cfg.WebhookURL != "" {
		return c.runWebhook(ctx, sink)
	}
	return c.runPolling(ctx, sink)
}

// runPolling is an at-least-once getUpdates loop: the offset moves past a
// batch only after sink.Accept returned nil for it, and only in memory, so
// a crash before the next getUpdates makes Telegram send it again (the
// sink recognises it by ExternalID).
func (c *Channel) runPolling(ctx context.Context, sink bot.Sink) error {
	var (
		offset        int64
		wait          time.Duration
		webhookGone   bool
		lastErrLogged string
	)
	for ctx.Err() == nil {
		if wait > 0 && !sleep(ctx, wait) {
			break
		}
		if !webhookGone {
			_, err := c.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{})
			webhookGone = err == nil
			if err != nil && ctx.Err() == nil {
				c.log.Warn("telegram: deleteWebhook failed; polling anyway", "err", redact(err, c.cfg.Token))
			}
		}
		raws, err := c.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, tg.ErrorUnauthorized) {
				return fmt.Errorf("telegram: polling stopped, token rejected: %w", err)
			}
			if errors.Is(err, tg.ErrorConflict) {
				webhookGone = false // a webhook is set (or another poller runs)
			}
			wait = c.nextWait(wait, err)
			if msg := err.Error(); msg != lastErrLogged {
				c.log.Warn("telegram: getUpdates failed", "err", err, "retry_in", wait)
				lastErrLogged = msg
			}
			continue
		}
		lastErrLogged = ""
		next, err := c.deliver(ctx, sink, raws)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			wait = c.nextWait(wait, err)
			c.log.Warn("telegram: accept failed; updates will be fetched again", "err", err, "count", len(raws), "retry_in", wait)
			continue
		}
		wait = 0
		if next > offset {
			offset = next
		}
	}
	return nil
}

// deliver converts one batch, answers its callback queries, hands the
// messages to sink and returns the offset that confirms the batch.
func (c *Channel) deliver(ctx context.Context, sink bot.Sink, raws []json.RawMessage) (int64, error) {
	var next int64
	msgs := make([]loket.Inbound, 0, len(raws))
	for _, raw := range raws {
		id, in, ok := c.decode(ctx, raw)
		if id >= next {
			next = id + 1
		}
		if ok {
			msgs = append(msgs, in)
		}
	}
	if len(msgs) == 0 {
		return next, nil
	}
	if err := sink.Accept(ctx, msgs...); err != nil {
		return 0, fmt.Errorf("telegram: accept %d updates: %w", len(msgs), err)
	}
	return next, nil
}

// decode parses one update, answers a callback query at once, and
// converts it. ok is false for updates Loket ignores (and for updates the
// client library cannot parse: they are logged and confirmed, as they
// would never parse on redelivery either).
func (c *Channel) decode(ctx context.Context, raw json.RawMessage) (id int64, in loket.Inbound, ok bool) {
	var head struct {
		ID int64 `json:"update_id"`
	}
	_ = json.Unmarshal(raw, &head)
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		c.log.Warn("telegram: update skipped, cannot decode", "update_id", head.ID, "err", err)
		return head.ID, in, false
	}
	conv := convert(&u, c.username, c.cfg.StaffChatID, c.now())
	if conv.callbackID != "" {
		c.answerCallback(ctx, conv.callbackID)
	}
	return u.ID, conv.in, conv.ok
}

// answerCallback stops the button's spinner. Every callback query is
// answered, understood or not; a failure only costs the spinner.
func (c *Channel) answerCallback(ctx context.Context, id string) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := c.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: id}); err != nil {
		c.log.Debug("telegram: answerCallbackQuery failed", "err", redact(err, c.cfg.Token))
	}
}

// nextWait doubles the back-off, or follows Telegram's retry_after.
func (c *Channel) nextWait(prev time.Duration, err error) time.Duration {
	var tooMany *tg.TooManyRequestsError
	if errors.As(err, &tooMany) && tooMany.RetryAfter > 0 {
		return time.Duration(tooMany.RetryAfter) * time.Second
	}
	if prev < c.backoffMin {
		return c.backoffMin
	}
	return min(2*prev, c.backoffMax)
}

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
