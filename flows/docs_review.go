package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"loket"
)

// Reviewed runs a doc.reviewed job (bot.JobFunc shape). It is the one
// place that decides what an officer's review means for the ticket:
//   - a rejection moves a ticket that waits for documents or is in review
//     to needs_fix (the console already told the vendor why and what to send;
//     the bot asks for that requirement again on the next upload);
//   - when every verification document is accepted, the ticket moves to
//     in_review and the vendor is told the next step is booking the
//     verification video call (the booking flow takes over from that status).
func (d *Docs) Reviewed(ctx context.Context, tx DocsTx, job *loket.Job, now time.Time) error {
	var p loket.DocReviewedPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil || p.Ticket == 0 {
		d.log.ErrorContext(ctx, "flows: doc.reviewed: bad payload; dropping job", "job", job.ID, "err", err)
		return nil
	}
	t, err := tx.TicketByID(ctx, p.Ticket)
	if errors.Is(err, loket.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("flows: doc.reviewed: load ticket: %w", err)
	}
	if t.Type != loket.TypeRegistration || !t.Status.Open() {
		return nil
	}
	ct, err := tx.ContactByID(ctx, t.ContactID)
	if err != nil {
		return fmt.Errorf("flows: doc.reviewed: load contact: %w", err)
	}
	c, err := d.f.jobConv(ctx, tx, ct.Channel, ct.ChatID, now)
	if err != nil {
		return err
	}
	c.turn.TicketID = t.ID
	if err := c.reviewed(t); err != nil {
		return err
	}
	return d.f.saveJobConv(ctx, tx, c)
}

// reviewed applies the review rule to a ticket (see Reviewed).
func (c *conv) reviewed(t *loket.Ticket) error {
	cl, err := c.loadChecklist(t)
	if err != nil {
		return err
	}
	awaiting := t.Status == loket.StatusNew || t.Status == loket.StatusWaitingDocuments ||
		t.Status == loket.StatusNeedsFix || t.Status == loket.StatusInReview
	switch {
	case cl.stillRejected() && (awaiting || t.Status == loket.StatusCallScheduled):
		return c.setStatus(t, loket.StatusNeedsFix) // reopened: the console told the vendor what to send
	case !awaiting:
		return nil
	case cl.allAccepted() && t.Status != loket.StatusInReview:
		if err := c.setStatus(t, loket.StatusInReview); err != nil {
			return err
		}
		// The message offers the call: the sweep (flows/reminders_sweep.go)
		// need not offer it again a quarter of an hour later.
		if err := c.mark(t, "call.offer"); err != nil {
			return err
		}
		v := c.view()
		v.Ref = t.Ref()
		return c.say("docs.all_accepted", v, opt{key: "btn.call", action: actCall}, opt{key: "btn.status", action: actStatus})
	}
	return nil
}
