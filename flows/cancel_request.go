package flows

import (
	"fmt"
	"strings"

	"loket"
)

// "batalkan permohonan", "tolong tiket saya dibatalkan", "cancel my
// application": the vendor wants the request itself cancelled, not a
// form or the video call. They got the call's booking ("cancel" is a word
// of the call) or, for "batalkan pendaftaran", "nothing is running". They
// are asked to confirm (the request's call, when one is booked, named),
// and a yes cancels the ticket: its call is released, the officers see
// the status change on the timeline and in the staff group, and the
// vendor may register again whenever they like. A verified request is
// past cancelling: the account is active, so the wish goes on the ticket
// for the officers.

// cancelWishWords cancel; requestWords name the request; callWords the call.
var (
	cancelWishWords = wordSet("batal", "batalkan", "dibatalkan", "membatalkan", "pembatalan", "cancel", "cancelled",
		"canceled", "withdraw", "tarik")
	requestWords = wordSet("permohonan", "permohonannya", "pendaftaran", "pendaftarannya", "daftar", "registrasi",
		"registrasinya", "tiket", "tiketnya", "verifikasi", "request", "application", "registration", "ticket")
	callWords = wordSet("video", "call", "vc", "vidcall", "videocall", "jadwal", "jadwalnya", "appointment",
		"schedule", "panggilan")
)

// cancelsRequest reports a wish to cancel the request ("tidak jadi
// daftar" too), with no word of the call.
func cancelsRequest(text string) bool {
	ws := tokens(text)
	wish, req := false, false
	for i, w := range ws {
		switch {
		case callWords[w]:
			return false
		case cancelWishWords[w]:
			wish = true
		case w == "jadi" && i > 0 && negWords[ws[i-1]]: // "tidak jadi daftar"
			wish = true
		case requestWords[w]:
			req = true
		}
	}
	return wish && req
}

// cancelRequestWords answers cancelsRequest's wish when the vendor has an
// open request and no registration is being filled in.
func (c *conv) cancelRequestWords(text string) (bool, error) {
	booking := strings.HasPrefix(c.st.Step, prefixBook) // "cancel my application" while picking the call's time
	if c.textIsData() || c.st.Step != stepMenu && c.st.Step != stepTicket && c.st.Step != "" && !booking ||
		c.st.In.answers() > 0 || !cancelsRequest(text) {
		return false, nil
	}
	var t *loket.Ticket
	var err error
	switch {
	case c.st.Step == stepTicket:
		t, err = c.currentTicket()
	case booking && c.st.Book != nil:
		t, err = c.tx.TicketByID(c.ctx, c.st.Book.Ticket)
	default:
		t, err = c.bookingTicket()
	}
	if err != nil || t == nil || !t.Status.Open() {
		return false, err
	}
	c.noteLang(text)
	c.turn.TicketID = t.ID
	v := c.view()
	v.Ref = t.Ref()
	if t.Status == loket.StatusVerified {
		return true, c.cancelToOfficers(t, v, text)
	}
	appt, err := c.callToRelease(t)
	if err != nil {
		return true, err
	}
	if appt != nil {
		v.Value = c.f.whenWords(c.lang(), appt.StartsAt)
	}
	c.st.Drop = t.ID
	return true, c.say("ticket.cancel_confirm", v, opt{key: "btn.req_cancel_yes", action: actReqCancelYes},
		opt{key: "btn.req_cancel_keep", action: actReqCancelKeep})
}

// Buttons of the cancel question.
const (
	actReqCancelYes  = "rq.cancel.yes"
	actReqCancelKeep = "rq.cancel.keep"
)

// callToRelease is t's booked call still ahead, nil when none: the call a
// cancelled request releases.
func (c *conv) callToRelease(t *loket.Ticket) (*loket.Appointment, error) {
	a, err := activeAppointment(c, c.tx, t.ID)
	if err != nil || a == nil || !a.StartsAt.After(c.turn.Now) {
		return nil, err
	}
	return a, nil
}

// cancelRequestAnswer answers the cancel question: a yes cancels the
// ticket asked about (state.Drop) unless it has moved on since (closed,
// or verified: then the wish goes to the officers as above); a no leaves
// it as it was.
func (c *conv) cancelRequestAnswer(a string) error {
	id := c.st.Drop
	c.st.Drop = 0
	if id == 0 {
		if err := c.say("stale", nil); err != nil {
			return err
		}
		return c.prompt()
	}
	t, err := c.tx.TicketByID(c.ctx, id)
	if err != nil {
		return fmt.Errorf("flows: load ticket to cancel: %w", err)
	}
	c.turn.TicketID = t.ID
	v := c.view()
	v.Ref = t.Ref()
	switch {
	case !t.Status.Open():
		c.st.reset()
		return c.say("ticket.cancel_gone", v, opt{key: "btn.menu", action: actMenu})
	case a == actReqCancelKeep:
		return c.say("ticket.cancel_kept", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
	case t.Status == loket.StatusVerified:
		// verified since the question: past cancelling, so the wish goes
		// to the officers (the vendor's words were not kept: a note says it)
		body, err := c.f.texts.render(loket.LangID, "act.req_cancel_asked", v)
		if err != nil {
			return err
		}
		return c.cancelToOfficers(t, v, body)
	}
	appt, err := c.callToRelease(t)
	if err != nil {
		return err
	}
	if appt != nil {
		if err := c.dropCall(c.tx, t, appt); err != nil {
			return err
		}
		v.Value = c.f.whenWords(c.lang(), appt.StartsAt)
	}
	body, err := c.f.texts.render(loket.LangID, "act.req_cancelled", v)
	if err != nil {
		return err
	}
	if err := loket.SetStatus(c.ctx, c.tx, t, loket.StatusCancelled, loket.ActorVendor, 0, body, c.turn.Now); err != nil {
		return fmt.Errorf("flows: cancel ticket: %w", err)
	}
	c.st.reset()
	opts := []opt{{key: "btn.menu", action: actMenu}}
	if t.Type == loket.TypeRegistration {
		opts = append([]opt{{key: "btn.register", action: actRegister}}, opts...)
	}
	return c.say("ticket.cancelled", v, opts...)
}

// cancelToOfficers puts a wish to cancel a request that is past cancelling
// (verified) on its ticket for the officers, as body, and tells the vendor.
func (c *conv) cancelToOfficers(t *loket.Ticket, v *view, body string) error {
	if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, body, nil); err != nil {
		return err
	}
	c.enterTicket(t, true)
	return c.say("ticket.cancel_asked", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}
