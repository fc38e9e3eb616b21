package flows

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/knowledge"
)

// TestQuestionsRecorded: an answered question is counted without its
// text, a missed one keeps it, a request taken to an officer keeps it
// whichever kind of request it was, and a password-like text is never
// kept. Then a group of misses attached
// to an answer (as /admin/unanswered does) is answered the next time a
// vendor writes it in the same words.
func TestQuestionsRecorded(t *testing.T) {
	f := newFlows(t)
	b := newSQLiteBackend(t)
	r := &runner{t: t, f: f, b: b, v: variants[0], now: mondayMorning}
	r.do(say("halo"))
	ask(r, "jam berapa bisa verifikasi?")
	const miss = "bisakah saya membawa hewan peliharaan?"
	ask(r, miss)
	ask(r, "Bisakah saya membawa HEWAN peliharaan??")
	r.do(say("menu"))
	r.do(choose(5)) // talk to an officer
	r.do(choose(4)) // something else
	ask(r, "Saya mau tanya soal pajak tender tahun lalu")
	for _, req := range []struct{ label, text string }{ // the other kinds of request, by their labels
		{"Lupa password / reset akun", "Akun saya terkunci sejak kemarin, tidak bisa masuk"},
		{"Masalah aplikasi", "Aplikasi error saat unggah penawaran tender"},
		{"Perubahan data", "Mohon ubah alamat kantor perusahaan kami"},
	} {
		r.do(say("menu"))
		r.do(choose(5)) // talk to an officer
		r.do(say(req.label))
		if got := ask(r, req.text); !strings.Contains(got, "#100") {
			t.Fatalf("%s request: %q", req.label, got)
		}
	}

	var all, open []loket.BotQuestion
	if err := b.inTx(bg, func(tx testTx) error {
		var err error
		if all, err = tx.BotQuestionsBetween(bg, mondayMorning.Add(-time.Hour), mondayMorning.Add(24*time.Hour)); err != nil {
			return err
		}
		open, err = tx.OpenBotQuestions(bg, 100)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range all {
		got = append(got, q.Outcome+"|"+q.AnswerKey)
	}
	if want := []string{"answered|hours", "unmatched|", "unmatched|", "officer|", "officer|", "officer|", "officer|"}; !slices.Equal(got, want) {
		t.Fatalf("recorded %v, want %v", got, want)
	}
	got = nil
	for _, q := range open { // newest first, with their text
		got = append(got, q.Outcome+"|"+q.Text)
		if q.ContactID == 0 || q.Channel != loket.ChannelWhatsApp || q.Lang != loket.LangID {
			t.Errorf("question %+v lacks who asked", q)
		}
	}
	if want := []string{"officer|Mohon ubah alamat kantor perusahaan kami", "officer|Aplikasi error saat unggah penawaran tender",
		"officer|Akun saya terkunci sejak kemarin, tidak bisa masuk",
		"officer|Saya mau tanya soal pajak tender tahun lalu", "unmatched|Bisakah saya membawa HEWAN peliharaan??",
		"unmatched|" + miss}; !slices.Equal(got, want) {
		t.Fatalf("kept:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The office groups the misses and attaches them to a new answer.
	groups := knowledge.Group(open)
	if len(groups) != 5 || groups[0].Count != 2 {
		t.Fatalf("groups = %+v", groups)
	}
	an := knowledge.Answer{Key: "pets", Text: knowledge.Text{ID: "Hewan peliharaan tidak boleh dibawa ke {place}.", EN: "Pets are not allowed at {place}."}}
	for _, q := range groups[0].Examples {
		an.Phrasings.Add(q.Lang, q.Text)
	}
	r.do(setup(func(tx testTx, _ *loket.Contact) error {
		body, _ := json.Marshal(an)
		return tx.SaveKnowledge(bg, &loket.KnowledgeVersion{Kind: loket.KnowAnswer, Key: "pets", Body: body, Note: "unanswered: 2"})
	}))
	r.do(say("menu"))
	if got := ask(r, miss); !strings.Contains(got, "Hewan peliharaan tidak boleh dibawa ke Mall Pelayanan Publik (MPP) Graha Tiyasa.") {
		t.Errorf("the same words after the office taught the bot: %q", got)
	}
}

// TestFirstQuestionUnansweredSaysSo: a question the bot cannot answer, as
// a vendor's very first message, is not passed over by the greeting: the
// greeting says it cannot answer it and where an officer can, the menu
// follows with its numbers unchanged, and the question is kept for
// /admin/unanswered. A plain greeting first keeps the plain welcome.
func TestFirstQuestionUnansweredSaysSo(t *testing.T) {
	for _, c := range []struct {
		first, says string
		lang        loket.Lang
	}{
		{"berapa biaya pendaftarannya?", "belum bisa saya jawab sendiri", loket.LangID},
		{"is there a fee for the registration?", "I can't answer that question myself yet", loket.LangEN},
	} {
		got, r, open := firstMessage(t, c.first)
		if !strings.Contains(got, c.says) {
			t.Errorf("first %q answered %q, want it to say %q", c.first, got, c.says)
		}
		if len(open) != 1 || open[0].Text != c.first || open[0].Outcome != loket.QuestionUnmatched || open[0].Lang != c.lang {
			t.Errorf("first %q kept as %+v, want one unmatched question in %s", c.first, open, c.lang)
		}
		if got := ask(r, "halo"); strings.Contains(got, c.says) {
			t.Errorf("a greeting after it answered %q", got)
		}
	}
	r := &runner{t: t, f: newFlows(t), b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	if got := ask(r, "halo"); strings.Contains(got, "belum bisa saya jawab") || !strings.Contains(got, "Silakan pilih") {
		t.Errorf("a plain greeting first answered %q", got)
	}
}

// firstMessage sends text as a new vendor's first message on a fresh
// store and returns the answer, the runner (to go on) and the questions
// kept for /admin/unanswered; it checks the menu's 7 buttons came with it.
func firstMessage(t *testing.T, text string) (string, *runner, []loket.BotQuestion) {
	t.Helper()
	b := newSQLiteBackend(t)
	r := &runner{t: t, f: newFlows(t), b: b, v: variants[0], now: mondayMorning}
	got := ask(r, text)
	if r.flat() != 7 {
		t.Errorf("first %q: %d buttons, want the menu's 7", text, r.flat())
	}
	var open []loket.BotQuestion
	if err := b.inTx(bg, func(tx testTx) error {
		var err error
		open, err = tx.OpenBotQuestions(bg, 10)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return got, r, open
}

// A question about a fee no text states, at the menu, gets the honest "no
// answer" rather than the menu choice one of its words names ("is
// verification free?" started the registration).
func TestFeeQuestionAtMenuNotAChoice(t *testing.T) {
	for _, c := range []struct{ q, none string }{
		{"is verification free?", "belum punya jawaban"}, // too few English words to leave Bahasa
		{"apakah verifikasi gratis?", "belum punya jawaban"},
	} {
		r := &runner{t: t, f: newFlows(t), b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
		r.do(say("halo"))
		if got := ask(r, c.q); !strings.Contains(got, c.none) {
			t.Errorf("%q at the menu answered %q, want the honest no-answer", c.q, got)
		}
	}
}
