package flows

// actAfterCall answers what comes after the verification video call
// ("sudah di vc barusan, selanjutnya apa?", "done, the officer just called
// us. what now?"): the officer records the result, a message comes in this
// chat, and once all is in order the confirmation e-mail and the login. It
// got the guide's last step, or the vendor's call with "do you want to
// change or cancel it?". A vendor verified already is told the e-mail has
// gone; one whose call is still ahead is told when it is.
const actAfterCall = "i.after_call"

// afterCall says what follows the call, from the vendor's registration.
func (c *conv) afterCall() error {
	v := c.view()
	key := "after_call"
	st, err := c.registrationStage() // flows/emails.go
	if err != nil {
		return err
	}
	if st.t != nil {
		v.Ref = st.t.Ref()
	}
	switch {
	case st.verified:
		key = "emails.verified"
	case st.call != nil && st.call.StartsAt.After(c.turn.Now):
		key, v.Value = "after_call.ahead", c.f.whenWords(c.lang(), st.call.StartsAt)
	}
	if pendingQuestion(c.st.Step) {
		return c.say(key, v)
	}
	return c.say(key, v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}
