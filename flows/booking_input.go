package flows

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket"
)

// bookAction runs the booking buttons (and "jadwal"); it works from any
// step, so the change/cancel buttons of a confirmation or a reminder work.
func (c *conv) bookAction(b BookingTx, a string) error {
	if c.st.Book != nil {
		c.st.Book.Ask, c.st.Book.Offer = 0, 0 // a button chooses instead
	}
	switch {
	case a == actBook:
		return c.callMenu(b)
	case a == actBookChange, a == actBookCancel, a == actBookCancelYes, a == actBookKeep:
		return c.bookedAction(b, a)
	case c.st.Book == nil || !strings.HasPrefix(c.st.Step, prefixBook):
		return c.callMenu(b) // a booking button of a journey already left
	case a == actBookDays:
		t, err := c.tx.TicketByID(c.ctx, c.st.Book.Ticket)
		if err != nil {
			return fmt.Errorf("flows: booking ticket: %w", err)
		}
		return c.offerDays(b, t, c.st.Book.Move, "bk.days")
	case a == actBookMore:
		c.st.Book.Page++
		return c.offerTimes(b, "", nil)
	case strings.HasPrefix(a, prefixBookDay):
		c.st.Book.Day, c.st.Book.Page = strings.TrimPrefix(a, prefixBookDay), 0
		return c.offerTimes(b, "", nil)
	case strings.HasPrefix(a, prefixBookTime):
		sec, err := strconv.ParseInt(strings.TrimPrefix(a, prefixBookTime), 10, 64)
		if err != nil {
			return c.callMenu(b)
		}
		return c.bookAt(b, time.Unix(sec, 0))
	}
	return c.callMenu(b)
}

// bookInput handles typed text in the day and time steps.
func (c *conv) bookInput(b BookingTx, in input) error {
	if c.st.Book == nil {
		return c.callMenu(b)
	}
	if in.kind == loket.InText && c.st.Book.Move != 0 && neverMind(in.text) {
		return c.bookedAction(b, actBookKeep) // "gak jadi deh" while moving the call: it stays where it was
	}
	if in.kind == loket.InText {
		if d, ok := c.deniedDay(b, in.text); ok {
			return c.offerAfterDenied(b, d) // "jangan senin": flows/booking_not_day.go
		}
		if from, label, ok := c.laterStart(in.text); ok {
			return c.offerLater(b, from, label, in.text) // "nggak bisa minggu ini", "bulan depan aja": flows/booking_later.go
		}
		if at, strict, ok := c.offeredSlot(); ok && (confirmWord(in.text, strict) || strict && earliestWord(in.text)) {
			return c.bookAt(b, at) // "ya" to the time just offered; "yg paling cepet aja" to the earliest
		}
		if at, ok := c.dayAndClock(b, in.text, c.busyDay(b, in.text)); ok {
			if slotQuestion(in.text) {
				return c.answerSlot(b, at) // "kalau hari selasa jam 11 bisa?": answered, not booked
			}
			return c.bookAt(b, at) // "selasa jam 11", "pilih selasa jam 11"
		}
	}
	if c.st.Step == stepBookDay {
		if in.kind == loket.InText {
			d, ok := c.typedDay(b, in.text)
			if !ok {
				d, ok = c.dayIn(b, withoutNumbers(in.text)) // "ada slot jumat?": the day named in a sentence
			}
			if ok {
				c.st.Book.Day, c.st.Book.Page = d.Format("20060102"), 0
				return c.offerTimes(b, "", nil)
			}
			if afternoon, ok := dayPartOnly(in.text); ok {
				return c.offerDayPart(b, afternoon) // "pagi aja": it got the office hours
			}
			if earliestWord(in.text) {
				return c.offerEarliestAgain(b) // "yang paling awal", "terserah": "which day?" again before
			}
			if d, ok := c.firstAlternative(b, in.text); ok { // "rabu atau kamis": the first named
				c.st.Book.Day, c.st.Book.Page = d.Format("20060102"), 0
				return c.offerTimes(b, "", nil)
			}
			if _, ok := ParseClock(in.text); ok { // "jam 11 aja": the day comes first
				return c.miss("bk.day_first")
			}
			if nextWeekAsked(in.text) {
				return c.offerNextWeek(b)
			}
			if handled, err := c.unbookableDay(b, in.text); handled || err != nil {
				return err // "lusa" on a Thursday, "tgl 10" on a Saturday: flows/booking_day_closed.go
			}
		}
		if handled, err := c.offStep(in); handled || err != nil {
			return err
		}
		return c.miss("bk.miss_day") // the days again, with their buttons: the older ones are stale now
	}
	if in.kind == loket.InText {
		m, _, ok := c.inOfficeZone(in.text, func(text string) (int, string, bool) { // flows/time_zone.go
			if m, ok := ParseClock(text); ok {
				return m, "", true
			}
			// "yg jam 11 ya kak", "jam 12 lewat 20": the time in a sentence, nothing else in it
			m, rest, ok := clockIn(text)
			return m, rest, ok && !strings.ContainsAny(rest, "0123456789")
		})
		if ok {
			day, err := time.ParseInLocation("20060102", c.st.Book.Day, c.f.cfg.Location)
			if err != nil {
				return c.callMenu(b)
			}
			if slotQuestion(in.text) {
				return c.answerSlot(b, atMinute(day, m, c.f.cfg.Location)) // "jam 11 bisa?"
			}
			return c.bookAt(b, atMinute(day, m, c.f.cfg.Location))
		}
		d, ok := c.typedDay(b, in.text)
		if !ok {
			d, ok = c.dayIn(b, withoutNumbers(in.text)) // "besok pagi aja kak", "selasa siang bisa?"
		}
		if ok { // another day named at the times
			c.st.Book.Day, c.st.Book.Page, c.st.Book.Ask, c.st.Book.Offer = d.Format("20060102"), 0, 0, 0
			return c.offerTimes(b, "", nil)
		}
		if afternoon, ok := dayPartOnly(in.text); ok {
			return c.offerDayPart(b, afternoon) // "pagi aja" at the times or the earliest time offered
		}
		if nextWeekAsked(in.text) {
			return c.offerNextWeek(b)
		}
		if handled, err := c.unbookableDay(b, in.text); handled || err != nil {
			return err // another day named at the times, without free time
		}
	}
	if handled, err := c.offStep(in); handled || err != nil {
		return err
	}
	return c.miss("bk.miss_time") // the times again, with their buttons
}

// nextWeekPhrases ask for next week.
var nextWeekPhrases = []string{"minggu depan", "pekan depan", "minggu berikutnya", "next week", "the week after", "following week"}

// nextWeekAsked reports "minggu depan aja", "next week please": next
// week, no day of it named (a day named is taken before), and not that
// the vendor is busy then ("minggu depan sibuk": busyOn).
func nextWeekAsked(text string) bool { return hasPhrase(text, nextWeekPhrases) && !busyOn(text) }

// moveWords move something in time or place; with a day named, the call.
var moveWords = wordSet("pindah", "dipindah", "pindahkan", "dipindahkan", "pindahin", "geser", "digeser", "undur",
	"diundur", "mundur", "mundurkan", "dimundurkan", "majukan", "dimajukan", "move", "moved", "reschedule",
	"postpone", "postponed")

// movesToDay reports a wish to move something to a named day ("bisa
// dipindah ke kamis?", "move it to friday"): with a call, the call.
func movesToDay(text string) bool {
	move, day := false, false
	ws := tokens(text)
	for i, w := range ws {
		_, weekday := weekdayWords[w]
		move = move || moveWords[w] || changeWords[w] && i+1 < len(ws) && changedDay(ws[i+1:])
		day = day || weekday && w != "minggu" || w == "besok" || w == "lusa" || w == "tomorrow"
	}
	return move && day
}

// changeWords change something; followed by a day ("ganti hari rabu",
// "ubah ke kamis") they move the call. Alone they change anything: the
// number, the e-mail, the data.
var changeWords = wordSet("ganti", "diganti", "ubah", "diubah", "change")

// changedDay reports words after a change word that name the day: "hari",
// a weekday, or "ke"/"to" and a weekday.
func changedDay(ws []string) bool {
	if ws[0] == "ke" || ws[0] == "to" {
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return false
	}
	_, weekday := weekdayWords[ws[0]]
	return ws[0] == "hari" || ws[0] == "harinya" || ws[0] == "day" || weekday && ws[0] != "minggu"
}

// sameTimeMoved is the moment a wish to move the call to another day at
// the same time names: that day at the call's time of day, a week later
// for "next week" or "seminggu" alone.
func (c *conv) sameTimeMoved(b BookingTx, text string, call time.Time) (time.Time, bool) {
	ws := tokens(text)
	same := slices.Contains(ws, "same") && (slices.Contains(ws, "time") || slices.Contains(ws, "hour")) ||
		slices.Contains(ws, "sama") && (slices.Contains(ws, "jam") || slices.Contains(ws, "jamnya") || slices.Contains(ws, "waktu"))
	if !same {
		return time.Time{}, false
	}
	call = call.In(c.f.cfg.Location)
	m := call.Hour()*60 + call.Minute()
	if d, ok := c.dayIn(b, text); ok {
		return atMinute(d, m, c.f.cfg.Location), true
	}
	if nextWeekAsked(text) || slices.Contains(ws, "seminggu") || slices.Contains(ws, "week") {
		return call.AddDate(0, 0, 7), true
	}
	return time.Time{}, false
}

// offerNextWeek offers the free days from next Monday on (it got the
// office hours).
func (c *conv) offerNextWeek(b BookingTx) error {
	t, err := c.tx.TicketByID(c.ctx, c.st.Book.Ticket)
	if err != nil {
		return fmt.Errorf("flows: booking ticket: %w", err)
	}
	return c.offerDaysFrom(b, t, c.st.Book.Move, "bk.days", nextMonday(midnight(c.turn.Now, c.f.cfg.Location)))
}

// typedDay resolves a typed day among the days with free slots.
// After a later week's days were listed ("minggu depan aja"), a day
// typed by name is one of those listed ("senin" is next week's Monday);
// one they do not hold ("besok") is read among all.
func (c *conv) typedDay(b BookingTx, text string) (time.Time, bool) {
	days, today := c.freeDays(b), midnight(c.turn.Now, c.f.cfg.Location)
	if bk := c.st.Book; bk != nil && bk.FromDay != "" {
		listed := slices.DeleteFunc(slices.Clone(days), func(d time.Time) bool { return d.Format("20060102") < bk.FromDay })
		if i := ParseDayChoice(text, listed, today); i >= 0 {
			return listed[i], true
		}
	}
	if i := ParseDayChoice(text, days, today); i >= 0 {
		return days[i], true
	}
	return time.Time{}, false
}

// freeDays are the days with free slots (none when they cannot be read).
func (c *conv) freeDays(b BookingTx) []time.Time {
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return nil
	}
	var days []time.Time
	for _, d := range q.Days() {
		if len(q.DaySlots(d)) > 0 {
			days = append(days, d)
		}
	}
	return days
}

// dayIn finds a free day named inside a sentence ("bisa diundur ke hari
// rabu?", "can we move it to wednesday"): the words, one to three at a
// time, that name a day, when they all name the same one.
func (c *conv) dayIn(b BookingTx, text string) (time.Time, bool) {
	return c.dayInExcept(b, text, time.Time{})
}

// dayInExcept is dayIn leaving out the day of except (the call's own day,
// which a vendor who is busy then names beside the day to move to).
func (c *conv) dayInExcept(b BookingTx, text string, except time.Time) (time.Time, bool) {
	days, today := c.freeDays(b), midnight(c.turn.Now, c.f.cfg.Location)
	if i := ParseDayChoice(text, days, today); i >= 0 && (except.IsZero() || !sameDay(days[i], except)) {
		return days[i], true
	}
	// "the day after tomorrow" as "lusa": never its "tomorrow"
	j, _ := dayInWords(strings.Fields(lusaWords(text)), days, today, func(_ string, j int) bool {
		return !except.IsZero() && sameDay(days[j], except)
	})
	if j < 0 {
		return time.Time{}, false
	}
	return days[j], true
}

// dayInWords is the index of the one day of days that words name, one to
// three at a time, the longest first ("senin depan" over "senin", "25
// desember" over "25"), or -1; two reports -1 because two different days
// are named (not sure which). skip leaves out a part naming day j.
func dayInWords(ws []string, days []time.Time, today time.Time, skip func(part string, j int) bool) (j int, two bool) {
	for n := 3; n >= 1; n-- {
		found := -1
		for i := 0; i+n <= len(ws); i++ {
			part := strings.Join(ws[i:i+n], " ")
			switch j := ParseDayChoice(part, days, today); {
			case j < 0, skip != nil && skip(part, j):
			case found < 0:
				found = j
			case j != found:
				return -1, true
			}
		}
		if found >= 0 {
			return found, false
		}
	}
	return -1, false
}

// bookAt books (or moves the booking to) the slot starting at start.
// Another vendor may take the last seat first: then the vendor is told
// and offered the times still free.
func (c *conv) bookAt(b BookingTx, start time.Time) error {
	if err := c.sayZone(); err != nil { // "12.00 WITA = 11.00 WIB" (flows/time_zone.go)
		return err
	}
	bk := c.st.Book
	bk.Ask, bk.Offer = 0, 0
	t, err := c.tx.TicketByID(c.ctx, bk.Ticket)
	if err != nil {
		return fmt.Errorf("flows: booking ticket: %w", err)
	}
	c.turn.TicketID = t.ID
	if ok, _, err := c.docsComplete(t); err != nil || !ok || !t.Status.Open() {
		if err != nil {
			return err
		}
		return c.callMenu(b)
	}
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return err
	}
	bk.Day = start.In(c.f.cfg.Location).Format("20060102")
	tv := c.view()
	tv.Value = c.f.clockAt(start)
	slot, free := findSlot(q, start)
	if !free {
		key := "bk.not_free"
		switch {
		case slot:
			key = "bk.taken"
		case tooSoon(q, start):
			key = "bk.too_soon"
		case betweenSlots(q, start):
			key, tv.Count = "bk.between", q.Rules.SlotMinutes
		default:
			c.lateAsked = start
		}
		return c.offerTimes(b, key, tv)
	}
	var old *loket.Appointment
	if bk.Move != 0 {
		if old, err = b.AppointmentByID(c.ctx, bk.Move); err != nil {
			return fmt.Errorf("flows: appointment to move: %w", err)
		}
		if old.Status != loket.ApptBooked {
			old = nil
		} else if old.StartsAt.Equal(start) {
			v, err := c.bookingView(t, old)
			if err != nil {
				return err
			}
			c.st.reset()
			return c.say("bk.same", v, c.bookedOpts()...)
		}
	}
	_, phone, err := c.vendorFacts(t)
	if err != nil {
		return err
	}
	a := &loket.Appointment{TicketID: t.ID, StartsAt: start, EndsAt: start.Add(time.Duration(q.Rules.SlotMinutes) * time.Minute),
		AgentID: t.AssigneeID, Phone: phone, CreatedAt: c.turn.Now, UpdatedAt: c.turn.Now}
	if old != nil && old.AgentID != 0 {
		a.AgentID = old.AgentID
	}
	if err := b.BookAppointment(c.ctx, a, q.Rules.Capacity); errors.Is(err, loket.ErrConflict) {
		return c.offerTimes(b, "bk.taken", tv)
	} else if err != nil {
		return fmt.Errorf("flows: book appointment: %w", err)
	}
	return c.booked(b, t, a, old)
}

// findSlot reports whether start is a slot of the grid at all (ignoring
// seats), and whether it is free now.
func findSlot(q SlotQuery, start time.Time) (slot, free bool) {
	for _, s := range q.DaySlots(start) {
		if s.Start.Equal(start) {
			return true, true
		}
	}
	full := q
	full.Booked = nil
	for _, s := range full.DaySlots(start) {
		if s.Start.Equal(start) {
			return true, false
		}
	}
	return false, false
}

// betweenSlots reports a time inside one of the day's call slots but not
// at its start ("setengah 11" with calls every 20 minutes): it was told
// the time was not in the day's schedule, as if outside the hours.
func betweenSlots(q SlotQuery, start time.Time) bool {
	full := q
	full.Booked = nil
	for _, s := range full.DaySlots(start) {
		if s.Start.Before(start) && start.Before(s.End) {
			return true
		}
	}
	return false
}

// tooSoon reports a time inside the office's grid that can no longer be
// booked: passed, or closer than the booking rules' lead time (it was
// told the time was not in the day's schedule).
func tooSoon(q SlotQuery, start time.Time) bool {
	if !start.Before(q.Now.Add(time.Duration(q.Rules.LeadMinutes) * time.Minute)) {
		return false
	}
	grid := q
	grid.Booked, grid.Now = nil, midnight(start, q.Loc).AddDate(0, 0, -1)
	for _, s := range grid.DaySlots(start) {
		if !s.Start.After(start) && start.Before(s.End) {
			return true // at a slot's start, or inside it ("diundur 30 menit" at 12.40: 13.30)
		}
	}
	return false
}

// booked records a new or moved booking: timeline, ticket status,
// reminders, and the confirmation.
func (c *conv) booked(b BookingTx, t *loket.Ticket, a, old *loket.Appointment) error {
	v, err := c.bookingView(t, a)
	if err != nil {
		return err
	}
	actKey, key := "act.bk_booked", "bk.booked"
	meta := map[string]any{"event": "call_booked", "appointment": a.ID, "starts_at": a.StartsAt.Unix(),
		"when": c.f.eventTime(a.StartsAt), "phone": v.In.Phone}
	av := *v
	av.Value = c.f.whenWords(loket.LangID, a.StartsAt)
	if old != nil {
		old.Status, old.UpdatedAt = loket.ApptCancelled, c.turn.Now
		if err := b.UpdateAppointment(c.ctx, old); err != nil {
			return fmt.Errorf("flows: release old slot: %w", err)
		}
		if err := cancelCallJobs(c.ctx, b, old.ID); err != nil {
			return err
		}
		actKey, key = "act.bk_moved", "bk.moved"
		av.Type = c.f.whenWords(loket.LangID, old.StartsAt)
		meta["event"], meta["from_appointment"], meta["from_when"] = "call_moved", old.ID, c.f.eventTime(old.StartsAt)
	}
	body, err := c.f.texts.render(loket.LangID, actKey, &av)
	if err != nil {
		return err
	}
	if err := c.activity(t.ID, loket.ActAppointment, loket.ActorVendor, body, meta); err != nil {
		return err
	}
	if err := c.moveTicket(b, t, loket.StatusCallScheduled); err != nil {
		return err
	}
	reminders, err := c.f.scheduleCallJobs(c.ctx, b, a, c.turn.Now)
	if err != nil {
		return err
	}
	// A call booked for the next morning in the evening gets no reminder
	// the day before: the confirmation promised one.
	remind := "bk.remind_none"
	switch len(reminders) {
	case 2:
		remind = "bk.remind_both"
	case 1:
		remind = "bk.remind_" + reminders[0]
	}
	if v.Tail, err = c.text(remind, v); err != nil {
		return err
	}
	c.st.reset()
	return c.say(key, v, c.bookedOpts()...)
}

// moveTicket changes the ticket's status with a timeline entry.
func (c *conv) moveTicket(b BookingTx, t *loket.Ticket, s loket.TicketStatus) error {
	return moveTicketStatus(c.ctx, b, t, s, loket.ActorBot, c.turn.Now)
}

// bookedAction handles change / cancel / confirm-cancel / keep.
func (c *conv) bookedAction(b BookingTx, a string) error {
	t, err := c.bookingTicket()
	if err != nil || t == nil {
		if err == nil {
			err = c.callMenu(b)
		}
		return err
	}
	c.turn.TicketID = t.ID
	appt, err := activeAppointment(c, b, t.ID)
	if err != nil {
		return err
	}
	if appt == nil {
		return c.callMenu(b)
	}
	v, err := c.bookingView(t, appt)
	if err != nil {
		return err
	}
	if !appt.StartsAt.After(c.turn.Now) {
		c.st.reset()
		return c.say("bk.too_late", v, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
	}
	switch a {
	case actBookChange:
		// "bisa diundur ke hari rabu?": a free day named with the wish
		// to move goes straight to its times.
		if in := c.turn.Inbound; in.Kind == loket.InText {
			busy := c.busyCallDay(in.Text, appt) // "sy ada acara hari senin": not the day to move to
			if at, ok := c.dayAndClock(b, in.Text, busy); ok {
				c.st.Step, c.st.Book = stepBookTime, &bookState{Ticket: t.ID, Move: appt.ID}
				if slotQuestion(in.Text) {
					return c.answerSlot(b, at) // "bisa diundur ke rabu jam 11?": free or not, and one tap to move
				}
				return c.bookAt(b, at) // "pindah ke rabu jam 11"
			}
			if at, ok := c.sameTimeMoved(b, in.Text, appt.StartsAt); ok {
				// "can we move it to thursday, same time?", "mundur seminggu,
				// jam sama": the call's own time on the day named (it listed
				// that day's times, or every day)
				c.st.Step, c.st.Book = stepBookTime, &bookState{Ticket: t.ID, Move: appt.ID}
				if slotQuestion(in.Text) {
					return c.answerSlot(b, at)
				}
				return c.bookAt(b, at)
			}
			if at, ok := shiftedCall(in.Text, appt.StartsAt); ok && at.After(c.turn.Now) {
				// "bisa diundur 30 menit?": flows/booking_shift.go
				c.st.Step, c.st.Book = stepBookTime, &bookState{Ticket: t.ID, Move: appt.ID}
				return c.answerSlot(b, at)
			}
			if m, _, ok := c.inOfficeZone(in.Text, clockIn); ok {
				// "bisa pindah ke jam 11?": that time on the call's own day (it
				// listed the days); passed already ("majuin ke jam 10" at
				// 10.30 for a call at 13.00), said so with the day's free
				// times and the other days a tap away (it listed the days
				// without a word)
				at := atMinute(midnight(appt.StartsAt, c.f.cfg.Location), m, c.f.cfg.Location)
				c.st.Step, c.st.Book = stepBookTime, &bookState{Ticket: t.ID, Move: appt.ID}
				if slotQuestion(in.Text) || c.passed(appt.StartsAt, m) || bareClock(in.Text) {
					return c.answerSlot(b, at)
				}
				return c.bookAt(b, at)
			}
			if sameDayOtherTime(in.Text) { // flows/booking_shift.go
				day := midnight(appt.StartsAt, c.f.cfg.Location)
				c.st.Step, c.st.Book = stepBookDay, &bookState{Ticket: t.ID, Move: appt.ID, Day: day.Format("20060102")}
				return c.offerTimes(b, "", nil)
			}
			if d, ok := c.dayInExcept(b, in.Text, busy); ok {
				c.st.Step, c.st.Book = stepBookDay, &bookState{Ticket: t.ID, Move: appt.ID, Day: d.Format("20060102")}
				return c.offerTimes(b, "", nil)
			}
		}
		return c.offerDays(b, t, appt.ID, "bk.days")
	case actBookCancel:
		c.st.reset()
		return c.say("bk.cancel_confirm", v, opt{key: "btn.bk_cancel_yes", action: actBookCancelYes},
			opt{key: "btn.bk_keep", action: actBookKeep})
	case actBookKeep:
		c.st.reset()
		return c.say("bk.kept", v, c.bookedOpts()...)
	}
	return c.cancelBooking(b, t, appt, v)
}

// cancelBooking frees the slot at once, drops its reminders and puts the
// ticket back to in_review (the documents are still complete).
func (c *conv) cancelBooking(b BookingTx, t *loket.Ticket, a *loket.Appointment, v *view) error {
	if err := c.dropCall(b, t, a); err != nil {
		return err
	}
	if t.Status == loket.StatusCallScheduled {
		if err := c.moveTicket(b, t, loket.StatusInReview); err != nil {
			return err
		}
	}
	c.st.reset()
	return c.say("bk.cancelled", v, opt{key: "btn.bk_book", action: actBook}, opt{key: "btn.menu", action: actMenu})
}

// dropCall cancels the vendor's booked call: the slot is free at once,
// its reminders are dropped and the timeline says so.
func (c *conv) dropCall(b BookingTx, t *loket.Ticket, a *loket.Appointment) error {
	a.Status, a.UpdatedAt = loket.ApptCancelled, c.turn.Now
	if err := b.UpdateAppointment(c.ctx, a); err != nil {
		return fmt.Errorf("flows: cancel appointment: %w", err)
	}
	if err := cancelCallJobs(c.ctx, b, a.ID); err != nil {
		return err
	}
	av := c.view()
	av.Ref, av.Value = t.Ref(), c.f.whenWords(loket.LangID, a.StartsAt)
	body, err := c.f.texts.render(loket.LangID, "act.bk_cancelled", av)
	if err != nil {
		return err
	}
	return c.activity(t.ID, loket.ActAppointment, loket.ActorVendor, body, map[string]any{
		"event": "call_cancelled", "appointment": a.ID, "cancelled": true, "when": c.f.eventTime(a.StartsAt)})
}

// withoutNumbers is text without its words that hold a digit: a day is
// looked for in a sentence by its name ("jumat", "besok"), never by a
// number, which there is a time as often ("setengah 12", "jam 12 lewat
// 20"); a date is typed alone ("12/1") and read whole.
func withoutNumbers(text string) string {
	ws := strings.Fields(text)
	kept := ws[:0]
	for _, w := range ws {
		if !strings.ContainsAny(w, "0123456789") {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// clockFiller may stand beside a time said alone ("jam 13.40 aja").
var clockFiller = wordSet("aja", "saja", "ya", "deh", "kak", "min", "pak", "bu", "please", "pls", "dong", "yg", "yang",
	"ok", "oke", "jadi", "the", "mau", "maunya")

// bareClock reports a time said alone, without a word of moving ("jam
// 13.40 aja"): with a call booked, at the menu, a wish to move it to
// that time on its day, confirmed with one tap before it is moved (it got
// "no answer" and the menu).
func bareClock(text string) bool {
	if _, ok := ParseClock(text); ok {
		return true
	}
	_, rest, ok := clockIn(text)
	return ok && !slices.ContainsFunc(tokens(rest), func(w string) bool { return !clockFiller[w] })
}

// busyDay is the day a vendor moving their call says they cannot make
// ("senin saya ada acara, rabu jam 10 aja"): the call's own, never the
// day to move to; zero when not moving a call or not said.
func (c *conv) busyDay(b BookingTx, text string) time.Time {
	if c.st.Book == nil || c.st.Book.Move == 0 || !busyOn(text) {
		return time.Time{}
	}
	appt, err := activeAppointment(c, b, c.st.Book.Ticket)
	if err != nil {
		return time.Time{} // read as before: the day named
	}
	return c.busyCallDay(text, appt)
}

// busyCallDay is the day of the call appt when text says the vendor
// cannot make it (busyOn), else zero.
func (c *conv) busyCallDay(text string, appt *loket.Appointment) time.Time {
	if appt == nil || !busyOn(text) {
		return time.Time{}
	}
	return appt.StartsAt.In(c.f.cfg.Location)
}

// busyMovesCall reports a wish to move the call at call said as a day
// the vendor cannot make ("I'm busy on monday, can we do wednesday at
// 10?" got no answer, "hari ini saya ga bisa"): the call's own weekday
// named, or two days (one to leave, one to move to). "besok saya sibuk"
// alone, the call on another day, is no wish to move it.
func busyMovesCall(text string, call, now time.Time) bool {
	if !busyOn(text) {
		return false
	}
	ws := tokens(text)
	named := map[time.Weekday]bool{}
	for i, w := range ws {
		switch d, weekday := weekdayWords[w]; {
		case weekday && w != "minggu":
			named[d] = true
		case w == "besok" || w == "tomorrow":
			named[now.AddDate(0, 0, 1).Weekday()] = true
		case w == "lusa":
			named[now.AddDate(0, 0, 2).Weekday()] = true
		case w == "today" || w == "ini" && i > 0 && ws[i-1] == "hari":
			named[now.Weekday()] = true
		}
	}
	return named[call.Weekday()] || len(named) > 1
}

// busyWords say the vendor cannot make a day ("sy ada acara hari
// selasa", "I'm busy on tuesday"): the day named with them is the call's
// own day to move away from, not the day to move to.
var busyWords = wordSet("acara", "sibuk", "berhalangan", "halangan", "keperluan", "urusan", "dinas", "busy",
	"unavailable", "cant", "cannot")

// busyOn reports a sentence that says the vendor cannot make a day.
func busyOn(text string) bool {
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	for i, w := range ws {
		if busyWords[w] {
			return true
		}
		if (w == "tidak" || w == "gak" || w == "ga" || w == "nggak" || w == "gk" || w == "not") && i+1 < len(ws) &&
			(ws[i+1] == "bisa" || ws[i+1] == "available" || ws[i+1] == "free") {
			return true // "selasa ga bisa", "not available on tuesday"
		}
	}
	return false
}

// passed reports whether minute m of day's date has passed already: a
// time asked for without a day is the call's own day's only while it is
// still ahead.
func (c *conv) passed(day time.Time, m int) bool {
	return !atMinute(midnight(day, c.f.cfg.Location), m, c.f.cfg.Location).After(c.turn.Now)
}

// offerEarliestAgain offers the earliest free time in one tap, from the
// list of days ("yang paling awal", "terserah", "kapan saja boleh").
func (c *conv) offerEarliestAgain(b BookingTx) error {
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return err
	}
	first, ok := q.First()
	if !ok {
		return c.miss("bk.miss_day")
	}
	at := first.Start.In(c.f.cfg.Location)
	c.st.Step = stepBookTime
	c.st.Book.Day, c.st.Book.Page, c.st.Book.Ask, c.st.Book.Offer = at.Format("20060102"), 0, 0, at.Unix()
	if done, err := c.offerAgain(b); done || err != nil {
		return err
	}
	return c.offerTimes(b, "", nil)
}

// firstAlternative is the first of two free days offered as alternatives
// ("rabu atau kamis", "wednesday or thursday"; it got "which day?" again,
// two days being named).
func (c *conv) firstAlternative(b BookingTx, text string) (time.Time, bool) {
	t := " " + strings.ToLower(text) + " "
	for _, sep := range []string{" atau ", " or ", " / "} {
		if first, _, ok := strings.Cut(t, sep); ok {
			return c.dayIn(b, first)
		}
	}
	return time.Time{}, false
}
