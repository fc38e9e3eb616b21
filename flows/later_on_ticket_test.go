package flows

import "testing"

// TestLaterPromisedOnTicket: inside a registration ticket "npwp nya
// masih diurus, nanti saya kirim" got the ticket's status and never
// reached the officers; it goes on the ticket and the vendor is told
// where the file goes when it comes.
func TestLaterPromisedOnTicket(t *testing.T) {
	f := newFlows(t)
	for _, c := range []struct {
		v    variant
		text string
		want string
	}{
		{variants[0], "npwp nya masih diurus, nanti saya kirim", "Kirim kapan saja di chat ini sebagai PDF"},
		{variants[1], "ok I will send the business licence later", "Send it any time in this chat as a PDF"},
		// still being made, no word of sending: the file comes later too (it
		// got only "your message is on the ticket")
		{variants[0], "npwp perusahaan kami masih diurus, kira2 seminggu lagi", "Kirim kapan saja di chat ini sebagai PDF"},
		{variants[1], "our NPWP is still being processed", "Send it any time in this chat as a PDF"},
	} {
		r := newDocRunner(t, f, c.v, mondayMorning)
		r.play(steps(registerCompanyOnline(), say("ok")))
		r.last = nil
		checkReply(t, repliesText(r, say(c.text)), []string{c.want}, []string{"Status"})
		if onTicket(t, r, c.text) == 0 {
			t.Errorf("%q is not on the ticket", c.text)
		}
	}
}

// TestStillInProcessNamesADocument: a document still being made is told
// apart from the ticket or a question about it.
func TestStillInProcessNamesADocument(t *testing.T) {
	c := &conv{f: newFlows(t), st: &state{}}
	for text, want := range map[string]bool{
		"npwp perusahaan kami masih diurus, kira2 seminggu lagi": true,
		"akta masih proses di notaris":                           true,
		"our NPWP is still being processed":                      true,
		"tiket saya masih diproses ya":                           false,
		"berkas saya masih diproses":                             false, // the office's review
		"my documents are still being processed":                 false,
		"berkasnya masih diurus":                                 true,
		"apakah berkas saya masih diproses?":                     false,
	} {
		if got := c.stillInProcess(text); got != want {
			t.Errorf("stillInProcess(%q) = %v, want %v", text, got, want)
		}
	}
}
