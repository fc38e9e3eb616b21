package flows

import (
	"testing"
	"time"
)

// TestWhatToBringInPerson: "what do I bring when I come in person?" names
// the documents (it gave the counter's address and "originals plus
// photocopies" without naming one); a vendor whose business form the bot
// knows gets that form's list only.
func TestWhatToBringInPerson(t *testing.T) {
	f := newFlows(t)
	every := []string{"KTP/KITAS/KITAP Direksi/Pimpinan Perusahaan", "NPWP Perusahaan", "KTP pemilik usaha",
		"Surat Setor Pajak", "Article of Incorporation", "fotokopi", "Mall Pelayanan Publik"}
	runReplyCases(t, f, []replyCase{
		{"slang at the menu", variants[0], []any{say("halo")}, "bawa apa aja kalo dtg langsung",
			append(every, "[Registrasi & verifikasi berkas]"), nil},
		{"english at the menu", variants[1], []any{say("hello")}, "what should I bring if I come in person?",
			[]string{"ID card (KTP/KITAS/KITAP) of the director", "Owner's NPWP", "Deed or certificate of incorporation", "photocopy"}, nil},
		{"the form being registered", variants[0], []any{say("halo"), choose(2), choose(2)}, "kalau datang langsung bawa berkas apa aja min?",
			[]string{"Usaha perorangan:", "KTP pemilik usaha", "Surat Setor Pajak", "Kita lanjutkan"},
			[]string{"Article of Incorporation", "NPWP Perusahaan"}},
		{"the form asked about", variants[0], []any{say("halo")}, "utk PT bawa apa aja ya kalau verifikasi tatap muka?",
			[]string{"Badan usaha (PT/CV/lainnya):", "KTP/KITAS/KITAP Direksi", "Akta Perusahaan"},
			[]string{"Surat Setor Pajak", "Article of Incorporation"}},
	})
}

// TestRegistrationTakesTheFormAskedAbout: after the documents of one
// business form were answered, the registration the vendor starts next
// takes that form instead of asking it again; "back" still chooses
// another.
func TestRegistrationTakesTheFormAskedAbout(t *testing.T) {
	f := newFlows(t)
	foreign := []any{say("hello"), say("We are a Malaysian company without an office in Indonesia. What do we need?")}
	runReplyCases(t, f, []replyCase{
		{"typed wish", variants[1], foreign, "register us",
			[]string{"business form: Foreign company without a representative office or branch in Indonesia",
				"What is the company's name (as on the deed of incorporation)?"}, []string{"What is your business form?"}},
		{"menu button", variants[1], append(foreign, say("menu")), "Registration & document verification",
			[]string{"business form: Foreign company", "as on the deed of incorporation"}, []string{"What is your business form?"}},
		{"back to the form", variants[1], append(foreign, say("register us")), "back",
			[]string{"What is your business form?"}, nil},
		{"individual in slang", variants[0], []any{say("halo"), say("sy usaha perorangan, berkasnya apa aja?")}, "oke mau daftar verifikasi",
			[]string{"bentuk usaha: Usaha perorangan", "Apa nama usaha"}, []string{"Apa bentuk usaha Anda?"}},
		{"nothing asked", variants[0], []any{say("halo")}, "mau daftar verifikasi",
			[]string{"Apa bentuk usaha Anda?"}, nil},
	})
}

// TestWhatToBringOnTicket: asked on the in-person ticket just opened,
// "what should I bring?" is answered with that form's originals (it went
// to the officer unanswered: a question of one content word scores low).
func TestWhatToBringOnTicket(t *testing.T) {
	f := newFlows(t)
	inPerson := []any{say("halo"), choose(2), choose(2), say("Toko Sinar Abadi"), say("01.234.567.8-901.000"),
		say("sinar@abadi.id"), say("Siti Rahma"), say("0812-3456-7890"), choose(2)}
	got := replyAfter(t, f, variants[0], inPerson, "bawa apa aja ya?")
	checkReply(t, got, []string{"Usaha perorangan:", "KTP pemilik usaha", "Surat Setor Pajak"}, []string{"NPWP Perusahaan"})
}

// TestFormAskedAboutLongAgo: a form asked about before a long pause is
// not taken for a registration started after it.
func TestFormAskedAboutLongAgo(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{say("halo"), say("berkas untuk usaha perorangan apa saja?"), wait(48 * time.Hour)},
		"mau daftar verifikasi")
	checkReply(t, got, []string{"Apa bentuk usaha Anda?"}, []string{"seperti yang Anda sebut tadi"})
}

// TestOwnFormSaidInPassing: a vendor who says their own business form
// in a message answered about something else ("saya usaha perorangan
// jualan atk, mau ikut tender bisa?" got the tender answer) then asks
// the requirements gets that form's list; it got every form's. A form
// named about someone else ("direktur warga negara asing") or two
// forms side by side are no business form of theirs.
func TestOwnFormSaidInPassing(t *testing.T) {
	f := newFlows(t)
	all := []string{"menurut bentuk usaha", "by business form"}
	runReplyCases(t, f, []replyCase{
		{name: "individual, tender", v: variants[0], before: []any{say("saya usaha perorangan jualan atk, mau ikut tender bisa?")},
			text: "syaratnya apa aja ya", want: []string{"Usaha perorangan", "KTP pemilik usaha"}, notWant: append(all, "NPWP Perusahaan")},
		{name: "company, register", v: variants[0], before: []any{say("kami CV, mau ikut tender")},
			text: "syaratnya apa aja ya", want: []string{"NPWP Perusahaan"}, notWant: append(all, "KTP pemilik usaha")},
		{name: "english", v: variants[1], before: []any{say("hello, I'm a sole proprietor, how do I take part in tenders?")},
			text: "what documents do I need?", want: []string{"Owner's NPWP"}, notWant: append(all, "Company NPWP")},
		{name: "a foreign director", v: variants[0], before: []any{say("kalau direktur warga negara asing pakai paspor boleh?")},
			text: "syaratnya apa aja ya", want: []string{"menurut bentuk usaha"}},
		{name: "two forms", v: variants[0], before: []any{say("bedanya perorangan dan CV apa?")},
			text: "syaratnya apa aja ya", want: []string{"menurut bentuk usaha"}},
	})
}

// FuzzOwnFormSaid: whatever is typed, the form read as the vendor's own
// is a valid one named in the text, and none when the text names none.
func FuzzOwnFormSaid(f *testing.F) {
	for _, s := range []string{"saya usaha perorangan jualan atk", "kami CV", "I'm a sole proprietor", "bedanya perorangan dan CV apa?", "", "sy pt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ownFormSaid(s)
		if got == "" {
			return
		}
		if !got.Valid() || formFromText(s) == "" {
			t.Errorf("ownFormSaid(%q) = %q, naming no form", s, got)
		}
	})
}

// TestMustItBeACompany: "harus pt/cv ya?" got a company's documents
// (its words were "pt" and "cv" alone); a question whether a company is
// needed gets who may register. One naming a document keeps its answer.
func TestMustItBeACompany(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "slash", v: variants[0], before: []any{say("halo")}, text: "harus pt/cv ya?",
			want: []string{"usaha perorangan"}, notWant: []string{"1. KTP/KITAS/KITAP Direksi"}},
		{name: "english", v: variants[1], before: []any{say("hello")}, text: "do we need a company?",
			want: []string{"A PT or CV is not required"}},
	})
	for _, c := range []struct {
		text string
		want bool
	}{
		{"harus pt/cv ya?", true}, {"apakah harus punya perusahaan?", true}, {"must it be a PT or CV?", true},
		{"pt wajib upload akta ga?", false}, {"npwp harus atas nama perusahaan?", false}, {"saya pt", false},
	} {
		if got := asksFormNeeded(c.text); got != c.want {
			t.Errorf("asksFormNeeded(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
