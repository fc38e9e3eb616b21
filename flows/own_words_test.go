package flows

import (
	"testing"
	"time"

	"loket"
)

// TestAskedWithACallBooked: questions a vendor with a call booked asks in
// their own words, each of which got something else: the office hours for
// "besok video callnya jam berapa?", "cannot be delegated" for moving the
// call with "ganti hari rabu", the contact list for a director's number
// that differs, the general call text for what to prepare, and no answer
// for who calls whom.
func TestAskedWithACallBooked(t *testing.T) {
	f := newFlows(t)
	booked := []any{bookedCall()}
	menu := []any{say("halo")}
	runReplyCases(t, f, []replyCase{
		{name: "call time with a day", v: variants[0], before: booked, text: "besok video callnya jam berapa ya?",
			want: []string{"Senin, 5 Januari 2026 pukul 13.00 WIB", "[Ubah jadwal]"}, notWant: []string{"Senin–Jumat 10.00–14.00"}},
		{name: "call time without a call", v: variants[0], before: menu, text: "besok video callnya jam berapa ya?",
			want: []string{"Senin–Jumat 10.00–14.00 WIB"}},
		{name: "office hours with a call", v: variants[0], before: booked, text: "jadwal layanan hari selasa buka jam berapa?",
			want: []string{"Selasa, 6 Januari 2026", "10.00–14.00"}, notWant: []string{"[Ubah jadwal]"}},
		{name: "moved with ganti hari", v: variants[0], before: booked, text: "direktur tidak bisa hadir hari senin, ganti hari rabu",
			want: []string{"Rabu, 7 Januari"}, notWant: []string{"Tidak bisa diwakilkan"}},
		{name: "moved with ganti ke", v: variants[0], before: booked, text: "bisa ganti ke kamis?",
			want: []string{"Kamis, 8 Januari"}},
		{name: "number differs", v: variants[0], before: booked, text: "nomor wa direktur beda dengan yang terdaftar",
			want: []string{"Ketik nomor barunya"}, notWant: []string{"0251-8325943"}},
		{name: "what to prepare", v: variants[0], before: booked, text: "siapkan apa saja untuk video call?",
			want: []string{"dokumen asli", "NPWP Perusahaan"}},
		{name: "who calls", v: variants[0], before: booked, text: "apakah petugas akan telepon duluan atau saya yang telepon?",
			want: []string{"Petugas yang menelepon", "08151667956"}},
		{name: "who calls, English", v: variants[1], before: booked, text: "who calls first, do you call me or do I call you?",
			want: []string{"08151667956"}},
	})
}

// TestFilesPlannedOrFailing: on a ticket waiting for documents, a plan or
// a problem with the files said without a question mark gets what it
// needs (they got "your message is on the ticket" and waited for an
// e-mail no one reads, or a file that could not come), and "bisa kirim
// besok?" is leave to send later, not the status.
func TestFilesPlannedOrFailing(t *testing.T) {
	f := newFlows(t)
	waiting := []any{registerCompanyOnline()}
	runReplyCases(t, f, []replyCase{
		{name: "by e-mail", v: variants[0], before: waiting, text: "berkasnya saya kirim lewat email aja ya",
			want: []string{"tidak dikirim lewat email", "tiket #1001"}},
		{name: "too big", v: variants[0], before: waiting, text: "file ktp nya kebesaran 6mb",
			want: []string{"maksimal 4 MB", "kompres"}},
		{name: "a photo", v: variants[0], before: waiting, text: "ktp nya cuma ada foto",
			want: []string{"pindai dulu jadi PDF"}},
		{name: "tomorrow", v: variants[0], before: waiting, text: "bisa kirim besok?",
			want: []string{"Kirim kapan saja di chat ini"}, notWant: []string{"Status:"}},
		{name: "by e-mail, English", v: variants[1], before: waiting, text: "I will send the files by email instead",
			want: []string{"e-mail"}},
		// a document named beside the e-mail left the answer below the threshold
		{name: "sent by e-mail", v: variants[0], before: waiting, text: "ktp direktur sudah saya kirim kemarin lewat email",
			want: []string{"tidak dikirim lewat email"}},
		// a remark that is no plan nor problem with the files still only goes to the ticket
		{name: "a remark", v: variants[0], before: waiting, text: "kami bergerak di bidang konstruksi",
			want: []string{"tiket #1001"}, notWant: []string{"maksimal 4 MB"}},
	})
}

// TestNPWPStepWords: at the NPWP question, how many digits is answered
// and the question asked again; "npwp 16 digit" is words, not a number
// mistyped (it got 'there is a "d" in it').
func TestNPWPStepWords(t *testing.T) {
	f := newFlows(t)
	at := []any{intakeTo(1)}
	runReplyCases(t, f, []replyCase{
		{name: "digits asked", v: variants[0], before: at, text: "npwp cv kami 15 digit atau 16?",
			want: []string{"Keduanya diterima", "Kita lanjutkan: Ketik NPWP perusahaan"}},
		{name: "words with a number", v: variants[0], before: at, text: "npwp 16 digit",
			want: []string{"ketik nomornya"}, notWant: []string{`ada "d"`}},
		{name: "a mistyped number", v: variants[0], before: at, text: "01.234.567.8-9O1.000",
			want: []string{`ada "O"`}},
	})
}

// TestDirectorDied: at the director's question, a director who died got
// "that name cannot be used"; now who verifies (the director in office,
// by the latest deed) and the question again, or the successor named in
// the same message is taken; an individual business's owner is a case
// for an officer.
func TestDirectorDied(t *testing.T) {
	f := newFlows(t)
	at := []any{intakeTo(3)}
	individual := []any{say("halo"), choose(2), choose(2), say("Toko Sumber Rejeki"), say("3201234567890001"),
		say("sumber@rejeki.id")}
	runReplyCases(t, f, []replyCase{
		{name: "died", v: variants[0], before: at, text: "direkturnya sudah meninggal",
			want:    []string{"Turut berduka cita", "akta perubahan terakhir", "Kita lanjutkan: Siapa nama Direksi"},
			notWant: []string{"belum bisa saya pakai"}},
		{name: "successor named", v: variants[0], before: at, text: "direktur lama sudah meninggal, sekarang Budi Santoso",
			want: []string{"Direksi/Pimpinan/Pemilik: Budi Santoso", "Nomor WhatsApp"}},
		{name: "English", v: variants[1], before: at, text: "the old director passed away, the new director is Rina Wati",
			want: []string{"Rina Wati"}, notWant: []string{"condolences"}},
		{name: "owner died", v: variants[0], before: individual, text: "pemiliknya sudah almarhum",
			want: []string{"Usaha perorangan terdaftar atas nama pemiliknya"}},
	})
}

// TestOnARequestTicket: inside a password reset's ticket, "berapa lama
// resetnya?" got how long verification takes and "tolong dipercepat ya"
// how the video call works (the registration's answers, for a vendor with
// none); "terima kasih sudah bisa login" got nothing back. Now where the
// request stands, that the urgency is on the ticket, and thanks.
func TestOnARequestTicket(t *testing.T) {
	f := newFlows(t)
	reset := []any{say("halo"), choose(5), choose(1), say("user id saya cvmaju, email info@majujaya.co.id, lupa password")}
	runReplyCases(t, f, []replyCase{
		{name: "how long", v: variants[0], before: reset, text: "berapa lama resetnya?",
			want: []string{"tiket #1001 (Lupa password / reset akun)", "antrean"}, notWant: []string{"video call"}},
		{name: "hurry", v: variants[0], before: reset, text: "tolong dipercepat ya",
			want: []string{"segera ditangani sudah masuk ke tiket #1001"}, notWant: []string{"Video call"}},
		{name: "hurry, English", v: variants[1], before: reset, text: "please hurry, the tender closes tomorrow",
			want: []string{"request for speed is on ticket #1001"}},
		{name: "thanks", v: variants[0], before: reset, text: "terima kasih sudah bisa login",
			want: []string{"Sama-sama"}},
		// on the registration's own ticket the call's answers stay
		{name: "registration", v: variants[0], before: []any{bookedCall(), say("menu"), choose(3)}, text: "kapan video call saya?",
			want: []string{"Senin, 5 Januari 2026 pukul 13.00"}},
	})
}

// TestVerifiedVendorAsks: a vendor whose registration was found in order
// asking "sudah bisa ikut tender?" got "without verification you cannot
// take part yet", and "berarti sudah selesai ya?" the guide's step 7 (its
// "Pendaftaran Sudah Selesai" screen).
func TestVerifiedVendorAsks(t *testing.T) {
	f := newFlows(t)
	verified := []any{bookedCall(), setup(func(tx testTx, ct *loket.Contact) error {
		tk, err := firstTicket(tx, ct)
		if err != nil {
			return err
		}
		return loket.SetStatus(bg, tx, tk, loket.StatusVerified, loket.ActorAgent, 0, "", tk.CreatedAt)
	})}
	runReplyCases(t, f, []replyCase{
		{name: "tender, verified", v: variants[0], before: verified, text: "sudah bisa ikut tender?",
			want: []string{"Bisa. Permohonan #1001 Anda sudah dinyatakan sesuai", "Cari Paket", "[Lupa password / reset akun]"}},
		{name: "tender, English", v: variants[1], before: verified, text: "can we join tenders now?",
			want: []string{"Yes. Your request #1001 was found in order"}},
		{name: "tender, not yet", v: variants[0], before: []any{bookedCall()}, text: "sudah bisa ikut tender?",
			want: []string{"tanpa verifikasi belum bisa ikut tender"}},
		{name: "done?", v: variants[0], before: verified, text: "berarti sudah selesai ya?",
			want: []string{"Status: terverifikasi"}, notWant: []string{"langkah 7"}},
	})
}

// TestInPersonTicketAsks: on an in-person registration's ticket, where
// and when asked in the vendor's own words went to the officers
// unanswered; now the place, that day's hours, and an announced visit's
// day and time in the hours. The message stays on the ticket.
func TestInPersonTicketAsks(t *testing.T) {
	f := newFlows(t)
	inPerson := []any{append(registerActs()[:8], choose(2))}
	runReplyCases(t, f, []replyCase{
		{name: "where exactly", v: variants[0], before: inPerson, text: "lokasinya di mana tepatnya?",
			want: []string{"lantai dasar Lippo Plaza Keboen Raya"}},
		{name: "today", v: variants[0], before: inPerson, text: "kalau saya datang hari ini masih bisa?",
			want: []string{"Senin, 5 Januari 2026: dilayani seperti biasa, 10.00–14.00 WIB"}},
		{name: "visit announced", v: variants[0], before: inPerson, text: "saya datang besok jam 10 ya",
			want: []string{"Selasa, 6 Januari 2026", "pukul 10.00 WIB masih di dalam jam layanan"}},
		{name: "appointment", v: variants[0], before: inPerson, text: "perlu buat janji dulu?",
			want: []string{"Senin–Jumat 10.00–14.00 WIB", "dokumen asli"}},
		{name: "English", v: variants[1], before: inPerson, text: "where exactly is it?",
			want: []string{"Lippo Plaza Keboen Raya"}},
	})
}

// TestJustBeforeTheCall: after the hour-before reminder, "siap pak, sudah
// standby" got what an NPWP is and "we're ready" "all right, anything
// else?"; now the call itself, who calls from where and the originals. A
// director running late is put on the ticket for the officer who calls
// (it got only "change the schedule before then"). Hours ahead, "ok"
// stays a plain acknowledgement.
func TestJustBeforeTheCall(t *testing.T) {
	f := newFlows(t)
	near := []any{bookedCall(), act{kind: "wait", d: 2*time.Hour + 10*time.Minute}}
	runReplyCases(t, f, []replyCase{
		{name: "standby", v: variants[0], before: near, text: "siap pak, sudah standby",
			want:    []string{"Video call tiket #1001: Senin, 5 Januari 2026 pukul 13.00 WIB", "08151667956", "Siapkan dokumen asli"},
			notWant: []string{"NPWP (Nomor Pokok"}},
		{name: "ready", v: variants[1], before: near, text: "we're ready",
			want: []string{"The video call for ticket #1001", "Have the originals at hand"}},
		{name: "late", v: variants[0], before: near, text: "maaf pak, direktur masih di jalan, telat 10 menit",
			want: []string{"sudah saya catat di tiket #1001 untuk petugas yang menelepon"}},
		{name: "hours ahead", v: variants[0], before: []any{bookedCall()}, text: "ok siap",
			want: []string{"Baik."}, notWant: []string{"Siapkan dokumen asli"}},
	})
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(append(near, say("maaf pak, direktur masih di jalan, telat 10 menit"))...))
	if n := onTicket(t, r, "maaf pak, direktur masih di jalan, telat 10 menit"); n != 1 {
		t.Errorf("the late message is on the ticket %d times, want once", n)
	}
}

// TestCallShifted: "bisa diundur 30 menit?" listed the days and "can we
// start 15 minutes later?" got no answer; the call moved by a span lands
// on its own day at that time, answered as a time asked for. Being late
// is no move.
func TestCallShifted(t *testing.T) {
	f := newFlows(t)
	booked := []any{bookedCall()}
	runReplyCases(t, f, []replyCase{
		{name: "half an hour later", v: variants[0], before: booked, text: "bisa diundur 30 menit?",
			want: []string{"pukul 13.30 ada di antara dua jadwal", "[13.40]"}},
		{name: "a slot later", v: variants[0], before: booked, text: "vc nya diundur 20 menit ya pak",
			want: []string{"[Pindahkan ke Senin, 5 Januari 13.20]"}},
		{name: "English", v: variants[1], before: booked, text: "can we start 15 minutes later?",
			want: []string{"13.15 falls between two"}},
		{name: "late is no move", v: variants[0], before: booked, text: "telat 10 menit",
			want: []string{"Kalau Anda tidak bisa tepat waktu"}, notWant: []string{"Pindahkan"}},
	})
	for text, want := range map[string]int{"bisa diundur 30 menit?": 30, "majukan setengah jam": -30, "push it back an hour": 60,
		"mundur 2 jam": 120, "can we start 15 minutes later?": 15, "telat 10 menit": 0, "diundur ke jam 11": 0,
		"diundur sejam": 60, "half an hour earlier please": -30} {
		if got := shiftAsked(text); got != want {
			t.Errorf("shiftAsked(%q) = %d, want %d", text, got, want)
		}
	}
}

// TestTooLateToday: 50 minutes before the call, "bisa diundur 30 menit?"
// was told 13.30 is not in the day's schedule (it is, inside a slot, but
// too soon to book) and that Monday was fully booked (it was not: too
// late); now both said as they are.
func TestTooLateToday(t *testing.T) {
	f := newFlows(t)
	near := []any{bookedCall(), act{kind: "wait", d: 2*time.Hour + 10*time.Minute}}
	runReplyCases(t, f, []replyCase{
		{name: "too soon", v: variants[0], before: near, text: "bisa diundur 30 menit?",
			want:    []string{"Jam 13.30 hari itu sudah lewat atau terlalu dekat", "Untuk Senin, 5 Januari tidak ada lagi jam yang bisa dipesan"},
			notWant: []string{"tidak ada di jadwal", "sudah penuh"}},
	})
}

// TestWhatToFill: "maksudnya apa?", "ini diisi apa kak?", "what should I
// write here?" at a registration question got SIKaP, what an NPWP is or
// the other-LPSE answer; now what that question wants, for the business's
// form, and the question again.
func TestWhatToFill(t *testing.T) {
	f := newFlows(t)
	individual := []any{say("halo"), choose(2), choose(2), say("Toko Sumber Rejeki")}
	runReplyCases(t, f, []replyCase{
		{name: "name", v: variants[0], before: []any{intakeTo(0)}, text: "maksudnya apa?",
			want: []string{"nama resmi badan usaha", "Kita lanjutkan: Apa nama badan usaha"}},
		{name: "user", v: variants[0], before: []any{intakeTo(2)}, text: "ini diisi apa kak?",
			want: []string{"User ID yang Anda buat di formulir tahap 2"}, notWant: []string{"SIKaP (Sistem"}},
		{name: "English", v: variants[1], before: []any{intakeTo(0)}, text: "what should I write here?",
			want: []string{"registered name, exactly as in its deed"}, notWant: []string{"one LPSE"}},
		{name: "individual's NPWP", v: variants[0], before: individual, text: "diisi apa ya?",
			want: []string{"NPWP pemilik usaha"}},
		{name: "phone", v: variants[0], before: []any{intakeTo(4)}, text: "maksudnya nomor siapa?",
			want: []string{"Nomor WhatsApp"}},
	})
	for text, want := range map[string]bool{"maksudnya apa?": true, "what do you mean?": true, "diisi apa ya?": true,
		"maksudnya nomor siapa?": false, "isi apa saja syaratnya?": false, "maksudnya": false} {
		if got := asksWhatToFill(text); got != want {
			t.Errorf("asksWhatToFill(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestQuestionWithoutMark: chat questions without a question mark, closed
// by "apa aja" or by a negation after "bisa" ("bs vc hr ini gk"), are
// questions; a statement that ends in a negation is not.
func TestQuestionWithoutMark(t *testing.T) {
	for text, want := range map[string]bool{
		"syrt nya apa aj": true, "dokumennya apa saja": true, "bs vc hr ini gk": true, "boleh kirim besok ga": true,
		"saya sudah kirim, tapi belum": false, "direkturnya tidak": false, "bisa": false,
	} {
		if got := isQuestion(text); got != want {
			t.Errorf("isQuestion(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestUrgencyWords: pressing for speed, not praise nor a promise.
func TestUrgencyWords(t *testing.T) {
	for text, want := range map[string]bool{
		"tolong dipercepat ya": true, "saya butuh cepat karena tender tutup besok": true, "please hurry": true,
		"makasih, cepat sekali pelayanannya": false, "segera saya kirim datanya": false, "ok": false,
	} {
		if got := urgentAsked(text); got != want {
			t.Errorf("urgentAsked(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestTodayWithACallBooked: "vc nya hari ini jam berapa?" and "verifikasi
// hari ini jadi kan?" with a call booked are about that call (they got
// how long verification takes and the earliest free time); without one,
// "bs vc hr ini gk" still gets the earliest time.
func TestTodayWithACallBooked(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "booked", v: variants[0], before: []any{bookedCall()}, text: "vc nya hari ini jam berapa?",
			want: []string{"Jadwal video call tiket #1001: Senin, 5 Januari 2026 pukul 13.00 WIB"}, notWant: []string{"Jadwal paling awal"}},
		{name: "booked, verification", v: variants[0], before: []any{bookedCall()}, text: "verifikasi hari ini jadi kan?",
			want: []string{"pukul 13.00 WIB"}, notWant: []string{"Jadwal paling awal"}},
		{name: "none booked", v: variants[0], before: []any{say("halo")}, text: "bs vc hr ini gk",
			want: []string{"Jadwal paling awal"}},
	})
}

// TestLangCode: "/lang id" got the guide's last step; a language code
// beside the word for language switches, a code alone does not.
func TestLangCode(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "to Indonesian", v: variants[1], before: []any{say("hi")}, text: "/lang id",
			want: []string{"kita lanjut dalam Bahasa Indonesia"}},
		{name: "to English", v: variants[0], before: []any{say("halo")}, text: "/lang en",
			want: []string{"continue in English"}},
		{name: "a code alone", v: variants[0], before: []any{say("halo")}, text: "id",
			notWant: []string{"continue in English", "lanjut dalam Bahasa Indonesia"}},
	})
}
