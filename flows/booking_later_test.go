package flows

import (
	"testing"
	"time"
)

// TestLaterStart: at the booking, "nggak bisa minggu ini" got this week's
// times (its "minggu" read as a Sunday) and "bulan depan aja" "I did not
// catch the time you meant". This week ruled out is next week's days;
// next month is its first days once bookable, else how far ahead the
// calendar goes, with the days there are.
func TestLaterStart(t *testing.T) {
	f := newFlows(t)
	before := []any{registerCompanyOnline(), fourPDFs()}
	runReplyCases(t, f, []replyCase{
		{name: "not this week", v: variants[0], before: before, text: "nggak bisa minggu ini",
			want: []string{"[Senin, 12 Januari (12 slot)]"}, notWant: []string{"[Senin, 5 Januari", "[13.00]"}},
		{name: "this week full", v: variants[0], before: before, text: "minggu ini full kak",
			want: []string{"[Senin, 12 Januari (12 slot)]"}, notWant: []string{"[Senin, 5 Januari", "[13.00]"}},
		{name: "this week full, english", v: variants[1], before: before, text: "this week is full for us",
			want: []string{"[Monday, 12 January (12 free)]"}, notWant: []string{"[Monday, 5 January"}},
		{name: "this week is fine", v: variants[0], before: before, text: "minggu ini bisa",
			want: []string{"Senin, 5 Januari"}},
		{name: "next month, beyond the calendar", v: variants[0], before: before, text: "bulan depan aja",
			want:    []string{"Februari belum bisa dipesan: jadwal video call bisa dipilih sampai Jumat, 16 Januari", "[Senin, 5 Januari"},
			notWant: []string{"belum menangkap"}},
		{name: "next month, english", v: variants[1], before: before, text: "next month please",
			want: []string{"February cannot be booked yet", "up to Friday, 16 January"}},
	})
	r := newDocRunner(t, f, variants[0], time.Date(2026, 1, 26, 10, 30, 0, 0, wib))
	r.play(steps(before...))
	r.last = nil
	checkReply(t, repliesText(r, say("bulan depan aja")), []string{"[Senin, 2 Februari"}, []string{"belum bisa dipesan", "Januari ("})
}
