package flows

import "testing"

// FuzzShiftAsked: any text gives a span of at most four hours either way,
// and none without a word of direction.
func FuzzShiftAsked(f *testing.F) {
	for _, s := range []string{"bisa diundur 30 menit?", "majukan setengah jam", "push it back an hour", "mundur 999 jam",
		"diundur ke jam 11 jam", "half an hour", "later 0 minutes", "mundur -5 menit"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := shiftAsked(s)
		if m < -240 || m > 240 {
			t.Fatalf("shiftAsked(%q) = %d, beyond four hours", s, m)
		}
		if m != 0 && !hasWordsOf(s, laterShiftWords) && !hasWordsOf(s, earlierShiftWords) {
			t.Fatalf("shiftAsked(%q) = %d without a word of direction", s, m)
		}
	})
}

// TestShiftSaidWithLebih: with the call at 13.00 and the clock at 10.30,
// "1 jam lebih awal bisa?" and "majuin 20 menit" listed the days (the
// span read, not its direction), and "majuin ke jam 10" listed them
// without a word on 10.00 having passed. Each now lands on its time of
// the call's day, said free, between two starts, or passed, with that
// day's free times.
func TestShiftSaidWithLebih(t *testing.T) {
	f := newFlows(t)
	days := "Pilih hari untuk video call"
	runReplyCases(t, f, []replyCase{
		{name: "lebih awal", v: variants[0], before: []any{bookedCall()}, text: "1 jam lebih awal bisa?",
			want: []string{"Jam 12.00 hari itu sudah lewat atau terlalu dekat", "[13.20]"}, notWant: []string{days}},
		{name: "lebih lambat", v: variants[0], before: []any{bookedCall()}, text: "setengah jam lebih lambat",
			want: []string{"pukul 13.30 ada di antara dua jadwal"}, notWant: []string{days}},
		{name: "majuin", v: variants[0], before: []any{bookedCall()}, text: "majuin 20 menit",
			want: []string{"Jam 12.40 hari itu"}, notWant: []string{days}},
		{name: "to a passed time", v: variants[0], before: []any{bookedCall()}, text: "majuin ke jam 10",
			want: []string{"Jam 10.00 hari itu sudah lewat", "[Pilih hari lain]"}, notWant: []string{days}},
	})
}

// TestSameDayOtherTime: "can we make it later that day?" listed every
// day, "same day but later please" got how long the process takes and
// "hari yang sama tapi lebih siang bisa?" no answer. With a call booked,
// another time on its own day lists that day's free times; that day
// ruled out still lists the days.
func TestSameDayOtherTime(t *testing.T) {
	f := newFlows(t)
	days := []string{"Pilih hari untuk video call", "Choose a day for the verification"}
	var cases []replyCase
	for _, c := range []struct {
		v    variant
		text string
	}{
		{variants[1], "can we make it later that day?"},
		{variants[1], "same day but later please"},
		{variants[0], "hari yang sama tapi lebih siang bisa?"},
		{variants[0], "ganti jam aja, harinya tetap"},
	} {
		cases = append(cases, replyCase{name: c.text, v: c.v, before: []any{bookedCall()}, text: c.text,
			want: []string{"5 Januar", "[13.20]", "[13.40]"}, notWant: append(days, "20 minutes with an officer")})
	}
	cases = append(cases, replyCase{name: "that day ruled out", v: variants[0], before: []any{bookedCall()},
		text: "hari itu saya tidak bisa, ganti hari lain", want: []string{days[0]}})
	runReplyCases(t, f, cases)
}
