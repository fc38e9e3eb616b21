package flows

import "testing"

// TestBookedRemindersPromised: the confirmation promises the reminders
// planned: only the hour-before one for a call later the same day (it
// promised one the day before too, which was never sent), both for a call
// on a later day.
func TestBookedRemindersPromised(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "same day", v: variants[0], before: []any{registerCompanyOnline(), fourPDFs()}, text: "ya",
			want:    []string{"terjadwal: Senin, 5 Januari 2026 pukul 13.00", "Kami kirim pengingat satu jam sebelum video call."},
			notWant: []string{"sehari sebelumnya"}},
		{name: "next day", v: variants[1], before: []any{registerCompanyOnline(), fourPDFs(), choose(2), choose(2)}, text: "1",
			want: []string{"Tuesday, 6 January 2026", "We will remind you the day before and one hour before the call."}},
	})
}
