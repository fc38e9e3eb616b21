package flows

import "testing"

// TestIntakeSentencesNotTaken: sentences at the registration's text
// questions that are not the answer asked for.
func TestIntakeSentencesNotTaken(t *testing.T) {
	f := newFlows(t)
	// a company's "no company NPWP" at the User ID question: the company
	// NPWP rule (it got the User ID's format rule; at the menu, the NIK
	// answer, which is a sole proprietor's)
	got := replyAfter(t, f, variants[0], []any{intakeTo(2)}, "belum punya npwp badan")
	checkReply(t, got, []string{"NPWP Perusahaan, yaitu NPWP atas nama badan usahanya", "Kita lanjutkan: Apa User ID SPSE"},
		[]string{"User ID hanya berisi", "usaha perorangan, NPWP 16 digit"})
	// "saya sendiri" at the WhatsApp number: this chat's number on
	// WhatsApp, asked for where the chat has none (it got "that number
	// cannot be used")
	got = replyAfter(t, f, variants[0], []any{intakeTo(4)}, "saya sendiri")
	checkReply(t, got, []string{"Ringkasan permohonan", "WhatsApp untuk video call: +6281234567890"}, []string{"belum bisa saya pakai"})
	got = replyAfter(t, f, variants[1], []any{intakeTo(4)}, "sama kak")
	checkReply(t, got, []string{"I cannot see your number from this chat"}, []string{"Summary"})
	// "sama dengan email perusahaan" at the director's name was stored as
	// the name
	got = replyAfter(t, f, variants[0], []any{intakeTo(3)}, "sama dengan email perusahaan")
	checkReply(t, got, []string{"Nama itu belum bisa saya pakai", "Siapa nama Direksi/Pimpinan Perusahaan"}, []string{"Nomor WhatsApp berapa"})
	got = replyAfter(t, f, variants[0], []any{intakeTo(3)}, "direktur: Budi Santoso")
	checkReply(t, got, []string{"Nomor WhatsApp berapa"}, nil)
	// named before the question: kept, and the form goes on without asking it
	got = replyAfter(t, f, variants[0], []any{intakeTo(1)}, "nama direkturnya bu Sari Dewi")
	checkReply(t, got, []string{"Sari Dewi", "NPWP"}, []string{"Nama perusahaan: Sari Dewi"})
	got = replyAfter(t, f, variants[0], []any{intakeTo(2)}, "direkturnya lagi di luar kota")
	checkReply(t, got, nil, []string{"Direksi/Pimpinan: lagi"})
}

// TestProblemToldAtTheRequestChoice: asked what an officer can help with
// ("pilih jenis permintaan, atau langsung tulis masalahnya"), "tidak bisa
// upload dokumen di sikap" got how online verification works and the
// question again; it is the problem, and opens an application-problem
// request. A question there is still answered.
func TestProblemToldAtTheRequestChoice(t *testing.T) {
	f := newFlows(t)
	officer := []any{say("halo"), say("mau bicara dengan petugas")}
	got := replyAfter(t, f, variants[0], officer, "tidak bisa upload dokumen di sikap")
	checkReply(t, got, []string{"Tiket #1001 (Masalah aplikasi) sudah dibuat"}, []string{"Verifikasi daring bisa lewat chat ini"})
	got = replyAfter(t, f, variants[0], officer, "jam layanan sampai jam berapa?")
	checkReply(t, got, []string{"Senin–Jumat 10.00–14.00 WIB", "Kita lanjutkan: Ada yang bisa petugas bantu?"}, []string{"sudah dibuat"})
}

// TestNoTroubleNoProblemRequest: a statement at the request choice with a
// negation but nothing broken is not opened as an application problem.
func TestNoTroubleNoProblemRequest(t *testing.T) {
	for text, want := range map[string]bool{
		"tidak bisa upload dokumen di sikap": true,
		"gagal kirim penawaran":              true,
		"the page keeps loading":             true,
		"saya tidak punya npwp perusahaan":   false,
		"belum dapat email konfirmasi":       false,
	} {
		if got := tellsTrouble(text); got != want {
			t.Errorf("tellsTrouble(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestIntakeSentencesInEnglish: at the User ID "I don't have one yet" got
// the format rule; "the director is abroad" was stored as the director's
// name (and, asked the company's name, as that); "he doesn't use whatsapp" and "use my number" at the number got
// "I can't use that number".
func TestIntakeSentencesInEnglish(t *testing.T) {
	f := newFlows(t)
	for _, c := range []struct {
		n         int
		text      string
		want, not []string
	}{
		{2, "I don't have one yet", []string{"Registration starts on the SPSE portal", "Let's continue: What is your SPSE User ID"}, []string{"A User ID has only"}},
		{3, "the director is abroad", []string{"Let's continue: What is the name of the director"}, []string{"Which WhatsApp number"}},
		{0, "the director is abroad", []string{"Let's continue: What is the company's name"}, []string{"Type the company's NPWP"}},
		{4, "he doesn't use whatsapp", []string{"Online verification uses a WhatsApp video call", "in-person verification"}, []string{"I can't use that number"}},
		{4, "use my number", []string{"I cannot see your number from this chat"}, []string{"I can't use that number"}},
		// the director named before the question is kept, and not asked again
		{1, "the director is Pak Hendra Wijaya", []string{"Noted — Director/owner: Hendra Wijaya.", "Type the company's NPWP"}, []string{"An NPWP is needed"}},
		{1, "the director is abroad", []string{"Type the company's NPWP"}, []string{"Director/owner: abroad"}},
	} {
		got := replyAfter(t, f, variants[1], []any{intakeTo(c.n)}, c.text)
		checkReply(t, got, c.want, c.not)
	}
	// the role written beside the name is no part of it ("Tan Wei Ming, our
	// managing director" was stored whole)
	for _, name := range []string{"Mr. Tan Wei Ming, our managing director", "Tan Wei Ming (CEO)"} {
		got := replyAfter(t, f, variants[1], []any{intakeTo(3), say(name)}, "0812-3456-7890")
		checkReply(t, got, []string{"Director/owner: Tan Wei Ming\n"}, []string{"managing", "CEO"})
	}
	// the director named early is not asked for when the form reaches it
	got := replyAfter(t, f, variants[1], []any{intakeTo(1), say("the director is Pak Hendra Wijaya"), say("01.234.567.8-901.000")},
		"info@majujaya.co.id")
	checkReply(t, got, []string{"Which WhatsApp number"}, []string{"name of the director"})
}
