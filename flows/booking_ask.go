package flows

import (
	"strconv"
	"strings"
	"time"

	"loket"
)

// A day and time asked about ("kalau hari selasa jam 11 bisa?", "is
// Tuesday 11 free?") is answered, not booked: the vendor is told whether
// it is free and confirms it with one tap (or "ya"); a taken time or one
// outside the office's hours gets the free times of that day. Said
// plainly ("selasa jam 11", "pilih selasa jam 11") it is booked at once.

// slotAskWords make a day and a time a question wherever they stand.
var slotAskWords = wordSet("apakah", "apa", "bisakah", "bolehkah", "kosong", "available", "free", "open", "masih")

// slotAskTail are the words after "bisa" or "boleh" at the end that keep
// it a question ("selasa jam 11 bisa ga").
var slotAskTail = wordSet("ga", "gak", "gk", "nggak", "ngga", "enggak", "tidak", "tdk", "kah", "ya", "kak", "min",
	"pak", "bu", "nih", "gitu", "dong")

// slotQuestion reports a message that asks about a time rather than
// choosing it.
func slotQuestion(text string) bool {
	if isQuestion(text) {
		return true
	}
	ws := tokens(text)
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if slotAskWords[w] {
			return true
		}
	}
	if ws[0] == "bisa" || ws[0] == "boleh" {
		return true // "bisa selasa jam 11"
	}
	i := len(ws) - 1
	for i > 0 && slotAskTail[ws[i]] {
		i--
	}
	return ws[i] == "bisa" || ws[i] == "boleh"
}

// confirmCore are the words that say yes to the time just offered.
var confirmCore = wordSet("ya", "iya", "iyaa", "y", "yes", "yup", "yep", "ok", "oke", "okay", "okey", "sip", "boleh",
	"jadi", "setuju", "betul", "benar", "mau", "siap", "sure", "confirm", "pesan", "book", "ambil", "gas", "lanjut")

// confirmFiller may stand around a yes ("ya itu aja kak", "yes please").
var confirmFiller = wordSet("itu", "aja", "saja", "deh", "dong", "kak", "kakak", "min", "pak", "bu", "please", "pls", "that",
	"one", "it", "jam", "yg", "yang", "tersebut", "silakan", "go", "ahead")

// mereAckWords are yeses that are also a mere "noted" in chat: enough for a
// time the vendor asked about, not for the earliest time the bot offered
// unasked ("ok" after the offer may only mean "read it").
var mereAckWords = wordSet("ok", "oke", "okay", "okey", "sip", "siap")

// earliestCore choose the earliest time ("yg paling cepet aja",
// "secepatnya", "yang pertama aja", "the earliest please"; "paling pagi"
// too); anyTime says any time will do
// ("kapan aja boleh", "any time is fine").
var (
	earliestCore = wordSet("cepat", "cepet", "tercepat", "secepatnya", "awal", "earliest", "soonest", "asap",
		"pertama", "first")
	anyTimeWords = wordSet("kapan", "aja", "saja", "boleh", "bisa", "any", "anytime", "time", "is", "fine", "whenever",
		"terserah", "bebas")
)

// earliestWord reports a message that takes the earliest time offered:
// an earliest word, or "any time" said as a statement ("kapan aja boleh"
// is not "kapan?").
func earliestWord(text string) bool {
	ws := tokens(text)
	if len(ws) == 0 || len(ws) > 6 || strings.Contains(text, "?") {
		return false
	}
	seen := map[string]bool{}
	for _, w := range ws {
		switch {
		case earliestCore[w], anyTimeWords[w], confirmFiller[w], w == "paling", w == "the", w == "as", w == "possible",
			w == "soon", w == "pagi":
			seen[w] = true
		default:
			return false
		}
	}
	for w := range seen {
		if earliestCore[w] {
			return true
		}
	}
	return seen["paling"] && seen["pagi"] || // "yang paling pagi aja": the earliest
		seen["terserah"] || seen["bebas"] || seen["anytime"] || seen["whenever"] ||
		seen["kapan"] && (seen["aja"] || seen["saja"]) || seen["any"] && seen["time"]
}

// confirmWord reports a short yes; strict, a mere "ok" is not one.
func confirmWord(text string, strict bool) bool {
	ws := tokens(text)
	if len(ws) == 0 || len(ws) > 5 {
		return false
	}
	yes := false
	for _, w := range ws {
		switch {
		case strict && mereAckWords[w]:
		case confirmCore[w]:
			yes = true
		case !confirmFiller[w]:
			return false
		}
	}
	return yes
}

// answerSlot says whether the time asked about is free and offers it in
// one tap; the vendor's choice stays open (bookState.Ask) until taken.
func (c *conv) answerSlot(b BookingTx, at time.Time) error {
	if err := c.sayZone(); err != nil { // flows/time_zone.go
		return err
	}
	bk := c.st.Book
	if bk.Move != 0 {
		if old, err := b.AppointmentByID(c.ctx, bk.Move); err == nil && old.Status == loket.ApptBooked && old.StartsAt.Equal(at) {
			return c.bookAt(b, at) // their own time: said so, nothing changes
		}
	}
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return err
	}
	loc := c.f.cfg.Location
	at = at.In(loc)
	bk.Day, bk.Page, bk.Ask, bk.Offer = at.Format("20060102"), 0, 0, 0
	c.st.Step = stepBookTime
	tv := c.view()
	tv.Value = c.f.clockAt(at)
	switch slot, free := findSlot(q, at); {
	case !slot && tooSoon(q, at):
		return c.offerTimes(b, "bk.too_soon", tv) // "bisa jam 11?" at 10.50
	case !slot && betweenSlots(q, at):
		tv.Count = q.Rules.SlotMinutes
		return c.offerTimes(b, "bk.between", tv) // "setengah 11 bisa?" with calls every 20 minutes
	case !slot:
		c.lateAsked = at
		return c.offerTimes(b, "bk.not_free", tv) // outside the office's hours
	case !free:
		tv.Value = c.f.whenWords(c.lang(), at)
		return c.offerTimes(b, "bk.ask_taken", tv) // the free times of that day instead
	}
	bk.Ask = at.Unix()
	c.asked = true
	v := c.view()
	v.Value = c.f.whenWords(c.lang(), at)
	key, btn := "bk.ask_free", "btn.bk_take"
	if bk.Move != 0 {
		key, btn = "bk.ask_free_move", "btn.bk_move_to"
	}
	take, err := c.slotButton(btn, at)
	if err != nil {
		return err
	}
	return c.say(key, v, take,
		opt{key: "btn.bk_other_time", action: prefixBookDay + bk.Day},
		opt{key: "btn.bk_other_day", action: actBookDays}, opt{key: "btn.menu", action: actMenu})
}

// slotButton is the one-tap button key labels that books (or moves the
// call to) at: "Pesan Selasa, 6 Januari 11.00".
func (c *conv) slotButton(key string, at time.Time) (opt, error) {
	bv := c.view()
	bv.Value = c.f.dayName(c.lang(), at) + ", " + c.f.dayMonth(c.lang(), at) + " " + c.f.clockAt(at)
	label, err := c.text(key, bv)
	if err != nil {
		return opt{}, err
	}
	return opt{label: label, action: prefixBookTime + strconv.FormatInt(at.Unix(), 10)}, nil
}

// askedSlot is the time offered by answerSlot and not yet taken.
func (c *conv) askedSlot() (time.Time, bool) {
	if bk := c.st.Book; bk != nil && bk.Ask != 0 && c.st.Step == stepBookTime {
		return time.Unix(bk.Ask, 0), true
	}
	return time.Time{}, false
}

// offeredSlot is the time a "ya" takes: the one asked about, else the
// earliest time offered in one tap (strict: taken only with a real yes).
func (c *conv) offeredSlot() (at time.Time, strict, ok bool) {
	if at, ok := c.askedSlot(); ok {
		return at, false, true
	}
	if bk := c.st.Book; bk != nil && bk.Offer != 0 && c.st.Step == stepBookTime {
		return time.Unix(bk.Offer, 0), true, true
	}
	return time.Time{}, false, false
}

// offerAgain offers the earliest time again, in one tap, after a detour
// from that offer (a question, a file, "ktp sama npwp ketuker"): the
// vendor comes back to the question they left, not to a list of times.
// It reports false when there is no such offer or its time has gone.
func (c *conv) offerAgain(b BookingTx) (bool, error) {
	bk := c.st.Book
	if bk == nil || bk.Offer == 0 || c.st.Step != stepBookTime {
		return false, nil
	}
	at := time.Unix(bk.Offer, 0).In(c.f.cfg.Location)
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return true, err
	}
	if _, free := findSlot(q, at); !free {
		bk.Offer = 0
		return false, nil
	}
	c.asked = true
	v := c.view()
	v.Value = c.f.whenWords(c.lang(), at)
	take, err := c.slotButton("btn.bk_take", at)
	if err != nil {
		return true, err
	}
	return true, c.say("bk.offer_again", v, take,
		opt{key: "btn.bk_other_day", action: actBookDays}, opt{key: "btn.menu", action: actMenu})
}

// slotAskKeys are the texts of this file (flows/booking_text.go).
func slotAskKeys() []string {
	return []string{"bk.ask_free", "bk.ask_free_move", "bk.ask_taken", "btn.bk_move_to", "btn.bk_other_time",
		"bk.offer_again", "docs.complete_booking"}
}
