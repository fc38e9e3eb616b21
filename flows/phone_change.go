package flows

import "loket"

// actPhoneChange runs "my phone changed, my WhatsApp number is now …"
// said in the vendor's own words (the intent intent.phone_change); no
// button carries it.
const actPhoneChange = "i.phone"

// phoneChange answers a new WhatsApp number with what the flows already
// have: in a registration still being filled in, the number is that
// registration's answer (taken at once when the message holds a mobile
// number, else asked); once a registration ticket is open, an officer
// changes it: the new number goes on the ticket (the message that holds
// it, or the next one); before either, the number is asked during the
// registration.
func (c *conv) phoneChange() error {
	st := c.st
	v := c.view()
	num, ok := PhoneInSentence(c.turn.Inbound.Text)
	if ok {
		if p, problem := ParseMobile(num); problem == PhoneOK {
			v.Value = p
		}
	}
	if in := st.In; in.answers() > 0 {
		st.reset()
		st.In = in
		if v.Value != "" && in.Form.Valid() {
			in.Phone = v.Value
			if err := c.say("phone.changed", v); err != nil {
				return err
			}
			return c.advance() // the next question, or the summary with the new number
		}
		st.Step, in.Edit = stepPhone, in.Phone != ""
		if err := c.say("phone.change_intake", v); err != nil {
			return err
		}
		return c.intakePrompt()
	}
	dataChange := opt{key: "btn.req_" + string(loket.TypeDataChange), action: prefixReq + string(loket.TypeDataChange)}
	menu := opt{key: "btn.menu", action: actMenu}
	t, err := c.openRegistration()
	if err != nil {
		return err
	}
	if t != nil {
		// Only an officer changes it: the new number goes on the ticket for
		// them. It said to press "Perubahan data" and write the number, and
		// a number typed straight away was refused with "ketik ganti nomor
		// wa" (found over HTTP); now the message with the number is on the
		// ticket, or the ticket takes the next message.
		v.Ref = t.Ref()
		c.turn.TicketID = t.ID
		status := opt{key: "btn.status", action: actStatus}
		if v.Value == "" {
			c.enterTicket(t, false)
			return c.say("phone.change_ask", v, status, menu)
		}
		if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, c.turn.Inbound.Text, nil); err != nil {
			return err
		}
		c.enterTicket(t, true)
		return c.say("phone.change_sent", v, status, menu)
	}
	return c.say("phone.change_none", v, opt{key: "btn.register", action: actRegister}, dataChange, menu)
}

// phoneChangeKeys are the texts of this file (flows/keys.go).
func phoneChangeKeys() []string {
	return []string{"phone.changed", "phone.change_intake", "phone.change_ask", "phone.change_sent", "phone.change_none"}
}
