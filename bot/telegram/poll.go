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
// mode when Config.WebhookURL is set. With a Config.Locker, polling runs
// only while this replica holds the lock (see runLocked); webhook mode
// needs none. It returns nil on cancellation and an error only when
// receiving cannot go on (the token was revoked).
func (c *Channel) Run(ctx context.Context, sink bot.Sink) error {
	if sink == nil {
		return errors.New("telegram: run: nil sink")
	}
	if c.cfg.WebhookURL != "" {
		return c.runWebhook(ctx, sink)
	}
	if c.cfg.Locker != nil {
		return c.runLocked(ctx, sink)
	}
	c.polling.Store(true)
	defer c.polling.Store(false)
	_, err := c.runPolling(ctx, sink, nil)
	return err
}

// errNotHolder ends a polling loop whose lock is no longer its own.
var errNotHolder = errors.New("telegram: the polling lock is no longer held")

// runPolling is an at-least-once getUpdates loop: the offset moves past a
// batch only after sink.Accept returned nil for it, and only in memory, so
// a crash before the next getUpdates makes Telegram send it again (the
// sink recognises it by ExternalID). It returns the offset that would
// confirm what was recorded but not yet confirmed (0 when none). held,
// when set, is asked before each getUpdates whether the polling lock is
// still this replica's: errNotHolder stops the loop at once, another
// error skips the call (with back-off) rather than poll unsure.
func (c *Channel) runPolling(ctx context.Context, sink bot.Sink, held func(context.Context) error) (pending int64, err error) {
	var (
		offset        int64
		confirmed     int64
		wait          time.Duration
		webhookGone   bool
		lastErrLogged string
	)
	for ctx.Err() == nil {
		if wait > 0 && !bot.Sleep(ctx, wait) {
			break
		}
		if !webhookGone {
			_, err := c.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{})
			webhookGone = err == nil
			if err != nil && ctx.Err() == nil {
				c.log.Warn("telegram: deleteWebhook failed; polling anyway", "err", redact(err, c.cfg.Token))
			}
		}
		if held != nil {
			if err := held(ctx); errors.Is(err, errNotHolder) {
				c.log.Warn("telegram: polling lock lost; polling stops")
				break
			} else if err != nil {
				if ctx.Err() != nil {
					break
				}
				wait = c.nextWait(wait, err)
				c.log.Warn("telegram: cannot check the polling lock; not polling until it can", "err", err, "retry_in", wait)
				continue
			}
		}
		raws, err := c.getUpdates(ctx, offset, 100, c.cfg.PollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, tg.ErrorUnauthorized) {
				return 0, fmt.Errorf("telegram: polling stopped, token rejected: %w", err)
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
		lastErrLogged, confirmed = "", offset
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
	if offset > confirmed {
		return offset, nil
	}
	return 0, nil
}

// deliver converts one batch, answers its callback queries, hands the
// messages to sink and returns the offset that confirms the batch. Once
// recorded, menus are settled and "typing" shown in the background.
func (c *Channel) deliver(ctx context.Context, sink bot.Sink, raws []json.RawMessage) (int64, error) {
	var next int64
	msgs := make([]loket.Inbound, 0, len(raws))
	var edits []*menuEdit
	for _, raw := range raws {
		id, conv := c.decode(ctx, raw)
		if id >= next {
			next = id + 1
		}
		if conv.ok {
			msgs = append(msgs, conv.in)
			if conv.edit != nil {
				edits = append(edits, conv.edit)
			}
		}
	}
	if len(msgs) == 0 {
		return next, nil
	}
	if err := sink.Accept(ctx, msgs...); err != nil {
		return 0, fmt.Errorf("telegram: accept %d updates: %w", len(msgs), err)
	}
	c.followUp(ctx, msgs, edits)
	return next, nil
}

// decode parses one update, starts answering a callback query, and
// converts it. conv.ok is false for updates Loket ignores (and for updates
// the client library cannot parse: they are logged and confirmed, as they
// would never parse on redelivery either).
func (c *Channel) decode(ctx context.Context, raw json.RawMessage) (id int64, conv converted) {
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		// Its id alone, so the offset still moves past it.
		var head struct {
			ID int64 `json:"update_id"`
		}
		_ = json.Unmarshal(raw, &head)
		c.log.Warn("telegram: update skipped, cannot decode", "update_id", head.ID, "err", err)
		return head.ID, converted{}
	}
	conv = convert(&u, c.username, c.cfg.StaffChatID, c.now())
	if conv.callbackID != "" {
		c.answerCallback(ctx, conv.callbackID)
	}
	return u.ID, conv
}

// maxAnswers bounds the callback-query answers in flight; past it the
// next one waits for a free slot (back-pressure, never dropped).
const maxAnswers = 32

// answerCallback stops the button's spinner. Every callback query is
// answered, understood or not; a failure only costs the spinner. The
// answer runs on its own goroutine (at most maxAnswers at once), so the
// updates of a batch are recorded without waiting for the platform's
// answers one after another: each used to hold back the rest of its batch
// and the next getUpdates by a round trip.
func (c *Channel) answerCallback(ctx context.Context, id string) {
	select {
	case c.answers <- struct{}{}:
	case <-ctx.Done():
		return
	}
	ctx = context.WithoutCancel(ctx) // a webhook request ends when we answer it
	go func() {
		defer func() { <-c.answers }()
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if _, err := c.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: id}); err != nil {
			c.log.Debug("telegram: answerCallbackQuery failed", "err", redact(err, c.cfg.Token))
		}
	}()
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
