package flows

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"loket"
)

// A day and a time in one message ("selasa jam 11 bisa?", "kalau rabu
// jam 10.20?", "tuesday at 11"): the time is the words "jam/pukul/at" and
// a clock, or a clock written with a dot or colon; the day is what the
// rest of the sentence names.

// clockIn finds a time of day inside a sentence and returns it with the
// sentence without it.
func clockIn(text string) (int, string, bool) {
	ws := strings.Fields(text)
	for i := range ws {
		if m, n, ok := spokenClock(ws, i); ok { // "setengah 11", "jam 11 kurang seperempat", "half past ten"
			return m, withoutWords(ws, i, n), true
		}
		lead := bareWord(ws[i])
		if lead == "noon" || lead == "midday" { // "wednesday at noon"
			return 12 * 60, withoutWords(ws, i, 1), true
		}
		if (lead == "jam" || lead == "pukul" || lead == "pkl" || lead == "at") && i+1 < len(ws) {
			if i+2 < len(ws) && dayParts[bareWord(ws[i+2])] { // "jam 1 siang"
				if m, ok := ParseClock("jam " + strings.Trim(ws[i+1], ",?!") + " " + bareWord(ws[i+2])); ok {
					return m, withoutWords(ws, i, 3), true
				}
			}
			if m, ok := ParseClock("jam " + strings.Trim(ws[i+1], ",?!")); ok {
				return m, withoutWords(ws, i, 2), true
			}
		}
		if w := strings.Trim(ws[i], ",?!"); strings.ContainsAny(w, ".:") {
			if m, ok := ParseClock(w); ok {
				return m, withoutWords(ws, i, 1), true
			}
		}
		w := bareWord(ws[i])
		if strings.HasSuffix(w, "am") || strings.HasSuffix(w, "pm") {
			if m, ok := ParseClock(w); ok && allDigits(strings.TrimRight(w, "apm")) { // "11am"
				return m, withoutWords(ws, i, 1), true
			}
		}
		if i+1 < len(ws) && allDigits(w) && len(w) <= 2 {
			if next := bareWord(ws[i+1]); next == "am" || next == "pm" { // "11 am"
				if m, ok := ParseClock(w + " " + next); ok {
					return m, withoutWords(ws, i, 2), true
				}
			}
		}
		if _, day := weekdayWords[w]; day && i+1 < len(ws) {
			// "is Tuesday 11 free?", "selasa 11 bisa?": an hour of the
			// working day right after the day's name
			h := strings.Trim(ws[i+1], ",.?!")
			if n, err := strconv.Atoi(h); err == nil && len(h) <= 2 && n >= 7 && n <= 17 {
				return n * 60, withoutWords(ws, i+1, 1), true
			}
		}
	}
	return 0, "", false
}

// hourWords are the hours written in English words.
var hourWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "noon": 12}

// hourAt is the hour ws[i] writes (1–23 in digits, 1–12 in English words).
func hourAt(ws []string, i int) (int, bool) {
	if i >= len(ws) {
		return 0, false
	}
	w := bareWord(ws[i])
	if h, ok := hourWords[w]; ok {
		return h, true
	}
	h, err := strconv.Atoi(w)
	return h, err == nil && len(w) <= 2 && h >= 1 && h <= 23
}

// spokenClock reads a time said the way people say it, at ws[i] (after a
// "jam", "pukul" or "at" it takes along): "setengah 11" is 10.30,
// "jam 11 kurang seperempat" 10.45 ("jam 11" was booked), "jam 11 kurang
// 10" 10.50, "jam 10 lewat seperempat" 10.15, "jam 12 lewat 20" 12.20,
// "half past ten" 10.30,
// "quarter to twelve" 11.45. It returns the minutes after midnight and
// how many words it read; the office's afternoon rule (ParseClock) says
// whether "setengah 2" is 13.30.
func spokenClock(ws []string, i int) (int, int, bool) {
	start := i
	if w := bareWord(ws[i]); (w == "jam" || w == "pukul" || w == "pkl" || w == "at") && i+1 < len(ws) {
		i++
	}
	word := func(k int) string {
		if k < len(ws) {
			return bareWord(ws[k])
		}
		return ""
	}
	h, mm, n := 0, 0, 0
	switch w := word(i); {
	case w == "setengah":
		hh, ok := hourAt(ws, i+1)
		if !ok {
			return 0, 0, false
		}
		h, mm, n = hh-1, 30, 2
	case (w == "half" || w == "quarter") && (word(i+1) == "past" || word(i+1) == "after"):
		hh, ok := hourAt(ws, i+2)
		if !ok {
			return 0, 0, false
		}
		h, mm, n = hh, 15, 3
		if w == "half" {
			mm = 30
		}
	case w == "quarter" && (word(i+1) == "to" || word(i+1) == "before" || word(i+1) == "til"):
		hh, ok := hourAt(ws, i+2)
		if !ok {
			return 0, 0, false
		}
		h, mm, n = hh-1, 45, 3
	default:
		hh, ok := hourAt(ws, i)
		if !ok {
			return 0, 0, false
		}
		by := word(i + 2)
		q, qok := 15, by == "seperempat"
		if d, err := strconv.Atoi(by); err == nil && len(by) <= 2 && d > 0 && d < 60 {
			q, qok = d, true
		}
		switch {
		case word(i+1) == "kurang" && qok:
			h, mm, n = hh-1, 60-q, 3
		case (word(i+1) == "lewat" || word(i+1) == "lebih") && qok:
			h, mm, n = hh, q, 3
		default:
			return 0, 0, false
		}
		if word(i+n) == "menit" || word(i+n) == "minutes" {
			n++
		}
	}
	if h == 0 {
		h = 12 // "setengah 1" is 12.30
	}
	part := ""
	if dayParts[word(i+n)] { // "setengah 2 siang"
		part = " " + word(i+n)
		n++
	}
	m, ok := ParseClock(fmt.Sprintf("jam %d.%02d%s", h, mm, part))
	return m, i - start + n, ok
}

// dayAndClock reads a message naming both a free day and a time; it
// returns the moment they make. A day the vendor said they cannot make
// (busy: the call's own, "senin saya ada acara, bisa diganti rabu jam
// 10?") is not the one named; it was taken, the first named.
func (c *conv) dayAndClock(b BookingTx, text string, busy time.Time) (time.Time, bool) {
	m, rest, ok := c.inOfficeZone(text, clockIn) // flows/time_zone.go
	if !ok || strings.TrimSpace(rest) == "" {
		return time.Time{}, false
	}
	d, ok := c.dayInExcept(b, rest, busy)
	if !ok {
		return time.Time{}, false
	}
	return atMinute(d, m, c.f.cfg.Location), true
}

// bareWord is a word without its case and the punctuation around it.
func bareWord(w string) string { return strings.ToLower(strings.Trim(w, ",.?!")) }

// withoutWords is the words ws without the n at i, as a sentence.
func withoutWords(ws []string, i, n int) string {
	return strings.Join(append(append([]string{}, ws[:i]...), ws[i+n:]...), " ")
}

// dayParts after an hour say which half of the day it is in.
var dayParts = wordSet("pagi", "siang", "sore", "malam")

// afternoonWords ask for the afternoon ("kamis siang ada?", "anything on
// thursday afternoon?"): the day's times are listed from midday.
var afternoonWords = wordSet("siang", "sore", "afternoon", "pm", "lunch", "dzuhur", "zuhur", "zhuhur", "duhur",
	"dhuhur", "lohor", "dzuhr", "zuhr", "jumatan", // after the Friday prayer
	// "as late as possible", "the latest" (they got the hours); "later"
	// alone is a moment asked for
	"late", "latest")

// afternoonHour is where the afternoon's times start.
const afternoonHour = 12

// afternoonFrom reports whether the vendor's message asks for the
// afternoon and the index of the first such slot (-1: none is free).
func (c *conv) afternoonFrom(slots []Slot) (int, bool) {
	in := c.turn.Inbound
	if in.Kind != loket.InText {
		return 0, false
	}
	if !hasWordsOf(in.Text, afternoonWords) || beforeLunch(in.Text) {
		return 0, false
	}
	for i, s := range slots {
		if s.Start.In(c.f.cfg.Location).Hour() >= afternoonHour {
			return i, true
		}
	}
	return -1, true
}

// morningWords ask for the morning's times.
var morningWords = wordSet("pagi", "morning", "am")

// partFillWords may stand around a part of the day asked for alone:
// "pagi aja", "yang siang bisa?", "morning please".
var partFillWords = wordSet("aja", "saja", "yang", "yg", "kalau", "klo", "kalo", "ada", "bisa", "jam", "mau", "ya",
	"kak", "min", "pak", "bu", "dong", "in", "the", "please", "pls", "any", "time", "times", "slot", "hari", "lebih",
	"better", "prefer", "only", "just", "di", "waktu", "ok", "oke", "boleh", "can", "we", "do", "it", "is", "fine",
	"paling", "agak", "as", "possible", "rather")

// "after lunch" or "before lunch" names a part of the day: lunchWords
// (or makan and siang together) with beforeWords or not, lunchFill the
// words they take.
var (
	// noon prayers mark midday as lunch does: "habis dzuhur bisa?",
	// "ba'da zuhur aja", "sebelum dzuhur"
	lunchWords  = wordSet("lunch", "lunchtime", "dzuhur", "zuhur", "zhuhur", "duhur", "dhuhur", "lohor", "dzuhr", "zuhr", "jumatan")
	makanWords  = wordSet("makan")
	siangWords  = wordSet("siang")
	beforeWords = wordSet("before", "sebelum")
	lunchFill   = wordSet("lunch", "lunchtime", "makan", "siang", "before", "sebelum", "after", "setelah", "sesudah",
		"habis", "abis", "dzuhur", "zuhur", "zhuhur", "duhur", "dhuhur", "lohor", "dzuhr", "zuhr", "ba", "da", "bada",
		"sholat", "shalat", "solat", "salat", "prayer", "prayers")
)

// saysLunch reports "lunch" or "makan siang" in text.
func saysLunch(text string) bool {
	return hasWordsOf(text, lunchWords) || hasWordsOf(text, makanWords, siangWords)
}

// beforeLunch reports "before lunch", "sebelum makan siang": the morning,
// though "lunch" and "siang" are words of the afternoon.
func beforeLunch(text string) bool { return saysLunch(text) && hasWordsOf(text, beforeWords) }

// dayPartOnly reports a message that asks for the morning or the
// afternoon and names no day ("pagi aja", "siang bisa?", "morning
// please"); afternoon says which.
func dayPartOnly(text string) (afternoon, ok bool) {
	// "after lunch", "habis makan siang": the afternoon; "before lunch",
	// "sebelum makan siang": the morning (they got "no answer")
	lunch := saysLunch(text)
	before := lunch && hasWordsOf(text, beforeWords)
	morning := false
	for _, w := range tokens(text) {
		switch {
		case lunch && lunchFill[w]:
			morning, afternoon = morning || before, afternoon || !before
		case morningWords[w]:
			morning = true
		case afternoonWords[w]:
			afternoon = true
		case !partFillWords[w] && !dayFillerWords[w]:
			return false, false
		}
	}
	return afternoon, morning != afternoon
}

// offerDayPart lists the times of the first day, from the one shown (at
// the times) on, with a free time in the part of the day asked for; it
// got the office hours, as "pagi aja" named no day. offerTimes starts an
// afternoon's list at its first afternoon time.
func (c *conv) offerDayPart(b BookingTx, afternoon bool) error {
	q, err := c.f.loadSlotQuery(c.ctx, b, c.turn.Now)
	if err != nil {
		return err
	}
	from := time.Time{}
	if c.st.Step == stepBookTime {
		from, _ = time.ParseInLocation("20060102", c.st.Book.Day, c.f.cfg.Location)
	}
	for _, d := range q.Days() {
		if d.Before(from) {
			continue
		}
		for _, s := range q.DaySlots(d) {
			if (s.Start.In(c.f.cfg.Location).Hour() >= afternoonHour) == afternoon {
				c.st.Step = stepBookTime
				c.st.Book.Day, c.st.Book.Page, c.st.Book.Ask, c.st.Book.Offer = d.Format("20060102"), 0, 0, 0
				return c.offerTimes(b, "", nil)
			}
		}
	}
	t, err := c.tx.TicketByID(c.ctx, c.st.Book.Ticket)
	if err != nil {
		return fmt.Errorf("flows: booking ticket: %w", err)
	}
	return c.offerDays(b, t, c.st.Book.Move, "bk.days") // no such time left in the horizon: every free day
}
