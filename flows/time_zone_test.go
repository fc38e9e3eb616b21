package flows

import "testing"

// TestTimeZone: "what time zone are the calls in? we are in Singapore" and
// "jamnya WIB atau WITA?" went to the officers unanswered; every time the
// bot names is the office's, said with its UTC offset and its opening time
// in Indonesia's other zones.
func TestTimeZone(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "english", v: variants[1], before: []any{say("hi")}, text: "what time zone are the calls in? we are in Singapore",
			want: []string{"are WIB (UTC+7)", "10.00 WIB = 11.00 WITA = 12.00 WIT", "[Verification video call]"}},
		{name: "on_ticket", v: variants[0], before: []any{registerCompanyOnline()}, text: "jamnya WIB atau WITA?",
			want: []string{"memakai WIB (UTC+7)", "Pukul 10.00 WIB = 11.00 WITA = 12.00 WIT"}},
		{name: "at_question", v: variants[0], before: []any{intakeTo(2)}, text: "saya di makassar, jamnya wita?",
			want: []string{"memakai WIB (UTC+7)", "Kita lanjutkan"}},
	})
	for sec, want := range map[int]string{7 * 3600: "UTC+7", 19800: "UTC+5:30", -3 * 3600: "UTC-3", 0: "UTC+0"} {
		if got := utcOffset(sec); got != want {
			t.Errorf("utcOffset(%d) = %q, want %q", sec, got, want)
		}
	}
}
