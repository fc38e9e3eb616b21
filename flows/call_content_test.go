package flows

import "testing"

// TestCallContentNamesOwnOriginals: "what should the director prepare?"
// after booking told the vendor to type "which originals?" for the list;
// a vendor with an online registration gets their own originals in the
// answer, with their call's time when booked. Without one, the general
// answer.
func TestCallContentNamesOwnOriginals(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[1], []any{bookedCall()}, "thanks! what should the director prepare?")
	checkReply(t, got, []string{"In the video call on Monday, 5 January 2026 at 13.00 WIB", "Company deed", "[Change schedule]"},
		[]string{"which originals?"})
	got = replyAfter(t, f, variants[0], []any{registerCompanyOnline()}, "apa yang ditanyakan saat video call?")
	checkReply(t, got, []string{"Dalam video call tiket #1001", "NPWP Perusahaan"}, []string{"dokumen asli apa saja?"})
	got = replyAfter(t, f, variants[1], []any{say("hi")}, "what happens in the call?")
	checkReply(t, got, []string{"which originals?"}, []string{"Company deed"})
}
