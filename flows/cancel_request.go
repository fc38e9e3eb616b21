package flows

import (
	"loket"
)

// "batalkan permohonan", "tolong tiket saya dibatalkan", "cancel my
// application": the vendor wants the request itself cancelled, not a
// form or the video call. They got the call's booking ("cancel" is a word
// of the call) or, for "batalkan pendaftaran", "nothing is running". An
// officer closes tickets (and a call booked with one is released then),
// so the wish goes on the ticket for the officers and the vendor is told
// so; the chat stays with the ticket.

// cancelWishWords cancel; requestWords name the request; callWords the call.
var (
	cancelWishWords = wordSet("batal", "batalkan", "dibatalkan", "membatalkan", "pembatalan", "cancel", "cancelled",
		"canceled", "withdraw", "tarik")
	requestWords = wordSet("permohonan", "permohonannya", "pendaftaran", "pendaftarannya", "daftar", "registrasi",
		"registrasinya", "tiket", "tiketnya", "verifikasi", "request", "application", "registration", "ticket")
	callWords = wordSet("video", "call", "vc", "vidcall", "videocall", "jadwal", "jadwalnya", "appointment",
		"schedule", "panggilan")
)

// cancelsRequest reports a wish to cancel the request ("tidak jadi
// daftar" too), with no word of the call.
func cancelsRequest(text string) bool {
	ws := tokens(text)
	wish, req := false, false
	for i, w := range ws {
		switch {
		case callWords[w]:
			return false
		case cancelWishWords[w]:
			wish = true
		case w == "jadi" && i > 0 && negWords[ws[i-1]]: // "tidak jadi daftar"
			wish = true
		case requestWords[w]:
			req = true
		}
	}
	return wish && req
}

// cancelRequestWords answers cancelsRequest's wish when the vendor has an
// open request and no registration is being filled in.
func (c *conv) cancelRequestWords(text string) (bool, error) {
	if c.textIsData() || c.st.Step != stepMenu && c.st.Step != stepTicket && c.st.Step != "" ||
		c.st.In.answers() > 0 || !cancelsRequest(text) {
		return false, nil
	}
	var t *loket.Ticket
	var err error
	if c.st.Step == stepTicket {
		t, err = c.currentTicket()
	} else {
		t, err = c.bookingTicket()
	}
	if err != nil || t == nil || !t.Status.Open() {
		return false, err
	}
	c.noteLang(text)
	c.turn.TicketID = t.ID
	if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, text, nil); err != nil {
		return true, err
	}
	c.enterTicket(t, true)
	v := c.view()
	v.Ref = t.Ref()
	return true, c.say("ticket.cancel_asked", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}
