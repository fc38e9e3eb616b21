package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"loket"
)

// IntakeTx is what document intake needs in a turn on top of Tx:
// scheduling the check, putting a document on a ticket, moving its
// status. A transaction without these methods gets documents acknowledged
// for an officer instead of checked. storetest.Tx satisfies it.
type IntakeTx interface {
	Tx
	ScheduleJob(ctx context.Context, j *loket.Job) error
	AddDocument(ctx context.Context, d *loket.Document) error
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
}

// DocsTx is what the document jobs need of a transaction beyond
// IntakeTx: the vendor's conversation (locked, so a job and a turn of the
// same chat run one after the other), the contact, the outbox and
// documents by id. The real store's transaction (storetest.Tx) satisfies it.
type DocsTx interface {
	IntakeTx
	ConversationForUpdate(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, error)
	SaveConversation(ctx context.Context, c *loket.Conversation) error
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
	DocumentByID(ctx context.Context, id int64) (*loket.Document, error)
}

// jobConv opens the conversation of a chat inside a job, as the engine
// does for a turn: locked, with its contact and decoded state. The turn's
// Inbound is a stand-in carrying the channel and chat.
func (f *Flows) jobConv(ctx context.Context, tx DocsTx, ch loket.Channel, chat string, now time.Time) (*conv, error) {
	cv, err := tx.ConversationForUpdate(ctx, ch, chat, now)
	if err != nil {
		return nil, fmt.Errorf("flows: lock conversation: %w", err)
	}
	ct, err := tx.ContactByID(ctx, cv.ContactID)
	if err != nil {
		return nil, fmt.Errorf("flows: load contact %d: %w", cv.ContactID, err)
	}
	st, err := decodeState(cv.State)
	if err != nil {
		f.log.WarnContext(ctx, "conversation state reset", "conversation", cv.ID, "err", err)
	}
	turn := &loket.Turn{Inbound: &loket.Inbound{Channel: ch, ChatID: chat}, Contact: ct, Conversation: cv, Now: now}
	return &conv{f: f, ctx: ctx, tx: tx, turn: turn, st: st}, nil
}

// saveJobConv saves the state and sends the replies the job decided, the
// way the engine does after a turn (bot.Enqueue: outbox row plus a
// timeline entry linked to its delivery state).
func (f *Flows) saveJobConv(ctx context.Context, tx DocsTx, c *conv) error {
	if len(c.turn.Replies) > 0 {
		last := c.st.Last
		c.finish()
		c.st.Last = last // a job is not the vendor coming back: keep the idle clock
	}
	b, err := c.st.encode()
	if err != nil {
		return err
	}
	cv := c.turn.Conversation
	cv.State, cv.UpdatedAt = b, c.turn.Now
	if err := tx.SaveConversation(ctx, cv); err != nil {
		return fmt.Errorf("flows: save conversation: %w", err)
	}
	if c.turn.Contact.Unreachable {
		return nil
	}
	for _, r := range c.turn.Replies {
		out := &loket.Outbound{
			Channel: cv.Channel, ChatID: cv.ChatID, ConversationID: cv.ID, TicketID: c.turn.TicketID,
			Text: r.Text, Buttons: r.Buttons, Document: r.Document, Status: loket.OutQueued,
			NextAttemptAt: c.turn.Now, CreatedAt: c.turn.Now,
		}
		if err := tx.EnqueueOutbound(ctx, out); err != nil {
			return fmt.Errorf("flows: enqueue outbound: %w", err)
		}
		if out.TicketID == 0 {
			continue
		}
		a := &loket.Activity{TicketID: out.TicketID, Kind: loket.ActMessageOut, Actor: loket.ActorBot,
			Body: out.Text, OutboundID: out.ID, CreatedAt: out.CreatedAt}
		if err := tx.AddActivity(ctx, a); err != nil {
			return fmt.Errorf("flows: add outbound activity: %w", err)
		}
	}
	return nil
}

// setStatus changes a ticket's status with a timeline entry.
func (c *conv) setStatus(t *loket.Ticket, s loket.TicketStatus) error {
	if t.Status == s {
		return nil
	}
	old := t.Status
	t.Status, t.UpdatedAt = s, c.turn.Now
	itx, ok := c.tx.(IntakeTx)
	if !ok {
		return fmt.Errorf("flows: set status: transaction cannot update tickets")
	}
	if err := itx.UpdateTicket(c.ctx, t); err != nil {
		return fmt.Errorf("flows: update ticket status: %w", err)
	}
	meta, _ := json.Marshal(map[string]any{"from": old, "to": s})
	a := &loket.Activity{TicketID: t.ID, Kind: loket.ActStatus, Actor: loket.ActorBot,
		Body: fmt.Sprintf("%s → %s", old, s), Meta: meta, CreatedAt: c.turn.Now}
	if err := c.tx.AddActivity(c.ctx, a); err != nil {
		return fmt.Errorf("flows: add status activity: %w", err)
	}
	return nil
}
