package telegram

import (
	"context"
	"strings"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"

	"loket"
)

// Follow-up calls made after an update is recorded: best-effort, in the
// background, never delaying the confirmation of updates.
const (
	typingEvery     = 4 * time.Second  // at most one "typing" per chat this often
	followUpTimeout = 10 * time.Second // per follow-up call
	maxFollowUps    = 16               // concurrent follow-ups; more are dropped
	pressedMark     = "\n\n✓ "
)

// menuEdit settles a menu after a button press: the keyboard goes, the
// pressed label shows under the text.
type menuEdit struct {
	chat      int64
	messageID int
	text      string // the message's text ("" for a caption: keyboard removed only)
	label     string
}

// noKeyboard removes an inline keyboard (built by us, see inlineKeyboard).
var noKeyboard = &inlineKeyboard{InlineKeyboard: [][]inlineButton{}}

// followUp runs, after msgs were recorded, the menu edits and the
// "typing" actions for the private chats among them.
func (c *Channel) followUp(ctx context.Context, msgs []loket.Inbound, edits []*menuEdit) {
	ctx = context.WithoutCancel(ctx) // a webhook request ends when we answer
	for _, e := range edits {
		c.background(ctx, func(ctx context.Context) { c.settleMenu(ctx, e) })
	}
	now := c.now()
	for _, in := range msgs {
		if in.Kind == loket.InBlocked || strings.HasPrefix(in.ChatID, "-") || !c.typing.allow(in.ChatID, now) {
			continue
		}
		chat := in.ChatID
		c.background(ctx, func(ctx context.Context) {
			if err := c.Typing(ctx, chat); err != nil {
				c.log.Debug("telegram: typing action failed", "chat", chat, "err", err)
			}
		})
	}
}

// background runs fn on its own goroutine with a timeout, or drops it when
// too many are running already.
func (c *Channel) background(ctx context.Context, fn func(context.Context)) {
	select {
	case c.followUps <- struct{}{}:
	default:
		c.log.Debug("telegram: follow-up dropped, too many running")
		return
	}
	go func() {
		defer func() { <-c.followUps }()
		ctx, cancel := context.WithTimeout(ctx, followUpTimeout)
		defer cancel()
		fn(ctx)
	}()
}

// settleMenu edits the menu message. Errors are logged only: a redelivered
// update edits again and Telegram answers "message is not modified".
func (c *Channel) settleMenu(ctx context.Context, e *menuEdit) {
	var err error
	if e.text == "" {
		_, err = c.api.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{
			ChatID: e.chat, MessageID: e.messageID, ReplyMarkup: noKeyboard})
	} else {
		text := e.text + pressedMark + e.label
		if utf16Len(text) > maxTextLen {
			text = e.text
		}
		_, err = c.api.EditMessageText(ctx, &tg.EditMessageTextParams{
			ChatID: e.chat, MessageID: e.messageID, Text: text, ReplyMarkup: noKeyboard})
	}
	if err != nil {
		c.log.Debug("telegram: menu not updated", "chat", e.chat, "message_id", e.messageID, "err", redact(err, c.cfg.Token))
	}
}

// typingLimiter remembers when "typing" was last sent per chat.
type typingLimiter struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// allow reports whether chat may get a chat action now, and notes it.
func (l *typingLimiter) allow(chat string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == nil {
		l.last = map[string]time.Time{}
	}
	if t, ok := l.last[chat]; ok && now.Sub(t) < typingEvery {
		return false
	}
	if len(l.last) >= 4096 {
		for k, t := range l.last {
			if now.Sub(t) >= typingEvery {
				delete(l.last, k)
			}
		}
	}
	l.last[chat] = now
	return true
}
