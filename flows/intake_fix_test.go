package flows

import (
	"strings"
	"testing"
	"time"
)

// TestEarlierAnswerFixedInPassing: at a later question of the
// registration, "npwp tadi salah" was stored as the director's name,
// "sorry the company name was wrong" refused as a WhatsApp number, "eh
// nama perusahaannya salah ketik, harusnya CV Maju Jaya Abadi" stored as
// the director, "nama direkturnya salah" at the director's question
// stored as the director, and "ulang dari awal" refused as a User ID.
// The answer named is asked again with its old value (taken at once when
// the right name follows "harusnya" / "should be"); the restart starts
// the registration over.
func TestEarlierAnswerFixedInPassing(t *testing.T) {
	f := newFlows(t)
	atDirector, atPhone := []any{intakeTo(3)}, []any{intakeTo(4)}
	runReplyCases(t, f, []replyCase{
		{name: "npwp", v: variants[0], before: atDirector, text: "npwp tadi salah",
			want: []string{"Jawaban Anda tadi: 01.234.567.8-901.000", "Ketik NPWP perusahaan"}},
		{name: "npwp retyped", v: variants[0], before: []any{intakeTo(3), say("npwp tadi salah")}, text: "02.345.678.9-012.000",
			want: []string{"Siapa nama Direksi"}},
		{name: "name with the right one", v: variants[0], before: atDirector,
			text: "eh nama perusahaannya salah ketik, harusnya CV Maju Jaya Abadi",
			want: []string{"Baik, saya catat — Nama usaha: CV Maju Jaya Abadi.", "Siapa nama Direksi"}},
		{name: "english", v: variants[1], before: atPhone, text: "sorry the company name was wrong",
			want: []string{"Your answer was: CV Maju Jaya", "What is the company's name?"}, notWant: []string{"can't use that number"}},
		{name: "english with the right one", v: variants[1], before: atPhone,
			text: "sorry the company name was wrong, it should be CV Maju Jaya Abadi",
			want: []string{"Noted — Business name: CV Maju Jaya Abadi.", "Which WhatsApp number"}},
		{name: "the question asked", v: variants[0], before: atDirector, text: "nama direkturnya salah",
			want: []string{"Siapa nama Direksi"}, notWant: []string{"Nomor WhatsApp berapa"}},
		{name: "restart", v: variants[0], before: []any{intakeTo(2)}, text: "ulang dari awal",
			want: []string{"Baik, kita mulai dari awal.", "Apa bentuk usaha Anda?"}, notWant: []string{"User ID hanya berisi"}},
		{name: "a new number still", v: variants[0], before: atDirector, text: "eh salah, npwpnya 02.345.678.9-012.000",
			want: []string{"02.345.678.9-012.000"}},
	})
	summary := replyAfter(t, f, variants[0], []any{intakeTo(3), say("eh nama perusahaannya salah ketik, harusnya CV Maju Jaya Abadi"),
		say("Budi Santoso")}, "0812-3456-7890")
	checkReply(t, summary, []string{"• Nama: CV Maju Jaya Abadi", "• Direksi/Pimpinan/Pemilik: Budi Santoso"}, nil)
}

// FuzzSplitCorrection: whatever is typed, the two parts are pieces of it
// and the value is empty when the message has no correction cue.
func FuzzSplitCorrection(f *testing.F) {
	for _, s := range []string{"eh nama perusahaannya salah ketik, harusnya CV Maju Jaya Abadi", "npwp salah", "it should be ", " harusnya ", "", "İİİ harusnya x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		left, value := splitCorrection(s)
		if !strings.Contains(s, left) || !strings.Contains(s, value) {
			t.Errorf("splitCorrection(%q) = %q, %q: not pieces of it", s, left, value)
		}
	})
}

// TestQuestionAfterAPause: a question asked after days away got only
// "welcome back, continue or start over?", the question unanswered. It
// is answered first; a greeting or an answer to the old question still
// gets the choice alone.
func TestQuestionAfterAPause(t *testing.T) {
	f := newFlows(t)
	away := []any{registerCompanyOnline(), fourPDFs(), wait(72 * time.Hour)}
	resume := "Selamat datang kembali!"
	runReplyCases(t, f, []replyCase{
		{name: "hours", v: variants[0], before: away, text: "jam layanan sampai jam berapa?",
			want: []string{"Senin–Jumat 10.00–14.00 WIB", resume}},
		{name: "english", v: variants[1], before: away, text: "where is the office?",
			want: []string{"Mall Pelayanan Publik (MPP) Graha Tiyasa", "Welcome back!"}},
		{name: "greeting", v: variants[0], before: away, text: "halo",
			want: []string{resume}, notWant: []string{"Senin–Jumat 10.00–14.00 WIB"}},
		{name: "an old answer", v: variants[0], before: []any{intakeTo(2), wait(72 * time.Hour)}, text: "majujaya01",
			want: []string{resume}, notWant: []string{"Siapa nama Direksi"}},
	})
}
