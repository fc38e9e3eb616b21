package flows

// actProcessLength answers how long verification takes ("berapa lama
// proses verifikasi?", "how long does verification take?"). The office
// names no number of days; what the bot knows is what the wait is made
// of: the call's length, that the vendor picks its time as soon as the
// required PDFs pass, the earliest free time now (or the vendor's own
// call), and the confirmation e-mail that follows a verification found in
// order. No button carries it.
const actProcessLength = "i.process_length"

// processLength says what verification takes, from the booking rules and
// the calendar.
func (c *conv) processLength() error {
	v, err := c.earliestView()
	if err != nil {
		return err
	}
	t, err := c.bookingTicket()
	if err != nil {
		return err
	}
	if t != nil {
		a, err := activeAppointment(c, c.tx, t.ID)
		if err != nil {
			return err
		}
		if a != nil { // their own call, not the earliest free one
			v.Ref, v.Type, v.Value = t.Ref(), c.f.whenWords(c.lang(), a.StartsAt), ""
		}
	}
	if pendingQuestion(c.st.Step) {
		return c.say("process.length", v)
	}
	return c.say("process.length", v, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
}

// earliestView is a view with the call's length (Count) and the earliest
// free call time in words (Value, "" when none), from the calendar.
func (c *conv) earliestView() (*view, error) {
	q, err := c.f.loadSlotQuery(c.ctx, c.tx, c.turn.Now)
	if err != nil {
		return nil, err
	}
	v := c.view()
	v.Count = q.Rules.SlotMinutes
	if s, ok := q.First(); ok {
		v.Value = c.f.whenWords(c.lang(), s.Start)
	}
	return v, nil
}
