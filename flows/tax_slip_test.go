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
