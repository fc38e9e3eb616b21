package flows

import (
	"strings"
	"testing"

	"loket/store/storetest"
)

// TestCallLength: "berapa lama video callnya?" is answered with the
// booking rules' slot length, as the office set it (it got "no answer",
// while the booking offer itself said "about 20 minutes"); a question
// about how long the whole verification takes is not answered with the
// call's length alone: it gets what the whole is made of
// (flows/process_length.go).
func TestCallLength(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		v          variant
		text, want string
	}{
		{variants[0], "berapa lama video callnya?", "sekitar 35 menit"},
		{variants[1], "how long is the video call?", "about 35 minutes"},
	} {
		r := newDocRunner(t, f, tc.v, mondayMorning)
		err := r.be.s.InTx(bg, func(tx storetest.Tx) error {
			return tx.SaveSetting(bg, BookingSettingKey, []byte(`{"slot_minutes":35}`), mondayMorning)
		})
		if err != nil {
			t.Fatal(err)
		}
		r.play(steps(say("halo")))
		r.last = nil
		got := repliesText(r, say(tc.text))
		if !strings.Contains(got, tc.want) {
			t.Errorf("after %q:\n%s\nwant %q", tc.text, got, tc.want)
		}
		r.last = nil
		if got := repliesText(r, say("berapa lama verifikasinya")); !strings.Contains(got, "Lama keseluruhannya bergantung") &&
			!strings.Contains(got, "How long it all takes") || strings.Contains(got, "berlangsung sekitar") ||
			strings.Contains(got, "call takes about") {
			t.Errorf("the whole verification's length answered with the call's:\n%s", got)
		}
	}
}
