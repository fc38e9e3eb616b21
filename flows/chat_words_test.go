package flows

import (
	"strings"
	"testing"
)

// TestVendorQuestionsAnswered are questions vendors typed at the live bot
// that got a wrong answer, none, or a dead end.
func TestVendorQuestionsAnswered(t *testing.T) {
	f := newFlows(t)
	runPhraseCases(t, f, []phraseCase{
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
		// no ticket to continue, yet asked to pick one
		{"officer without tickets", []any{say("halo")}, "mau bicara dengan petugas", []string{"Pilih jenis permintaan, atau langsung tulis masalahnya"}},
		{"photo of the KTP in slang", []any{say("halo")}, "klo foto ktp gpp kan?", []string{"Foto belum bisa diterima"}},
	})
}

// TestValuesTypedAtMenu: a vendor who types form answers at the menu (a
// label before the value, or a company's name) is told where they
// belong, or they fill the registration waiting for them; "daftar"
// alone offers the verification as well as the portal's guide.
func TestValuesTypedAtMenu(t *testing.T) {
	f := newFlows(t)
	runPhraseCases(t, f, []phraseCase{
		{"labelled npwp", []any{say("halo")}, "npwp: 01.234.567.8-901.000", []string{"NPWP 01.234.567.8-901.000 belum saya simpan"}},
		{"labelled phone", []any{say("halo")}, "wa sy 0813 9876 5432", []string{"Nomor +6281398765432 belum saya simpan"}},
		{"company name", []any{say("halo")}, "PT Sinar Terang Abadi", []string{"Nama PT Sinar Terang Abadi belum saya simpan", "[Registrasi & verifikasi berkas]"}},
		{"company name fills the waiting registration", []any{intakeTo(0), say("menu")}, "PT Sinar Terang Abadi",
			[]string{"Nama usaha: PT Sinar Terang Abadi", "NPWP perusahaan"}},
		{"daftar alone", []any{say("halo")}, "daftar", []string{"Pendaftaran Penyedia", "[Panduan pendaftaran]", "[Registrasi & verifikasi berkas]"}},
	})
}

// TestWishNamesTheForm: a wish to be verified that names the business
// form starts the registration with the form noted (it got the form's
// document list and the vendor's next answers fell on the menu).
func TestWishNamesTheForm(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		v          variant
		text, want string
	}{
		{variants[0], "sy usaha perorangan, mau verifikasi", "Bentuk usaha: Usaha perorangan"},
		{variants[0], "mau verifikasi berkas utk PT kami", "Bentuk usaha: Badan usaha"},
		{variants[1], "I want to verify my individual business", "Business form: Individual business"},
		// "company" names the form only in such a wish: it got the document list and the menu
		{variants[1], "hi, i need to verify my company documents", "Business form: Company (PT/CV/other)"},
		{variants[0], "sy mau verifikasi berkas perusahaan kami", "Bentuk usaha: Badan usaha"},
		// "are" inside a statement made it a question; "without an office in Indonesia" is the foreign form
		{variants[1], "We are a Malaysian company without an office in Indonesia, we want to register for verification",
			"Business form: Foreign company without a representative office or branch in Indonesia.\n"},
		{variants[0], "kami perusahaan dari luar negeri, mau daftar verifikasi", "Bentuk usaha: Perusahaan asing"},
		{variants[0], "mau daftar verifikasi CV Karya Mandiri npwp 01.234.567.8-901.000", "Nama usaha: CV Karya Mandiri; NPWP / identitas pajak: 01.234.567.8-901.000"},
	} {
		got := replyAfter(t, f, tc.v, []any{say("halo")}, tc.text)
		if !strings.Contains(got, tc.want) {
			t.Errorf("after %q:\n%s\nwant %q", tc.text, got, tc.want)
		}
	}
}

// TestFileWordsWithHeldFiles: files sent before any registration are
// kept for it; correcting or swapping their type then is told so (it
// was told there were no files at all, right after "kept for your
// request").
func TestFileWordsWithHeldFiles(t *testing.T) {
	f := newFlows(t)
	for _, text := range []string{"itu akta ya bukan ktp", "ktp sama npwp ketuker"} {
		got := replyAfter(t, f, variants[0], []any{say("halo"), pdf("akta.pdf", "img2pdf_scan.pdf")}, text)
		for _, w := range []string{`Berkas "akta.pdf" sudah tersimpan untuk permohonan Anda`, "[Registrasi & verifikasi berkas]"} {
			if !strings.Contains(got, w) {
				t.Errorf("after %q:\n%s\nwant %q", text, got, w)
			}
		}
	}
}

// TestStatusWithoutTicketInsideAStep: asked for their status from inside
// the guide, a vendor without tickets is told how to start (it asked
// "would you like to start?" with no button to say yes, and "ya" got the
// guide's choices).
func TestStatusWithoutTicketInsideAStep(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{say("halo"), choose(1)}, "udh sampe mana berkas sy")
	if !strings.Contains(got, `ketik menu lalu pilih "Registrasi & verifikasi berkas"`) || strings.Contains(got, "Mau mulai") {
		t.Errorf("status inside the guide:\n%s\nwant how to start, not a question without buttons", got)
	}
}

// TestWhatElseOnTicket: "what else do you need?" on a ticket waiting for
// documents gets what is still missing (it went to the officers as a
// message, answered after office hours).
func TestWhatElseOnTicket(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		v          variant
		text, want string
	}{
		{variants[1], "what else do you need?", "Company NPWP"},
		{variants[0], "butuh apa lagi min?", "NPWP Perusahaan"},
	} {
		got := replyAfter(t, f, tc.v, []any{registerCompanyOnline(), pdf("ktp-direktur.pdf", "gs_text.pdf")}, tc.text)
		if !strings.Contains(got, tc.want) {
			t.Errorf("after %q:\n%s\nwant %q", tc.text, got, tc.want)
		}
	}
}

// TestGuideAcknowledged: "ok" after a guide step goes on to the next one;
// at the last step it closes the guide and offers the verification (it
// was told to choose "Lanjut", a button the last step does not have, and
// a second "ok" escalated to the officer).
func TestGuideAcknowledged(t *testing.T) {
	f := newFlows(t)
	toLast := []any{say("halo"), choose(1), choose(1), choose(1), choose(1), choose(1), choose(1), choose(1), choose(1)}
	for _, tc := range []struct {
		name string
		acts []any
		text string
		want []string
		not  []string
	}{
		{"ok mid-guide", []any{say("halo"), choose(1)}, "ok", []string{"langkah 2 dari 8"}, nil},
		{"ok at the last step", toLast, "ok", []string{"panduan selesai", "[Registrasi & verifikasi berkas]"}, []string{`Pilih "Lanjut"`}},
		{"thanks at a step", []any{say("halo"), choose(1)}, "makasih kak", []string{"langkah 1 dari 8"}, []string{`Pilih "Lanjut"`}},
		{"miss at the last step", toLast, "asdfgh", []string{"Ini langkah terakhir panduan"}, []string{`Pilih "Lanjut"`}},
		// a sentence that only says the step is done (it got "no ticket yet")
		{"done with this step", []any{say("halo"), choose(1)}, "sudah selesai langkah ini", []string{"langkah 2 dari 8"},
			[]string{"Belum ada tiket"}},
		{"done in english", []any{say("hi"), say("english"), choose(1)}, "I'm done with this step", []string{"step 2 of 8"},
			[]string{"no ticket"}},
		{"done at the last step", toLast, "finished this step", []string{"panduan selesai"}, nil},
		{"done and a problem is no ack", []any{say("halo"), choose(1)}, "sudah cek spam tetap tidak ada", nil, []string{"langkah 2 dari 8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkReply(t, replyAfter(t, f, variants[0], tc.acts, tc.text), tc.want, tc.not)
		})
	}
}

// TestHeldFileNamedInWords: a file sent before any request whose name
// says nothing ("scan-0001.pdf"), then "itu ktp direktur saya": the bot
// notes it as the director's KTP (it got the file-format answer) and,
// once the registration is made, files it as that, without asking
// which document it is.
func TestHeldFileNamedInWords(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(say("halo"), pdf("scan-0001.pdf", "gs_text.pdf")))
	r.last = nil
	got := repliesText(r, say("itu ktp direktur saya"))
	if !strings.Contains(got, `"scan-0001.pdf" saya catat sebagai KTP`) {
		t.Fatalf("\"itu ktp direktur saya\" of a kept file answered:\n%s", got)
	}
	r.last = nil
	got = repliesText(r, registerCompanyOnline())
	if !strings.Contains(got, `KTP/KITAS/KITAP Direksi/Pimpinan Perusahaan ("scan-0001.pdf")`) || strings.Contains(got, "dokumen apa?") {
		t.Errorf("the registration filed the kept file as:\n%s\nwant it filed as the director's KTP", got)
	}
}

// TestWordsOnly: the one reader of "key words and filler alone" that
// whatNow, asksNeeds, asksWhichOne, asksWhatToFill, stepDone and saysOnly
// share: every word a key's or filler, a word of each key set, a word
// counting for the first set that holds it.
func TestWordsOnly(t *testing.T) {
	a, b, fill := wordSet("terus", "lalu"), wordSet("gimana", "apa"), wordSet("dong", "ya")
	both := wordSet("lalu", "apa")
	for _, c := range []struct {
		ws   []string
		keys []map[string]bool
		want bool
	}{
		{[]string{"terus", "gimana", "dong"}, []map[string]bool{a, b}, true},
		{[]string{"gimana", "dong"}, []map[string]bool{a, b}, false},           // no word of a
		{[]string{"terus", "gimana", "besok"}, []map[string]bool{a, b}, false}, // a word of neither
		{nil, []map[string]bool{a}, false},                                     // nothing said
		{[]string{"lalu"}, []map[string]bool{both, a}, false},                  // counted for the first set only
		{[]string{"lalu", "terus"}, []map[string]bool{both, a}, true},
		{[]string{"ya", "dong"}, nil, false}, // no key set: nothing to say
	} {
		if got := wordsOnly(c.ws, fill, c.keys...); got != c.want {
			t.Errorf("wordsOnly(%q) = %v, want %v", c.ws, got, c.want)
		}
	}
}
