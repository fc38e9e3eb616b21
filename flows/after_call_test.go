package flows

import (
	"testing"
	"time"

	"loket"
)

// TestAfterCall: "sudah di vc barusan, selanjutnya apa?" got the guide's
// last step, "done, the officer just called us. what now?" the vendor's
// call with "do you want to change or cancel it?". What follows the call
// is said from the vendor's registration: the result recorded on their
// ticket, a message here, the e-mail; a call still ahead is named; a
// verified vendor is told the e-mail has gone.
func TestAfterCall(t *testing.T) {
	f := newFlows(t)
	afterTheCall := act{kind: "wait", d: 5 * time.Hour} // the call is at 13.00, "now" Monday morning
	verified := officerSets(loket.StatusVerified)       // flows/cancel_request_test.go
	for _, c := range []struct {
		v         int
		before    []any
		text      string
		want, not []string
	}{
		{0, []any{say("halo")}, "sudah video call, selanjutnya apa?", []string{"Setelah video call verifikasi, petugas mencatat hasilnya dan"}, []string{"tiket #"}},
		{1, []any{bookedCall(), afterTheCall}, "done, the officer just called us. what now?",
			[]string{"the officer records its result on ticket #1001", "confirmation e-mail"}, []string{"change or cancel"}},
		{0, []any{bookedCall(), afterTheCall}, "sudah di vc barusan, selanjutnya apa?", []string{"di tiket #1001"}, []string{"Panduan pendaftaran"}},
		{1, []any{bookedCall()}, "what happens after the video call?", []string{"still ahead: Monday, 5 January 2026 at 13.00 WIB"}, nil},
		{1, []any{bookedCall(), afterTheCall, verified}, "we had the call, what next?", []string{"was found in order, so the third e-mail has gone"}, nil},
		// asked about the call itself, the call's content
		{1, []any{say("hi")}, "what happens in the call?", []string{"In the video call the officer verifies"}, []string{"After the verification video call"}},
	} {
		got := replyAfter(t, f, variants[c.v], c.before, c.text)
		checkReply(t, got, c.want, c.not)
	}
}

// TestBrokenPhoneIsANewNumber: "my director's phone broke, he'll use his
// wife's phone for the call" got the poor-signal answer; it is a new
// number for the call, asked for and put on the ticket. "the call keeps
// breaking up" is the signal (it got the day list to move the call).
func TestBrokenPhoneIsANewNumber(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[1], []any{bookedCall()}, "my director's phone broke, he'll use his wife's phone for the call")
	checkReply(t, got, []string{"number"}, []string{"If the signal is poor"})
	got = replyAfter(t, f, variants[0], []any{bookedCall()}, "hp direktur rusak, vc pakai hp istrinya boleh?")
	checkReply(t, got, []string{"nomor"}, []string{"sinyal"})
	got = replyAfter(t, f, variants[1], []any{bookedCall()}, "the call keeps breaking up")
	checkReply(t, got, []string{"signal"}, []string{"Choose a day"})
}
