package flows

import (
	"encoding/json"
	"fmt"

	"loket"
)

// actEmails answers which e-mails the SPSE portal sends and when ("kapan
// saya dapat email konfirmasi?", "when do I get the confirmation
// e-mail?"). The office's process has three: the sign-up link, the
// stage-2 receipt with the User ID, and the confirmation that follows a
// verification found in order; "email konfirmasi" names both the first
// (its button is "Konfirmasi") and the last. The answer lists the three
// and, for a vendor with a registration request, says which one they
// wait for: their call, or, once verified, that the last one went out.
// No button carries it.
const actEmails = "i.emails"

// emails says which e-mails come when, and where the vendor stands.
func (c *conv) emails() error {
	v := c.view()
	tail, err := c.emailsTail()
	if err != nil {
		return err
	}
	v.Tail = tail
	if pendingQuestion(c.st.Step) {
		return c.say("emails", v)
	}
	return c.say("emails", v, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
}

// emailsTail is the sentence that says which e-mail the vendor's own
// registration request waits for, empty without one.
func (c *conv) emailsTail() (string, error) {
	st, err := c.registrationStage()
	if err != nil || st.t == nil {
		return "", err
	}
	v := c.view()
	v.Ref = st.t.Ref()
	switch {
	case st.verified:
		return c.text("emails.verified", v)
	case st.call != nil:
		v.Value = c.f.whenWords(c.lang(), st.call.StartsAt)
		return c.text("emails.call", v)
	}
	return c.text("emails.waiting", v)
}

// regStage is where the vendor's registration stands for the answers
// about what follows the call (the e-mails, after the call): the request
// (registrationForEmails; nil when none), whether it was verified, and
// its booked call (nil when none, or once verified).
type regStage struct {
	t        *loket.Ticket
	verified bool
	call     *loket.Appointment
}

// registrationStage reads the vendor's regStage.
func (c *conv) registrationStage() (regStage, error) {
	t, verified, err := c.registrationForEmails()
	if err != nil || t == nil || verified {
		return regStage{t: t, verified: verified}, err
	}
	a, err := activeAppointment(c, c.tx, t.ID)
	return regStage{t: t, call: a}, err
}

// registrationForEmails is the vendor's registration request the e-mails
// answer speaks of: one still open or verified (bookingTicket), else the
// newest closed one that was verified before it closed. verified says its
// verification was found in order.
func (c *conv) registrationForEmails() (*loket.Ticket, bool, error) {
	t, err := c.bookingTicket()
	if err != nil || t != nil {
		return t, t != nil && t.Status == loket.StatusVerified, err
	}
	ts, err := c.myTickets()
	if err != nil {
		return nil, false, err
	}
	for i := range ts {
		if ts[i].Type != loket.TypeRegistration || ts[i].Status != loket.StatusClosed {
			continue
		}
		ok, err := c.wasVerified(ts[i].ID)
		if err != nil || ok {
			return &ts[i], ok, err
		}
	}
	return nil, false, nil
}

// wasVerified reports whether a ticket's timeline has it set verified.
func (c *conv) wasVerified(ticketID int64) (bool, error) {
	acts, err := c.tx.Activities(c.ctx, ticketID)
	if err != nil {
		return false, fmt.Errorf("flows: ticket activities: %w", err)
	}
	for _, a := range acts {
		var m struct{ To loket.TicketStatus }
		if a.Kind == loket.ActStatus && json.Unmarshal(a.Meta, &m) == nil && m.To == loket.StatusVerified {
			return true, nil
		}
	}
	return false, nil
}
