package flows

import "strings"

// "bisa besok aja?", "kalau hari selasa bisa?", "can we do it on tuesday
// instead?" with a video call booked ask to move it to that day; they got
// "no answer" (no word of moving: the reschedule answer needs one). A
// question made of a day (and a time) with words of asking around it, at
// the menu or on a ticket, is the call's change: the day's free times, or
// the time asked about with one tap to move (bookedAction); without a
// booked call, the booking.

// dayWishWords may stand around the day in such a question.
var dayWishWords = wordSet("bisa", "bisakah", "boleh", "bolehkah", "can", "could", "possible", "we", "do", "it", "instead",
	"aja", "saja", "ajah", "kalau", "kalo", "klo", "kl", "hari", "ya", "yaa", "kak", "min", "pak", "bu", "mas", "mbak",
	"on", "the", "how", "about", "what", "di", "pada", "ke", "jadi", "diganti", "ganti", "vc", "vcnya", "video", "call",
	"jadwal", "jadwalnya", "nya", "saya", "sy", "kami", "is", "ok", "gak", "ga", "nggak", "tidak", "gimana", "gmn",
	"jam", "pukul", "pkl", "at", "depan", "next", "week", "minggu", "this", "ini", "or", "atau",
	"sj", "dong", "nih", "then", "a", "for", "me", "us", "pagi", "siang", "morning", "sore", "afternoon")

// dayAskWords make it a question without a question mark.
var dayAskWords = wordSet("bisa", "bisakah", "boleh", "bolehkah", "can", "could", "possible")

// callDayWish reports a question that names a day (a weekday, "besok",
// "lusa", "tomorrow" or a date) and nothing but words of asking.
func callDayWish(text string) bool {
	if !isQuestion(text) && !hasWordsOf(text, dayAskWords) {
		return false
	}
	day := false
	for _, w := range tokens(strings.ReplaceAll(text, "'", "")) {
		_, weekday := weekdayWords[w]
		switch {
		case weekday, w == "besok", w == "lusa", w == "tomorrow", w == "tanggal", w == "tgl": // "tanggal 7"
			day = true
		case dayWishWords[w], allDigits(w), strings.ContainsAny(w, "0123456789") && strings.ContainsAny(w, "./:"):
		default:
			return false
		}
	}
	return day
}
