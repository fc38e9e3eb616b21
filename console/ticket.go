package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"loket"
	"loket/ops"
	"loket/store"
)

// ticketStore is what the ticket page uses.
type ticketStore interface {
	ops.Auditor
	Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error)
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	Documents(ctx context.Context, ticketID int64) ([]loket.Document, error)
	ListAgents(ctx context.Context) ([]loket.Agent, error)
	TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error)
	TicketByNumber(ctx context.Context, number int64) (*loket.Ticket, error)
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
}

func asTicket(tx store.Tx) ticketStore { return tx }

// ticketDetail is everything the ticket page and GET /api/v1/tickets/{n} show.
type ticketDetail struct {
	Ticket       *loket.Ticket
	Contact      *loket.Contact
	Vendor       *loket.Vendor // nil when not yet known
	Timeline     []timelineItem
	Documents    []loket.Document
	Appointments []loket.Appointment
	Agents       []loket.Agent // active agents, for assigning
	Assignee     string
}

// timelineItem is an activity with who did it, how it reads in the
// reader's language and, for messages to the vendor, the delivery state.
type timelineItem struct {
	loket.Activity
	Who      string
	Text     string
	Delivery *loket.Outbound
}

// loadTicket reads a ticket with its timeline. Viewing is audited (the
// page shows personal data) unless audited is false (a live refresh).
func (c *Console) loadTicket(ctx context.Context, a *auth, number int64, audited bool) (*ticketDetail, error) {
	d := &ticketDetail{}
	names := map[int64]string{}
	err := inTx(ctx, c.store, asTicket, func(tx ticketStore) error {
		var err error
		if d.Ticket, err = tx.TicketByNumber(ctx, number); err != nil {
			return fmt.Errorf("load ticket: %w", err)
		}
		if d.Contact, err = tx.ContactByID(ctx, d.Ticket.ContactID); err != nil {
			return fmt.Errorf("load contact: %w", err)
		}
		if d.Ticket.VendorID != 0 {
			if d.Vendor, err = tx.VendorByID(ctx, d.Ticket.VendorID); err != nil && !errors.Is(err, loket.ErrNotFound) {
				return fmt.Errorf("load vendor: %w", err)
			}
		}
		acts, err := tx.Activities(ctx, d.Ticket.ID)
		if err != nil {
			return fmt.Errorf("load activities: %w", err)
		}
		for _, act := range acts {
			d.Timeline = append(d.Timeline, timelineItem{Activity: act})
		}
		if d.Documents, err = tx.Documents(ctx, d.Ticket.ID); err != nil {
			return fmt.Errorf("load documents: %w", err)
		}
		if d.Appointments, err = tx.TicketAppointments(ctx, d.Ticket.ID); err != nil {
			return fmt.Errorf("load appointments: %w", err)
		}
		ags, err := tx.ListAgents(ctx)
		if err != nil {
			return fmt.Errorf("list agents: %w", err)
		}
		for _, ag := range ags {
			names[ag.ID] = ag.Name
			if ag.Active {
				d.Agents = append(d.Agents, ag)
			}
		}
		if !audited {
			return nil
		}
		return audit(ctx, tx, a, "ticket.view", ticketObject(d.Ticket), "", c.clock.Now())
	})
	if err != nil {
		return nil, fmt.Errorf("console: ticket #%d: %w", number, err)
	}
	d.Assignee = names[d.Ticket.AssigneeID]
	lang := a.lang()
	set, err := c.currentSet(ctx)
	if err != nil {
		return nil, err
	}
	var form loket.BusinessForm
	if d.Vendor != nil {
		form = d.Vendor.Form
	}
	docName := func(key string) string { return c.requirementLabel(set, form, lang, key) }
	for i := range d.Timeline {
		it := &d.Timeline[i]
		it.Who = c.who(lang, it.Activity, names, d.Contact)
		it.Text = c.entryText(lang, it.Activity, names, docName)
		if it.OutboundID == 0 {
			continue
		}
		// Outside the transaction: the store reads outbox rows on its own.
		out, err := c.store.OutboundByID(ctx, it.OutboundID)
		if err != nil && !errors.Is(err, loket.ErrNotFound) {
			return nil, fmt.Errorf("console: ticket #%d: delivery state: %w", number, err)
		}
		it.Delivery = out
	}
	return d, nil
}

// who names the actor of an activity: the agent's or contact's name, or
// the kind of actor in lang.
func (c *Console) who(lang loket.Lang, a loket.Activity, names map[int64]string, ct *loket.Contact) string {
	switch a.Actor {
	case loket.ActorAgent:
		if n := names[a.AgentID]; n != "" {
			return n
		}
	case loket.ActorVendor:
		if ct.Name != "" {
			return ct.Name
		}
	case loket.ActorBot:
	default:
		return c.catalog.label(lang, "label.actor", string(loket.ActorSystem))
	}
	return c.catalog.label(lang, "label.actor", string(a.Actor))
}

func (c *Console) ticketPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	number, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	refresh := r.Header.Get("X-Loket-Refresh") == "1"
	return c.renderTicket(w, r, a, number, http.StatusOK, !refresh, failedAction{})
}

// renderTicket renders the ticket page with status; failed, when set, is
// an action the agent just tried that was refused: the page says why next
// to its form and keeps what was typed (console/ticket_forms.go).
func (c *Console) renderTicket(w http.ResponseWriter, r *http.Request, a *auth, number int64, status int, audited bool, failed failedAction) error {
	live := c.pageMark(r, number) // before the page's data (console/events.go)
	d, err := c.loadTicket(r.Context(), a, number, audited)
	if err != nil {
		return err
	}
	lang := d.Contact.Lang
	sv, err := c.ticketSurvey(r.Context(), a.lang(), d.Ticket.ID) // console/admin_survey.go
	if err != nil {
		return err
	}
	canned, err := c.cannedOptions(r.Context(), lang) // console/admin_canned.go
	if err != nil {
		return err
	}
	set, err := c.currentSet(r.Context())
	if err != nil {
		return err
	}
	reqs := map[string]string{}
	for _, doc := range d.Documents {
		var form loket.BusinessForm
		if d.Vendor != nil {
			form = d.Vendor.Form
		}
		reqs[doc.Requirement] = c.requirementLabel(set, form, a.lang(), doc.Requirement)
	}
	win, err := c.windowFor(r.Context(), d.Contact, d.Ticket) // console/admin_wa_cloud.go
	if err != nil {
		return err
	}
	chat, err := c.chatLines(r.Context(), d.Contact) // console/ticket_chat.go
	if err != nil {
		return err
	}
	// What was just done, named by the redirect after a form; only the
	// console's own words: "?done=" with any other text in a link sent to
	// an agent showed that text in the page's green notice.
	flash := ""
	if done := r.URL.Query().Get("done"); r.Method == http.MethodGet && c.catalog.text(a.lang(), "label.done."+done, nil) != "" {
		flash = done
	}
	c.render(w, r, status, "ticket", a, map[string]any{
		"T": d, "Survey": sv, "Requirements": reqs, "Reasons": c.catalog.prefixed(lang, "reason."), "Canned": canned,
		"Flash": flash, "Window": win, "Failed": failed, "Chat": chat, "Live": live,
	})
	return nil
}

// pathInt reads a positive integer path value.
func pathInt(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, userErr(loket.ENotFound, "error.not_found_path", "what", name, "value", r.PathValue(name))
	}
	return n, nil
}
