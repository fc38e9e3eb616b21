package flows

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the zones below must load on a machine without zoneinfo

	"loket"
)

// Zones of the slot property: Indonesia's three, no-DST odd offsets, and
// zones with daylight saving (Santiago switches at midnight, Lord Howe by
// 30 minutes) so wall-clock arithmetic is exercised.
var propertyZones = []string{"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC", "Asia/Kathmandu",
	"Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe"}

// randomSlotQuery draws rules, weekly windows, holidays, bookings and "now"
// from rng, within the ranges BookingRules.Validate allows.
func randomSlotQuery(t testing.TB, rng *rand.Rand) SlotQuery {
	t.Helper()
	loc, err := time.LoadLocation(propertyZones[rng.IntN(len(propertyZones))])
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	q := SlotQuery{Loc: loc, Rules: BookingRules{
		SlotMinutes: 5 + rng.IntN(236),
		Capacity:    1 + rng.IntN(4),
		LeadMinutes: []int{0, 5, 120, rng.IntN(3 * 24 * 60), rng.IntN(14*24*60 + 1)}[rng.IntN(5)],
		HorizonDays: 1 + rng.IntN(15),
	}}
	if rng.IntN(4) == 0 {
		q.Rules = DefaultBookingRules()
	}
	// Any instant of 2026-2027, seconds included.
	q.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(2 * 365 * 24 * 3600 * 1e9)))
	if rng.IntN(3) == 0 { // the default week: Mon–Fri 10:00–14:00
		for d := time.Monday; d <= time.Friday; d++ {
			q.Windows = append(q.Windows, loket.OfficeWindow{Weekday: d, StartMinute: 600, EndMinute: 840})
		}
	}
	for range rng.IntN(6) {
		start := 5 * rng.IntN(288)
		q.Windows = append(q.Windows, loket.OfficeWindow{Weekday: time.Weekday(rng.IntN(7)),
			StartMinute: start, EndMinute: min(1440, start+1+rng.IntN(600))})
	}
	today := midnight(q.Now, loc)
	for range rng.IntN(12) {
		d := today.AddDate(0, 0, rng.IntN(30))
		q.Holidays = append(q.Holidays, loket.Holiday{Date: d, Name: "libur"})
	}
	// Bookings on the grid of the windows, some cancelled.
	for range rng.IntN(40) {
		if len(q.Windows) == 0 {
			break
		}
		w := q.Windows[rng.IntN(len(q.Windows))]
		day := today.AddDate(0, 0, rng.IntN(21))
		for day.Weekday() != w.Weekday {
			day = day.AddDate(0, 0, 1)
		}
		m := w.StartMinute + q.Rules.SlotMinutes*rng.IntN(1+(w.EndMinute-w.StartMinute)/q.Rules.SlotMinutes)
		status := []loket.AppointmentStatus{loket.ApptBooked, loket.ApptBooked, loket.ApptCancelled}[rng.IntN(3)]
		q.Booked = append(q.Booked, loket.Appointment{StartsAt: atMinute(day, m, loc), Status: status})
	}
	return q
}

// checkSlots verifies the offered slots against rules written out
// independently of SlotQuery: each slot lies in an office window of a
// working day of the horizon (ends at or before the window's end), not on
// a holiday, not before now+lead, with a seat left; the slots are sorted
// and unique; and no slot that satisfies all this is missing.
func checkSlots(q SlotQuery, slots []Slot) error {
	length := time.Duration(q.Rules.SlotMinutes) * time.Minute
	holiday := map[string]bool{}
	for _, h := range q.Holidays {
		holiday[h.Date.In(q.Loc).Format(time.DateOnly)] = true
	}
	// The horizon: the first HorizonDays dates with a window and no
	// holiday, counted on the calendar (noon of each date always exists).
	inHorizon := map[string]bool{}
	lt := q.Now.In(q.Loc)
	for i := 0; len(inHorizon) < q.Rules.HorizonDays && i < 7*q.Rules.HorizonDays+14; i++ {
		d := time.Date(lt.Year(), lt.Month(), lt.Day()+i, 12, 0, 0, 0, q.Loc)
		for _, w := range q.Windows {
			if w.Weekday == d.Weekday() && !holiday[d.Format(time.DateOnly)] {
				inHorizon[d.Format(time.DateOnly)] = true
			}
		}
	}
	booked := map[time.Time]int{}
	for _, a := range q.Booked {
		if a.Status == loket.ApptBooked {
			booked[a.StartsAt.UTC()]++
		}
	}
	earliest := q.Now.Add(time.Duration(q.Rules.LeadMinutes) * time.Minute)
	// Every start a vendor should be offered.
	want := map[time.Time]bool{}
	for date := range inHorizon {
		noon, _ := time.ParseInLocation(time.DateTime, date+" 12:00:00", q.Loc)
		for _, w := range q.Windows {
			if w.Weekday != noon.Weekday() {
				continue
			}
			end := time.Date(noon.Year(), noon.Month(), noon.Day(), 0, w.EndMinute, 0, 0, q.Loc)
			for m := w.StartMinute; ; m += q.Rules.SlotMinutes {
				s := time.Date(noon.Year(), noon.Month(), noon.Day(), 0, m, 0, 0, q.Loc)
				if m+q.Rules.SlotMinutes > w.EndMinute || s.Add(length).After(end) {
					break
				}
				// A wall-clock time skipped by daylight saving is no slot.
				exists := s.In(q.Loc).Format(time.DateOnly) == date && s.In(q.Loc).Hour()*60+s.In(q.Loc).Minute() == m
				if exists && !s.Before(earliest) && booked[s.UTC()] < q.Rules.Capacity {
					want[s.UTC()] = true
				}
			}
		}
	}
	for i, s := range slots {
		lt := s.Start.In(q.Loc)
		date := lt.Format(time.DateOnly)
		switch {
		case i > 0 && !slots[i-1].Start.Before(s.Start):
			return fmt.Errorf("slot %d (%s) not after the previous one", i, lt)
		case s.End.Sub(s.Start) != length:
			return fmt.Errorf("slot %s lasts %s, want %s", lt, s.End.Sub(s.Start), length)
		case holiday[date]:
			return fmt.Errorf("slot %s on a holiday", lt)
		case !inHorizon[date]:
			return fmt.Errorf("slot %s beyond the horizon of %d working days", lt, q.Rules.HorizonDays)
		case s.Start.Before(earliest):
			return fmt.Errorf("slot %s before now+lead %s", lt, earliest.In(q.Loc))
		case s.Free < 1 || s.Free != q.Rules.Capacity-booked[s.Start.UTC()]:
			return fmt.Errorf("slot %s offers %d seats, capacity %d, booked %d", lt, s.Free, q.Rules.Capacity, booked[s.Start.UTC()])
		case !inWindow(q, s):
			return fmt.Errorf("slot %s–%s outside every office window", lt, s.End.In(q.Loc).Format("15:04"))
		case !want[s.Start.UTC()]:
			return fmt.Errorf("slot %s offered twice or off the grid", lt)
		}
		delete(want, s.Start.UTC())
	}
	for s := range want {
		return fmt.Errorf("slot %s missing (%d missing in all)", s.In(q.Loc), len(want))
	}
	return nil
}

// inWindow reports whether the slot lies within one office window of its
// own day, wall clock in the office zone.
func inWindow(q SlotQuery, s Slot) bool {
	lt := s.Start.In(q.Loc)
	for _, w := range q.Windows {
		open := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, w.StartMinute, 0, 0, q.Loc)
		closed := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, w.EndMinute, 0, 0, q.Loc)
		if w.Weekday == lt.Weekday() && !s.Start.Before(open) && !s.End.After(closed) {
			return true
		}
	}
	return false
}

func TestSlotsProperty(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	offered := 0
	for seed := range uint64(n) {
		q := randomSlotQuery(t, rand.New(rand.NewPCG(seed, 0x5107)))
		slots := q.Slots()
		offered += len(slots)
		if err := checkSlots(q, slots); err != nil {
			t.Fatalf("seed %d: %v\nnow %s (%s), rules %+v\nwindows %v\nholidays %d, booked %d",
				seed, err, q.Now.In(q.Loc), q.Loc, q.Rules, q.Windows, len(q.Holidays), len(q.Booked))
		}
	}
	if offered == 0 {
		t.Fatal("no slot offered in any case: the generator is broken")
	}
}

// The checker itself must be able to fail.
func TestCheckSlotsCatches(t *testing.T) {
	loc := jakarta(t)
	q := SlotQuery{Now: time.Date(2026, 1, 5, 7, 0, 0, 0, loc), Loc: loc, Rules: DefaultBookingRules(),
		Windows: []loket.OfficeWindow{{Weekday: time.Monday, StartMinute: 600, EndMinute: 840}}}
	q.Rules.HorizonDays = 1
	good := q.Slots()
	if err := checkSlots(q, good); err != nil || len(good) != 12 {
		t.Fatalf("default Monday: %d slots, %v", len(good), err)
	}
	if last := good[len(good)-1]; last.End.In(loc).Format("15:04") != "14:00" {
		t.Errorf("last slot ends %s, want 14:00 exactly", last.End.In(loc).Format("15:04"))
	}
	at := func(h, m int) time.Time { return time.Date(2026, 1, 5, h, m, 0, 0, loc) }
	for name, bad := range map[string][]Slot{
		"past the window end": append(good[:len(good):len(good)], Slot{Start: at(14, 0), End: at(14, 20), Free: 1}),
		"missing one":         good[1:],
		"before lead":         append([]Slot{{Start: at(8, 0), End: at(8, 20), Free: 1}}, good...),
		"too many seats":      append([]Slot{{Start: good[0].Start, End: good[0].End, Free: 2}}, good[1:]...),
		"next week":           append(good[:len(good):len(good)], Slot{Start: at(10, 0).AddDate(0, 0, 7), End: at(10, 20).AddDate(0, 0, 7), Free: 1}),
	} {
		if checkSlots(q, bad) == nil {
			t.Errorf("%s: checkSlots found nothing wrong", name)
		}
	}
}

// FuzzSlots draws a query from the fuzzer's seed and checks the same
// properties: go test -fuzz FuzzSlots ./flows/
func FuzzSlots(f *testing.F) {
	for _, s := range []uint64{0, 1, 42, 2026, 1 << 40} {
		f.Add(s, uint64(7))
	}
	f.Fuzz(func(t *testing.T, a, b uint64) {
		q := randomSlotQuery(t, rand.New(rand.NewPCG(a, b)))
		if err := checkSlots(q, q.Slots()); err != nil {
			t.Fatalf("%v\nnow %s (%s), rules %+v, windows %v", err, q.Now.In(q.Loc), q.Loc, q.Rules, q.Windows)
		}
	})
}
