package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"loket"
)

// Waiting-on-the-vendor rules.
const (
	idleWarnAfter  = 7 * 24 * time.Hour
	idleCloseAfter = 3 * 24 * time.Hour
	idleWarnDays   = 7
	idleCloseDays  = 10
)

// choosingFor is how long after their last message a vendor in the
// booking counts as still choosing: the call offer is not pushed over
// the list they are reading.
const choosingFor = 30 * time.Minute

// docsMissingDays are the ages of a waiting_documents ticket at which the
// vendor is reminded of missing documents.
var docsMissingDays = []int{5, 2}

// pushConv opens the conversation of a ticket's vendor inside a job (see
// openForJob); the replies belong to the ticket.
func (f *Flows) pushConv(ctx context.Context, tx JobTx, t *loket.Ticket, now time.Time) (*conv, error) {
	ct, err := tx.ContactByID(ctx, t.ContactID)
	if err != nil {
		return nil, fmt.Errorf("flows: push contact: %w", err)
	}
	c, err := f.openForJob(ctx, tx, ct, now)
	if err != nil {
		return nil, err
	}
	c.turn.TicketID = t.ID
	return c, nil
}

// pushSend saves the state and queues the replies on the ticket's
// timeline. A push is not the vendor coming back, unless it opened the
// booking.
func (f *Flows) pushSend(ctx context.Context, tx JobTx, c *conv) error {
	if len(c.turn.Replies) == 0 {
		return nil
	}
	return f.sendFromJob(ctx, tx, c, !strings.HasPrefix(c.st.Step, prefixBook))
}

// callOffer pushes the day offer when the ticket is in review and has
// never had a call (a vendor who cancelled is not pushed again).
func (f *Flows) callOffer(ctx context.Context, tx JobTx, ticketID int64, now time.Time) error {
	t, err := tx.TicketByID(ctx, ticketID)
	if err != nil {
		return fmt.Errorf("flows: offer ticket: %w", err)
	}
	acts, err := tx.Activities(ctx, t.ID)
	if err != nil {
		return fmt.Errorf("flows: offer activities: %w", err)
	}
	return f.offerIfDue(ctx, tx, t, reminderMarks(acts), now)
}

func (f *Flows) offerIfDue(ctx context.Context, tx JobTx, t *loket.Ticket, marks map[string]time.Time, now time.Time) error {
	if t.Type != loket.TypeRegistration || t.Status != loket.StatusInReview || !marks["call.offer"].IsZero() {
		return nil
	}
	as, err := tx.TicketAppointments(ctx, t.ID)
	if err != nil || len(as) > 0 {
		return err
	}
	c, err := f.pushConv(ctx, tx, t, now)
	if err != nil {
		return err
	}
	if strings.HasPrefix(c.st.Step, prefixBook) && now.Sub(c.st.Last) < choosingFor {
		return nil // choosing a day or time now: a new list would make theirs old; a later sweep offers it if they leave
	}
	if err := c.mark(t, "call.offer"); err != nil {
		return err
	}
	c.kind = loket.KindDocument // the documents passed: the call can be booked
	if err := c.offerDays(c.tx, t, 0, "rm.offer"); err != nil {
		return err
	}
	return f.pushSend(ctx, tx, c)
}

// reminderMarks returns, per reminder name, when it was last sent.
func reminderMarks(acts []loket.Activity) map[string]time.Time {
	out := map[string]time.Time{}
	for _, a := range acts {
		if a.Kind != loket.ActSystem || a.Actor != loket.ActorBot || len(a.Meta) == 0 {
			continue
		}
		var m struct {
			Reminder string `json:"reminder"`
		}
		if json.Unmarshal(a.Meta, &m) == nil && m.Reminder != "" && a.CreatedAt.After(out[m.Reminder]) {
			out[m.Reminder] = a.CreatedAt
		}
	}
	return out
}

// mark records on the timeline that a reminder was sent.
func (c *conv) mark(t *loket.Ticket, name string) error {
	v := &view{Office: c.profile(), Value: name}
	body, err := c.f.texts.render(loket.LangID, "act.reminder", v)
	if err != nil {
		return err
	}
	return c.activity(t.ID, loket.ActSystem, loket.ActorBot, body, map[string]any{"event": "reminder", "reminder": name})
}

// sweep looks at the tickets waiting on someone: missing documents
// (2 and 5 days), vendors silent for 7 days (warning) and 3 more
// (closed), and in-review tickets never offered a call. Then it plans
// the next sweep.
func (f *Flows) sweep(ctx context.Context, tx JobTx, now time.Time) error {
	filter := loket.TicketFilter{Statuses: []loket.TicketStatus{loket.StatusWaitingDocuments, loket.StatusNeedsFix,
		loket.StatusInReview}, Limit: 200}
	for {
		ts, err := tx.ListTickets(ctx, filter)
		if err != nil {
			return fmt.Errorf("flows: sweep tickets: %w", err)
		}
		for i := range ts {
			if err := f.sweepTicket(ctx, tx, &ts[i], now); err != nil {
				return fmt.Errorf("flows: sweep %s: %w", ts[i].Ref(), err)
			}
		}
		if len(ts) < filter.Limit {
			break
		}
		filter.Before = ts[len(ts)-1].ID
	}
	return f.scheduleSweep(ctx, tx, now)
}

func (f *Flows) sweepTicket(ctx context.Context, tx JobTx, t *loket.Ticket, now time.Time) error {
	acts, err := tx.Activities(ctx, t.ID)
	if err != nil {
		return fmt.Errorf("activities: %w", err)
	}
	marks := reminderMarks(acts)
	if t.Status == loket.StatusInReview {
		return f.offerIfDue(ctx, tx, t, marks, now)
	}
	lastVendor := t.UpdatedAt
	for _, a := range acts {
		if a.Actor == loket.ActorVendor && a.CreatedAt.After(lastVendor) {
			lastVendor = a.CreatedAt
		}
	}
	var c *conv
	open := func() error {
		if c == nil {
			c, err = f.pushConv(ctx, tx, t, now)
		}
		return err
	}
	if t.Type == loket.TypeRegistration && t.Status == loket.StatusWaitingDocuments {
		for _, d := range docsMissingDays {
			name := fmt.Sprintf("docs.missing.%d", d)
			if now.Sub(t.CreatedAt) < time.Duration(d)*24*time.Hour || !marks[name].IsZero() {
				continue
			}
			if err := open(); err != nil {
				return err
			}
			c.kind = loket.KindRemindDocs
			if err := c.docsMissing(t, d); err != nil {
				return err
			}
			for _, e := range docsMissingDays {
				if e <= d {
					if err := c.mark(t, fmt.Sprintf("docs.missing.%d", e)); err != nil {
						return err
					}
				}
			}
			break
		}
	}
	warned := marks["ticket.idle.warn"]
	switch {
	case warned.After(lastVendor) && now.Sub(warned) >= idleCloseAfter:
		if err := open(); err != nil {
			return err
		}
		c.kind = loket.KindStatus
		if err := c.idleClose(t); err != nil {
			return err
		}
	case !warned.After(lastVendor) && now.Sub(lastVendor) >= idleWarnAfter:
		if err := open(); err != nil {
			return err
		}
		if c.kind == "" {
			c.kind = loket.KindStatus
		}
		v := c.view()
		v.Ref, v.Count = t.Ref(), idleWarnDays
		if err := c.say("rm.idle_warn", v, opt{key: "btn.status", action: actStatus}); err != nil {
			return err
		}
		if err := c.mark(t, "ticket.idle.warn"); err != nil {
			return err
		}
	}
	if c == nil {
		return nil
	}
	return f.pushSend(ctx, tx, c)
}

// docsMissing reminds the vendor of the documents still missing; nothing
// when none is.
func (c *conv) docsMissing(t *loket.Ticket, days int) error {
	var tv ticketView
	if err := c.missingDocs(t, &tv); err != nil {
		return err
	}
	if len(tv.Missing)+len(tv.Rejected) == 0 {
		return nil
	}
	v := c.view()
	v.Ref, v.Count, v.Detail = t.Ref(), days, bullets(append(tv.Missing, tv.Rejected...))
	return c.say("rm.docs_missing", v, opt{key: "btn.status", action: actStatus})
}

// idleClose closes a ticket the vendor left silent after the warning.
func (c *conv) idleClose(t *loket.Ticket) error {
	if err := moveTicketStatus(c.ctx, c.tx, t, loket.StatusClosed, loket.ActorBot, c.turn.Now); err != nil {
		return err
	}
	body, err := c.f.texts.render(loket.LangID, "act.idle_closed", &view{Office: c.profile(), Count: idleCloseDays})
	if err != nil {
		return err
	}
	if err := c.activity(t.ID, loket.ActSystem, loket.ActorBot, body, map[string]any{
		"event": "idle_closed", "reminder": "ticket.idle.closed", "days": idleCloseDays}); err != nil {
		return err
	}
	v := c.view()
	v.Ref = t.Ref()
	return c.say("rm.idle_closed", v, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
}
