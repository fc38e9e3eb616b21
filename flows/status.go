package flows

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"loket"
)

const maxStatusTickets = 5

// status lists the vendor's tickets in plain words: status, what is
// missing and the next step.
func (c *conv) status() error {
	tickets, err := c.myTickets()
	if err != nil {
		return err
	}
	if len(tickets) == 0 {
		if c.st.In.answers() > 0 {
			return c.say("status.none_intake", nil, opt{key: "btn.resume_intake", action: actResumeIntake},
				opt{key: "btn.menu", action: actMenu})
		}
		if pendingQuestion(c.st.Step) && !strings.HasPrefix(c.st.Step, "in.") {
			// asked from inside the guide or a request, whose question
			// follows with its own buttons: "would you like to start?"
			// had no way to say yes ("ya" got the guide's choices)
			return c.say("status.none_step", nil)
		}
		return c.say("status.none", nil, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
	}
	v := c.view()
	anyOpen := false
	for i := range tickets {
		if i == maxStatusTickets {
			break
		}
		tv, err := c.ticketView(&tickets[i])
		if err != nil {
			return err
		}
		anyOpen = anyOpen || tv.Open
		v.Tickets = append(v.Tickets, tv)
	}
	v.Count = len(tickets)
	opts := []opt{{key: "btn.menu", action: actMenu}}
	if anyOpen {
		opts = append([]opt{{key: "btn.officer", action: actOfficer}}, opts...)
	}
	if c.pendingSurvey(c.tx) {
		opts = append([]opt{{key: "btn.survey", action: actSurvey}}, opts...) // flows/survey_turn.go
	}
	return c.say("status.list", v, opts...)
}

func (c *conv) ticketView(t *loket.Ticket) (ticketView, error) {
	tv := ticketView{Ref: t.Ref(), Open: t.Status.Open()}
	var err error
	if tv.Type, err = c.text("type."+string(t.Type), nil); err != nil {
		return tv, err
	}
	if tv.Status, err = c.text("status."+string(t.Status), nil); err != nil {
		return tv, err
	}
	next := "next." + string(t.Status)
	if t.Type == loket.TypeRegistration && (t.Status == loket.StatusNew || t.Status == loket.StatusWaitingDocuments) {
		next += ".registration"
	}
	if !c.f.texts.has(next) {
		next = "next." + string(t.Status)
	}
	if tv.Next, err = c.text(next, nil); err != nil {
		return tv, err
	}
	if t.Status == loket.StatusCallScheduled {
		if tv.Next, err = c.withCallTime(c.tx, t, tv.Next); err != nil { // flows/booking.go
			return tv, err
		}
	}
	if t.Type == loket.TypeRegistration && (t.Status == loket.StatusWaitingDocuments || t.Status == loket.StatusNeedsFix) {
		if err := c.missingDocs(t, &tv); err != nil {
			return tv, err
		}
		if tv.Pending, err = c.pendingFiles(t.ID); err != nil {
			return tv, err
		}
		if t.Status == loket.StatusNeedsFix {
			if tv.Note, err = c.fixNote(t.ID); err != nil {
				return tv, err
			}
		}
		if len(tv.Missing) == 0 && len(tv.Checking) > 0 && t.Status == loket.StatusWaitingDocuments {
			if tv.Next, err = c.text("next.checking", nil); err != nil { // the last files are being checked
				return tv, err
			}
		}
	}
	return tv, nil
}

// fixNote is the officer's note sent when the ticket was last set to
// needs fixing ("" when none was written): the status view's "fix as the
// officer's note says" repeats it, the note's message being long gone up
// the chat.
func (c *conv) fixNote(ticketID int64) (string, error) {
	acts, err := c.tx.Activities(c.ctx, ticketID)
	if err != nil {
		return "", fmt.Errorf("flows: status activities: %w", err)
	}
	for i := len(acts) - 1; i >= 0; i-- {
		var m loket.StatusMeta
		if acts[i].Kind != loket.ActStatus || json.Unmarshal(acts[i].Meta, &m) != nil || m.To != loket.StatusNeedsFix {
			continue
		}
		return m.Note, nil
	}
	return "", nil
}

// missingDocs fills in the required documents not received yet, and
// those an officer rejected with the reason.
func (c *conv) missingDocs(t *loket.Ticket, tv *ticketView) error {
	form := loket.FormCompany
	if t.VendorID != 0 {
		v, err := c.tx.VendorByID(c.ctx, t.VendorID)
		switch {
		case err == nil && v.Form.Valid():
			form = v.Form
		case err != nil && !errors.Is(err, loket.ErrNotFound):
			return fmt.Errorf("flows: status vendor: %w", err)
		}
	}
	docs, err := c.tx.Documents(c.ctx, t.ID)
	if err != nil {
		return fmt.Errorf("flows: status documents: %w", err)
	}
	have := map[string]bool{}
	if c.st.Docs != nil {
		for _, f := range c.st.Docs.Flight { // still being checked: said so, not listed as missing
			tv.Checking = append(tv.Checking, f.Name)
			have[f.Req] = f.Req != ""
		}
	}
	cl := &checklist{reqs: c.requirements(form)}
	for _, d := range docs {
		label := c.labelIn(cl, d.Requirement)
		switch d.Status {
		case loket.DocReceived, loket.DocAccepted:
			have[d.Requirement] = true
		case loket.DocRejected:
			have[d.Requirement] = true // listed as "needs fixing", not as missing
			if d.RejectReason != "" {
				label += ": " + d.RejectReason
			}
			tv.Rejected = append(tv.Rejected, label)
		}
	}
	for _, r := range c.requirements(form) {
		if r.Assist || have[r.Key] {
			continue
		}
		tv.Missing = append(tv.Missing, r.label(c.lang()))
	}
	return nil
}

// pendingFiles counts files the vendor sent that passed the automatic
// check and no officer has reviewed yet (those of unknown type among
// them); those whose check is still running are listed apart
// (ticketView.Checking).
func (c *conv) pendingFiles(ticketID int64) (int, error) {
	docs, err := c.tx.Documents(c.ctx, ticketID)
	if err != nil {
		return 0, fmt.Errorf("flows: status documents: %w", err)
	}
	n := 0
	for _, d := range docs {
		if d.Status == loket.DocReceived {
			n++
		}
	}
	return n, nil
}
