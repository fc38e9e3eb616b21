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

// Verification-call booking in chat. Rules (also told to the vendor):
//   - only an open registration ticket can book a call;
//   - a call can be booked as soon as every required document has arrived
//     and none is rejected (status in_review or call_scheduled always
//     qualifies): the officer checks the originals in the call;
//   - one booked call per ticket; it can be changed or cancelled in chat
//     until it starts; a cancelled or moved slot is free again at once.
const (
	stepBookDay  = "bk.day"
	stepBookTime = "bk.time"

	actBook          = "m.book" // safe: opens booking from any message
	prefixBook       = "bk."
	actBookChange    = "bk.change"
	actBookCancel    = "bk.cancel"
	actBookCancelYes = "bk.cancel.yes"
	actBookKeep      = "bk.keep"
	actBookDays      = "bk.days"
	actBookMore      = "bk.more"
	prefixBookDay    = "bk.d." // + YYYYMMDD
	prefixBookTime   = "bk.t." // + unix seconds

	maxDayBtns  = 10
	maxTimeBtns = 9
)

// bookState is the booking in progress.
type bookState struct {
	Ticket int64  `json:"t"`
	Day    string `json:"d,omitempty"`  // YYYYMMDD of the chosen day
	Page   int    `json:"p,omitempty"`  // page of times shown
	From   int    `json:"fr,omitempty"` // the day's first time listed: the afternoon's when asked for (flows/booking_daytime.go)
	Move   int64  `json:"mv,omitempty"`
	Ask    int64  `json:"ask,omitempty"` // a time asked about and offered, taken with one tap or "ya" (flows/booking_ask.go)
	Offer  int64  `json:"of,omitempty"`  // the earliest time offered in one tap, offered again after a detour
	// FromDay is YYYYMMDD of the first day listed when the vendor asked
	// for a later week ("minggu depan aja"): a day typed by name alone is
	// one of those listed (typedDay).
	FromDay string `json:"fd,omitempty"`
}

// bookWord maps typed words that open booking.
func bookWord(text string) string {
	switch strings.TrimRight(strings.ToLower(strings.TrimSpace(strings.TrimPrefix(text, "/"))), ".!") {
	case "jadwal", "jadwal video call", "ubah jadwal", "pilih jadwal", "booking", "schedule", "reschedule",
		"book", "video call", "jadwal vc", "change schedule":
		return actBook
	}
	return ""
}

// callExplain is the verification-call explanation (no ticket to book for).
func (c *conv) callExplain() error {
	return c.say("call", nil, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}

// callMenu is the "verification call" menu item and the "jadwal" word:
// the booked call with change/cancel, the day offer, or what is missing.
func (c *conv) callMenu(b BookingTx) error {
	if strings.HasPrefix(c.st.Step, prefixBook) {
		c.st.reset() // starting over from a booking in progress
	}
	t, err := c.bookingTicket()
	if err != nil || t == nil {
		if err == nil {
			err = c.callExplain()
		}
		return err
	}
	c.turn.TicketID = t.ID
	a, err := activeAppointment(c, b, t.ID)
	if err != nil {
		return err
	}
	v := c.view()
	v.Ref = t.Ref()
	switch {
	case a != nil:
		return c.showBooking(t, a)
	case t.Status == loket.StatusVerified:
		return c.say("bk.verified", v, opt{key: "btn.menu", action: actMenu})
	}
	ok, missing, err := c.docsComplete(t)
	if err != nil {
		return err
	}
	if !ok {
		key := "bk.need_docs"
		if t.Status == loket.StatusNew {
			key = "bk.offline"
		}
		v.Detail = bullets(missing)
		return c.say(key, v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
	}
	return c.offerDays(b, t, 0, "bk.days")
}

// bookingTicket is the newest open registration ticket of the contact or
// vendor; nil when there is none.
func (c *conv) bookingTicket() (*loket.Ticket, error) {
	ts, err := c.myTickets()
	if err != nil {
		return nil, err
	}
	for i := range ts {
		if ts[i].Type == loket.TypeRegistration && (ts[i].Status.Open() || ts[i].Status == loket.StatusVerified) {
			return &ts[i], nil
		}
	}
	return nil, nil
}

// activeAppointment is the ticket's booked call, nil when none.
func activeAppointment(c *conv, b BookingTx, ticketID int64) (*loket.Appointment, error) {
	as, err := b.TicketAppointments(c.ctx, ticketID)
	if err != nil {
		return nil, fmt.Errorf("flows: ticket appointments: %w", err)
	}
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].Status == loket.ApptBooked {
			return &as[i], nil
		}
	}
	return nil, nil
}

// docsComplete applies the booking rule: in_review/call_scheduled, or
// every required document received and none rejected. It returns what
// is missing or rejected otherwise.
func (c *conv) docsComplete(t *loket.Ticket) (bool, []string, error) {
	if t.Status == loket.StatusInReview || t.Status == loket.StatusCallScheduled {
		return true, nil, nil
	}
	var tv ticketView
	if err := c.missingDocs(t, &tv); err != nil {
		return false, nil, err
	}
	out := append(slices.Clone(tv.Missing), tv.Rejected...)
	return len(out) == 0, out, nil
}

func bullets(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return "• " + strings.Join(items, "\n• ")
}

// showBooking shows the booked call with change and cancel buttons.
func (c *conv) showBooking(t *loket.Ticket, a *loket.Appointment) error {
	v, err := c.bookingView(t, a)
	if err != nil {
		return err
	}
	if !a.StartsAt.After(c.turn.Now) {
		return c.say("bk.too_late", v, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
	}
	return c.say("bk.current", v, c.bookedOpts()...)
}

func (c *conv) bookedOpts() []opt {
	return []opt{{key: "btn.bk_change", action: actBookChange}, {key: "btn.bk_cancel", action: actBookCancel},
		{key: "btn.menu", action: actMenu}}
}

// bookingView fills ticket, time in words, phone and what to bring.
func (c *conv) bookingView(t *loket.Ticket, a *loket.Appointment) (*view, error) {
	v := c.view()
	v.Ref = t.Ref()
	if a != nil {
		v.Value = c.f.whenWords(c.lang(), a.StartsAt)
		v.In.Phone = a.Phone
	}
	form, phone, err := c.vendorFacts(t)
	if err != nil {
		return nil, err
	}
	if v.In.Phone == "" {
		v.In.Phone = phone
	}
	var bring []string // every original: the verification documents and those for the SIKaP assistance
	for _, r := range c.requirements(form) {
		bring = append(bring, r.label(c.lang()))
	}
	v.Detail = bullets(bring)
	return v, nil
}

// vendorFacts returns the business form and the number to call: the
// vendor's WhatsApp number from the intake, else the contact's phone.
func (c *conv) vendorFacts(t *loket.Ticket) (loket.BusinessForm, string, error) {
	form, phone := loket.FormCompany, c.turn.Contact.Phone
	v, err := c.ticketVendor(t)
	if err != nil || v == nil {
		return form, phone, err
	}
	if v.Form.Valid() {
		form = v.Form
	}
	if v.Phone != "" {
		phone = v.Phone
	}
	return form, phone, nil
}

// ticketVendor is the vendor of t, or nil when it has none (yet).
func (c *conv) ticketVendor(t *loket.Ticket) (*loket.Vendor, error) {
	if t.VendorID == 0 {
		return nil, nil
	}
	v, err := c.tx.VendorByID(c.ctx, t.VendorID)
	switch {
	case errors.Is(err, loket.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("flows: ticket vendor: %w", err)
	}
	return v, nil
}

// offerDays offers the working days with free slots.
func (c *conv) offerDays(b BookingTx, t *loket.Ticket, move int64, key string) error {
	return c.offerDaysFrom(b, t, move, key, time.Time{})
}

// offerDaysFrom is offerDays leaving out the days before from (zero: none
// left out), unless that leaves no day with a free slot.
func (c *conv) offerDaysFrom(b BookingTx, t *loket.Ticket, move int64, key string, from time.Time) error {
	c.asked = true
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return err
	}
	v, err := c.bookingView(t, nil)
	if err != nil {
		return err
	}
	days := q.Days()
	if !from.IsZero() && slices.ContainsFunc(days, func(d time.Time) bool { return !d.Before(from) && len(q.DaySlots(d)) > 0 }) {
		days = slices.DeleteFunc(slices.Clone(days), func(d time.Time) bool { return d.Before(from) })
	} else {
		from = time.Time{}
	}
	var opts []opt
	for _, d := range days {
		n := len(q.DaySlots(d))
		if n == 0 {
			continue
		}
		dv := c.view()
		dv.Form, dv.Value, dv.Count = c.f.dayName(c.lang(), d), c.f.dayMonth(c.lang(), d), n
		label, err := c.text("bk.day_btn", dv)
		if err != nil {
			return err
		}
		if opts = append(opts, opt{label: label, action: prefixBookDay + d.Format("20060102")}); len(opts) == maxDayBtns {
			break
		}
	}
	if len(opts) == 0 {
		c.st.reset()
		v.Count = q.Rules.HorizonDays
		return c.say("bk.no_slots", v, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
	}
	c.st.Step, c.st.Book = stepBookDay, &bookState{Ticket: t.ID, Move: move}
	if !from.IsZero() {
		c.st.Book.FromDay = from.Format("20060102")
	}
	v.Count = q.Rules.SlotMinutes
	return c.say(key, v, append(opts, opt{key: "btn.menu", action: actMenu})...)
}

// offerTimes offers the free times of the chosen day, a page at a time.
func (c *conv) offerTimes(b BookingTx, key string, kv *view) error {
	c.asked = true
	bk := c.st.Book
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return err
	}
	day, err := time.ParseInLocation("20060102", bk.Day, c.f.cfg.Location)
	if err != nil {
		return c.restartBooking(b)
	}
	slots := q.DaySlots(day)
	v := c.view()
	v.Value = c.f.dayName(c.lang(), day) + ", " + c.f.dayMonth(c.lang(), day)
	if len(slots) == 0 {
		t, err := c.tx.TicketByID(c.ctx, bk.Ticket)
		if err != nil {
			return fmt.Errorf("flows: booking ticket: %w", err)
		}
		if key != "" && kv != nil {
			// the line the caller led with ("13.30 is too soon to book")
			// before the day's end, not dropped for "fully booked"
			if err := c.say(key, kv); err != nil {
				return err
			}
		}
		full := "bk.day_full"
		switch today := midnight(c.turn.Now, c.f.cfg.Location); {
		case day.Before(today):
			full = "bk.day_passed" // the day chosen, or the time offered, before a pause of days
		case day.Equal(today):
			full = "bk.today_over" // too late today, or full: no time left to book either way
		}
		if err := c.say(full, v); err != nil {
			return err
		}
		return c.offerDays(b, t, bk.Move, "bk.days")
	}
	if bk.Page == 0 {
		bk.From = 0
		if i, asked := c.afternoonFrom(slots); asked && i < 0 {
			if err := c.say("bk.no_afternoon", v); err != nil { // "thursday afternoon?" with only morning times free
				return err
			}
		} else if asked {
			bk.From = i
		}
		if !c.lateAsked.IsZero() && slots[len(slots)-1].Start.Before(c.lateAsked) {
			bk.From = max(0, len(slots)-maxTimeBtns) // "only free at 15.00": the day's last times, nearest it
		}
	}
	if bk.From >= len(slots) {
		bk.From = 0
	}
	if bk.From+bk.Page*maxTimeBtns >= len(slots) {
		bk.Page = 0
	}
	page := slots[bk.From+bk.Page*maxTimeBtns:]
	more := len(page) > maxTimeBtns
	if more {
		page = page[:maxTimeBtns]
	}
	var opts []opt
	for _, s := range page {
		opts = append(opts, opt{label: c.f.clockAt(s.Start), action: prefixBookTime + strconv.FormatInt(s.Start.Unix(), 10)})
	}
	if more {
		opts = append(opts, opt{key: "btn.bk_more", action: actBookMore})
	}
	opts = append(opts, opt{key: "btn.bk_other_day", action: actBookDays}, opt{key: "btn.menu", action: actMenu})
	c.st.Step = stepBookTime
	v.Type = c.f.clockAt(page[len(page)-1].Start)
	if key != "" {
		if err := c.say(key, kv); err != nil {
			return err
		}
	}
	return c.say("bk.times", v, opts...)
}

// bookPrompt asks the booking question again: the days, or the times of
// the chosen day (recomputed: slots may have gone meanwhile).
func (c *conv) bookPrompt(b BookingTx) error {
	bk := c.st.Book
	if bk == nil {
		c.st.reset()
		return c.callMenu(b)
	}
	if at, ok := c.askedSlot(); ok {
		return c.answerSlot(b, at) // the time asked about, still offered
	}
	if done, err := c.offerAgain(b); done || err != nil {
		return err // the earliest time, offered in one tap before the detour
	}
	if c.st.Step == stepBookTime && bk.Day != "" {
		return c.offerTimes(b, "", nil)
	}
	t, err := c.tx.TicketByID(c.ctx, bk.Ticket)
	if err != nil {
		return fmt.Errorf("flows: booking ticket: %w", err)
	}
	return c.offerDays(b, t, bk.Move, "bk.days")
}

// offerEarliest offers the earliest free slot in one tap, with other
// days on request (documents just complete).
func (c *conv) offerEarliest(b BookingTx, t *loket.Ticket, assist string) error {
	c.asked = true
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return err
	}
	v, err := c.bookingView(t, nil)
	if err != nil {
		return err
	}
	v.Type = assist
	if first, ok := q.First(); ok {
		start := first.Start
		c.st.Step, c.st.Book = stepBookTime, &bookState{Ticket: t.ID, Day: start.In(c.f.cfg.Location).Format("20060102"), Offer: start.Unix()}
		v.Value, v.Count = c.f.whenWords(c.lang(), start), q.Rules.SlotMinutes
		take, err := c.slotButton("btn.bk_take", start)
		if err != nil {
			return err
		}
		return c.say("docs.ready", v, take,
			opt{key: "btn.bk_other_day", action: actBookDays}, opt{key: "btn.menu", action: actMenu})
	}
	v.Count = q.Rules.HorizonDays
	return c.say("bk.no_slots", v, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
}

// restartBooking starts again from the days (state lost or stale).
func (c *conv) restartBooking(b BookingTx) error { return c.callMenu(b) }

// withCallTime puts the booked call's time in front of a status line.
func (c *conv) withCallTime(b BookingTx, t *loket.Ticket, next string) (string, error) {
	a, err := activeAppointment(c, b, t.ID)
	if err != nil || a == nil {
		return next, err
	}
	v := c.view()
	v.Value = c.f.whenWords(c.lang(), a.StartsAt)
	s, err := c.text("status.call_when", v)
	if err != nil {
		return next, err
	}
	return s + " " + next, nil
}

// staleBooking answers an old booking button ("Another day", a time of
// an earlier offer) pressed once the call is booked: the vendor likely
// wants another time, so the call booked is named with its change and
// cancel buttons (it got "that button no longer works" and the menu).
// Outside a booking in progress only; false when no call is ahead.
func (c *conv) staleBooking(action string) (bool, error) {
	if !strings.HasPrefix(action, prefixBook) || strings.HasPrefix(c.st.Step, prefixBook) || pendingQuestion(c.st.Step) && c.st.Step != stepTicket {
		return false, nil
	}
	t, a, err := c.bookedCallAhead() // flows/call_questions.go
	if err != nil || a == nil {
		return false, err
	}
	v := c.view()
	v.Ref, v.Value, c.turn.TicketID = t.Ref(), c.f.whenWords(c.lang(), a.StartsAt), t.ID
	return true, c.say("stale.booked", v, c.bookedOpts()...)
}
