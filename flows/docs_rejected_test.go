package flows

import "testing"

// TestRejectionAnswered: after an officer rejected the NPWP, the vendor's
// answer at the menu got the file rules with Registration's button ("ok
// saya kirim ulang"), the KSWP answer ("npwp nya sudah benar kok") or a
// guide step ("maksudnya tidak terbaca gimana?"). A resend is told what
// to send; words about the rejection go to the officer, on the ticket;
// "kenapa ditolak?" still shows the status with the officer's note.
func TestRejectionAnswered(t *testing.T) {
	f := newFlows(t)
	rejected := []any{registerCompanyOnline(), fourPDFs(), choose(1), review("npwp_company", false, "NPWP tidak terbaca, mohon pindai ulang")}
	for _, c := range []struct {
		v           variant
		text        string
		want, not   []string
		onTheTicket bool
	}{
		{variants[0], "ok saya kirim ulang", []string{"Kirim NPWP Perusahaan yang sudah diperbaiki di chat ini"}, []string{"Registrasi & verifikasi berkas"}, false},
		{variants[0], "siap, saya perbaiki dulu", []string{"Kirim NPWP Perusahaan yang sudah diperbaiki"}, nil, false},
		{variants[1], "ok I'll send it again", []string{"Send the corrected company NPWP in this chat"}, nil, false},
		{variants[0], "npwp nya sudah benar kok", []string{"Pesan Anda saya teruskan ke petugas yang memeriksa berkas tiket #1001"}, []string{"Cek KSWP"}, true},
		{variants[0], "maksudnya tidak terbaca gimana?", []string{"saya teruskan ke petugas"}, []string{"Panduan pendaftaran"}, true},
		{variants[0], "kenapa ditolak?", []string{"Perlu diperbaiki: NPWP Perusahaan: NPWP tidak terbaca, mohon pindai ulang"}, []string{"saya teruskan"}, false},
	} {
		r := newDocRunner(t, f, c.v, mondayMorning)
		r.play(steps(rejected...))
		r.last = nil
		got := repliesText(r, say(c.text))
		checkReply(t, got, c.want, c.not)
		if n := onTicket(t, r, c.text); (n == 1) != c.onTheTicket {
			t.Errorf("%q on the ticket %d times, want on it: %v", c.text, n, c.onTheTicket)
		}
	}
}

// TestSentButNotReceived: "ktp sudah saya kirim" with no KTP on the
// ticket went to the officers, read the next day; the status shows it is
// still missing.
func TestSentButNotReceived(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{registerCompanyOnline(), say("ok")}, "ktp sudah saya kirim")
	checkReply(t, got, []string{"Berkas yang belum ada: KTP/KITAS/KITAP Direksi/Pimpinan Perusahaan"}, []string{"Pesan Anda masuk ke tiket"})
}
