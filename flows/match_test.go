package flows

import (
	"slices"
	"strings"
	"testing"
)

// TestMatcherQuestions asks the matcher questions the way vendors type
// them (informal Indonesian, typos, English) and checks the answer it
// picks; "" means it must say honestly that it found nothing.
func TestMatcherQuestions(t *testing.T) {
	f := newFlows(t)
	cases := []struct{ q, want string }{
		// Indonesian, as typed in chat
		{"email konfirmasi tidak masuk", "confirm_email"},
		{"email konfirmasi gak masuk2 min", "confirm_email"},
		{"sudah daftar tapi blm dapat email", "confirm_email|guide.3"},
		{"emailnya ga dateng", "confirm_email"},
		{"NPWP saya katanya sudah terdaftar", "npwp_registered"},
		{"npwp sdh terdaftar di lpse lain gmn", "npwp_registered"},
		{"cek kswp muncul duplikasi data", "npwp_registered"},
		{"jam berapa bisa verifikasi?", "hours"},
		{"jam layanan kapan ya", "hours"},
		{"sabtu buka gak?", "hours"},
		{"berkas apa saja untuk CV?", "docs_company"},
		{"syarat dokumen PT apa aja", "docs_company"},
		{"persyaratan usaha perorangan", "docs_individual"},
		{"dokumen untuk perusahaan asing", "docs_foreign"},
		{"alamat mpp dimana", "location"},
		{"lokasi verifikasi tatap muka", "location"},
		{"lupa password", "forgot_password"},
		{"lupa pasword akun spse", "forgot_password"},
		{"tidak bisa login", "forgot_password"},
		{"syarat password apa", "password_rules"},
		{"indikator password tidak hijau", "password_rules|guide.5"},
		{"bisa verifikasi online?", "online_verification"},
		{"kapan video call nya", "video_call|intent.my_call"},
		{"cara daftar jadi penyedia", "register_how"},
		{"apa itu sikap", "sikap"},
		{"nomor telepon lpse berapa", "contact"},
		{"ukuran file maksimal berapa mb", "file_format"},
		{"file saya lebih dari 4mb gimana?", "file_format"},
		{"is the service free?", ""}, // no text states a fee: not the free call slots
		{"is verification free?", ""},
		{"my file is bigger than 4 MB, what do I do?", "file_format"},
		{"mau ganti alamat email perusahaan", "data_change"},
		{"aplikasi error terus", "app_problem"},
		{"kode keamanan captcha salah terus", "security_code"},
		{"kode keamanan diisi di mana", "guide.2"},
		{"cara cek kswp", "guide.4|npwp_registered"},
		{"email kedua data terkirim maksudnya apa", "second_email"},
		{"verifkasi berkas gmn caranya", "online_verification"},
		// English
		{"the confirmation email never arrived", "confirm_email"},
		{"I didn't get the confirmation email", "confirm_email"},
		{"my NPWP is already registered", "npwp_registered"},
		{"what time can I do the verification?", "hours"},
		{"opening hours", "hours"},
		{"which documents does a CV need?", "docs_company"},
		{"documents for an individual business", "docs_individual"},
		{"where is the office", "location"},
		{"I forgot my password", "forgot_password"},
		{"password requirements", "password_rules"},
		{"how to register as a vendor", "register_how"},
		{"what is SIKaP", "sikap"},
		{"maximum file size", "file_format"},
		{"I want to change our company address", "data_change"},
		{"the application shows an error", "app_problem"},
		// nothing to find
		{"cuaca hari ini cerah", ""},
		{"nice weather today", ""},
		{"asdf qwerty", ""},
		{"terima kasih banyak", ""},
		{"ok", ""},
	}
	lowest, highest := 1e9, 0.0
	for _, c := range cases {
		r := f.latest().match.Rank(c.q)
		if c.want != "" && len(r) > 0 && r[0].Score < lowest {
			lowest = r[0].Score
		}
		if c.want == "" && len(r) > 0 && r[0].Score > highest {
			highest = r[0].Score
		}
		m, ok := f.latest().match.Best(c.q)
		got := ""
		if ok {
			got = m.ID
		}
		if !slices.Contains(strings.Split(c.want, "|"), got) {
			t.Errorf("%q: got %q, want %q (ranking %v)", c.q, got, c.want, top3(f.latest().match.Rank(c.q)))
		}
	}
	t.Logf("%d questions; lowest expected match %.1f, highest non-match %.1f, threshold %.1f",
		len(cases), lowest, highest, minMatchScore)
}

func top3(ms []Match) []Match {
	if len(ms) > 3 {
		return ms[:3]
	}
	return ms
}

func TestMatcherEmpty(t *testing.T) {
	m := NewMatcher(nil)
	if _, ok := m.Best("apa saja"); ok {
		t.Fatal("empty matcher matched")
	}
	if r := m.Rank(""); r != nil {
		t.Fatalf("rank of empty query = %v", r)
	}
}

func FuzzMatcher(f *testing.F) {
	fl, err := New(Config{}, nil)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"email konfirmasi tidak masuk", "", "ÄÖÜ--!!", "jam brp??", "a-b-c-d e-mail"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		r := fl.latest().match.Rank(q)
		for i := 1; i < len(r); i++ {
			if r[i].Score > r[i-1].Score {
				t.Fatalf("ranking not sorted: %v", r)
			}
		}
		if m, ok := fl.latest().match.Best(q); ok && (len(r) == 0 || m != r[0]) {
			t.Fatalf("best %v is not the top of %v", m, r)
		}
	})
}

// TestMatchWholeKeyword: a question that holds one answer's keyword whole
// beats an answer whose longer keyword shares only a word of it, whatever
// the order of the entries.
func TestMatchWholeKeyword(t *testing.T) {
	elsewhere := MatchEntry{ID: "elsewhere", Keywords: []string{"npwp sudah terdaftar di tempat lain"}}
	how := MatchEntry{ID: "how", Keywords: []string{"mendaftar", "pendaftaran baru"}}
	for _, entries := range [][]MatchEntry{{elsewhere, how}, {how, elsewhere}} {
		m := NewMatcher(entries)
		for _, q := range []string{"saya mau daftar", "daftar", "bagaimana cara mendaftar"} {
			if got, ok := m.Best(q); !ok || got.ID != "how" {
				t.Errorf("%q → %+v (%v), want how", q, got, ok)
			}
		}
		if got, ok := m.Best("npwp saya sudah terdaftar"); !ok || got.ID != "elsewhere" {
			t.Errorf("npwp already registered → %+v (%v), want elsewhere", got, ok)
		}
	}
}

// TestMatchManyTied: words that several answers share equally name none
// of them; two answers tied still give the first.
func TestMatchManyTied(t *testing.T) {
	e := func(id, kw string) MatchEntry { return MatchEntry{ID: id, Keywords: []string{kw}} }
	three := NewMatcher([]MatchEntry{e("a", "verifikasi berkas email"), e("b", "verifikasi berkas jadwal"),
		e("c", "verifikasi berkas akhir"), e("d", "lupa password")})
	if got, ok := three.Best("verifikasi berkas bayar"); ok {
		t.Errorf("three answers tied, yet %+v was given", got)
	}
	if got, ok := three.Best("verifikasi berkas email"); !ok || got.ID != "a" {
		t.Errorf("verifikasi berkas email → %+v (%v), want a", got, ok)
	}
	two := NewMatcher([]MatchEntry{e("a", "verifikasi berkas email"), e("b", "verifikasi berkas jadwal"), e("d", "lupa password")})
	if got, ok := two.Best("verifikasi berkas bayar"); !ok || got.ID != "a" {
		t.Errorf("two tied: %+v (%v), want a", got, ok)
	}
}

// TestMatchCoverage: an answer that has one word of a long question it
// is not about is no answer; one that has most of it is.
func TestMatchCoverage(t *testing.T) {
	m := NewMatcher([]MatchEntry{
		{ID: "email", Keywords: []string{"email konfirmasi tidak terkirim", "email belum masuk"}},
		{ID: "hours", Keywords: []string{"jam layanan", "jam buka"}},
		{ID: "docs", Keywords: []string{"syarat dokumen", "berkas apa saja"}},
	})
	if got, ok := m.Best("berkas tender kami hilang dari sistem kemarin"); ok {
		t.Errorf("a question about a tender bid got %+v", got)
	}
	got, ok := m.Best("email konfirmasi kok belum terkirim")
	if !ok || got.ID != "email" {
		t.Errorf("email question → %+v (%v), want email", got, ok)
	}
	if got.Covered < 0.5 || got.Covered > 1 {
		t.Errorf("covered %.2f", got.Covered)
	}
}

// BenchmarkMatch ranks a few vendor questions against the built-in answers.
func BenchmarkMatch(b *testing.B) {
	m := newFlows(b).latest().match
	qs := []string{"jam layanan kapan ya", "email konfirmasi gak masuk2 min", "saya mau daftar",
		"penawaran tender kemarin tidak terkirim sebelum batas waktu", "what documents do I need for a PT"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Rank(qs[i%len(qs)])
	}
}

// An entry that needs a word ranks only for questions that have one.
func TestMatchNeeds(t *testing.T) {
	m := NewMatcher([]MatchEntry{
		{ID: "call_length", Keywords: []string{"how long is the video call"}, Needs: []string{"call", "vc"}},
		{ID: "hours", Keywords: []string{"opening hours", "when are you open"}},
	})
	if r := m.Rank("how long does the verification take"); len(r) > 0 && r[0].ID == "call_length" {
		t.Errorf("a question without the call ranked the call's length first: %+v", r)
	}
	if r := m.Rank("how long is the vc"); len(r) == 0 || r[0].ID != "call_length" {
		t.Errorf("a question about the call: %+v", r)
	}
}
