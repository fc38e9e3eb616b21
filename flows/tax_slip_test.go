package flows

import "testing"

// TestTaxPaymentSlip: the Surat Setor Pajak an individual business
// prepares for the SIKaP assistance. "ssp itu apa?" and "what is an
// ssp?" got the individual business's document list, "spp itu apa?"
// (the office's guide writes SPP) and "belum pernah bayar pajak, ssp nya
// gimana?" no answer, "gak punya ssp gimana" the list again. Each is
// told what the slip is and that verification does not wait for it.
func TestTaxPaymentSlip(t *testing.T) {
	f := newFlows(t)
	list := []string{"1. KTP pemilik usaha", "1. Owner's ID card"}
	id := []string{"bukti penyetoran pajak", "verifikasi tidak menunggunya"}
	en := []string{"proves a tax payment", "verification does not wait for it"}
	hi := []any{say("halo")}
	runReplyCases(t, f, []replyCase{
		{name: "ssp itu apa", v: variants[0], before: hi, text: "ssp itu apa?", want: id, notWant: list},
		{name: "spp itu apa", v: variants[0], before: hi, text: "spp itu apa?", want: id, notWant: list},
		{name: "surat setor pajak", v: variants[0], before: hi, text: "surat setor pajak itu apa", want: id, notWant: list},
		{name: "none", v: variants[0], before: hi, text: "gak punya ssp gimana", want: id, notWant: list},
		{name: "never paid", v: variants[0], before: hi, text: "belum pernah bayar pajak, ssp nya gimana?", want: id},
		{name: "english", v: variants[1], before: []any{say("hello")}, text: "what is an ssp?", want: en, notWant: list},
		{name: "english, none", v: variants[1], before: []any{say("hello")}, text: "I don't have a tax payment slip", want: en, notWant: list},
		{name: "spp wajib", v: variants[0], before: hi, text: "spp wajib ga?", want: []string{"Surat Setor Pajak — tidak wajib"}},
		{name: "do I need it", v: variants[1], before: []any{say("hello")}, text: "do I need the tax payment slip?",
			want: []string{"not required"}, notWant: list},
	})
}

// TestDocumentLacking: "kalau belum punya akta gimana" got no answer, "we
// don't have a deed yet" the answer about changing vendor data, "I only
// have the NIB, not the deed" on a ticket "no files to swap". A document
// said to be lacking is answered as whether it is needed, by form (on a
// ticket, the officers still see it); a lacking NPWP or KTP keeps its
// own answer.
func TestDocumentLacking(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "deed, menu", v: variants[0], before: []any{say("halo")}, text: "kalau belum punya akta gimana",
			want: []string{"Akta Perusahaan — tidak wajib untuk verifikasi"}, notWant: []string{"belum punya jawaban"}},
		{name: "deed, english", v: variants[1], before: []any{say("hello")}, text: "we don't have a deed yet",
			want: []string{"Company deed — not required for the verification"}, notWant: []string{"Changes to vendor data"}},
		{name: "on the ticket", v: variants[1], before: []any{registerCompanyOnline()}, text: "I only have the NIB, not the deed",
			want:    []string{"Company deed — not required", "Your message is on ticket #1001"},
			notWant: []string{"no files from you yet"}},
		{name: "on the ticket, indonesian", v: variants[0], before: []any{registerCompanyOnline()}, text: "belum punya akta",
			want: []string{"Akta Perusahaan — tidak wajib", "Pesan Anda masuk ke tiket #1001"}},
		{name: "npwp keeps its answer", v: variants[0], before: []any{say("halo")}, text: "saya belum punya npwp",
			want: []string{"NPWP 16 digit berbasis NIK diterima"}},
		{name: "a relabel still", v: variants[0], before: []any{registerCompanyOnline()}, text: "itu ktp bukan npwp",
			want: []string{"belum ada berkas dari Anda"}},
	})
}
