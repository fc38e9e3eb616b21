package flows

import "testing"

// TestSpokenClock: times said the way people say them. "jam 11 kurang
// seperempat" (10.45) booked 11.00; "setengah 11", "half past ten" and
// "quarter to twelve" were not understood.
func TestSpokenClock(t *testing.T) {
	for text, want := range map[string]string{
		"jam setengah 11":          "10.30",
		"setengah 2 siang":         "13.30",
		"setengah 1":               "12.30",
		"jam 11 kurang seperempat": "10.45",
		"jam 11 kurang 10 menit":   "10.50",
		"jam 10 lewat seperempat":  "10.15",
		"half past ten":            "10.30",
		"quarter to twelve":        "11.45",
		"at quarter past eleven":   "11.15",
		"jam 12 lewat 20":          "12.20",
		"jam 12 lebih 5":           "12.05",
		"jam 13 lewat 20":          "13.20",
		"selasa jam setengah 11":   "10.30",
	} {
		m, _, ok := clockIn(text)
		if !ok || clock(m) != want {
			t.Errorf("clockIn(%q) = %s, %v; want %s", text, clock(m), ok, want)
		}
	}
	for _, text := range []string{"kurang 10 menit lagi", "kurang lebih 5 menit", "setengah jam lagi"} {
		if m, _, ok := clockIn(text); ok {
			t.Errorf("clockIn(%q) = %s, want no time", text, clock(m))
		}
	}
}

// TestSpokenTimeBooked: at the booking a spoken time on the grid is
// booked, one between two call starts is told so (it was told "not in the
// day's schedule", as if outside the hours), and noon prayers are midday.
func TestSpokenTimeBooked(t *testing.T) {
	f := newFlows(t)
	book := []any{registerCompanyOnline(), fourPDFs(), say("selasa")}
	runReplyCases(t, f, []replyCase{
		{name: "on_grid", v: variants[0], before: book, text: "jam 11 kurang 20",
			want: []string{"terjadwal: Selasa, 6 Januari 2026 pukul 10.40 WIB"}},
		{name: "between", v: variants[0], before: book, text: "jam 11 kurang seperempat",
			want: []string{"Video call dimulai tiap 20 menit, jadi pukul 10.45 ada di antara dua jadwal"}, notWant: []string{"terjadwal"}},
		{name: "english", v: variants[1], before: book, text: "quarter to twelve",
			want: []string{"Calls start every 20 minutes, so 11.45 falls between two"}},
		{name: "after_noon_prayer", v: variants[0], before: book, text: "habis dzuhur bisa?",
			want: []string{"ketik misalnya 13.40"}, notWant: []string{"Setelah video call"}},
	})
}

// FuzzClockIn: any sentence is read without a panic, and a time found is
// a time of day, with the sentence's other words left.
func FuzzClockIn(f *testing.F) {
	for _, s := range []string{"jam setengah 11", "jam 11 kurang seperempat", "quarter to", "half past", "setengah",
		"jam 12 lewat 20", "selasa jam 3 sore", "11 kurang", "at quarter past eleven siang"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, rest, ok := clockIn(s)
		if !ok {
			return
		}
		if m < 0 || m >= 24*60 {
			t.Fatalf("clockIn(%q) = %d minutes", s, m)
		}
		if len(rest) > len(s) {
			t.Fatalf("clockIn(%q) left %q, longer than the sentence", s, rest)
		}
	})
}
