package flows

import (
	"strings"
)

// cancel is "batal"/"cancel": it leaves what is going on. Registration
// answers are only discarded after the vendor confirms, once two or more
// are given; files waiting to be named stay on the ticket as "type
// unknown" for the officers.
func (c *conv) cancel() error {
	st := c.st
	intake := strings.HasPrefix(st.Step, "in.")
	switch {
	case st.Step == stepCancel:
		return c.cancelAnswer(actCancelYes)
	case st.Step == stepDocWhich:
		return c.docWhichCancel(c.tx) // flows/docs_state.go
	case (intake || st.Step == stepMenu) && st.In.answers() >= 2:
		st.Back = "" // at the menu: the registration parked there
		if intake {
			st.Back = st.Step
		}
		st.Step = stepCancel
		return c.cancelPrompt()
	case intake || st.Step == stepMenu && st.In.answers() > 0:
		st.discard()
		if err := c.say("cancel.intake", nil); err != nil {
			return err
		}
		return c.menuPrompt()
	}
	key := "cancel.nothing"
	switch {
	case st.Step == stepTicket:
		key = "cancel.ticket"
	case resumable(st.Step):
		key = "cancel.done"
	}
	st.reset() // leaves this journey; a registration parked meanwhile keeps its answers
	if key == "cancel.nothing" {
		// "batalkan" with nothing being filled in but a call booked: the
		// call is what it may mean ("nothing is going on" was untrue)
		t, a, err := c.bookedCallAhead() // flows/call_questions.go
		if err != nil {
			return err
		}
		if a != nil {
			v := c.view()
			v.Ref, v.Value, c.turn.TicketID = t.Ref(), c.f.whenWords(c.lang(), a.StartsAt), t.ID
			return c.say("cancel.nothing_call", v, c.bookedOpts()...)
		}
	}
	if err := c.say(key, nil); err != nil {
		return err
	}
	return c.menuPrompt()
}

// cancelPrompt asks whether to discard the registration answers.
func (c *conv) cancelPrompt() error {
	v := c.view()
	v.Count = c.st.In.answers()
	if c.st.In != nil {
		v.Value = c.st.In.Name
	}
	return c.say("cancel.confirm", v, opt{key: "btn.cancel_yes", action: actCancelYes},
		opt{key: "btn.cancel_no", action: actCancelNo})
}

// cancelAnswer takes the answer to cancelPrompt.
func (c *conv) cancelAnswer(a string) error {
	st := c.st
	if st.Step != stepCancel {
		return c.prompt() // an old confirmation: nothing to confirm now
	}
	if a == actCancelYes {
		st.discard()
		if err := c.say("cancel.intake", nil); err != nil {
			return err
		}
		return c.menuPrompt()
	}
	st.Step, st.Back = st.Back, ""
	if st.Step == "" {
		return c.menuPrompt()
	}
	return c.resume()
}
