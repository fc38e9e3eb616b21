package flows

import "testing"

// TestCallDayWish: a question made of a day and words of asking is one;
// a question about opening, a file or anything else is not.
func TestCallDayWish(t *testing.T) {
	for text, want := range map[string]bool{
		"bisa besok aja?":                true,
		"kalau hari selasa bisa?":        true,
		"kalau selasa jam 11 bisa?":      true,
		"can we do it tomorrow instead?": true,
		"can we do it on tuesday?":       true,
		"tanggal 7 bisa kak?":            true,
		"besok buka?":                    false, // the office's day (flows/open_on.go)
		"besok saya kirim berkasnya":     false,
		"besok":                          false, // no question: a day chosen where one is asked
		"bisa kirim besok?":              false,
		"what time tomorrow?":            false,
	} {
		if got := callDayWish(text); got != want {
			t.Errorf("callDayWish(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestCallMovedToADayAsked: with a call booked, "bisa besok aja?",
// "kalau hari selasa bisa?", "can we do it on tuesday?" list that day's
// free times to move it to, and a time named with the day is answered with
// one tap to move (all got "no answer": no word of moving); "besok buka?"
// stays the office's day, and without a call the booking says what is
// missing.
func TestCallMovedToADayAsked(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{"", variants[0], []any{bookedCall()}, "bisa besok aja?", []string{"Jam yang masih kosong pada Selasa, 6 Januari"}, []string{"belum punya jawaban"}},
		{"", variants[0], []any{bookedCall()}, "kalau hari selasa bisa?", []string{"Jam yang masih kosong pada Selasa, 6 Januari"}, nil},
		{"", variants[0], []any{bookedCall()}, "kalau selasa jam 11 bisa?", []string{"Selasa, 6 Januari 2026 pukul 11.00 WIB masih kosong", "jadwal lama tetap berlaku"}, nil},
		{"", variants[1], []any{bookedCall()}, "can we do it tomorrow instead?", []string{"Free times on Tuesday, 6 January"}, []string{"don't have an answer"}},
		{"", variants[1], []any{bookedCall()}, "can we do it on tuesday?", []string{"Free times on Tuesday, 6 January"}, nil},
		{"", variants[0], []any{bookedCall()}, "besok buka?", []string{"Selasa, 6 Januari 2026: dilayani seperti biasa"}, []string{"Jam yang masih kosong"}},
		{"", variants[0], []any{registerCompanyOnline(), say("ok")}, "bisa besok aja?", []string{"bisa dipilih setelah semua berkas wajib kami terima"}, nil},
	})
}
