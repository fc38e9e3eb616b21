package flows

import (
	"testing"

	"loket"
)

// TestCancelRequest: "batalkan permohonan" and the like, with a request
// open, got the video call's booking ("cancel" is a word of the call) or
// "nothing is running"; the wish goes on the ticket for the officers, who
// close tickets. During the registration's questions "batalkan
// pendaftaran" still stops the form, and "batalkan jadwal" is the call's.
func TestCancelRequest(t *testing.T) {
	f := newFlows(t)
	open := []any{registerCompanyOnline(), say("ok")}
	for _, c := range []struct {
		v      variant
		before []any
		text   string
		want   string
		onIt   bool
	}{
		{variants[0], open, "batalkan permohonan", "Permintaan membatalkan tiket #1001 sudah kami teruskan ke petugas", true},
		{variants[0], append(open, say("menu")), "batalkan pendaftaran", "Permintaan membatalkan tiket #1001", true},
		{variants[0], open, "saya tidak jadi daftar", "Permintaan membatalkan tiket #1001", true},
		{variants[1], open, "please cancel my application", "Your request to cancel ticket #1001 has gone to the officers", true},
		{variants[0], []any{intakeTo(2)}, "batalkan pendaftaran", "Batalkan pendaftaran untuk CV Maju Jaya?", false},
		{variants[0], open, "batalkan jadwal", "", false},
	} {
		r := newDocRunner(t, f, c.v, mondayMorning)
		r.play(steps(c.before...))
		r.last = nil
		got := repliesText(r, say(c.text))
		want := []string{}
		if c.want != "" {
			want = append(want, c.want)
		}
		not := []string{}
		if !c.onIt {
			not = append(not, "Permintaan membatalkan tiket")
		}
		checkReply(t, got, want, not)
		if c.before[0] == nil || len(c.before) == 1 { // the form being filled in: no ticket yet
			continue
		}
		on := false
		for _, a := range ticketActivities(t, r) {
			on = on || a.Kind == loket.ActMessageIn && a.Body == c.text
		}
		if on != c.onIt {
			t.Errorf("%q on the ticket: %v, want %v", c.text, on, c.onIt)
		}
	}
}
