package loket

import "time"

// Turn is one inbound message being handled, inside the transaction that
// will also record the handler's decisions and the replies.
//
// The handler may change Contact (name, language, phone) and
// Conversation.State; the engine saves both after the handler returns.
// Replies go to the chat the message came from; when TicketID is set they
// are also put on that ticket's timeline with their delivery state.
// Messages to anyone else are enqueued by the handler through its store.
type Turn struct {
	Inbound      *Inbound
	Contact      *Contact
	Conversation *Conversation
	Now          time.Time

	Replies  []Reply
	TicketID int64
}

// Say appends a reply to the turn.
func (t *Turn) Say(r Reply) { t.Replies = append(t.Replies, r) }

// Outbound is the turn's replies as outbox rows of its conversation,
// due at once: what the engine writes after a turn, and what a job that
// speaks in a conversation writes.
func (t *Turn) Outbound() []*Outbound {
	cv := t.Conversation
	outs := make([]*Outbound, len(t.Replies))
	for i, r := range t.Replies {
		outs[i] = &Outbound{
			Channel: cv.Channel, ChatID: cv.ChatID, ConversationID: cv.ID, TicketID: t.TicketID,
			Text: r.Text, Buttons: r.Buttons, Document: r.Document, NextAttemptAt: t.Now, CreatedAt: t.Now,
		}
	}
	return outs
}
