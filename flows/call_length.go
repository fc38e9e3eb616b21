package flows

// actCallLength answers how long the verification video call takes
// ("berapa lama video callnya?", "how long is the video call?"): the
// slot length of the booking rules, which no answer text can quote. No
// button carries it.
const actCallLength = "i.call_length"

// callLength says the call's length and when calls are held; a vendor
// with a call booked is pointed at it.
func (c *conv) callLength() error {
	rules, err := LoadBookingRules(c.ctx, c.tx)
	if err != nil {
		return err
	}
	v := c.view()
	v.Count = rules.SlotMinutes
	if pendingQuestion(c.st.Step) {
		return c.say("call.length", v)
	}
	return c.say("call.length", v, opt{key: "btn.call", action: actCall}, opt{key: "btn.menu", action: actMenu})
}
