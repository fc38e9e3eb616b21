package flows

import (
	"testing"

	"loket"
)

// TestQuestionsBeforeTheCall: with a call booked, "jadwal saya jam berapa
// ya" got the office hours, "kalau hp direktur mati gimana" and
// "berkas aslinya harus dilegalisir?" that the verification cannot be
// delegated, "nanti hasilnya dikabari lewat mana?" the status, "bisa
// minta nomor petugasnya?" the officer menu. Each gets its own answer.
func TestQuestionsBeforeTheCall(t *testing.T) {
	f := newFlows(t)
	booked := []any{bookedCall()}
	delegate := []string{"Tidak bisa diwakilkan", "It cannot be delegated"}
	runReplyCases(t, f, []replyCase{
		{name: "my time", v: variants[0], before: booked, text: "jadwal saya jam berapa ya",
			want: []string{"Jadwal video call tiket #1001: Senin, 5 Januari 2026 pukul 13.00 WIB"}, notWant: []string{"tidak ada layanan pada hari libur"}},
		{name: "phone off", v: variants[0], before: booked, text: "kalau hp direktur mati gimana",
			want: []string{"Pastikan WhatsApp nomor yang didaftarkan aktif"}, notWant: delegate},
		{name: "phone off, english", v: variants[1], before: booked, text: "what if the director's phone dies?",
			want: []string{"Make sure the WhatsApp number you gave is on"}, notWant: delegate},
		{name: "legalised", v: variants[0], before: booked, text: "berkas aslinya harus dilegalisir?",
			want: []string{"tidak meminta fotokopi yang dilegalisir"}, notWant: delegate},
		{name: "legalised, english", v: variants[1], before: []any{say("hello")}, text: "do the copies need to be legalised?",
			want: []string{"do not ask for legalised (certified) copies"}},
		{name: "result", v: variants[0], before: booked, text: "nanti hasilnya dikabari lewat mana?",
			want: []string{"petugas mencatat hasilnya dan Anda menerima pesan di chat ini"}},
		{name: "result, english", v: variants[1], before: booked, text: "how will I know the result?",
			want: []string{"the officer records its result"}},
		{name: "officer's number", v: variants[0], before: booked, text: "bisa minta nomor petugasnya?",
			want: []string{"WhatsApp 08151667956"}},
	})
}

// TestMustIComeToTheOffice: "perlu datang ke kantor lagi?" from a
// verified vendor got the counter's address, "do I need to come to the
// office now?" whether it is open now, "harus datang ke kantor?" with a
// call booked the address. A verified vendor is told the verification is
// done, one with a call that the call is instead, any other how to verify
// online; when, what to bring and who keep their answers.
func TestMustIComeToTheOffice(t *testing.T) {
	f := newFlows(t)
	verified := []any{bookedCall(), officerSets(loket.StatusVerified)}
	address := []string{"lantai dasar Lippo Plaza", "it is office hours now"}
	runReplyCases(t, f, []replyCase{
		{name: "verified", v: variants[0], before: verified, text: "perlu datang ke kantor lagi?",
			want: []string{"Tidak perlu. Permohonan #1001 Anda sudah dinyatakan sesuai"}, notWant: address},
		{name: "verified, english", v: variants[1], before: verified, text: "do I need to come to the office now?",
			want: []string{"No. Your request #1001 was found in order"}, notWant: address},
		{name: "call booked", v: variants[0], before: []any{bookedCall()}, text: "harus datang ke kantor?",
			want:    []string{"Tidak perlu datang: permohonan #1001 diverifikasi lewat video call WhatsApp pada Senin, 5 Januari 2026 pukul 13.00 WIB"},
			notWant: address},
		{name: "no ticket", v: variants[1], before: []any{say("hello")}, text: "do I need to come to the office now?",
			want: []string{"You do not have to come: you can verify online in this chat", "Rather come in person?"}, notWant: address},
		// A request under way without a call: its own next step, not a
		// second registration.
		{name: "request, files missing", v: variants[0], before: []any{registerCompanyOnline(), say("menu")},
			text:    "harus datang ke kantor?",
			want:    []string{"Tidak harus datang: permohonan #1001 Anda diverifikasi daring", "Langkah berikutnya: Kirim PDF yang belum ada"},
			notWant: []string{"Registrasi & verifikasi berkas\","}},
		{name: "request on its ticket", v: variants[1], before: []any{registerCompanyOnline()},
			text:    "do I need to come to the office?",
			want:    []string{"your request #1001 is verified online", "Next step: Send the missing PDFs"},
			notWant: []string{"choose \"Registration"}},
		{name: "files in, call offered", v: variants[0], before: []any{registerCompanyOnline(), fourPDFs()},
			text:    "harus datang ke kantor?",
			want:    []string{"Langkah berikutnya: Pilih jadwal video call", "Kita lanjutkan: Jadwal paling awal"},
			notWant: []string{"pilih \"Registrasi"}},
		{name: "how, with a request", v: variants[0], before: []any{registerCompanyOnline(), say("menu")},
			text:    "verifikasi online gimana caranya?",
			want:    []string{"Permohonan #1001 Anda sudah berjalan daring di chat ini", "Langkah berikutnya: Kirim PDF"},
			notWant: []string{"Tidak harus datang", "pilih \"Registrasi"}},
		{name: "how, without a request", v: variants[0], before: []any{say("halo")},
			text: "verifikasi online gimana caranya?",
			want: []string{"Verifikasi daring bisa lewat chat ini: pilih \"Registrasi & verifikasi berkas\""}},
		{name: "when", v: variants[0], before: []any{say("halo")}, text: "harus datang jam berapa?",
			want: []string{"Senin–Jumat 10.00–14.00 WIB"}, notWant: []string{"Verifikasi daring bisa lewat chat ini"}},
		{name: "who", v: variants[0], before: []any{say("halo")}, text: "siapa yang harus datang?",
			want: []string{"Tidak bisa diwakilkan"}},
	})
	for _, c := range []struct {
		text string
		want bool
	}{
		{"harus datang ke kantor?", true}, {"do we have to come?", true}, {"perlu dtg lagi ga?", true},
		{"harus datang jam berapa?", false}, {"kalau datang harus bawa apa?", false}, {"saya datang besok", false},
	} {
		if got := asksMustCome(c.text); got != c.want {
			t.Errorf("asksMustCome(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
