package flows

import (
	"encoding/json"
	"strings"
	"testing"

	"loket"
	"loket/knowledge"
)

// An answer the office edited in the console, asked inside a form step,
// goes out without buttons (the step's question follows with its own).
// When the office's words point at a button or a choice, the bot adds a
// sentence saying where those are and that the step goes on below; an
// answer that points at nothing goes out as the office wrote it.
func TestEditedAnswerInStepSaysWhatToDo(t *testing.T) {
	edit := func(f *Flows, key, id, en string) act {
		return setup(func(tx testTx, _ *loket.Contact) error {
			var a knowledge.Answer
			for _, b := range f.BuiltInAnswers() {
				if b.Key == key {
					a = b // the console edits the text and keeps the phrasings
				}
			}
			a.Text = knowledge.Text{ID: id, EN: en}
			body, err := json.Marshal(a)
			if err != nil {
				return err
			}
			return tx.SaveKnowledge(bg, &loket.KnowledgeVersion{Kind: loket.KnowAnswer, Key: key, Body: body, Note: "edit",
				CreatedAt: mondayMorning})
		})
	}
	for _, tc := range []struct {
		lang            loket.Lang
		start, question []act
		note, step      string
	}{
		{loket.LangID, intakeTo(1), []act{say("jam berapa verifikasi offline?")},
			"ketik menu untuk membukanya", "Kita lanjutkan: Ketik NPWP perusahaan"},
		{loket.LangEN, []act{say("hello"), choose(2), choose(1), say("CV Maju Jaya")}, []act{say("what time is the offline verification?")},
			"type menu to open them", "Let's continue: Type the company's NPWP"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			for _, pointing := range []bool{true, false} {
				f := newFlows(t) // its knowledge cache is per stamp, not per database
				r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
				// (Not "pilih tombol di bawah": every transcript fails a reply that says so without buttons.)
				id, en := "Layanan buka {hours}. Klik \"Daftar sekarang\" untuk mulai.",
					"We are open {hours}. Tap \"Register now\" to start."
				if !pointing {
					id, en = "Layanan buka {hours}.", "We are open {hours}."
				}
				r.do(edit(f, "location", id, en))
				r.do(edit(f, "hours", id, en))
				r.play(tc.start)
				r.last = nil
				r.play(tc.question)
				got := lastText(r)
				if !strings.Contains(got, "10.00–14.00") || !strings.Contains(got, tc.step) {
					t.Fatalf("the edited answer and the step's question: %q", got)
				}
				if strings.Contains(got, tc.note) != pointing {
					t.Errorf("answer pointing at a button: %v; the bot's sentence (%q) in %q", pointing, tc.note, got)
				}
				if pointing && strings.Index(got, tc.note) > strings.Index(got, tc.step) {
					t.Errorf("the bot's sentence comes after the step's question: %q", got)
				}
			}
		})
	}
}
