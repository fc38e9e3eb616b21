package flows

import (
	"strings"
	"time"

	"loket"
)

// Questions about the booked call asked in words the general answers
// also have.
//
// "Kalau saya telat gimana?" from a vendor with a video call booked asks
// about being late for that call, not for the counter's hours (its
// keywords "telat datang", "datang telat" are the hours answer's): the
// call's time, that it can be moved from the chat until it starts, and
// that a missed call gets a new time offered.

var lateWords = wordSet("telat", "terlambat", "telad", "late", "delayed", "running")

// lateForCall answers such a question when the vendor's registration has
// a call booked ahead; it reports whether it did.
func (c *conv) lateForCall() (bool, error) {
	if !hasWordsOf(c.turn.Inbound.Text, lateWords) {
		return false, nil
	}
	t, a, err := c.bookedCallAhead()
	if err != nil || a == nil {
		return false, err
	}
	text := c.turn.Inbound.Text
	if !isQuestion(text) && a.StartsAt.Sub(c.turn.Now) <= callCloseBy {
		// "maaf pak, direktur masih di jalan, telat 10 menit" an hour
		// before the call: for the officer who calls, on the ticket
		if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, text, nil); err != nil {
			return false, err
		}
		return true, c.sayOfCall(t, a, "bk.late_noted")
	}
	return true, c.sayOfCall(t, a, "bk.late")
}

// bookedCallAhead is the vendor's registration and its booked call still
// to come; both nil when there is none.
func (c *conv) bookedCallAhead() (*loket.Ticket, *loket.Appointment, error) {
	t, err := c.bookingTicket()
	if err != nil || t == nil {
		return nil, nil, err
	}
	a, err := c.callAhead(t)
	if err != nil || a == nil {
		return nil, nil, err
	}
	return t, a, nil
}

// callAhead is t's booked call still to come, or nil.
func (c *conv) callAhead(t *loket.Ticket) (*loket.Appointment, error) {
	a, err := activeAppointment(c, c.tx, t.ID)
	if err != nil || a == nil || !a.StartsAt.After(c.turn.Now) {
		return nil, err
	}
	return a, nil
}

// "Berkas asli apa aja yg harus ditunjukin?" asks which originals to
// show: the answers whose keywords hold "dokumen asli" (who must attend,
// what to bring in person) said who, or the counter's copies. An online
// registration is told the originals to show in its call; otherwise the
// in-person answer lists what to bring.
var (
	originalWords = wordSet("asli", "aslinya", "original", "originals")
	whichWords    = wordSet("apa", "apaan", "aja", "saja", "which", "what", "mana")
)

func asksOriginals(text string) bool { return hasWordsOf(text, originalWords, whichWords) }

// originals answers which originals to show: in the video call for an
// online registration, else what to bring to the counter.
func (c *conv) originals(opts []opt) error {
	t, err := c.bookingTicket()
	if err != nil {
		return err
	}
	if t == nil || !onlineRegistration(t) { // flows/in_person.go
		return c.docsOffline(true, opts)
	}
	a, err := c.callAhead(t)
	if err != nil {
		return err
	}
	c.turn.TicketID = t.ID
	v, err := c.bookingView(t, a)
	if err != nil {
		return err
	}
	if a != nil {
		return c.say("docs.originals_call", v, c.bookedOpts()...)
	}
	return c.say("docs.originals_call", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}

// callContent answers what happens in the call ("what should the
// director prepare?") for a vendor whose online registration is open: the
// general answer said to type "which originals?" for the list, a turn
// more; theirs names their own originals. false: no such registration.
func (c *conv) callContent(withButtons bool, opts []opt) (bool, error) {
	t, err := c.bookingTicket()
	if err != nil || t == nil || !onlineRegistration(t) {
		return false, err
	}
	a, err := c.callAhead(t)
	if err != nil {
		return true, err
	}
	c.turn.TicketID = t.ID
	v, err := c.bookingView(t, a)
	if err != nil {
		return true, err
	}
	switch {
	case !withButtons:
		opts = nil
	case a != nil:
		opts = c.bookedOpts()
	}
	return true, c.say("call.content_own", v, opts...)
}

// asksPrepare reports a question about preparing ("apa yang perlu
// disiapkan?", "persiapannya apa?", "what do I need to prepare?").
func asksPrepare(text string) bool { return hasWordsOf(text, prepareWords) }

var prepareWords = wordSet("siapkan", "disiapkan", "menyiapkan", "nyiapkan", "siapin", "disiapin", "nyiapin",
	"siapain", "disiapain", "nyiapain", "persiapan", "persiapannya", "persiapkan", "dipersiapkan",
	"mempersiapkan", "prepare", "preparing", "prepared", "preparation", "ready")

// preparingForCall answers "apa yang perlu disiapkan?" from a vendor
// whose video call is booked: every required document is in, so what is
// left to prepare is the call's originals (it got the ticket's status,
// which says "have the originals ready" without naming one). false: no
// such question, or no call ahead.
func (c *conv) preparingForCall() (bool, error) {
	if !asksPrepare(c.turn.Inbound.Text) {
		return false, nil
	}
	if _, a, err := c.bookedCallAhead(); err != nil || a == nil {
		return false, err
	}
	return c.callContent(true, nil)
}

// whoAttendsCall answers who must attend ("direktur berhalangan
// gimana?", "direktur sakit, bisa diwakilkan?") for a vendor with a call
// still ahead: nobody else, and that call can be moved here (it got the
// general answer with Registration's button).
func (c *conv) whoAttendsCall() (bool, error) {
	t, a, err := c.bookedCallAhead()
	if err != nil || a == nil {
		return false, err
	}
	return true, c.sayOfCall(t, a, "who_attends.call")
}

// sayOfCall says key about the booked call a of ticket t, on that
// ticket, with the booked call's buttons (change, cancel, menu).
func (c *conv) sayOfCall(t *loket.Ticket, a *loket.Appointment, key string) error {
	c.turn.TicketID = t.ID
	v, err := c.bookingView(t, a)
	if err != nil {
		return err
	}
	return c.say(key, v, c.bookedOpts()...)
}

// "Apakah video call bisa pakai zoom?", "can we use google meet
// instead?" ask whether the call can go through another app: it got the
// vendor's call (or the general call answer), which names WhatsApp in
// passing but never says no. The answer says so first, with the number
// the officer calls from and, when booked, the vendor's call.
var otherCallApps = wordSet("zoom", "gmeet", "googlemeet", "skype", "teams", "msteams", "webex", "jitsi")

// asksOtherCallApp reports a question that names a call app other than
// WhatsApp ("meet" only after "google": "meet in person" is no app).
func asksOtherCallApp(text string) bool {
	ws := tokens(text)
	for i, w := range ws {
		if otherCallApps[w] || w == "meet" && i > 0 && (ws[i-1] == "google" || ws[i-1] == "g") {
			return true
		}
	}
	return false
}

// otherCallApp answers such a question.
func (c *conv) otherCallApp(withButtons bool) error {
	return c.sayWithCallAhead("call.other_app", withButtons)
}

// sayWithCallAhead says key, with the vendor's call still ahead as Ref
// (its ticket) and Value (its time) when there is one, and its buttons
// (change, cancel), else the registration's; none without buttons.
func (c *conv) sayWithCallAhead(key string, withButtons bool) error {
	v := c.view()
	t, err := c.bookingTicket()
	if err != nil {
		return err
	}
	if t != nil {
		a, err := c.callAhead(t)
		if err != nil {
			return err
		}
		if a != nil {
			c.turn.TicketID = t.ID
			v.Ref, v.Value = t.Ref(), c.f.whenWords(c.lang(), a.StartsAt)
		}
	}
	switch {
	case !withButtons:
		return c.say(key, v)
	case v.Value != "":
		return c.say(key, v, c.bookedOpts()...)
	}
	return c.say(key, v, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
}

// "Direkturnya lagi di luar kota, bisa vc dari sana?", "our director is
// abroad, can he join the call from there?" ask whether the call can be
// taken away from the office's city: the vendor got "cannot be
// delegated" or their call's details, neither an answer. The call is a
// WhatsApp video call, so the director takes it wherever they are, in
// person, with the originals, at a WIB time; a number used while away
// is changed in the chat. With a call booked, it is named.
const actCallAway = "i.call_away"

// delegateWords ask for someone else to take the call: who_attends.
var delegateWords = wordSet("diwakilkan", "wakil", "mewakili", "diwakili", "digantikan", "komisaris", "kuasa",
	"dikuasakan", "staf", "staff", "else", "represent", "representative", "behalf", "instead", "commissioner",
	"istri", "suami", "wife", "husband", "colleague", "rekan")

// asksDelegate reports a question for someone else to take the call
// ("bisa diwakilkan?", "vc nya bisa orang lain?"); "kota lain" is a
// place.
func asksDelegate(text string) bool {
	return hasWordsOf(text, delegateWords) || strings.Contains(" "+strings.Join(tokens(text), " ")+" ", " orang lain ")
}

// callAway answers such a question.
func (c *conv) callAway() error { return c.sayWithCallAhead("call.away", !pendingQuestion(c.st.Step)) }

// callCloseBy is how close a call is when "ok" answers it.
const callCloseBy = 2 * time.Hour

// ackBeforeCall answers "ok siap", "sudah standby", "we're ready" in the
// last hours before the call (the hour-before reminder's answer) with the
// call itself: who calls which number, when and from where, and the
// originals (it got "all right, anything else?"). It reports false
// without a call that close.
func (c *conv) ackBeforeCall() (bool, error) {
	t, a, err := c.bookedCallAhead()
	if err != nil || a == nil || a.StartsAt.Sub(c.turn.Now) > callCloseBy {
		return false, err
	}
	return true, c.sayOfCall(t, a, "talk.ack_call")
}
