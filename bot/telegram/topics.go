package telegram

import (
	"context"
	"fmt"
	"unicode/utf8"

	tg "github.com/go-telegram/bot"
)

// maxTopicName is Telegram's limit on a forum topic name, in characters.
const maxTopicName = 128

// CreateForumTopic opens a topic named name in the staff group chatID
// ("<chat id>") and returns its message_thread_id. When the group has no
// topics (getChat says it is not a forum) it returns forum false and no
// error, and the caller falls back to a header message. The bot needs the
// "manage topics" admin right; without it Telegram refuses and the error
// is permanent (bot.ErrPermanent).
func (c *Channel) CreateForumTopic(ctx context.Context, chatID, name string) (topicID int64, forum bool, err error) {
	chat, _, err := parseChatID(chatID)
	if err != nil {
		return 0, false, err
	}
	info, err := c.api.GetChat(ctx, &tg.GetChatParams{ChatID: chat})
	if err != nil {
		return 0, false, classify("get chat", redact(err, c.cfg.Token))
	}
	if info == nil || !info.IsForum {
		return 0, false, nil
	}
	topic, err := c.api.CreateForumTopic(ctx, &tg.CreateForumTopicParams{ChatID: chat, Name: topicName(name)})
	if err != nil {
		return 0, true, classify("create forum topic", redact(err, c.cfg.Token))
	}
	if topic == nil || topic.MessageThreadID <= 0 {
		return 0, true, fmt.Errorf("telegram: create forum topic: no topic id in the answer")
	}
	return int64(topic.MessageThreadID), true, nil
}

// topicName trims name to Telegram's 1-128 characters.
func topicName(name string) string {
	if name == "" {
		return "Loket"
	}
	if utf8.RuneCountInString(name) <= maxTopicName {
		return name
	}
	r := []rune(name)
	return string(r[:maxTopicName-1]) + "…"
}
