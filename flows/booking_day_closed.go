package flows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"loket"
)

// A day named at the day or time picker that has no free time to offer
// ("lusa" on a Thursday, "tgl 10" on a Saturday, "hari minggu bisa?", a
// holiday, a day weeks away) got "I did not catch the day you meant" or
// the office hours: the day was understood, only not bookable. Now the
// vendor is told which day that is and why it has no time, and gets the
// days that have.

// namedDay is the day of the calendar (today and the daysAhead after it)
// that text names, as a whole ("10/1", "tgl 10") or in a sentence
// ("lusa jam 10", "hari minggu bisa?"). "ini" alone names nothing here:
// "apa ini?" is no day.
func (c *conv) namedDay(text string) (time.Time, bool) {
	loc := c.f.cfg.Location
	today := midnight(c.turn.Now, loc)
	cal := make([]time.Time, daysAhead)
	for i := range cal {
		cal[i] = midnight(time.Date(today.Year(), today.Month(), today.Day()+i, 12, 0, 0, 0, loc), loc)
	}
	if i := ParseDayChoice(text, cal, today); i >= 0 && withoutFiller(text) != "ini" {
		return cal[i], true
	}
	j, _ := dayInWords(strings.Fields(withoutNumbers(lusaWords(text))), cal, today, func(part string, _ int) bool {
		return withoutFiller(part) == "ini"
	})
	if j < 0 {
		return time.Time{}, false
	}
	return cal[j], true
}

// unbookableDay answers a day named that has no free time (closed, full,
// or not bookable yet) with why, and the days that have free time. It
// reports false when text names no such day.
func (c *conv) unbookableDay(b BookingTx, text string) (bool, error) {
	day, ok := c.namedDay(text)
	if !ok {
		return false, nil
	}
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return true, err
	}
	days := q.Days() // DaySlots knows neither holidays nor the horizon
	if slices.ContainsFunc(days, func(d time.Time) bool { return sameDay(d, day) }) && len(q.DaySlots(day)) > 0 {
		return false, nil // free after all: the pickers take it
	}
	v := c.view()
	v.Value = c.f.dayName(c.lang(), day) + ", " + c.f.dayMonth(c.lang(), day)
	key := "bk.day_full"
	open := slices.ContainsFunc(q.Windows, func(w loket.OfficeWindow) bool { return w.Weekday == day.Weekday() })
	for _, h := range q.Holidays {
		if sameDay(midnight(h.Date, q.Loc), day) {
			open, v.Detail = false, h.Name
		}
	}
	switch {
	case !open:
		key = "bk.day_closed"
	case len(days) > 0 && day.After(days[len(days)-1]):
		key = "bk.day_later"
		last := days[len(days)-1]
		v.Detail = c.f.dayName(c.lang(), last) + ", " + c.f.dayMonth(c.lang(), last)
	case sameDay(day, midnight(c.turn.Now, q.Loc)):
		key = "bk.today_over"
	}
	t, err := c.tx.TicketByID(c.ctx, c.st.Book.Ticket)
	if err != nil {
		return true, fmt.Errorf("flows: booking ticket: %w", err)
	}
	c.noteLang(text)
	if err := c.say(key, v); err != nil {
		return true, err
	}
	return true, c.offerDays(b, t, c.st.Book.Move, "bk.days")
}
