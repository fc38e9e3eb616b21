package flows

import "testing"

// TestMoveSameTime: "can we move it to thursday, same time?" listed
// Thursday's times and "mundur seminggu, jam sama" every day; the call's
// own time on the day named (a week later for "next week") is offered,
// or taken when said rather than asked.
func TestMoveSameTime(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "asked", v: variants[1], before: []any{bookedCall()}, text: "can we move it to thursday, same time?",
			want: []string{"Thursday, 8 January 2026 at 13.00 WIB is free", "[Move to Thursday, 8 January 13.00]"}},
		{name: "next_week", v: variants[1], before: []any{bookedCall()}, text: "can we move it to next week same time?",
			want: []string{"Monday, 12 January 2026 at 13.00 WIB is free"}},
		{name: "said", v: variants[0], before: []any{bookedCall()}, text: "mundur seminggu, jam sama",
			want: []string{"dipindah ke Senin, 12 Januari 2026 pukul 13.00 WIB"}},
		// a day alone: that day's times (it got how to report a change of
		// address: "dipindah" is a word of "pindah alamat")
		{name: "no_same_time", v: variants[0], before: []any{bookedCall()}, text: "bisa dipindah ke kamis?",
			want: []string{"Jam yang masih kosong pada Kamis, 8 Januari"}, notWant: []string{"Perubahan data"}},
	})
}
