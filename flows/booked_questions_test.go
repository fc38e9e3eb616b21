package flows

import "testing"

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
