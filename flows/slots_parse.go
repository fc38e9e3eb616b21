package flows

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ParseClock reads a typed time of day: "10.20", "10:20", "1020", "10",
// "jam 10.20", "pukul 9", "10.20 WIB", "1:40 pm", "noon". It returns
// minutes after midnight.
func ParseClock(s string) (int, bool) {
	if hasWordsOf(s, dateWords) {
		return 0, false // "tanggal 7" is a day of the month, not 07.00
	}
	s = withoutFiller(s)
	for _, p := range []string{"jam ", "pukul ", "pkl ", "pkl. ", "at "} {
		s = strings.TrimPrefix(s, p)
	}
	if noonWords[s] {
		return 12 * 60, true // "at noon" listed the day from 10.00
	}
	pm, am, part := false, false, ""
	for _, suf := range []string{" pagi", " siang", " sore", " malam"} { // "jam 1 siang" is 13.00
		if strings.HasSuffix(s, suf) {
			part, s = strings.TrimSpace(suf), strings.TrimSpace(strings.TrimSuffix(s, suf))
			break
		}
	}
	for _, suf := range []string{" wib", "wib", " am", "am", " pm", "pm"} {
		if strings.HasSuffix(s, suf) {
			pm, am = strings.HasSuffix(suf, "pm"), strings.HasSuffix(suf, "am")
			s = strings.TrimSpace(strings.TrimSuffix(s, suf))
			break
		}
	}
	if s == "" || len(s) > 5 {
		return 0, false
	}
	var hs, ms string
	if i := strings.IndexAny(s, ".:"); i >= 0 {
		hs, ms = s[:i], s[i+1:]
		if len(ms) != 2 {
			return 0, false
		}
	} else if len(s) >= 3 {
		hs, ms = s[:len(s)-2], s[len(s)-2:]
	} else {
		hs, ms = s, "00"
	}
	if !allDigits(hs) || !allDigits(ms) || len(hs) == 0 || len(hs) > 2 {
		return 0, false
	}
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	switch {
	case pm && h < 12, (part == "sore" || part == "malam") && h < 12:
		h += 12
	case !am && part != "pagi" && h >= 1 && h <= 6:
		h += 12 // "jam 1", "jam 2 siang": an office's afternoon, not the night
	}
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// noonWords are midday said in words.
var noonWords = wordSet("noon", "midday", "12 noon", "tengah hari")

// dateWords say a number is a day of the month.
var dateWords = wordSet("tanggal", "tgl", "tanggalnya", "date")

// dayFillerWords come around a day or a time without changing it: "bisa
// hari rabu?", "jam 11 aja", "can we do tuesday please".
var dayFillerWords = wordSet("bisa", "boleh", "mau", "pilih", "yang", "aja", "saja", "ya", "dong", "deh", "kak", "min",
	"pak", "bu", "ok", "oke", "tanggal", "tgl", "please", "pls", "can", "we", "do", "how", "about", "i", "choose", "pick")

// withoutFiller is s in lower case without filler words and without the
// question or exclamation marks and commas at its ends.
func withoutFiller(s string) string {
	fs := strings.Fields(strings.Trim(strings.ToLower(strings.TrimSpace(s)), "?!, "))
	kept := fs[:0]
	for _, f := range fs {
		if !dayFillerWords[strings.Trim(f, "?!,")] {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return strings.Join(fs, " ")
	}
	return strings.Trim(strings.Join(kept, " "), "?!, ")
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// weekdayWords maps typed day names (id, en, short forms) to weekdays.
var weekdayWords = map[string]time.Weekday{
	"minggu": time.Sunday, "ahad": time.Sunday, "senin": time.Monday, "selasa": time.Tuesday, "rabu": time.Wednesday,
	"kamis": time.Thursday, "jumat": time.Friday, "jum'at": time.Friday, "sabtu": time.Saturday,
	"jumatan": time.Friday, // "habis jumatan": after the Friday prayer (it got the missed call's answer)
	"sunday":  time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"sen": time.Monday, "sel": time.Tuesday, "rab": time.Wednesday, "kam": time.Thursday, "jum": time.Friday,
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday,
}

// WeekdayWord is the weekday a word names, in Indonesian or English, in
// full or short ("senin", "Jum'at", "tuesday", "thu"), as chat and the
// console's office hours read them.
func WeekdayWord(w string) (time.Weekday, bool) {
	d, ok := weekdayWords[strings.ToLower(w)]
	return d, ok
}

// afterTomorrow are the English ways of saying "lusa"; they are read as
// "lusa" before the day's words are looked at, so that their "tomorrow"
// is never taken for tomorrow.
var afterTomorrow = []string{"the day after tomorrow", "day after tomorrow", "after tomorrow"}

// lusaWords is text in lower case with "the day after tomorrow" said as
// "lusa" (in lower case: a letter's lower case may be longer or shorter,
// so a place found in it is no place in the text as typed; every reader
// of days reads lower case).
func lusaWords(text string) string {
	low := strings.ToLower(text)
	for _, p := range afterTomorrow {
		low = strings.ReplaceAll(low, p, "lusa")
	}
	return low
}

// ParseDayChoice picks one of days from typed text: a day name ("senin",
// "Monday" — the first such day offered), "besok"/"tomorrow",
// "lusa"/"the day after tomorrow", or a date "12/1", "12-01", "12 jan". It
// returns the index in days, or -1.
func ParseDayChoice(s string, days []time.Time, today time.Time) int {
	s = withoutFiller(lusaWords(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "hari "), "on ")
	if s == "" || len(s) > 40 {
		return -1
	}
	find := func(ok func(d time.Time) bool) int {
		for i, d := range days {
			if ok(d) {
				return i
			}
		}
		return -1
	}
	switch s {
	case "besok", "tomorrow":
		t := today.AddDate(0, 0, 1)
		return find(func(d time.Time) bool { return sameDay(d, t) })
	case "lusa":
		t := today.AddDate(0, 0, 2)
		return find(func(d time.Time) bool { return sameDay(d, t) })
	case "hari ini", "today", "ini":
		return find(func(d time.Time) bool { return sameDay(d, today) })
	}
	if wd, ok := weekdayWords[strings.TrimRight(s, ",.")]; ok {
		return find(func(d time.Time) bool { return d.Weekday() == wd })
	}
	if wd, ok := nextWeekday(s); ok { // "senin depan", "next monday": that day of next week
		start := nextMonday(today)
		end := start.AddDate(0, 0, 7)
		return find(func(d time.Time) bool { return d.Weekday() == wd && !d.Before(start) && d.Before(end) })
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' || unicode.IsSpace(r) })
	if len(fields) > 1 && fields[0] == "the" {
		fields = fields[1:] // "the 8th"
	}
	if len(fields) > 0 {
		fields[0] = withoutOrdinal(fields[0]) // "8th", "1st"
	}
	if len(fields) < 1 || len(fields) > 3 || !allDigits(fields[0]) || len(fields[0]) > 2 {
		return -1
	}
	day, _ := strconv.Atoi(fields[0])
	month := 0
	if len(fields) >= 2 {
		if allDigits(fields[1]) && len(fields[1]) <= 2 {
			month, _ = strconv.Atoi(fields[1])
		} else {
			month = monthWord(fields[1])
		}
		if month == 0 {
			return -1
		}
	}
	return find(func(d time.Time) bool { return d.Day() == day && (month == 0 || int(d.Month()) == month) })
}

// withoutOrdinal is an English ordinal's number ("8th" → "8"); any other
// word as it is.
func withoutOrdinal(w string) string {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if n, ok := strings.CutSuffix(w, suf); ok && n != "" && allDigits(n) {
			return n
		}
	}
	return w
}

// nextWeekday reads "senin depan", "senin minggu depan", "next monday",
// "monday next week".
func nextWeekday(s string) (time.Weekday, bool) {
	ws := strings.Fields(strings.Trim(s, ",."))
	var rest []string
	day, found := time.Weekday(0), false
	for _, w := range ws {
		if wd, ok := weekdayWords[w]; ok && !found && w != "minggu" {
			day, found = wd, true
			continue
		}
		if w == "hari" || w == "harinya" || w == "on" || w == "the" {
			continue // "minggu depan hari kamis", "next week on thursday"
		}
		rest = append(rest, w)
	}
	switch strings.Join(rest, " ") {
	case "depan", "minggu depan", "next", "next week", "pekan depan":
		return day, found
	}
	return 0, false
}

// monthWord maps an Indonesian or English month name (3+ letters) to 1–12.
func monthWord(w string) int {
	names := [...][2]string{{"januari", "january"}, {"februari", "february"}, {"maret", "march"}, {"april", "april"},
		{"mei", "may"}, {"juni", "june"}, {"juli", "july"}, {"agustus", "august"}, {"september", "september"},
		{"oktober", "october"}, {"november", "november"}, {"desember", "december"}}
	if len(w) < 3 {
		return 0
	}
	for i, n := range names {
		if strings.HasPrefix(n[0], w) || strings.HasPrefix(n[1], w) {
			return i + 1
		}
	}
	return 0
}

// nextMonday is the Monday of the week after the one today is in.
func nextMonday(today time.Time) time.Time {
	return today.AddDate(0, 0, 7-(int(today.Weekday())+6)%7)
}
