package flows

import (
	"strings"
	"time"
)

// "Not monday", "jangan senin", "senin ga bisa", "monday doesn't work for
// us": a day named with a denial is the day the vendor cannot make, and
// it got that very day's times. The days are offered again from the day
// after it (when no free day comes before it), and said so.

// denyBefore deny the day named right after them ("not monday", "ga
// senin"); farDeny also one word further ("jangan hari senin", "except on
// monday"). denyAfter deny the day named before them ("monday doesn't
// work", "monday is out", "senin ada acara"); negWordsOf do with a word of
// being able after them ("senin ga bisa", "monday is not possible"), not
// alone ("senin bisa, ga masalah").
var (
	denyBefore = noWords // flows/understand.go
	farDeny    = wordSet("jangan", "jgn", "bukan", "kecuali", "selain", "except", "besides")
	denyAfter  = unionSet(wordSet("doesnt", "dont", "cant", "cannot", "wont", "out"), busyWords)
	ableWords  = wordSet("bisa", "bs", "available", "free", "work", "works", "possible", "ok", "oke", "cocok", "sempat",
		"good")
)

// deniedDay is the free day text denies, when it names no other day to
// take instead ("not monday, tuesday then" names Tuesday: dayIn's).
func (c *conv) deniedDay(b BookingTx, text string) (time.Time, bool) {
	ws := tokens(strings.ReplaceAll(lusaWords(text), "'", ""))
	days, today := c.freeDays(b), midnight(c.turn.Now, c.f.cfg.Location)
	var denied time.Time
	for i, w := range ws {
		if w == "ini" && (i == 0 || ws[i-1] != "hari") {
			continue // "yang ini ga bisa": this one, not today
		}
		j := ParseDayChoice(w, days, today)
		if j < 0 {
			continue
		}
		if !dayDenied(ws, i) {
			return time.Time{}, false // a day wanted
		}
		if days[j].After(denied) {
			denied = days[j]
		}
	}
	return denied, !denied.IsZero()
}

// dayDenied reports whether the day word at i is denied (see denyBefore).
func dayDenied(ws []string, i int) bool {
	if i > 0 && (denyBefore[ws[i-1]] || farDeny[ws[i-1]]) || i > 1 && farDeny[ws[i-2]] {
		return true
	}
	for k := i + 1; k < len(ws) && k <= i+3; k++ {
		if denyAfter[ws[k]] || denyBefore[ws[k]] && k+1 < len(ws) && ableWords[ws[k+1]] {
			return true
		}
	}
	return false
}

// offerAfterDenied says the day is left out and offers the days from the
// next one, or all of them when a free day comes before it.
func (c *conv) offerAfterDenied(b BookingTx, denied time.Time) error {
	t, err := c.tx.TicketByID(c.ctx, c.st.Book.Ticket)
	if err != nil {
		return err
	}
	from := denied.AddDate(0, 0, 1)
	for _, d := range c.freeDays(b) {
		if d.Before(denied) {
			from = time.Time{} // an earlier day is free: the whole list
			break
		}
	}
	v := c.view()
	v.Value = c.f.dayName(c.lang(), denied)
	if err := c.say("bk.not_day", v); err != nil {
		return err
	}
	return c.offerDaysFrom(b, t, c.st.Book.Move, "bk.days", from)
}
