package flows

import "testing"

// TestBusyDayIsNotTheNewDay: asked to move the call because of the call's
// own day ("sy ada acara hari senin"), the bot offers the days with free
// slots; it offered that very day's times. A day named to move to, or the
// call's day named without being busy ("jamnya aja, tetap senin"), still
// goes to that day's times.
func TestBusyDayIsNotTheNewDay(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		name          string
		v             variant
		text          string
		want, notWant []string
	}{
		{"busy on the call's day", variants[0], "kak bisa ganti jadwal gak? sy ada acara hari senin",
			[]string{"Pilih hari untuk video call verifikasi"}, []string{"Jam yang masih kosong pada Senin"}},
		{"cannot make the call's day", variants[0], "senin ga bisa min, bisa ganti jadwal?",
			[]string{"Pilih hari untuk video call verifikasi"}, []string{"Jam yang masih kosong pada Senin"}},
		{"busy in English", variants[1], "I'm busy on monday, can we reschedule the call?",
			[]string{"Choose a day for the verification video call"}, []string{"Free times on Monday"}},
		{"another day named", variants[0], "sy ada acara hari senin, bisa diundur ke hari rabu?",
			[]string{"Jam yang masih kosong pada Rabu"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkReply(t, replyAfter(t, f, tc.v, []any{bookedCall()}, tc.text), tc.want, tc.notWant)
		})
	}
}

// TestFormWordsFromChatting: answers typed at the registration's steps
// the way a vendor typed them at the running bot, each of which it got
// wrong.
func TestFormWordsFromChatting(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		name          string
		before        []any
		text          string
		want, notWant []string
	}{
		// the director beside "it's me", with "nama sy": it asked for the name again
		{"own name labelled", []any{intakeTo(3)}, "sy sendiri direkturnya, nama sy Ahmad Fauzi",
			[]string{"Nomor WhatsApp berapa"}, []string{"Tulis nama lengkapnya saja"}},
		// a letter l for a 1 after the label: it blamed the "n" of "npwp"
		{"npwp label and a letter", []any{intakeTo(1)}, "npwp nya 0l.234.567.8-901.000",
			[]string{`ada "l" di dalamnya`}, []string{`ada "n" di dalamnya`}},
		// slang confirmation at the summary: it got the guide's last step and the summary again
		{"summary confirmed in slang", []any{intakeTo(5)}, "udh bener smua gan",
			[]string{"[Daring (berkas PDF + video call)]"}, []string{"Terakhir: verifikasi berkas"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkReply(t, replyAfter(t, f, variants[0], tc.before, tc.text), tc.want, tc.notWant)
		})
	}
}

// TestValuesTypedInTheGuide: a company's name or an NPWP typed while the
// guide is open is told where it belongs, as at the menu (the name got
// the PT/CV document list, twice).
func TestValuesTypedInTheGuide(t *testing.T) {
	f := newFlows(t)
	for _, text := range []string{"CV Berkah Jaya Abadi", "npwp: 01.234.567.8-901.000"} {
		got := replyAfter(t, f, variants[0], []any{say("halo"), choose(1)}, text)
		checkReply(t, got, []string{"belum saya simpan", "[Registrasi & verifikasi berkas]"}, []string{"Berkas untuk badan usaha"})
	}
}

// TestOfficerAskedInsideTicket: asking for an officer inside a ticket
// conversation, after being told where messages go, gets a reply: they
// are talking to the officers already (it got none).
func TestOfficerAskedInsideTicket(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		v    variant
		text string
		want string
	}{
		{variants[0], "mau ngomong sama petugas aja", "Anda sudah terhubung dengan petugas lewat tiket #1001"},
		{variants[1], "I want to talk to a human", "You are already talking to the officers on ticket #1001"},
	} {
		got := replyAfter(t, f, tc.v, []any{registerCompanyOnline(), say("oke saya siapkan dulu berkasnya")}, tc.text)
		checkReply(t, got, []string{tc.want}, nil)
	}
}

// TestAllSentWithHeldFiles: "udh sy kirim semua" after files sent before
// any registration says they are kept and the request is what is missing
// (it said there was nothing missing and listed every form's documents).
func TestAllSentWithHeldFiles(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{say("siang kak"), pdf("ktp.pdf", "gs_text.pdf"), pdf("npwp.pdf", "qpdf_pdf20.pdf")},
		"udh sy kirim semua ya kak")
	checkReply(t, got, []string{"(ktp.pdf, npwp.pdf) kami simpan", "[Registrasi & verifikasi berkas]"},
		[]string{"belum ada berkas yang kurang", "Perusahaan asing"})
}

// TestEvaluateIsTheSurvey: "mau evaluasi layanan" (the helpdesk's own
// form is called "Evaluate") is the satisfaction survey; it got the
// office hours.
func TestEvaluateIsTheSurvey(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{say("halo")}, "mau evaluasi layanan")
	checkReply(t, got, []string{"Tidak ada survei yang menunggu jawaban Anda"}, []string{"Senin–Jumat"})
}

// TestSurveyWordInsideAForm: "survei" typed at a form's question with no
// survey waiting says so and asks the question again (it left the vendor
// without the question).
func TestSurveyWordInsideAForm(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{intakeTo(1)}, "survei")
	checkReply(t, got, []string{"Tidak ada survei yang menunggu jawaban Anda", "Kita lanjutkan: Ketik NPWP perusahaan"}, nil)
}

// TestSmallTalkWithSlang: "sy mau tanya dong" invites the question and
// "oh ok makasih min 🙏" at the guide's last step is thanks (they got "no
// answer" and the step again with a miss).
func TestSmallTalkWithSlang(t *testing.T) {
	for text, want := range map[string]talkKind{
		"sy mau tanya dong":               talkQuery,
		"oh ok makasih min 🙏":             talkThanks,
		"aku mau nanya kak":               talkQuery,
		"wah makasih banyak":              talkThanks,
		"thank u":                         talkThanks,
		"wkwk":                            talkAck,
		"mantul":                          talkAck,
		"ok min sy coba dl":               talkAck,
		"oh gitu, makasih ya":             talkThanks,
		"oh begitu":                       talkAck,
		"I see, thank you":                talkThanks,
		"i see":                           talkAck,
		"good":                            talkAck, // no "good morning"
		"good good":                       talkAck,
		"good morning":                    talkGreeting,
		"ok sebentar ya":                  talkPause,
		"bentar ya kak":                   talkPause,
		"wait a moment":                   talkPause,
		"one moment please":               talkPause,
		"tunggu ya saya cek":              talkPause,
		"let me check":                    talkNone, // no word of waiting
		"cek status":                      talkNone,
		"nanti saya kabari jadwalnya":     talkPause,
		"nanti saya tanya direktur dulu":  talkPause,
		"mau tanya dong":                  talkQuery,
		"hmm":                             talkPause,
		"hmmm...":                         talkPause,
		"emm bentar":                      talkPause,
		"umm":                             talkPause,
		"hm ok":                           talkPause,
		"maaf salah kirim":                talkOops,
		"sorry wrong chat":                talkOops,
		"maaf ya kak":                     talkOops,
		"tidak sengaja kepencet":          talkOops,
		"salah":                           talkNone, // may say an answer is wrong
		"tidak salah":                     talkNone, // nothing is wrong
		"data saya salah":                 talkNone,
		"maaf mau tanya":                  talkQuery,
		"selamat siang, maaf mengganggu":  talkGreeting,
		"sorry to bother you":             talkOops,
		"maaf mengganggu pak":             talkOops,
		"mohon maaf":                      talkOops,
		"mohon bantuannya":                talkNone, // asks for help: not an apology
		"ditunggu kabarnya ya pak":        talkAwait,
		"ok ditunggu":                     talkAwait,
		"baik pak, saya tunggu jadwalnya": talkAwait,
		"siap, kami tunggu infonya":       talkAwait,
		"lagi nunggu":                     talkAwait,
		"waiting for your reply":          talkAwait,
		"I'll wait for the update":        talkAwait,
		"looking forward to it":           talkAwait,
		"ditunggu sebentar ya":            talkPause, // a moment asked for
		"saya tunggu sebentar":            talkPause,
		"tunggu saya":                     talkPause, // wait for me
		"I'll wait a minute":              talkPause,
		"oke siap laksanakan":             talkAck,
		"hmm let me check with the director first": talkPause,
	} {
		if got := smallTalk(text); got != want {
			t.Errorf("smallTalk(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestUserIDForgottenOrLater: at the User ID question "user id nya lupa
// kak" gets where the User ID is written and that the e-mail will do, and
// "sy cek dulu ya" is a pause (both got the User ID format rule).
func TestUserIDForgottenOrLater(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{intakeTo(2)}, "user id nya lupa kak")
	checkReply(t, got, []string{"Pendaftaran Tahap 2 SIKAP - Data Terkirim", "Kita lanjutkan: Apa User ID SPSE Anda, atau email"},
		[]string{"User ID hanya berisi"})
	got = replyAfter(t, f, variants[0], []any{intakeTo(2)}, "sy cek dulu ya")
	checkReply(t, got, []string{"tetap tersimpan"}, []string{"User ID hanya berisi"})
	got = replyAfter(t, f, variants[1], []any{intakeTo(2)}, "I forgot my user id")
	checkReply(t, got, []string{"Pendaftaran Tahap 2 SIKAP - Data Terkirim"}, []string{"only letters"})
}

// TestForeignTaxIDMissed: a foreign company's name typed at its tax id
// question is told what a tax id looks like (it got "an NPWP is needed,
// the portal checks it with Cek KSWP"), and a registration wish that
// says "company without an office in Indonesia" stores no name from it.
func TestForeignTaxIDMissed(t *testing.T) {
	f := newFlows(t)
	wish := say("We are a Malaysian company without an office in Indonesia, we want to register for verification")
	got := replyAfter(t, f, variants[1], []any{say("hello"), wish, say("Acme Sdn Bhd")}, "Acme Sdn Bhd")
	checkReply(t, got, []string{"tax identification number: letters and digits"}, []string{"Cek KSWP"})
	got = replyAfter(t, f, variants[1], []any{say("hello")}, "We are a Malaysian company without an office in Indonesia, we want to register for verification")
	checkReply(t, got, []string{"What is the company's name"}, []string{"Business name:"})
}

// TestMistakeAtSummary: at the summary "eh npwp nya salah ketik kak"
// asks for the NPWP again (it got the answer that officers change vendor
// data), and a new NPWP typed alone there replaces the old one (it got
// "choose online or in person").
func TestMistakeAtSummary(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{intakeTo(5)}, "eh npwp nya salah ketik kak")
	checkReply(t, got, []string{"Ketik NPWP perusahaan"}, []string{"ditangani petugas"})
	got = replyAfter(t, f, variants[0], []any{intakeTo(5)}, "02.345.678.9-012.000")
	checkReply(t, got, []string{"Baik, saya catat — NPWP / identitas pajak: 02.345.678.9-012.000", "NPWP / identitas pajak: 02.345.678.9-012.000\n"},
		[]string{`Pilih "Daring" atau`})
	got = replyAfter(t, f, variants[1], []any{intakeTo(5)}, "the director's name is wrong")
	checkReply(t, got, []string{"director"}, []string{"officer"})
}

// TestProblemTypedAtRequestChoice: asked what an officer can help with,
// a vendor who writes a problem one of the request kinds is for gets that
// request opened with their words (it answered "type menu, choose Talk
// to an officer and Forgot password", the very step they were on).
func TestProblemTypedAtRequestChoice(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{say("pagi min"), say("5")}, "akun sy ke blokir gan, gabisa login")
	checkReply(t, got, []string{"#1001"}, []string{`pilih "Bicara dengan petugas"`})
}

// TestDocumentsForTheFormSaid: "saya Budi dari CV Maju Bersama, …
// dokumen apa saja yang perlu disiapkan?" lists a company's documents,
// not every form's, and the registration then takes that form.
func TestDocumentsForTheFormSaid(t *testing.T) {
	f := newFlows(t)
	q := "Selamat siang, saya Budi dari CV Maju Bersama, mau tanya dokumen apa saja yang perlu disiapkan? terima kasih"
	got := replyAfter(t, f, variants[0], []any{say("halo")}, q)
	checkReply(t, got, []string{"Berkas yang diperlukan — Badan usaha (PT/CV/lainnya):", "NPWP Perusahaan"},
		[]string{"Usaha perorangan:", "belum ada berkas yang kurang"})
	got = replyAfter(t, f, variants[0], []any{say("halo"), say(q)}, "Registrasi & verifikasi berkas")
	checkReply(t, got, []string{"bentuk usaha: Badan usaha"}, []string{"Apa bentuk usaha Anda?"})
}

// TestDayNamedInASentenceAtTheDays: at the days of the call, "ada slot
// jumat?" offers Friday's times (it showed the days again).
func TestDayNamedInASentenceAtTheDays(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{registerCompanyOnline(), fourPDFs(), say("pilih hari lain")}, "ada slot jumat?")
	checkReply(t, got, []string{"Jam yang masih kosong pada Jumat, 9 Januari"}, nil)
	got = replyAfter(t, f, variants[1], []any{registerCompanyOnline(), fourPDFs(), say("another day")}, "anything free on friday?")
	checkReply(t, got, []string{"Free times on Friday, 9 January"}, nil)
}

// TestOwnerSameAsName: an individual business whose name is the owner's
// answers "who attends?" with "sama kak" / "same as above": the owner is
// that name; a shop's name or a company is asked for the person's name
// ("sama dgn nama usaha" was stored as the director's name).
func TestOwnerSameAsName(t *testing.T) {
	f := newFlows(t)
	individual := func(name string) []any {
		return []any{say("halo"), choose(2), choose(2), say(name), say("3201234567890001"), say("budi@gmail.com")}
	}
	for _, tc := range []struct {
		name          string
		before        []any
		text          string
		want, notWant []string
	}{
		{"person's name", individual("Budi Santoso"), "sama kak", []string{"Direksi/Pimpinan/Pemilik: Budi Santoso"}, nil},
		{"said in full", individual("Budi Santoso"), "sama dgn nama usaha", []string{"Direksi/Pimpinan/Pemilik: Budi Santoso"}, nil},
		{"a shop's name", individual("Toko Maju Jaya"), "sama kak", []string{"Tulis nama lengkapnya saja"}, []string{"Pemilik: Toko"}},
		// a trade word at the end (found over HTTP: "Siti Rahmawati Catering" was stored as the owner)
		{"a trade after a name", individual("Siti Rahmawati Catering"), "sama kak", []string{"Tulis nama lengkapnya saja"}, []string{"Pemilik: Siti"}},
		{"a company", []any{intakeTo(3)}, "sama dgn nama usaha", []string{"Tulis nama lengkapnya saja"}, []string{"Pemilik: sama"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkReply(t, replyAfter(t, f, variants[0], tc.before, tc.text), tc.want, tc.notWant)
		})
	}
}

// TestEarliestOfferAnsweredInWords: at the earliest time offered, "yg
// paling cepet aja" / "kapan aja boleh min" / "any time is fine" / "yang
// paling pagi aja" / "the first one please" take it
// ("didn't catch the time" or "no answer"), "besok pagi aja kak" and
// "selasa siang bisa?" show that day's times (the hours, or "no
// answer"), and "kapan?" books nothing.
func TestEarliestOfferAnsweredInWords(t *testing.T) {
	f := newFlows(t)
	offered := []any{registerCompanyOnline(), fourPDFs()}
	for _, tc := range []struct {
		v             variant
		text          string
		want, notWant []string
	}{
		{variants[0], "yg paling cepet aja", []string{"terjadwal: Senin, 5 Januari 2026 pukul 13.00 WIB"}, nil},
		{variants[0], "kapan aja boleh min", []string{"terjadwal: Senin, 5 Januari 2026 pukul 13.00 WIB"}, nil},
		{variants[0], "yang paling pagi aja", []string{"terjadwal: Senin, 5 Januari 2026 pukul 13.00 WIB"}, nil},
		{variants[0], "yang pertama aja kak", []string{"terjadwal: Senin, 5 Januari 2026 pukul 13.00 WIB"}, nil},
		{variants[1], "the first one please", []string{"Monday, 5 January 2026 at 13.00 WIB"}, nil},
		{variants[1], "any time is fine", []string{"Monday, 5 January 2026 at 13.00 WIB"}, nil},
		{variants[0], "besok pagi aja kak", []string{"Jam yang masih kosong pada Selasa, 6 Januari"}, nil},
		{variants[0], "selasa siang bisa?", []string{"Jam yang masih kosong pada Selasa, 6 Januari"}, nil},
		{variants[0], "kapan?", nil, []string{"terjadwal"}},
	} {
		checkReply(t, replyAfter(t, f, tc.v, offered, tc.text), tc.want, tc.notWant)
	}
}

// TestTimeInASentenceAtTheTimes: at a day's times, "yg jam 11 ya kak"
// books 11.00 and "jam 12 lewat 20" 12.20 (they got the office hours),
// and "setengah 12" is no date (it showed Monday 12 January's times).
func TestTimeInASentenceAtTheTimes(t *testing.T) {
	f := newFlows(t)
	tuesday := []any{registerCompanyOnline(), fourPDFs(), say("selasa")}
	for _, tc := range []struct {
		text          string
		want, notWant []string
	}{
		{"yg jam 11 ya kak", []string{"terjadwal: Selasa, 6 Januari 2026 pukul 11.00 WIB"}, nil},
		{"jam 12 lewat 20", []string{"terjadwal: Selasa, 6 Januari 2026 pukul 12.20 WIB"}, nil},
		{"setengah 12", nil, []string{"12 Januari", "terjadwal"}},
	} {
		checkReply(t, replyAfter(t, f, variants[0], tuesday, tc.text), tc.want, tc.notWant)
	}
}

// TestHesitationIsAPause: "hmm", "emm", "umm" alone are someone thinking:
// at a registration question the answers are kept and the question comes
// again ("hmmm" was stored as the SPSE User ID, "hmm" at the NPWP got its
// format rule), at the call's offer the offer comes again (it got "I
// could not tell which time you mean"), at the menu a short reply (it got
// "no answer found").
func TestHesitationIsAPause(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{"", variants[0], []any{say("halo")}, "hmm", []string{"Baik, silakan."}, []string{"belum menemukan jawaban"}},
		{"", variants[0], []any{intakeTo(1)}, "hmm", []string{"tetap tersimpan", "Ketik NPWP perusahaan"}, []string{"ada \"h\""}},
		{"", variants[0], []any{intakeTo(2)}, "hmmm", []string{"tetap tersimpan", "Apa User ID SPSE Anda"}, []string{"Siapa nama Direksi"}},
		{"", variants[1], []any{intakeTo(2)}, "umm", []string{"are kept", "SPSE User ID"}, []string{"name of the director"}},
		{"", variants[0], []any{say("halo"), choose(2), choose(1)}, "PT HM Sampoerna", []string{"Ketik NPWP perusahaan"}, []string{"tetap tersimpan"}},
		{"", variants[0], []any{intakeTo(3)}, "Hm. Umar", []string{"Nomor WhatsApp"}, []string{"tetap tersimpan"}},
		{"", variants[0], []any{registerCompanyOnline(), fourPDFs()}, "hmm", []string{"tidak perlu terburu-buru", "Jadwal paling awal"},
			[]string{"belum menangkap jam"}},
		{"", variants[1], []any{registerCompanyOnline(), fourPDFs()}, "umm", []string{"take your time", "The earliest free time"},
			[]string{"could not tell which time"}},
	})
}

// TestApologyIsNotAnAnswer: "maaf salah kirim", "sorry wrong chat",
// "maaf ya kak" are an apology: a short "no problem" and the question
// again (at the menu "maaf salah kirim" got the data change request,
// "salah" being wrong data; at the director's question "maaf ya kak" and
// "sorry" were stored as the director's name). "salah nomor" at the
// phone question is not one.
func TestApologyIsNotAnAnswer(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{"", variants[0], []any{say("halo")}, "maaf salah kirim", []string{"Tidak apa-apa. Bila ada yang bisa dibantu"}, []string{"Perubahan data"}},
		{"", variants[1], []any{say("hello")}, "sorry wrong chat", []string{"No problem. If there is anything"}, []string{"vendor data"}},
		{"", variants[0], []any{intakeTo(3)}, "maaf ya kak", []string{"Tidak apa-apa.", "Siapa nama Direksi"}, []string{"Nomor WhatsApp berapa"}},
		{"", variants[1], []any{intakeTo(3)}, "sorry", []string{"No problem.", "name of the director"}, []string{"Which WhatsApp number"}},
		// a typing mistake right after an answer was taken: that answer, to
		// type again (it was "no problem" and the next question); after a
		// refused try, or with no typed answer before, the question again
		{"", variants[0], []any{intakeTo(2)}, "maaf salah ketik", []string{"kembali ke pertanyaan sebelumnya", "Jawaban Anda tadi: 01.234.567.8-901.000", "Ketik NPWP perusahaan"},
			[]string{"hanya berisi huruf", "User ID SPSE"}},
		{"", variants[1], []any{say("hello"), choose(2), choose(1), say("CV Sinar Abadi")}, "sorry, typo", []string{"back to the previous question", "Your answer was: CV Sinar Abadi"}, nil},
		{"", variants[0], []any{say("halo"), choose(2), choose(1), say("CV Sinar Abadi"), say("123")}, "maaf salah ketik",
			[]string{"Tidak apa-apa.", "Ketik NPWP perusahaan"}, []string{"kembali ke pertanyaan sebelumnya"}},
		{"", variants[0], []any{say("halo"), choose(2), choose(1)}, "maaf salah ketik", []string{"Tidak apa-apa.", "Apa nama badan usaha"}, nil},
		{"", variants[0], []any{registerCompanyOnline(), say("ok")}, "maaf salah kirim", []string{"Tidak apa-apa."}, nil},
		// an apology before a question at the name: the question answered,
		// the name asked again ("maaf mengganggu" was stored as the name)
		{"", variants[0], []any{say("halo"), choose(2), choose(2)}, "maaf mengganggu, mau tanya soal pendaftaran",
			[]string{"Pendaftaran dimulai di portal SPSE", "Kita lanjutkan: Apa nama usaha"}, []string{"Ketik NPWP"}},
		{"", variants[1], []any{say("hello"), choose(2), choose(2)}, "sorry to bother you, I have a question about registration",
			[]string{"Registration starts on the SPSE portal", "What is the business name"}, []string{"Type the owner's NPWP"}},
	})
}

// TestFarewellWithTime: a farewell that names when ("great, talk to you
// on monday", "sampai besok") ends the talk like "dadah" (the English one
// got "no answer" and the menu); what only starts like one does not.
func TestFarewellWithTime(t *testing.T) {
	for text, want := range map[string]navigation{
		"great, talk to you on monday": navDone,
		"talk soon":                    navDone,
		"speak to you tomorrow":        navDone,
		"ok, see you later":            navDone,
		"sampai besok":                 navDone,
		"sampai nanti ya kak":          navDone,
		"sampai ketemu hari senin":     navDone,
		"sampai jam berapa?":           navNone,
		"talk to an officer":           navNone,
		"talk":                         navNone,
		"speak english":                navNone,
		"sampai":                       navNone,
	} {
		if got := navWord(text); got != want {
			t.Errorf("navWord(%q) = %v, want %v", text, got, want)
		}
	}
}
