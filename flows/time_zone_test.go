package flows

import "testing"

// TestTimeZone: "what time zone are the calls in? we are in Singapore" and
// "jamnya WIB atau WITA?" went to the officers unanswered; every time the
// bot names is the office's, said with its UTC offset and its opening time
// in Indonesia's other zones. Asked when to come in person, the hours
// come first.
func TestTimeZone(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "english", v: variants[1], before: []any{say("hi")}, text: "what time zone are the calls in? we are in Singapore",
			want: []string{"are WIB (UTC+7)", "10.00 WIB = 11.00 WITA = 12.00 WIT", "[Verification video call]"}},
		{name: "on_ticket", v: variants[0], before: []any{registerCompanyOnline()}, text: "jamnya WIB atau WITA?",
			want: []string{"memakai WIB (UTC+7)", "Pukul 10.00 WIB = 11.00 WITA = 12.00 WIT"}},
		{name: "at_question", v: variants[0], before: []any{intakeTo(2)}, text: "saya di makassar, jamnya wita?",
			want: []string{"memakai WIB (UTC+7)", "Kita lanjutkan"}},
		// coming in person: the hours first, and no call to pick (it said
		// to pick a call time by that clock)
		{name: "coming in person", v: variants[1], before: []any{say("hi")}, text: "what time should we come? we will fly in from Singapore",
			want:    []string{"Monday–Friday 10.00–14.00 WIB", "are WIB (UTC+7)", "Come by that clock."},
			notWant: []string{"Pick your call time", "[Verification video call]"}},
		{name: "coming in person, indonesian", v: variants[0], before: []any{say("halo")}, text: "kami dari makassar, jam berapa harus datang? pakai wita?",
			want: []string{"Senin–Jumat 10.00–14.00 WIB", "memakai WIB (UTC+7)", "Datanglah menurut jam itu."}},
	})
	for sec, want := range map[int]string{7 * 3600: "UTC+7", 19800: "UTC+5:30", -3 * 3600: "UTC-3", 0: "UTC+0"} {
		if got := utcOffset(sec); got != want {
			t.Errorf("utcOffset(%d) = %q, want %q", sec, got, want)
		}
	}
}

// TestTimeInAnotherZone: "selasa jam 12 wita" at the booking booked 12.00
// WIB, an hour after the vendor meant; a time written in another
// Indonesian zone is the office's time it stands for, said with the
// conversion.
func TestTimeInAnotherZone(t *testing.T) {
	f := newFlows(t)
	book := []any{registerCompanyOnline(), fourPDFs()}
	runReplyCases(t, f, []replyCase{
		{name: "day_and_time", v: variants[0], before: book, text: "selasa jam 12 wita",
			want:    []string{"12.00 WITA = 11.00 WIB (waktu kantor).", "terjadwal: Selasa, 6 Januari 2026 pukul 11.00 WIB"},
			notWant: []string{"pukul 12.00 WIB"}},
		{name: "time_at_the_times", v: variants[1], before: append(book, say("tuesday")), text: "12.40 WIT",
			want: []string{"12.40 WIT = 10.40 WIB (the office's time).", "booked: Tuesday, 6 January 2026 at 10.40 WIB"}},
		{name: "office_zone_itself", v: variants[0], before: book, text: "selasa jam 12 wib",
			want: []string{"pukul 12.00 WIB"}, notWant: []string{"waktu kantor"}},
	})
}
