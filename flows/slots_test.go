package flows

import (
	"testing"
	"time"

	"loket"
)

func jakarta(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	return loc
}

func TestSlots(t *testing.T) {
	loc := jakarta(t)
	at := func(d, h, m int) time.Time { return time.Date(2026, 1, d, h, m, 0, 0, loc) }
	def := DefaultBookingRules()
	// The clock is in UTC, as on a server: 02:00 UTC Monday = 09:00 WIB.
	mondayUTC := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		now      time.Time
		rules    func(*BookingRules)
		windows  []loket.OfficeWindow
		holidays []loket.Holiday
		booked   []loket.Appointment
		first    time.Time
		count    int      // slots in the horizon
		days     int      // working days in the horizon
		firstDay []string // starts of the first day's slots, "15:04"
	}{
		{name: "lead time in the office zone", now: mondayUTC, first: at(5, 11, 0), count: 10*12 - 3, days: 10,
			firstDay: []string{"11:00", "11:20", "11:40", "12:00", "12:20", "12:40", "13:00", "13:20", "13:40"}},
		{name: "weekend skipped", now: time.Date(2026, 1, 10, 3, 0, 0, 0, time.UTC), first: at(12, 10, 0), count: 120, days: 10},
		{name: "after hours: next day (today still counts in the horizon)", now: at(5, 15, 0), first: at(6, 10, 0), count: 108, days: 10},
		{name: "friday late: monday", now: at(9, 12, 30), first: at(12, 10, 0), count: 10*12 - 12, days: 10},
		{name: "holiday skipped", now: at(5, 7, 0), holidays: []loket.Holiday{{Date: at(5, 0, 0)}, {Date: at(6, 0, 0)}},
			first: at(7, 10, 0), count: 120, days: 10},
		{name: "horizon counts working days", now: at(5, 7, 0), rules: func(r *BookingRules) { r.HorizonDays = 3 },
			first: at(5, 10, 0), count: 36, days: 3},
		{name: "slot length and window end", now: at(5, 7, 0), rules: func(r *BookingRules) { r.SlotMinutes = 45; r.HorizonDays = 1 },
			first: at(5, 10, 0), count: 5, days: 1, firstDay: []string{"10:00", "10:45", "11:30", "12:15", "13:00"}},
		{name: "capacity 2: one booking leaves a seat", now: at(5, 7, 0), rules: func(r *BookingRules) { r.Capacity = 2; r.HorizonDays = 1 },
			booked: []loket.Appointment{{StartsAt: at(5, 10, 0), Status: loket.ApptBooked}}, first: at(5, 10, 0), count: 12, days: 1},
		{name: "capacity 1: booked slot gone, cancelled one free", now: at(5, 7, 0), rules: func(r *BookingRules) { r.HorizonDays = 1 },
			booked: []loket.Appointment{{StartsAt: at(5, 10, 0), Status: loket.ApptBooked}, {StartsAt: at(5, 10, 20), Status: loket.ApptCancelled}},
			first:  at(5, 10, 20), count: 11, days: 1},
		{name: "two windows a day, overlapping", now: at(5, 7, 0), rules: func(r *BookingRules) { r.HorizonDays = 1; r.SlotMinutes = 30; r.LeadMinutes = 0 },
			windows: []loket.OfficeWindow{{Weekday: time.Monday, StartMinute: 8 * 60, EndMinute: 9 * 60},
				{Weekday: time.Monday, StartMinute: 8*60 + 30, EndMinute: 10 * 60}, {Weekday: time.Monday, StartMinute: 13 * 60, EndMinute: 13*60 + 50}},
			first: at(5, 8, 0), count: 5, days: 1, firstDay: []string{"08:00", "08:30", "09:00", "09:30", "13:00"}},
		{name: "no lead time", now: at(5, 10, 5), rules: func(r *BookingRules) { r.LeadMinutes = 0; r.HorizonDays = 1 },
			first: at(5, 10, 20), count: 11, days: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := loket.NewFixedClock(tc.now)
			r := def
			if tc.rules != nil {
				tc.rules(&r)
			}
			ws := tc.windows
			if ws == nil {
				ws = DefaultWindows()
			}
			q := SlotQuery{Now: clk.Now(), Loc: loc, Rules: r, Windows: ws, Holidays: tc.holidays, Booked: tc.booked}
			slots := q.Slots()
			if len(slots) != tc.count {
				t.Errorf("slots = %d, want %d", len(slots), tc.count)
			}
			if len(slots) > 0 && !slots[0].Start.Equal(tc.first) {
				t.Errorf("first slot %v, want %v", slots[0].Start.In(loc), tc.first)
			}
			if n := len(q.Days()); n != tc.days {
				t.Errorf("days = %d, want %d", n, tc.days)
			}
			for i, s := range slots {
				if s.End.Sub(s.Start) != time.Duration(r.SlotMinutes)*time.Minute || s.Free < 1 {
					t.Errorf("slot %d: %v–%v free %d", i, s.Start, s.End, s.Free)
				}
				if i > 0 && !slots[i-1].Start.Before(s.Start) {
					t.Errorf("slots out of order at %d", i)
				}
				if wd := s.Start.In(loc).Weekday(); wd == time.Saturday || wd == time.Sunday {
					t.Errorf("weekend slot %v", s.Start)
				}
			}
			if tc.firstDay != nil {
				var got []string
				for _, s := range q.DaySlots(slots[0].Start) {
					got = append(got, s.Start.In(loc).Format("15:04"))
				}
				if len(got) != len(tc.firstDay) {
					t.Fatalf("first day %v, want %v", got, tc.firstDay)
				}
				for i := range got {
					if got[i] != tc.firstDay[i] {
						t.Errorf("first day %v, want %v", got, tc.firstDay)
						break
					}
				}
			}
		})
	}
}

func TestBookingRulesValidate(t *testing.T) {
	if err := DefaultBookingRules().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	for _, r := range []BookingRules{{SlotMinutes: 2, Capacity: 1, HorizonDays: 1}, {SlotMinutes: 20, Capacity: 0, HorizonDays: 1},
		{SlotMinutes: 20, Capacity: 1, HorizonDays: 0}, {SlotMinutes: 20, Capacity: 1, HorizonDays: 1, LeadMinutes: -1}} {
		if err := r.Validate(); loket.ErrorCode(err) != loket.EInvalid {
			t.Errorf("%+v: %v, want invalid", r, err)
		}
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]int{"10.20": 620, "10:20": 620, "1020": 620, "10": 600, "9": 540, "jam 11.40": 700,
		"pukul 13.00 WIB": 780, "1:40 pm": 820, "13.00wib": 780, "00.00": 0,
		"jam 11 aja": 660, "bisa jam 13.00?": 780, "10.20 ya kak": 620,
		"jam 1 siang": 780, "jam 2": 840, "1.20": 800, "jam 3 sore": 900, "jam 5 pagi": 300, "1 am": 60, "jam 11 siang": 660} {
		if got, ok := ParseClock(in); !ok || got != want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "25.00", "10.6", "10.60", "123456", "1.2.3", "-1", "jam", "10.2x"} {
		if got, ok := ParseClock(in); ok {
			t.Errorf("ParseClock(%q) = %d, want no", in, got)
		}
	}
}

func TestParseDayChoice(t *testing.T) {
	loc := jakarta(t)
	today := time.Date(2026, 1, 5, 0, 0, 0, 0, loc)
	days := []time.Time{today, today.AddDate(0, 0, 1), today.AddDate(0, 0, 7), time.Date(2026, 2, 6, 0, 0, 0, 0, loc)}
	for in, want := range map[string]int{"senin": 0, "Selasa": 1, "besok": 1, "tomorrow": 1, "12/1": 2, "12-01": 2,
		"12 jan": 2, "12 januari": 2, "6 feb": 3, "6/2": 3, "jumat": 3, "hari senin": 0, "rabu": -1, "31/12": -1,
		"": -1, "x": -1, "5 xyz": -1, "bisa hari senin?": 0, "besok aja": 1, "can we do tuesday please": 1,
		"hari ini bisa?": 0, "mau tanggal 12/1": 2, "rabu dong": -1,
		"senin depan": 2, "next monday": 2, "monday next week": 2, "senin minggu depan": 2, "selasa depan": -1,
		// "minggu depan hari senin" took this week's Monday (the "hari"
		// between); "the 5th" was not a date
		"minggu depan hari senin": 2, "next week on monday": 2, "the 5th": 0, "5th": 0, "2nd": -1, "the 12th": 2, "6th feb": 3} {
		if got := ParseDayChoice(in, days, today); got != want {
			t.Errorf("ParseDayChoice(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"10.20", "1020", "jam 9", "1:40 pm", "13.00 WIB", "", "99.99", "٣", "noon", "at noon"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseClock(s)
		if ok && (m < 0 || m >= 24*60) {
			t.Fatalf("ParseClock(%q) = %d out of range", s, m)
		}
	})
}

func FuzzParseDayChoice(f *testing.F) {
	for _, s := range []string{"senin", "12/1", "12 jan", "besok", "31-12-2026", "", "//", "1 2 3", "lusa",
		"the day after tomorrow", "DAY AFTER TOMORROW please"} {
		f.Add(s)
	}
	today := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	days := []time.Time{today, today.AddDate(0, 0, 2), today.AddDate(0, 0, 3)}
	f.Fuzz(func(t *testing.T, s string) {
		if i := ParseDayChoice(s, days, today); i < -1 || i >= len(days) {
			t.Fatalf("ParseDayChoice(%q) = %d", s, i)
		}
		// "the day after tomorrow" said as "lusa" once is said so for good
		// (a byte offset in the lower case once cut the text as typed)
		if l := lusaWords(s); lusaWords(l) != l {
			t.Fatalf("lusaWords(%q) = %q, read again %q", s, l, lusaWords(l))
		}
	})
}
