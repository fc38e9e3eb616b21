package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"loket"
)

// BookingSettingKey and BookingRules are the root package's (the console
// edits the same setting).
const BookingSettingKey = loket.BookingSettingKey

// BookingRules are the admin-tunable slot rules.
type BookingRules = loket.BookingRules

// DefaultBookingRules returns the rules used until an admin saves some.
func DefaultBookingRules() BookingRules { return loket.DefaultBookingRules() }

// settingReader is the store method the rules come from.
type settingReader interface {
	Setting(ctx context.Context, key string) ([]byte, error)
}

// LoadBookingRules reads the rules; a missing or broken setting, or a
// zero field, takes the default.
func LoadBookingRules(ctx context.Context, tx settingReader) (BookingRules, error) {
	d := DefaultBookingRules()
	b, err := tx.Setting(ctx, BookingSettingKey)
	if errors.Is(err, loket.ErrNotFound) {
		return d, nil
	}
	if err != nil {
		return d, fmt.Errorf("flows: booking rules: %w", err)
	}
	var r BookingRules
	if json.Unmarshal(b, &r) != nil {
		return d, nil
	}
	for _, p := range []struct{ v, def *int }{{&r.SlotMinutes, &d.SlotMinutes}, {&r.Capacity, &d.Capacity},
		{&r.HorizonDays, &d.HorizonDays}} {
		if *p.v <= 0 {
			*p.v = *p.def
		}
	}
	if r.LeadMinutes < 0 {
		r.LeadMinutes = d.LeadMinutes
	}
	if r.Validate() != nil {
		return d, nil
	}
	return r, nil
}

// Slot is one bookable call time.
type Slot struct {
	Start, End time.Time
	Free       int // seats left
}

// SlotQuery is everything the slot computation needs; it does no I/O.
type SlotQuery struct {
	Now      time.Time
	Loc      *time.Location
	Rules    BookingRules
	Windows  []loket.OfficeWindow
	Holidays []loket.Holiday
	Booked   []loket.Appointment // any status; only booked ones hold seats
}

// Days returns the working days of the horizon: from today, days with
// at least one office window and no holiday, HorizonDays of them.
func (q SlotQuery) Days() []time.Time {
	off := map[string]bool{}
	for _, h := range q.Holidays {
		off[h.Date.In(q.Loc).Format(time.DateOnly)] = true
	}
	today := midnight(q.Now, q.Loc)
	var days []time.Time
	for i := 0; len(days) < q.Rules.HorizonDays && i < 7*q.Rules.HorizonDays+14; i++ {
		// From noon, not today.AddDate: a midnight skipped by daylight
		// saving would otherwise land on the day before.
		d := midnight(time.Date(today.Year(), today.Month(), today.Day()+i, 12, 0, 0, 0, q.Loc), q.Loc)
		if off[d.Format(time.DateOnly)] || !slices.ContainsFunc(q.Windows, func(w loket.OfficeWindow) bool { return w.Weekday == d.Weekday() }) {
			continue
		}
		days = append(days, d)
	}
	return days
}

// Slots returns the free slots of the horizon, in time order.
func (q SlotQuery) Slots() []Slot {
	var out []Slot
	for _, d := range q.Days() {
		out = append(out, q.DaySlots(d)...)
	}
	return out
}

// First returns the earliest free slot of the horizon, without listing
// the others.
func (q SlotQuery) First() (Slot, bool) {
	for _, d := range q.Days() {
		if s := q.DaySlots(d); len(s) > 0 {
			return s[0], true
		}
	}
	return Slot{}, false
}

// DaySlots returns the free slots of one day (midnight in Loc): slots
// inside a window (a slot never runs past its window's end), not before
// now plus the lead time, with a seat left. Overlapping windows give each
// start once.
func (q SlotQuery) DaySlots(day time.Time) []Slot {
	day = midnight(day, q.Loc)
	taken := map[int64]int{}
	for _, a := range q.Booked {
		if a.Status == loket.ApptBooked {
			taken[a.StartsAt.Unix()]++
		}
	}
	earliest := q.Now.Add(time.Duration(q.Rules.LeadMinutes) * time.Minute)
	length := time.Duration(q.Rules.SlotMinutes) * time.Minute
	seen := map[int64]bool{}
	var out []Slot
	for _, w := range q.Windows {
		if w.Weekday != day.Weekday() {
			continue
		}
		for m := w.StartMinute; m+q.Rules.SlotMinutes <= w.EndMinute; m += q.Rules.SlotMinutes {
			start := atMinute(day, m, q.Loc)
			free := q.Rules.Capacity - taken[start.Unix()]
			if start.Before(earliest) || free <= 0 || seen[start.Unix()] || !wallClockIs(start, day, m, q.Loc) ||
				start.Add(length).After(atMinute(day, w.EndMinute, q.Loc)) { // a DST jump inside the window
				continue
			}
			seen[start.Unix()] = true
			out = append(out, Slot{Start: start, End: start.Add(length), Free: free})
		}
	}
	slices.SortFunc(out, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	return out
}

// midnight returns the start of t's day in loc: 00:00, or the moment the
// clocks jump when daylight saving skips midnight (America/Santiago), where
// time.Date would give 23:00 of the day before.
func midnight(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	d := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
	if d.Day() != lt.Day() {
		_, d = d.ZoneBounds()
	}
	return d
}

// wallClockIs reports whether t reads minute m of day's date in loc, that
// is whether the time exists (is not skipped by daylight saving).
func wallClockIs(t, day time.Time, m int, loc *time.Location) bool {
	lt := t.In(loc)
	return lt.Day() == day.Day() && lt.Hour()*60+lt.Minute() == m
}

// atMinute returns minute m of day (wall clock in loc, so a zone with
// daylight saving would still give the office's local time).
func atMinute(day time.Time, m int, loc *time.Location) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), m/60, m%60, 0, 0, loc)
}

// slotTx is what loading a SlotQuery reads.
type slotTx interface {
	settingReader
	OfficeWindows(ctx context.Context) ([]loket.OfficeWindow, error)
	Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error)
	Appointments(ctx context.Context, from, to time.Time) ([]loket.Appointment, error)
}

// loadSlotQuery reads rules, windows, holidays and bookings of the
// horizon (a generous span of calendar days covers HorizonDays working days).
func (f *Flows) loadSlotQuery(ctx context.Context, tx slotTx, now time.Time) (SlotQuery, error) {
	q := SlotQuery{Now: now, Loc: f.cfg.Location}
	var err error
	if q.Rules, err = LoadBookingRules(ctx, tx); err != nil {
		return q, err
	}
	if q.Windows, err = tx.OfficeWindows(ctx); err != nil {
		return q, fmt.Errorf("flows: office windows: %w", err)
	}
	if len(q.Windows) == 0 {
		q.Windows = f.cfg.Windows
	}
	from := midnight(now, q.Loc)
	to := from.AddDate(0, 0, 7*q.Rules.HorizonDays+15)
	if q.Holidays, err = tx.Holidays(ctx, from, to); err != nil {
		return q, fmt.Errorf("flows: holidays: %w", err)
	}
	if q.Booked, err = tx.Appointments(ctx, from, to); err != nil {
		return q, fmt.Errorf("flows: appointments: %w", err)
	}
	return q, nil
}
