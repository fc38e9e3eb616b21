package flows

import "testing"

// TestNPWPNotAtHand: at the NPWP question "saya lupa npwp nya", "npwp
// saya hilang" and "cuma punya nik" got "an NPWP is needed; if you have
// it, type it", "I don't know my tax number" the status ("you have no
// ticket yet") and "where do I find my npwp?" the guide's first step.
// Each is told where the number is written (the card lost: the number
// is enough here, the original is replaced at the tax office), or
// whether a NIK will do for the form, and the question is asked again.
func TestNPWPNotAtHand(t *testing.T) {
	f := newFlows(t)
	ind := []any{say("halo"), choose(2), choose(2), say("Siti Rahayu")}
	indEN := []any{say("hi"), say("english"), choose(2), choose(2), say("Siti Rahayu")}
	generic := []string{"NPWP diperlukan untuk pendaftaran", "An NPWP is needed", "no ticket yet", "Pendaftaran Penyedia"}
	runReplyCases(t, f, []replyCase{
		{name: "lupa, company", v: variants[0], before: []any{intakeTo(1)}, text: "saya lupa npwp nya",
			want:    []string{"Surat Keterangan Terdaftar (SKT)", "pakai NPWP atas nama badan usahanya", "Ketik NPWP perusahaan"},
			notWant: generic},
		{name: "ga tau, individual", v: variants[0], before: ind, text: "npwp nya ga tau",
			want: []string{"NIK Anda juga bisa dipakai bila sudah aktif sebagai NPWP", "Ketik NPWP pemilik usaha"}, notWant: generic},
		{name: "hilang", v: variants[0], before: []any{intakeTo(1)}, text: "npwp saya hilang",
			want: []string{"nomornya saja", "mintalah penggantinya ke kantor pajak (KPP) tempat badan usaha terdaftar"}, notWant: generic},
		{name: "only a NIK, individual", v: variants[0], before: ind, text: "cuma punya nik",
			want: []string{"NPWP 16 digit berbasis NIK diterima", "Ketik NPWP pemilik usaha"}, notWant: generic},
		{name: "only a NIK, company", v: variants[0], before: []any{intakeTo(1)}, text: "saya cuma punya ktp",
			want: []string{"NPWP atas nama badan usahanya", "Ketik NPWP perusahaan"}, notWant: append(generic, "berbasis NIK diterima")},
		{name: "don't know, english", v: variants[1], before: indEN, text: "I don't know my tax number",
			want: []string{"printed on the NPWP card", "Your answers so far are kept"}, notWant: generic},
		{name: "where, english", v: variants[1], before: indEN, text: "where do I find my npwp?",
			want: []string{"printed on the NPWP card"}, notWant: generic},
		{name: "lost card, english", v: variants[1], before: indEN, text: "lost my npwp card",
			want: []string{"Only the number is needed here", "where you are registered"}, notWant: generic},
		{name: "a number still taken", v: variants[0], before: ind, text: "lupa, tapi ini nik saya 3201234567890123",
			want: []string{"User ID"}},
		{name: "which npwp keeps its help", v: variants[0], before: []any{intakeTo(1)}, text: "npwp yang mana?",
			want: []string{"Tulis NPWP atas nama badan usaha"}},
	})
}
