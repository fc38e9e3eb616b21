package flows

import "testing"

// TestLeaveToSendLater: "can I send the documents tomorrow?" and "boleh
// kirim berkasnya besok?" on the registration's ticket are told yes, and
// where (they got only "your message is on the ticket"); a question that
// asks something else of the later file is not leave, nor one that names
// a document, which is told whether that one may come later.
func TestLeaveToSendLater(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "english", v: variants[1], before: []any{registerCompanyOnline()}, text: "can I send the documents tomorrow?",
			want: []string{"Send it any time in this chat as a PDF", "ticket #1001"}},
		{name: "indonesian", v: variants[0], before: []any{registerCompanyOnline()}, text: "boleh kirim berkasnya besok?",
			want: []string{"Kirim kapan saja di chat ini sebagai PDF", "tiket #1001"}},
		// a document named beside the word "document": that one's answer
		// (it was taken as leave for every file)
		{name: "named_required", v: variants[1], before: []any{registerCompanyOnline()}, text: "can I send the npwp document later?",
			want: []string{"Company NPWP — required for the verification: it may come later"}, notWant: []string{"Send it any time"}},
		{name: "named_assist", v: variants[0], before: []any{registerCompanyOnline()}, text: "boleh dokumen akta nyusul?",
			want: []string{"Akta Perusahaan — boleh menyusul"}, notWant: []string{"Kirim kapan saja"}},
	})
	for text, want := range map[string]bool{"can I send the documents tomorrow?": true, "boleh kirim berkasnya besok?": true,
		"akta nya nyusul ya": true, "kapan saya bisa kirim besok?": false, "how do I send it later?": false, "kirim besok?": false,
		"can I send the deed later?": false, "npwp nya nyusul gpp?": false} {
		if got := promisesLater(text); got != want {
			t.Errorf("promisesLater(%q) = %v, want %v", text, got, want)
		}
	}
	// on a ticket waiting for documents the files go without saying
	for text, want := range map[string]bool{"bisa kirim besok?": true, "boleh kirim nanti?": true, "can I send tomorrow?": true,
		"kirim besok?": false, "kapan bisa kirim besok?": false} {
		if got := promisesLaterOf(text, true); got != want {
			t.Errorf("promisesLaterOf(%q, files meant) = %v, want %v", text, got, want)
		}
	}
}
