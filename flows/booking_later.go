package flows

import (
	"fmt"
	"strconv"
	"time"
)

// "Nggak bisa minggu ini" and "bulan depan aja" at the day or time picker
// ask for a later start: the former got this week's times (its "minggu"
// read as Sunday), the latter "I did not catch the time you meant". Not
// this week is next week's days; next month its first days when they can
// be booked already, else how far ahead the calendar goes and the days
// there are.

// thisWeekPhrases name this week.
var thisWeekPhrases = []string{"minggu ini", "pekan ini", "this week"}

// nextMonthPhrases name next month.
var nextMonthPhrases = []string{"bulan depan", "bulan berikutnya", "next month", "the month after", "following month"}

// fullWords say a time is taken up ("minggu ini full", "penuh").
var fullWords = wordSet("full", "penuh", "padat", "booked")

// ruledOut reports words that rule a time out: busy, full, or a "no".
func ruledOut(text string) bool {
	return busyOn(text) || hasWordsOf(text, noWords) || hasWordsOf(text, fullWords)
}

// laterStart is the first day a wish for a later start asks for, and
// that start in words: next Monday for this week ruled out ("nggak bisa
// minggu ini", "this week is full for us"), the 1st of next month for
// next month ("bulan depan aja"). Next month ruled out is no wish.
func (c *conv) laterStart(text string) (time.Time, string, bool) {
	loc := c.f.cfg.Location
	today := midnight(c.turn.Now, loc)
	switch {
	case hasPhrase(text, thisWeekPhrases) && ruledOut(text):
		from := nextMonday(today)
		return from, c.f.dayName(c.lang(), from) + ", " + c.f.dayMonth(c.lang(), from), true
	case hasPhrase(text, nextMonthPhrases) && !ruledOut(text):
		from := time.Date(today.Year(), today.Month()+1, 1, 0, 0, 0, 0, loc)
		month, err := c.text("month."+strconv.Itoa(int(from.Month())), nil)
		if err != nil {
			return time.Time{}, "", false
		}
		return from, month, true
	}
	return time.Time{}, "", false
}

// offerLater offers the days from from on, or, when none can be booked
// yet, says that label cannot be booked yet, how far ahead the calendar
// goes, and offers the days there are.
func (c *conv) offerLater(b BookingTx, from time.Time, label, text string) error {
	t, err := c.tx.TicketByID(c.ctx, c.st.Book.Ticket)
	if err != nil {
		return fmt.Errorf("flows: booking ticket: %w", err)
	}
	c.noteLang(text)
	days := c.freeDays(b)
	if len(days) > 0 && from.After(days[len(days)-1]) {
		last := days[len(days)-1]
		v := c.view()
		v.Value = label
		v.Detail = c.f.dayName(c.lang(), last) + ", " + c.f.dayMonth(c.lang(), last)
		if err := c.say("bk.day_later", v); err != nil {
			return err
		}
		return c.offerDays(b, t, c.st.Book.Move, "bk.days")
	}
	return c.offerDaysFrom(b, t, c.st.Book.Move, "bk.days", from)
}
