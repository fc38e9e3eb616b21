package flows

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"loket"
	"loket/knowledge"
)

// anotherOffice is the setup of an office that is not the seed's: its own
// profile, one more document for companies, and one answer of its own.
func anotherOffice(t testing.TB) knowledge.Bundle {
	t.Helper()
	s, err := knowledge.Defaults()
	if err != nil {
		t.Fatal(err)
	}
	o := s.Office
	o.Name = "LPSE Kabupaten Contoh"
	o.PortalURL = "https://spse.contoh.go.id/eproc4/"
	o.Phone = "0261-555123"
	o.Emails = []string{"lpse@contoh.go.id"}
	o.Counter.Place = "Gedung Pelayanan Terpadu"
	o.Counter.Address = "Lt. 2, Jalan Merdeka 10, Contoh"
	o.Counter.MapURL = "https://maps.example/contoh"
	reqs := knowledge.Requirements{}
	for f, qs := range s.Requirements {
		reqs[f] = append([]knowledge.Requirement(nil), qs...)
	}
	reqs[loket.FormCompany] = append(reqs[loket.FormCompany][:2:2], append([]knowledge.Requirement{{
		Key: "power_of_attorney", Purpose: knowledge.PurposeVerification, Required: true,
		Name:  knowledge.Text{ID: "Surat Kuasa Direksi", EN: "director's power of attorney"},
		Words: []string{"kuasa", "attorney"},
	}}, reqs[loket.FormCompany][2:]...)...)
	b := knowledge.Bundle{Format: knowledge.BundleFormat, Office: o, Requirements: reqs, Answers: []knowledge.Answer{{
		Key:       "parking",
		Text:      knowledge.Text{ID: "Parkir tersedia di basement {place}.", EN: "Parking is in the basement of {place}."},
		Phrasings: knowledge.Phrasings{ID: []string{"bisa parkir motor dimana ya"}, EN: []string{"where can i park my motorbike"}},
	}}}
	return b
}

// saveBundle stores a bundle the way the console's import does: one
// version of the profile, the requirements and each answer.
func saveBundle(ctx context.Context, tx testTx, b knowledge.Bundle) error {
	save := func(kind, key string, v any) error {
		body, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return tx.SaveKnowledge(ctx, &loket.KnowledgeVersion{Kind: kind, Key: key, Body: body, Note: "import", CreatedAt: mondayMorning})
	}
	if err := save(loket.KnowOffice, "", b.Office); err != nil {
		return err
	}
	if err := save(loket.KnowRequirements, "", b.Requirements); err != nil {
		return err
	}
	for _, a := range b.Answers {
		if err := save(loket.KnowAnswer, a.Key, a); err != nil {
			return err
		}
	}
	return nil
}

// ask says text and returns what the bot replied to it.
func ask(r *runner, text string) string {
	r.last = nil
	r.do(say(text))
	return lastText(r)
}

func lastText(r *runner) string {
	var s []string
	for _, rp := range r.last {
		s = append(s, rp.Text)
	}
	return strings.Join(s, "\n")
}

// TestKnowledgeWithoutRestart: what an admin saves is what the next turn
// says — the profile, the documents and a new answer — with the same
// Flows, no restart.
func TestKnowledgeWithoutRestart(t *testing.T) {
	f := newFlows(t)
	r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	if got := ask(r, "alamat kantor dimana"); !strings.Contains(got, "Graha Tiyasa") {
		t.Fatalf("default address missing: %q", got)
	}
	b := anotherOffice(t)
	r.do(setup(func(tx testTx, _ *loket.Contact) error { return saveBundle(bg, tx, b) }))
	if got := ask(r, "alamat kantor dimana"); !strings.Contains(got, "Gedung Pelayanan Terpadu, Lt. 2, Jalan Merdeka 10, Contoh") || strings.Contains(got, "Graha Tiyasa") {
		t.Errorf("address after the edit: %q", got)
	}
	// the office's map link, which no text showed
	if got := ask(r, "ada link google maps?"); !strings.Contains(got, "Peta: https://maps.example/contoh") {
		t.Errorf("map link after the edit: %q", got)
	}
	if got := ask(r, "berkas apa saja untuk CV?"); !strings.Contains(got, "1. KTP/KITAS/KITAP Direksi/Pimpinan Perusahaan\n2. NPWP Perusahaan\n3. Surat Kuasa Direksi") {
		t.Errorf("document list after the edit: %q", got)
	}
	if got := ask(r, "Bisa parkir motor dimana ya?"); !strings.Contains(got, "Parkir tersedia di basement Gedung Pelayanan Terpadu.") {
		t.Errorf("the office's own answer: %q", got)
	}
	if got := ask(r, "nomor telepon helpdesk"); !strings.Contains(got, "LPSE Kabupaten Contoh") || !strings.Contains(got, "0261-555123") {
		t.Errorf("contact answer after the edit: %q", got)
	}
}

// TestAdoptedOfficeTranscript: an office's setup exported from one Loket
// and imported into a fresh one gives the same conversation, word for
// word (testdata/adopted.*.golden): the profile, its extra document on the
// checklist and in the file-name guess, and its own answer.
func TestAdoptedOfficeTranscript(t *testing.T) {
	acts := []act{
		say("halo"), say("alamat kantor dimana"), say("bisa parkir motor dimana ya"),
		say("menu"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"), say("info@majujaya.co.id"),
		say("Budi Santoso"), say("0812-3456-7890"), choose(1),
		file("surat-kuasa.pdf", "application/pdf", 300_000), say("status"),
	}
	en := append([]act{say("hello"), say("where is the office address"), say("where can i park my motorbike")}, acts[3:]...)
	for _, v := range variants {
		t.Run(string(v.lang), func(t *testing.T) {
			acts := acts
			if v.lang == loket.LangEN {
				acts = en
			}
			// The office that made the setup.
			from := newSQLiteBackend(t)
			if err := from.inTx(bg, func(tx testTx) error { return saveBundle(bg, tx, anotherOffice(t)) }); err != nil {
				t.Fatal(err)
			}
			var file []byte
			if err := from.inTx(bg, func(tx testTx) error {
				s, err := knowledge.Load(bg, tx)
				if err != nil {
					return err
				}
				file, err = knowledge.Export(s).Marshal()
				return err
			}); err != nil {
				t.Fatal(err)
			}
			// A fresh Loket imports the file.
			to := newSQLiteBackend(t)
			b, err := knowledge.ParseBundle(file)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if err := to.inTx(bg, func(tx testTx) error { return saveBundle(bg, tx, *b) }); err != nil {
				t.Fatal(err)
			}
			outs := make([]string, 2)
			for i, be := range []backend{from, to} {
				r := &runner{t: t, f: newFlows(t), b: be, v: v, now: mondayMorning}
				r.play(acts)
				outs[i] = r.out.String()
			}
			if outs[0] != outs[1] {
				t.Fatalf("the imported office talks differently:\n--- exported from\n%s\n--- imported into\n%s", outs[0], outs[1])
			}
			golden(t, "adopted."+string(v.lang), outs[1])
		})
	}
}

// TestWarmBuildsTheOfficesKnowledge: Warm, called at start, leaves the
// office's own knowledge built for the first turn (its profile, its own
// answers in the matcher), not the defaults.
func TestWarmBuildsTheOfficesKnowledge(t *testing.T) {
	b := newSQLiteBackend(t)
	f := newFlows(t)
	ctx := context.Background()
	if err := b.inTx(ctx, func(tx testTx) error { return saveBundle(ctx, tx, anotherOffice(t)) }); err != nil {
		t.Fatal(err)
	}
	if k := f.latest(); k != nil && k.office.Name == "LPSE Kabupaten Contoh" {
		t.Fatal("the office's knowledge was in force before Warm")
	}
	if err := b.inTx(ctx, func(tx testTx) error { return f.Warm(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	k := f.latest()
	if k == nil || k.office.Name != "LPSE Kabupaten Contoh" {
		t.Fatalf("after Warm the office in force is %+v", k)
	}
	if m, ok := k.match.Best("bisa parkir motor dimana ya"); !ok || !strings.HasSuffix(m.ID, "parking") {
		t.Fatalf("the office's own answer is not in the warmed matcher: %+v %v", m, ok)
	}
}
