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
