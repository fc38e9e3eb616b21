package flows

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"loket"
)

// QuestionTx records what the bot made of a vendor's question, for
// /admin/unanswered and the reports (loket.BotQuestion): an answered one
// is counted without its text; one the bot could not answer, or that the
// vendor took to an officer, keeps its text so the office can teach the
// bot the answer.
type QuestionTx interface {
	AddBotQuestion(ctx context.Context, q *loket.BotQuestion) error
}

// maxQuestionText is the most of a question's text that is kept.
const maxQuestionText = 500

// noteQuestion records one question. Text that looks like a password is
// never kept (as the engine's inbound log drops it); a miss without text
// is not worth a row.
func (c *conv) noteQuestion(outcome, answerKey, text string) error {
	if outcome == loket.QuestionAnswered {
		text = ""
	} else {
		text = strings.Join(strings.Fields(text), " ")
		if LooksLikePassword(text) {
			text = ""
		}
		if text == "" {
			return nil
		}
		if utf8.RuneCountInString(text) > maxQuestionText {
			text = string([]rune(text)[:maxQuestionText])
		}
	}
	q := &loket.BotQuestion{Channel: c.turn.Inbound.Channel, ContactID: c.turn.Contact.ID, Lang: c.lang(),
		Text: text, Outcome: outcome, AnswerKey: strings.TrimPrefix(answerKey, ownAnswerPrefix), CreatedAt: c.turn.Now}
	if err := c.tx.AddBotQuestion(c.ctx, q); err != nil {
		return fmt.Errorf("flows: record question: %w", err)
	}
	return nil
}
