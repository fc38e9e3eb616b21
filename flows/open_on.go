package flows

import (
	"slices"
	"strings"
	"time"

	"loket"
)

// A question whether the office serves on a given day ("tanggal 25
// desember buka gak?", "besok libur ga?", "are you open on friday?") is
// answered with the office hours and that day's own answer: a closed day
// (its name as the office set it at /admin/hours), a day without service,
// or a normal day with its hours. It used to get "no answer" when it
// named a date.

// openWords ask whether the office serves.
var openWords = wordSet("buka", "tutup", "libur", "layanan", "pelayanan", "melayani", "dilayani", "beroperasi",
	"operasional", "datang", "open", "closed", "holiday", "service", "working", "operating", "come", "visit")

// clockLead are the words before a time of day, never a date ("jam 10").
var clockLead = wordSet("jam", "jm", "pukul", "pkl", "at")

// weekWords after "minggu" make it a week ("minggu depan", "minggu ini").
var weekWords = wordSet("depan", "ini", "lalu", "kemarin", "besok", "berikutnya", "selanjutnya")

// daysAhead is how far ahead a day asked about is looked for.
const daysAhead = 120

// dayAsked is the day a question about opening names, if any: a date
// ("25 desember", "25/12"), "besok", "hari ini", a weekday (the next
// one) or "senin depan", within daysAhead days.
func (c *conv) dayAsked(text string) (time.Time, bool) {
	ws := tokens(text)
	open := false
	for _, w := range ws {
		open = open || openWords[w]
	}
	if !open {
		return time.Time{}, false
	}
	var kept []string // the words without a time of day ("jam 10", "10.00")
	fields := strings.Fields(lusaWords(text))
	for i, w := range fields {
		if w == "minggu" && i+1 < len(fields) && weekWords[strings.Trim(fields[i+1], ",.?!")] {
			continue // "minggu depan" is next week, not a Sunday
		}
		if i > 0 && clockLead[strings.Trim(fields[i-1], ",.?!")] || strings.ContainsAny(strings.Trim(w, ",.?!"), ".:") &&
			strings.ContainsAny(w, "0123456789") && !strings.Contains(w, "/") {
			continue
		}
		if i+1 < len(fields) && allDigits(strings.Trim(w, ",.?!")) && spanWords[strings.Trim(fields[i+1], ",.?!")] {
			continue // "sudah 3 hari", "2 minggu lalu": a length of time, not the 3rd
		}
		kept = append(kept, strings.Trim(w, ",?!"))
	}
	now := time.Now()
	if c.turn != nil { // nil in the matcher's tests
		now = c.turn.Now
	}
	today := midnight(now, c.f.cfg.Location)
	days := make([]time.Time, daysAhead)
	for i := range days {
		days[i] = today.AddDate(0, 0, i)
	}
	switch j, two := dayInWords(kept, days, today, nil); {
	case two:
		return time.Time{}, false // two days: not sure which
	case j >= 0:
		return days[j], true
	}
	return c.holidayNamed(ws, today)
}

// holidayFiller are words of many holidays' names that name none
// ("Hari Raya …", "Libur nasional …").
var holidayFiller = wordSet("hari", "raya", "libur", "nasional", "bersama", "tanggal", "day", "national", "public",
	"holiday", "holidays")

// holidayNamed is the closed day within daysAhead whose name the
// question uses ("lebaran buka?", "natal libur ga?"): a word of four
// letters or more of the name the office gave it at /admin/hours.
func (c *conv) holidayNamed(ws []string, today time.Time) (time.Time, bool) {
	if c.tx == nil || c.ctx == nil {
		return time.Time{}, false // the matcher's tests: no store
	}
	asked := map[string]bool{}
	for _, w := range ws {
		if len(w) >= 4 && !openWords[w] {
			asked[w] = true
		}
	}
	hs, err := c.tx.Holidays(c.ctx, today, today.AddDate(0, 0, daysAhead))
	if err != nil || len(asked) == 0 {
		return time.Time{}, false
	}
	for _, h := range hs {
		for _, w := range tokens(h.Name) {
			if asked[w] && !holidayFiller[w] {
				return midnight(h.Date, c.f.cfg.Location), true
			}
		}
	}
	return time.Time{}, false
}

// nowWords ask about this very moment ("sekarang buka ga?", "are you
// open now?").
var nowWords = wordSet("sekarang", "skrg", "skg", "skrang", "now", "currently")

// spanWords after a number make it a length of time ("3 hari").
var spanWords = wordSet("hari", "minggu", "bulan", "jam", "menit", "tahun", "days", "day", "weeks", "week", "months",
	"month", "hours", "hour", "minutes", "years")

// nowAsked reports a question about opening right now.
func nowAsked(text string) bool { return hasWordsOf(text, openWords, nowWords) }

// dayOpenLine says whether the office serves on day, and with clockToo
// whether min falls in that day's hours: "Jumat, 25 Desember
// 2026 libur (Natal): tidak ada layanan."
func (c *conv) dayOpenLine(day time.Time, min int, clockToo bool) (string, error) {
	l := c.lang()
	v := c.view()
	v.Value = c.f.dayName(l, day) + ", " + c.f.dateWords(l, day)
	hs, err := c.tx.Holidays(c.ctx, day, day.AddDate(0, 0, 1))
	if err != nil {
		return "", err
	}
	for _, h := range hs {
		if sameDay(h.Date.In(c.f.cfg.Location), day) {
			v.Other = h.Name
			return c.text("hours.day_closed", v)
		}
	}
	var spans []string
	ws := slices.Clone(c.office().windows)
	slices.SortFunc(ws, func(a, b loket.OfficeWindow) int { return a.StartMinute - b.StartMinute })
	for _, w := range ws {
		if w.Weekday == day.Weekday() {
			spans = append(spans, clock(w.StartMinute)+"–"+clock(w.EndMinute))
		}
	}
	if len(spans) == 0 {
		return c.text("hours.day_off", v)
	}
	v.Other = strings.Join(spans, ", ")
	line, err := c.text("hours.day_open", v)
	if err != nil || !clockToo {
		return line, err
	}
	// "kalau saya datang besok jam 9 bisa?": that day's hours, and where
	// the time falls in them (it got the day's hours alone)
	key := "hours.clock_out"
	for _, w := range ws {
		switch {
		case w.Weekday != day.Weekday():
		case w.StartMinute <= min && min < w.EndMinute:
			key = "hours.clock_in"
		case min == w.EndMinute && key == "hours.clock_out":
			key = "hours.clock_closing"
		}
	}
	v.Value = clock(min)
	at, err := c.text(key, v)
	return line + " " + at, err
}

// hoursOn answers the hours asked about one day, or about now (day
// zero): that first, then the office hours.
func (c *conv) hoursOn(day time.Time, withButtons bool, opts []opt) error {
	var line string
	var err error
	// "jam 9 WITA masih buka?": 08.00 in an office on WIB, said so (it
	// answered for 09.00 WIB)
	min, _, asked := c.inOfficeZone(c.turn.Inbound.Text, clockIn)
	zone := c.zoneSaid
	c.zoneSaid = ""
	switch {
	case day.IsZero() && asked:
		line, err = c.clockLine(min) // "": open at that time on some days only; the hours say which
	case day.IsZero() && c.view().Open:
		line, err = c.text("hours.now_open", nil)
	case day.IsZero():
		line, err = c.text("hours.now_closed", nil)
	default:
		line, err = c.dayOpenLine(day, min, asked)
	}
	if err != nil {
		return err
	}
	if zone != "" && line != "" {
		v := c.view()
		v.Value = zone
		z, err := c.text("bk.zone", v)
		if err != nil {
			return err
		}
		line = z + " " + line
	}
	hours, err := c.text("faq.hours", nil)
	if err != nil {
		return err
	}
	if !withButtons {
		opts = nil
	}
	if line == "" {
		return c.sayText(hours, opts...)
	}
	return c.sayText(line+"\n\n"+hours, opts...)
}

// clockAsked is the time of day a question about the hours names
// ("kalau datang jam 13.30 masih bisa?", "is 2 pm too late?"), in minutes
// after midnight.
func clockAsked(text string) (int, bool) {
	m, _, ok := clockIn(text) // flows/booking_daytime.go
	return m, ok
}

// clockLine says whether a time of day falls in the office hours: on
// every working day, on none, or ("" ) on some days only, which the
// general hours then say.
func (c *conv) clockLine(min int) (string, error) {
	in, out := 0, 0
	days := map[time.Weekday]bool{}
	closing := true // min is when every working day's service ends ("jam 2 masih bisa?" with 10.00–14.00)
	for _, w := range c.office().windows {
		days[w.Weekday] = days[w.Weekday] || w.StartMinute <= min && min < w.EndMinute
		closing = closing && w.EndMinute == min
	}
	for _, open := range days {
		if open {
			in++
		} else {
			out++
		}
	}
	v := c.view()
	v.Value = clock(min)
	switch {
	case in > 0 && out == 0:
		return c.text("hours.clock_in", v)
	case in == 0 && out > 0 && closing:
		return c.text("hours.clock_closing", v)
	case in == 0 && out > 0:
		return c.text("hours.clock_out", v)
	}
	return "", nil
}

// openOnKeys are the texts of this file (flows/keys.go).
func openOnKeys() []string {
	return []string{"hours.day_closed", "hours.day_off", "hours.day_open", "hours.now_open", "hours.now_closed",
		"hours.clock_in", "hours.clock_out", "hours.clock_closing"}
}
