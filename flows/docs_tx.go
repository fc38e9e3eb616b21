package flows

import (
	"context"
	"fmt"
	"time"

	"loket"
)

// IntakeTx is what document intake needs in a turn: scheduling the
// check, putting a document on a ticket, moving its status.
type IntakeTx interface {
	CoreTx
	ScheduleJob(ctx context.Context, j *loket.Job) error
	AddDocument(ctx context.Context, d *loket.Document) error
	UpdateDocument(ctx context.Context, d *loket.Document) error
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
}

// DocsTx is what the document jobs need of a transaction: the vendor's
// conversation (locked, so a job and a turn of the same chat run one
// after the other), the contact, the outbox and documents by id. The
// real store's transaction (store.Tx) satisfies it.
type DocsTx interface {
	jobConvTx
	DocumentByID(ctx context.Context, id int64) (*loket.Document, error)
}

// jobConv opens a chat's conversation inside a job (see openForJob).
func (f *Flows) jobConv(ctx context.Context, tx DocsTx, ch loket.Channel, chat string, now time.Time) (*conv, error) {
	return f.openForJobChat(ctx, tx, ch, chat, now)
}

// saveJobConv saves the state and sends the replies the job decided,
// keeping the vendor's idle clock.
func (f *Flows) saveJobConv(ctx context.Context, tx DocsTx, c *conv) error {
	c.kind = loket.KindDocument
	return f.sendFromJob(ctx, tx, c, true)
}

// setStatus changes a ticket's status with a timeline entry.
func (c *conv) setStatus(t *loket.Ticket, s loket.TicketStatus) error {
	if err := loket.SetStatus(c.ctx, c.tx, t, s, loket.ActorBot, 0, "", c.turn.Now); err != nil {
		return fmt.Errorf("flows: %w", err)
	}
	return nil
}
