package flows

import (
	"strings"
	"time"

	"loket"
)

// Answers that say more than their text to the vendor asking: their own
// call, their own form, the day or time they asked about. Each is tried in
// order before the answer's text; the first that replies ends the turn.

// answerAsked is how an answer was asked for.
type answerAsked struct {
	withButtons bool  // a reply of its own (else beside another, quiet)
	edited      bool  // the office replaced the built-in text: only what needs the vendor's data still applies
	opts        []opt // the answer's buttons
}

// personalReply replies in place of an answer's text, or reports false.
type personalReply func(c *conv, q answerAsked) (bool, error)

// personalReplies are each answer's own replies, in the order tried.
var personalReplies = map[string][]personalReply{
	"video_call":          {otherCallAppAnswer, ownCallAnswer, originalsAnswer},
	"confirm_email":       {verifiedEmailsAnswer},
	docsOfflineID:         {originalsAnswer, callBringAnswer, docsOfflineAnswer},
	"who_attends":         {originalsAnswer, whoAttendsCallAnswer},
	"call_content":        {callContentAnswer},
	"hours":               {ownCallTimeAnswer, lateForCallAnswer, hoursAskedAnswer},
	"tender":              {verifiedTenderAnswer},
	"online_verification": {noVisitAnswer},
}

// noVisitAnswer: "perlu datang ke kantor lagi?" from a vendor whose
// request was found in order, or whose video call is booked, is told no
// visit is needed and why (it got where the counter is, or how to verify
// online from the start); one without a request asking that is told no,
// online, or in person if they prefer. A vendor whose request is under
// way without a call booked, asking that or how the online verification
// goes, is told their request is verified online and its next step:
// "choose Registration & document verification" was a second request.
// Beside another reply (on the ticket, in the middle of a booking) the
// same words come without buttons.
func noVisitAnswer(c *conv, q answerAsked) (bool, error) {
	if q.edited {
		return false, nil // the office's own words
	}
	mustCome := asksMustCome(c.turn.Inbound.Text)
	st, err := c.registrationStage() // flows/emails.go
	if err != nil {
		return false, err
	}
	say := func(key string, v *view, opts ...opt) (bool, error) {
		if !q.withButtons {
			opts = nil
		}
		return true, c.say(key, v, opts...)
	}
	v := c.view()
	switch {
	case st.t == nil && mustCome && q.withButtons:
		return say("visit.none", v, q.opts...)
	case st.t == nil, st.verified && !mustCome:
		return false, nil // "verifikasi online gimana caranya?": the answer's text
	}
	v.Ref = st.t.Ref()
	switch {
	case st.verified:
		return say("visit.verified", v,
			opt{key: "btn.req_" + string(loket.TypeAccountReset), action: prefixReq + string(loket.TypeAccountReset)},
			opt{key: "btn.menu", action: actMenu})
	case st.call != nil && st.call.StartsAt.After(c.turn.Now):
		v.Value = c.f.whenWords(c.lang(), st.call.StartsAt)
		return say("visit.call", v, c.bookedOpts()...)
	}
	tv, err := c.ticketView(st.t) // flows/status.go: the request's next step
	if err != nil {
		return false, err
	}
	v.Detail = tv.Next
	if st.t.Status == loket.StatusNew {
		if v.Detail, err = c.text("next.waiting_documents.registration", nil); err != nil {
			return false, err
		}
	}
	key := "visit.online" // "verifikasi online gimana caranya?"
	if mustCome {
		key = "visit.request"
	}
	return say(key, v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}

// otherCallAppAnswer: "bisa pakai zoom?" is told the call is on WhatsApp
// only (flows/call_questions.go).
func otherCallAppAnswer(c *conv, q answerAsked) (bool, error) {
	if q.edited || !asksOtherCallApp(c.turn.Inbound.Text) {
		return false, nil
	}
	return true, c.otherCallApp(q.withButtons)
}

// ownCallAnswer: a vendor with a registration asking about the video call
// gets their own call, not the general text.
func ownCallAnswer(c *conv, q answerAsked) (bool, error) {
	if !q.withButtons {
		return false, nil
	}
	t, err := c.bookingTicket()
	if err != nil || t == nil {
		return false, err
	}
	return true, c.callMenu(c.tx)
}

// originalsAnswer: "berkas asli apa aja yg harus ditunjukin?" lists the
// originals (flows/call_questions.go).
func originalsAnswer(c *conv, q answerAsked) (bool, error) {
	if !q.withButtons || !asksOriginals(c.turn.Inbound.Text) {
		return false, nil
	}
	return true, c.originals(q.opts)
}

// verifiedEmailsAnswer: "email konfirmasi belum masuk" once verified is
// about the last e-mail, not the sign-up link (flows/emails.go).
func verifiedEmailsAnswer(c *conv, q answerAsked) (bool, error) {
	if q.edited {
		return false, nil
	}
	t, verified, err := c.registrationForEmails()
	if err != nil || t == nil || !verified {
		return false, err
	}
	_, err = c.global(actEmails)
	return true, err
}

// callBringAnswer: "nanti bawa apa aja?" from a vendor whose video call is
// booked asks what to have at hand in that call, unless the question
// names coming in person (it got what to bring to the counter, photocopies
// included).
func callBringAnswer(c *conv, q answerAsked) (bool, error) {
	if !q.withButtons || namesInPerson(c.turn.Inbound.Text) {
		return false, nil
	}
	if _, a, err := c.bookedCallAhead(); err != nil || a == nil { // flows/call_questions.go
		return false, err
	}
	return true, c.originals(q.opts)
}

// whoAttendsCallAnswer: who must attend, for a vendor with a call ahead
// (flows/call_questions.go).
func whoAttendsCallAnswer(c *conv, q answerAsked) (bool, error) {
	if !q.withButtons || q.edited {
		return false, nil
	}
	return c.whoAttendsCall()
}

// docsOfflineAnswer: what to bring, for the vendor's own form
// (flows/bring.go).
func docsOfflineAnswer(c *conv, q answerAsked) (bool, error) {
	if q.edited {
		return false, nil
	}
	return true, c.docsOffline(q.withButtons, q.opts)
}

// callContentAnswer: what happens in the call, with the vendor's own
// originals (flows/call_questions.go).
func callContentAnswer(c *conv, q answerAsked) (bool, error) {
	if q.edited {
		return false, nil
	}
	return c.callContent(q.withButtons, q.opts)
}

// verifiedTenderAnswer: "sudah bisa ikut tender?" from a vendor whose
// registration was found in order is a yes, with how (it got "without
// verification you cannot take part yet").
func verifiedTenderAnswer(c *conv, q answerAsked) (bool, error) {
	if q.edited || !q.withButtons {
		return false, nil
	}
	st, err := c.registrationStage() // flows/emails.go
	if err != nil || !st.verified {
		return false, err
	}
	v := c.view()
	v.Ref = st.t.Ref()
	return true, c.say("tender.verified", v,
		opt{key: "btn.req_" + string(loket.TypeAccountReset), action: prefixReq + string(loket.TypeAccountReset)},
		opt{key: "btn.menu", action: actMenu})
}

// ownCallTimeAnswer: "besok video callnya jam berapa ya?" with a call
// booked asks the time of that call, not the office hours of a day (it
// got the hours).
func ownCallTimeAnswer(c *conv, q answerAsked) (bool, error) {
	if !q.withButtons || !namesCall(c.turn.Inbound.Text) {
		return false, nil
	}
	if _, a, err := c.bookedCallAhead(); err != nil || a == nil { // flows/call_questions.go
		return false, err
	}
	return true, c.callMenu(c.tx)
}

// namesCall reports a message naming the video call ("vc", "video
// callnya"); "jadwal" alone may be the office's ("jadwal layanan sabtu").
func namesCall(text string) bool {
	for _, w := range tokens(text) {
		if w = strings.TrimSuffix(w, "nya"); callWords[w] && w != "jadwal" && w != "schedule" {
			return true
		}
	}
	return false
}

// lateForCallAnswer: "kalau saya telat gimana?" with a call booked is about
// that call (flows/call_questions.go).
func lateForCallAnswer(c *conv, q answerAsked) (bool, error) {
	if q.edited {
		return false, nil
	}
	return c.lateForCall()
}

// hoursAskedAnswer: the hours now, at a time or on a day asked about
// (flows/open_on.go).
func hoursAskedAnswer(c *conv, q answerAsked) (bool, error) {
	if q.edited {
		return false, nil
	}
	text := c.turn.Inbound.Text
	_, clockQ := clockAsked(text)
	day, dayQ := c.dayAsked(text)
	switch {
	case nowAsked(text):
		return true, c.hoursOn(time.Time{}, q.withButtons, q.opts) // "sekarang buka ga?"
	case clockQ && !dayQ:
		return true, c.hoursOn(time.Time{}, q.withButtons, q.opts) // "kalau datang jam 13.30 masih bisa?"
	case dayQ:
		return true, c.hoursOn(day, q.withButtons, q.opts)
	}
	return false, nil
}

// answerForForm is the answer for the vendor's business form where one
// differs: "we don't have an NPWP" from a foreign company is its own
// country's tax identification, not the NIK or the entity's NPWP; "belum
// punya npwp badan", "pakai nik boleh?" from a company is the company's
// own NPWP, not a sole proprietor's NIK-based one (it got the NIK answer).
func (c *conv) answerForForm(id string) (string, error) {
	if id != "npwp_nik" && id != "npwp_form" {
		return id, nil
	}
	form, err := c.formAskedAbout() // flows/bring.go
	if err != nil {
		return "", err
	}
	switch {
	case form == loket.FormForeign:
		return "npwp_foreign", nil
	case form == loket.FormCompany && id == "npwp_nik":
		return "npwp_form", nil
	}
	return id, nil
}
