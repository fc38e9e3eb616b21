package flows

import (
	"slices"
	"strings"

	"loket"
)

// A vendor who chose online verification may change their mind and come
// to the counter instead ("gak jadi vc, mau datang langsung ke MPP aja",
// "can I come in person instead?"). The bot asks once, saying what
// changes (a booked call is cancelled and its time released), and on yes
// moves the ticket to in-person verification: status new (what an
// in-person registration starts with), the call cancelled with its
// reminders, an entry on the timeline for the officers, and where, when
// and what to bring. Files already sent stay on the ticket; sending the
// missing ones or booking a call later makes it online again, as for any
// in-person ticket (bk.offline).
const (
	actInPersonYes = "sw.offline.yes"
	actStayOnline  = "sw.online.keep"
)

// inPersonRuns name verification in person; one must be in the message.
var inPersonRuns = [][]string{
	{"datang", "langsung"}, {"dtg", "langsung"}, {"datang", "sendiri"}, {"tatap", "muka"}, {"offline"}, {"luring"},
	{"ke", "mpp"}, {"datang", "ke"}, {"dtg", "ke"}, {"ke", "kantor"}, {"ke", "loket"}, {"inperson"}, {"in", "person"},
	{"to", "the", "office"}, {"to", "your", "office"}, {"walk", "in"}, {"at", "the", "counter"}, {"to", "the", "counter"},
}

// switchWords say the vendor wants it so, or instead of the call ("mau",
// "aja", "ganti", "gak jadi vc", "rather", "instead"); one must be there
// too: "datang langsung" alone asks where or how.
var switchWords = wordSet("mau", "mo", "ingin", "pengen", "pingin", "pgn", "aja", "saja", "ganti", "pindah", "ubah",
	"beralih", "jadi", "mending", "mendingan", "lebih", "pilih", "memilih", "boleh", "bisa", "bisakah", "rather",
	"instead", "switch", "change", "prefer", "want", "like", "can", "could", "may", "will", "ill", "id")

// notInPerson are words that make such a message another question: what
// to bring, where, when it opens, whether one must come ("harus datang
// langsung?" asks the rule, not for a change).
var notInPerson = wordSet("bawa", "dibawa", "alamat", "dimana", "mana", "lokasi", "lantai", "jam", "buka", "tutup",
	"harus", "wajib", "perlu", "where", "bring", "address", "floor", "hours", "open", "must", "required", "apakah",
	"berapa", "kapan", "when", "what")

// cannotWords before the in-person words say the vendor cannot come.
var cannotWords = wordSet("tidak", "tdk", "gak", "ga", "gk", "nggak", "ngga", "enggak", "engga", "nda", "ndak", "bukan",
	"belum", "blm", "not", "cant", "cannot", "dont", "wont", "no", "never")

// onlineRuns name verification online; a vendor registered in person
// who says one with a wish ("mau ganti jadi online aja") is told how.
var onlineRuns = [][]string{{"online"}, {"daring"}, {"vc"}, {"video", "call"}, {"videocall"}, {"vidcall"},
	{"lewat", "chat"}, {"via", "chat"}, {"lewat", "wa"}, {"lewat", "whatsapp"}}

// namesInPerson reports a message naming verification in person.
func namesInPerson(text string) bool {
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	return slices.ContainsFunc(inPersonRuns, func(run []string) bool { return hasRun(ws, run) })
}

// wantsInPerson reports a message that asks to be verified in person
// rather than by video call.
func wantsInPerson(text string) bool { return wantsMode(text, inPersonRuns) }

// wantsOnline reports one that asks to be verified online instead.
func wantsOnline(text string) bool { return wantsMode(text, onlineRuns) }

// wantsMode reports a message that names a way of verification (one of
// runs) with a wish, and asks nothing else about it.
func wantsMode(text string, runs [][]string) bool {
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	if len(ws) < 2 || len(ws) > 20 {
		return false
	}
	at := -1
	for i := range ws {
		for _, run := range runs {
			if i+len(run) <= len(ws) && slices.Equal(ws[i:i+len(run)], run) {
				at = i
				break
			}
		}
		if at >= 0 {
			break
		}
	}
	if at < 0 {
		return false
	}
	if at > 0 && cannotWords[ws[at-1]] || at > 1 && cannotWords[ws[at-2]] && (ws[at-1] == "bisa" || ws[at-1] == "can") {
		return false // "sy tidak bisa datang langsung", "I cannot come in person"
	}
	wish := false
	for i, w := range ws {
		switch {
		case notInPerson[w], (w == "have" || w == "need") && i+1 < len(ws) && ws[i+1] == "to":
			return false // "do I have to come in person?"
		case switchWords[w]:
			wish = true
		}
	}
	return wish
}

// inPersonWords answers such a wish from a vendor whose registration is
// online: are you sure, and what changes. Without an online ticket the
// words are left to the answers (where the office is, what to bring).
func (c *conv) inPersonWords(text string) (bool, error) {
	if c.textIsData() || !wantsInPerson(text) {
		return c.onlineWords(text)
	}
	t, err := c.bookingTicket()
	if err != nil || t == nil || !onlineRegistration(t) {
		return false, err
	}
	c.turn.TicketID = t.ID
	c.noteLang(text)
	return true, c.inPerson(c.tx, "")
}

// onlineWords answers "mau ganti jadi online aja" from a vendor whose
// registration is in person (status new): what the video call needs,
// the call's days when the documents are already in (flows/booking.go).
func (c *conv) onlineWords(text string) (bool, error) {
	if c.textIsData() || !wantsOnline(text) {
		return false, nil
	}
	t, err := c.bookingTicket()
	if err != nil || t == nil || t.Type != loket.TypeRegistration || t.Status != loket.StatusNew {
		return false, err
	}
	c.noteLang(text)
	return true, c.callMenu(c.tx)
}

// onlineRegistration reports an open registration ticket on its way to
// a video call (an in-person one is new; verified needs nothing more).
func onlineRegistration(t *loket.Ticket) bool {
	switch t.Status {
	case loket.StatusWaitingDocuments, loket.StatusInReview, loket.StatusNeedsFix, loket.StatusCallScheduled:
		return t.Type == loket.TypeRegistration
	}
	return false
}

// inPerson asks to confirm the change (a == ""), makes it
// (actInPersonYes) or keeps the online verification (actStayOnline).
// Each looks at the ticket as it is now: a confirmation pressed after
// the ticket moved on says where it stands.
func (c *conv) inPerson(b BookingTx, a string) error {
	if strings.HasPrefix(c.st.Step, prefixBook) {
		c.st.reset() // a booking in progress is left for the change
	}
	t, err := c.bookingTicket()
	if err != nil {
		return err
	}
	if t == nil || !onlineRegistration(t) {
		if t != nil && t.Status == loket.StatusNew && a == actInPersonYes {
			return c.inPersonDone(t, nil) // pressed twice: it is in person already
		}
		return c.callMenu(b) // whatever the ticket is now: its call, the day offer or what is missing
	}
	c.turn.TicketID = t.ID
	appt, err := activeAppointment(c, b, t.ID)
	if err != nil {
		return err
	}
	v, err := c.bookingView(t, appt)
	if err != nil {
		return err
	}
	if appt != nil && !appt.StartsAt.After(c.turn.Now) {
		return c.say("bk.too_late", v, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
	}
	switch a {
	case "":
		return c.say("mode.offline_confirm", v, opt{key: "btn.sw_offline_yes", action: actInPersonYes},
			opt{key: "btn.sw_online_keep", action: actStayOnline})
	case actStayOnline:
		if appt != nil {
			return c.say("mode.online_kept", v, c.bookedOpts()...)
		}
		return c.say("mode.online_kept", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
	}
	if appt != nil {
		if err := c.dropCall(b, t, appt); err != nil {
			return err
		}
	}
	// The description's last line names the way chosen (desc.registration,
	// "Verifikasi: Daring …"): the API and webhooks read it. The status
	// change below saves the ticket.
	online, err := c.f.texts.render(loket.LangID, "btn.online", nil)
	if err != nil {
		return err
	}
	offline, err := c.f.texts.render(loket.LangID, "btn.offline", nil)
	if err != nil {
		return err
	}
	if strings.HasSuffix(t.Description, online) {
		t.Description = strings.TrimSuffix(t.Description, online) + offline
	}
	if err := c.moveTicket(b, t, loket.StatusNew); err != nil {
		return err
	}
	body, err := c.f.texts.render(loket.LangID, "act.mode_offline", v)
	if err != nil {
		return err
	}
	if err := c.activity(t.ID, loket.ActNote, loket.ActorVendor, body, map[string]any{
		"event": "mode_changed", "mode": "offline", "from": "online"}); err != nil {
		return err
	}
	return c.inPersonDone(t, appt)
}

// inPersonDone tells the vendor where and when to come, who comes and
// what to bring; messages go to the ticket from here.
func (c *conv) inPersonDone(t *loket.Ticket, cancelled *loket.Appointment) error {
	v := c.view()
	v.Ref = t.Ref()
	if cancelled != nil {
		v.Value = c.f.whenWords(c.lang(), cancelled.StartsAt)
	}
	form := loket.FormCompany
	vd, err := c.ticketVendor(t) // flows/booking.go
	if err != nil {
		return err
	}
	if vd != nil {
		if vd.Form.Valid() {
			form = vd.Form
		}
		v.In.Director = vd.DirectorName
	}
	if v.Detail, err = c.text("docs.offline."+string(form), v); err != nil {
		return err
	}
	c.enterTicket(t, true)
	return c.say("mode.offline_done", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}
