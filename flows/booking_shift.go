package flows

import (
	"strconv"
	"strings"
	"time"
)

// "Bisa diundur 30 menit?", "can we start 15 minutes later?", "majukan
// setengah jam": the booked call moved by a span, on its own day. The
// first listed the days, the second got no answer. The time it lands on
// is answered as any time asked for (free, or the free times beside it).

var (
	laterShiftWords   = wordSet("undur", "diundur", "mundur", "mundurkan", "dimundurkan", "undurin", "mundurin", "later", "delay", "delayed", "postpone", "push")
	earlierShiftWords = wordSet("maju", "majukan", "dimajukan", "majuin", "dimajuin", "earlier", "sooner", "percepat", "dipercepat")
	// after "lebih": "1 jam lebih awal", "setengah jam lebih lambat"
	earlierAfterMore = wordSet("awal", "cepat", "pagi")
	laterAfterMore   = wordSet("lambat", "telat", "siang", "sore")
	minuteWords      = wordSet("menit", "mnt", "minute", "minutes", "min", "mins")
	spanHourWords    = wordSet("jam", "hour", "hours")
)

// shiftAsked is the span in minutes a message moves the call by, later
// (positive) or earlier (negative); 0 when it names none.
func shiftAsked(text string) int {
	ws := tokens(text)
	dir := 0
	for i, w := range ws {
		more := i > 0 && ws[i-1] == "lebih"
		switch {
		case laterShiftWords[w], more && laterAfterMore[w]:
			dir = 1
		case earlierShiftWords[w], more && earlierAfterMore[w]:
			dir = -1
		}
	}
	if dir == 0 {
		return 0
	}
	span := 0
	for i, w := range ws {
		switch {
		case w == "setengah" && i+1 < len(ws) && spanHourWords[ws[i+1]], w == "half" && i+2 < len(ws) && ws[i+1] == "an" && spanHourWords[ws[i+2]]:
			span = 30 // "setengah jam", "half an hour"
		case w == "sejam" || (w == "an" || w == "one" || w == "satu") && i+1 < len(ws) && spanHourWords[ws[i+1]] && (i == 0 || ws[i-1] != "half"):
			span = 60
		case i+1 < len(ws) && (minuteWords[ws[i+1]] || spanHourWords[ws[i+1]]):
			n, err := strconv.Atoi(w)
			if err != nil || n <= 0 || n > 240 {
				continue
			}
			if spanHourWords[ws[i+1]] {
				if i > 0 && (ws[i-1] == "jam" || ws[i-1] == "pukul" || ws[i-1] == "at") {
					continue // "ke jam 11 jam": a clock, not a span
				}
				n *= 60
			}
			span = n
		}
	}
	if span == 0 || span > 240 {
		return 0
	}
	return dir * span
}

// shiftedCall is the call's start moved by the span the message asks.
func shiftedCall(text string, call time.Time) (time.Time, bool) {
	m := shiftAsked(text)
	if m == 0 {
		return time.Time{}, false
	}
	return call.Add(time.Duration(m) * time.Minute), true
}

// "Can we make it later that day?", "hari yang sama tapi lebih siang
// bisa?", "ganti jam aja, harinya tetap": another time on the booked
// call's own day. They listed every day, got how long the process takes,
// or no answer.
var (
	sameDayPhrases = []string{"that day", "same day", "the same day", "same date", "hari itu", "hari yang sama",
		"hari yg sama", "hari sama", "harinya tetap", "hari tetap", "harinya sama", "tanggal yang sama"}
	// otherTimeWords with one of them ask for another time of it.
	otherTimeWords = wordSet("later", "earlier", "lebih", "lain", "other", "another", "different", "ganti", "ubah",
		"pindah", "change", "move", "siang", "sore", "pagi", "morning", "afternoon", "jam", "time")
)

// otherDayPhrases ask for another day instead ("hari itu saya tidak bisa,
// ganti hari lain").
var otherDayPhrases = []string{"hari lain", "lain hari", "another day", "other day", "different day"}

// sameDayOtherTime reports a wish for another time on the call's own day;
// not when that day is ruled out or another day asked for.
func sameDayOtherTime(text string) bool {
	return hasPhrase(text, sameDayPhrases) && hasWordsOf(text, otherTimeWords) && !strings.ContainsAny(text, "0123456789") &&
		!hasPhrase(text, otherDayPhrases) && !busyOn(text)
}
