package telegram

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"loket"
)

func convertCallback(q *models.CallbackQuery, staffChat int64, now time.Time) converted {
	out := converted{callbackID: q.ID}
	chat := models.Chat{ID: q.From.ID, Type: models.ChatTypePrivate} // inline message: the presser's chat
	msgID := 0
	switch {
	case q.Message.Message != nil:
		chat, msgID = q.Message.Message.Chat, q.Message.Message.ID
	case q.Message.InaccessibleMessage != nil && q.Message.InaccessibleMessage.Chat.ID != 0:
		chat, msgID = q.Message.InaccessibleMessage.Chat, q.Message.InaccessibleMessage.MessageID
		if chat.Type == "" {
			chat.Type = models.ChatTypePrivate
			if chat.ID < 0 {
				chat.Type = models.ChatTypeSupergroup
			}
		}
	}
	if q.ID == "" || q.Data == "" || q.From.ID == 0 || !allowed(chat, staffChat) {
		return out // answered, not delivered (game buttons, foreign groups)
	}
	out.ok = true
	out.in = loket.Inbound{
		Channel:    loket.ChannelTelegram,
		ExternalID: "c" + q.ID,
		ChatID:     strconv.FormatInt(chat.ID, 10),
		SenderID:   strconv.FormatInt(q.From.ID, 10),
		SenderName: userName(&q.From),
		LangHint:   q.From.LanguageCode,
		Kind:       loket.InButton,
		Button:     q.Data,
		ReceivedAt: now.UTC(),
	}
	if msgID > 0 {
		out.in.ReplyTo = strconv.Itoa(msgID) // the message that carried the button
	}
	out.edit = pressedMenu(q)
	return out
}

// pressedMenu describes the edit that settles the menu a button was
// pressed on: nil when the message is not accessible, has no keyboard any
// more, or does not carry the pressed data (stale or forged callbacks).
func pressedMenu(q *models.CallbackQuery) *menuEdit {
	m := q.Message.Message
	if m == nil || m.ReplyMarkup == nil || m.ID <= 0 || m.Chat.ID == 0 {
		return nil
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == q.Data && b.Text != "" {
				return &menuEdit{chat: m.Chat.ID, messageID: m.ID, text: m.Text, label: b.Text}
			}
		}
	}
	return nil
}

// convertMemberChange reports a person who blocked the bot (private chat:
// "kicked") or removed it from the staff group ("left"/"kicked").
func convertMemberChange(c *models.ChatMemberUpdated, staffChat int64, now time.Time) converted {
	status := c.NewChatMember.Type
	if status != models.ChatMemberTypeBanned && status != models.ChatMemberTypeLeft {
		return converted{}
	}
	if !allowed(c.Chat, staffChat) {
		return converted{}
	}
	chat := strconv.FormatInt(c.Chat.ID, 10)
	return converted{ok: true, in: loket.Inbound{
		Channel:    loket.ChannelTelegram,
		ExternalID: "s" + chat + ":" + strconv.Itoa(c.Date) + ":" + string(status),
		ChatID:     chat,
		SenderID:   strconv.FormatInt(c.From.ID, 10),
		SenderName: userName(&c.From),
		LangHint:   c.From.LanguageCode,
		Kind:       loket.InBlocked,
		ReceivedAt: unixOr(c.Date, now),
	}}
}

// replyTo encodes what a message answers, for the staff group:
//
//	"123"      a reply to message 123
//	"t45"      a message in forum topic 45 (no explicit reply)
//	"t45:123"  a reply to message 123 inside topic 45
//
// Read it with ParseReplyTo. A message id matches what Send returned.
func replyTo(m *models.Message) string {
	thread := 0
	if m.IsTopicMessage && m.MessageThreadID > 0 {
		thread = m.MessageThreadID
	}
	reply := 0
	if r := m.ReplyToMessage; r != nil && r.ID > 0 && r.ID != thread {
		reply = r.ID // in a topic, the topic's first message is not a reply
	}
	switch {
	case thread != 0 && reply != 0:
		return "t" + strconv.Itoa(thread) + ":" + strconv.Itoa(reply)
	case thread != 0:
		return "t" + strconv.Itoa(thread)
	case reply != 0:
		return strconv.Itoa(reply)
	}
	return ""
}

// ParseReplyTo reads Inbound.ReplyTo of a Telegram message: the forum
// topic (0 when none) and the replied-to message id (0 when none).
func ParseReplyTo(s string) (thread, messageID int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	bad := errors.New("telegram: malformed reply reference " + strconv.Quote(s))
	rest, isThread := strings.CutPrefix(s, "t")
	if !isThread {
		messageID, err = strconv.Atoi(s)
		if err != nil || messageID <= 0 {
			return 0, 0, bad
		}
		return 0, messageID, nil
	}
	t, m, hasMsg := strings.Cut(rest, ":")
	if thread, err = strconv.Atoi(t); err != nil || thread <= 0 {
		return 0, 0, bad
	}
	if hasMsg {
		if messageID, err = strconv.Atoi(m); err != nil || messageID <= 0 {
			return 0, 0, bad
		}
	}
	return thread, messageID, nil
}
