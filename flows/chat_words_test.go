package flows

import (
	"strings"
	"testing"
)

// TestVendorQuestionsAnswered are questions vendors typed at the live bot
// that got a wrong answer, none, or a dead end.
func TestVendorQuestionsAnswered(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		name   string
		before []any
		text   string
		want   []string
	}{
		// the registering was the context, the documents the question: it got the portal's address
		{"documents to register", []any{say("halo")}, "saya mau daftar jadi penyedia, dokumennya apa saja?",
			[]string{"Badan usaha (PT/CV)", "KTP", "[Registrasi & verifikasi berkas]"}},
		{"requirements in slang", []any{say("halo")}, "sy mau daftar jd penyedia, syaratnya apa aja ya",
			[]string{"Badan usaha (PT/CV)", "NPWP"}},
		// no answer at the menu: it said "through the menu" with no menu and no button
		{"no answer offers the officer", []any{say("halo")}, "biaya verifikasi berapa ya?",
			[]string{"belum punya jawaban", "[Bicara dengan petugas]", "[Menu utama]"}},
		// on a ticket, told once where messages go, a question ending in
		// "gmn" was taken for a remark and got no reply at all
		{"question word last, on a ticket", []any{registerCompanyOnline(), say("oke saya siapkan dulu berkasnya"), say("halo pak")},
			"ada yg bisa dibantu soal akta gmn", []string{"Pertanyaan Anda sudah masuk ke tiket #1001"}},
		// a question every word of which one answer has, on a ticket: it
		// went to the officer unanswered
		{"fully covered question, on a ticket", []any{registerCompanyOnline()}, "file nya kegedean gmn",
			[]string{"format PDF, maksimal 4 MB", "tiket #1001"}},
		{"question word last, at the menu", []any{say("halo")}, "file nya kegedean gmn", []string{"format PDF, maksimal 4 MB"}},
		{"photo of the KTP in slang", []any{say("halo")}, "klo foto ktp gpp kan?", []string{"Foto belum bisa diterima"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newDocRunner(t, f, variants[0], mondayMorning)
			r.play(steps(tc.before...))
			r.last = nil
			got := repliesText(r, say(tc.text))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("after %q:\n%s\nwant %q", tc.text, got, w)
				}
			}
		})
	}
}
