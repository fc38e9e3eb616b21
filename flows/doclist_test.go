package flows

import (
	"encoding/json"
	"strings"
	"testing"

	"loket"
	"loket/knowledge"
)

// An office that edits the built-in document-list answer keeps its words
// around the list, and the list itself keeps following the requirements:
// the answer holds {docs_company}, which the bot fills when it answers,
// in the vendor's language.
func TestEditedDocumentListFollowsRequirements(t *testing.T) {
	f := newFlows(t)
	r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	var an knowledge.Answer
	for _, a := range f.BuiltInAnswers() {
		if a.Key == "docs_company" {
			an = a
		}
	}
	if !strings.Contains(an.Text.ID, "{docs_company}") || !strings.Contains(an.Text.EN, "{docs_company}") ||
		strings.Contains(an.Text.ID, "KTP") {
		t.Fatalf("built-in document-list answer as the console shows it: %+v", an.Text)
	}
	an.Text.ID = strings.Replace(an.Text.ID, "Berkas untuk badan usaha (PT/CV):", "Siapkan berkas berikut, ya:", 1)
	an.Text.EN = strings.Replace(an.Text.EN, "Documents for a company (PT/CV):", "Please prepare:", 1)
	an.Normalize()
	if ps := an.Check(); ps != nil {
		t.Fatalf("edited answer refused: %+v", ps)
	}
	r.do(setup(func(tx testTx, _ *loket.Contact) error {
		body, _ := json.Marshal(an)
		return tx.SaveKnowledge(bg, &loket.KnowledgeVersion{Kind: loket.KnowAnswer, Key: an.Key, Body: body, CreatedAt: mondayMorning})
	}))
	if got := ask(r, "berkas apa saja untuk CV?"); !strings.HasPrefix(got, "Siapkan berkas berikut, ya:\n1. KTP/KITAS/KITAP") ||
		strings.Contains(got, "{docs_company}") || strings.Contains(got, "Surat Kuasa Direksi") {
		t.Fatalf("edited answer: %q", got)
	}
	// Later the office adds a document to the company's requirements.
	b := anotherOffice(t)
	r.do(setup(func(tx testTx, _ *loket.Contact) error {
		body, _ := json.Marshal(b.Requirements)
		return tx.SaveKnowledge(bg, &loket.KnowledgeVersion{Kind: loket.KnowRequirements, Body: body, CreatedAt: mondayMorning})
	}))
	if got := ask(r, "berkas apa saja untuk CV?"); !strings.HasPrefix(got, "Siapkan berkas berikut, ya:\n1. KTP/KITAS/KITAP") ||
		!strings.Contains(got, "\n3. Surat Kuasa Direksi\n") {
		t.Errorf("edited answer after the requirements changed: %q", got)
	}
	r.do(say("english"))
	if got := ask(r, "which documents does a CV need?"); !strings.HasPrefix(got, "Please prepare:\n1. ") ||
		!strings.Contains(got, "\n3. Director's power of attorney\n") {
		t.Errorf("edited answer in English: %q", got)
	}

	// An edit that drops the list is refused: the answer would stop
	// following the requirements.
	an.Text.ID = "Berkas: KTP dan NPWP."
	ps := an.Check()
	if len(ps) != 1 || ps[0].Field != "text.id" || ps[0].Key != "doc_list" {
		t.Errorf("answer without its list: problems %+v", ps)
	}
}

// TestBuiltInLocationMapOnlyWithAMap: the location answer as the console
// shows it names {map} only when the office has a map link, so an office
// without one that edits the answer does not keep an empty "Peta:".
func TestBuiltInLocationMapOnlyWithAMap(t *testing.T) {
	f := newFlows(t)
	for _, a := range f.BuiltInAnswers() {
		if a.Key == "location" && (strings.Contains(a.Text.ID, "{map}") || strings.Contains(a.Text.ID, "Peta")) {
			t.Errorf("location answer of an office without a map: %q", a.Text.ID)
		}
	}
}
