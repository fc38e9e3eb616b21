package flows

import (
	"strings"

	"loket"
)

// actNoReply runs "kok belum dibalas?" / "why no reply yet?" asked in the
// vendor's own words (the intent intent.no_reply); no button carries it.
const actNoReply = "i.noreply"

// noReply answers a vendor waiting for an officer with their own ticket:
// its state, whether an officer has it or it waits in the queue, when
// officers answer (the office hours in force, and whether that is now),
// and that the message itself is on the ticket for the officer. Without
// an open ticket it says there is nothing waiting and offers what to do.
func (c *conv) noReply() error { return c.onWaitingTicket(c.noReplyOn) }

// noReplyOn is noReply for the waiting ticket t.
func (c *conv) noReplyOn(t *loket.Ticket) error {
	if text := strings.TrimSpace(c.turn.Inbound.Text); text != "" {
		if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, text, nil); err != nil {
			return err
		}
	}
	tv, err := c.ticketView(t)
	if err != nil {
		return err
	}
	v := c.view()
	v.Ref, v.Type, v.Value = t.Ref(), tv.Type, tv.Status
	who := "noreply.queued"
	if t.AssigneeID != 0 {
		who = "noreply.assigned"
	}
	if v.Where, err = c.text(who, v); err != nil {
		return err
	}
	if t.Status != loket.StatusNew {
		v.Detail = tv.Next // the ticket may be waiting on the vendor (documents, a call to book)
		if len(tv.Missing) > 0 {
			v.Form = strings.Join(tv.Missing, ", ")
		}
	}
	if c.st.Step == stepTicket {
		c.st.Acked = true // told where the message went: no "your message is on the ticket" next time
	}
	return c.say("noreply.ticket", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}

// onWaitingTicket runs fn with the ticket a "no reply yet" or a "waiting
// for news" is about (waitingTicket), made the turn's; without one it says
// that nothing waits for an officer (noReplyNone).
func (c *conv) onWaitingTicket(fn func(*loket.Ticket) error) error {
	t, err := c.waitingTicket()
	if err != nil {
		return err
	}
	if t == nil {
		return c.noReplyNone()
	}
	c.turn.TicketID = t.ID
	return fn(t)
}

// waitingTicket is the open ticket a "no reply yet" is about: the one
// the conversation is in, else the vendor's newest open ticket; nil when
// there is none.
func (c *conv) waitingTicket() (*loket.Ticket, error) {
	return c.myOpenTicket(func(*loket.Ticket) bool { return true })
}

// noReplyNone answers "no reply yet" without an open ticket: nothing is
// waiting for an officer; talk to one, or go on with the registration.
func (c *conv) noReplyNone() error {
	if c.st.In.answers() > 0 {
		return c.say("noreply.none_intake", nil, opt{key: "btn.resume_intake", action: actResumeIntake},
			opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
	}
	return c.say("noreply.none", nil, opt{key: "btn.officer", action: actOfficer},
		opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
}

// await answers a vendor who says they will wait for news ("ditunggu
// kabarnya", "saya tunggu jadwalnya"): every reply and change of their
// ticket comes to this chat, so there is nothing to ask again, and what
// happens next. It got "no reply yet" (a complaint it was not) and "take
// your time". Where the bot waits for an answer, it says so (the question
// follows); without an open ticket, nothing waits for the office
// (noReplyNone).
func (c *conv) await() error {
	if pendingQuestion(c.st.Step) {
		return c.say("talk.await_step", nil)
	}
	return c.onWaitingTicket(c.awaitOn)
}

// awaitOn is await for the waiting ticket t.
func (c *conv) awaitOn(t *loket.Ticket) error {
	v := c.view()
	v.Ref = t.Ref()
	if c.st.Step == stepTicket {
		return c.say("talk.await", v) // inside the ticket: short, the ticket's talk is the officer's
	}
	tv, err := c.ticketView(t)
	if err != nil {
		return err
	}
	if t.Status != loket.StatusNew {
		v.Detail = tv.Next
	}
	return c.say("talk.await_ticket", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}
