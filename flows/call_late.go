package flows

// "Kalau saya telat gimana?" from a vendor with a video call booked asks
// about being late for that call, not for the counter's hours (its
// keywords "telat datang", "datang telat" are the hours answer's): the
// call's time, that it can be moved from the chat until it starts, and
// that a missed call gets a new time offered.

var lateWords = wordSet("telat", "terlambat", "telad", "late", "delayed", "running")

// lateForCall answers such a question when the vendor's registration has
// a call booked ahead; it reports whether it did.
func (c *conv) lateForCall() (bool, error) {
	late := false
	for _, w := range tokens(c.turn.Inbound.Text) {
		late = late || lateWords[w]
	}
	if !late {
		return false, nil
	}
	t, err := c.bookingTicket()
	if err != nil || t == nil {
		return false, err
	}
	a, err := activeAppointment(c, c.tx, t.ID)
	if err != nil || a == nil || !a.StartsAt.After(c.turn.Now) {
		return false, err
	}
	c.turn.TicketID = t.ID
	v, err := c.bookingView(t, a)
	if err != nil {
		return false, err
	}
	return true, c.say("bk.late", v, c.bookedOpts()...)
}
