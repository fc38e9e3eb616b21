package flows

import (
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

// The timeline's document entries of an individual business name its
// own documents (the owner's KTP), not a company's (the director's).
func TestIndividualDocumentEventsNameOwner(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(say("halo"), choose(2), choose(2), say("Siti Rahmawati"), say("09.876.543.2-101.000"),
		say("sitirahma@yahoo.co.id"), say("Siti Rahmawati"), say("0812-3456-7890"), choose(1), pdf("IMG_0001.pdf", "gs_text.pdf"),
		say("file tadi salah, harusnya npwp")))
	tl := docTimeline(t, r)
	for _, want := range []string{"Berkas KTP pemilik usaha diterima", "KTP pemilik usaha → NPWP pemilik usaha"} {
		if !strings.Contains(tl, want) {
			t.Errorf("timeline lacks %q:\n%s", want, tl)
		}
	}
	for _, bad := range []string{"Direksi", "Perusahaan", "Akta", "badan usaha"} {
		if strings.Contains(tl, bad) {
			t.Errorf("an individual business's timeline says %q:\n%s", bad, tl)
		}
	}
}

// currentDocs maps each current (not replaced) document of the
// contact's tickets to its file name.
func currentDocs(t *testing.T, r *docRunner) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := r.eachTicket(func(tx storetest.Tx, tk loket.Ticket) error {
		docs, err := tx.Documents(bg, tk.ID)
		for _, d := range docs {
			if d.Status != loket.DocReplaced {
				out[d.Requirement] = d.FileName
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// docTimeline is the document entries of the contact's tickets, one a line
// (body and meta).
func docTimeline(t *testing.T, r *docRunner) string {
	t.Helper()
	var b strings.Builder
	err := r.eachTicket(func(tx storetest.Tx, tk loket.Ticket) error {
		acts, err := tx.Activities(bg, tk.ID)
		for _, a := range acts {
			if a.Kind == loket.ActDocument {
				b.WriteString(a.Body + " " + string(a.Meta) + "\n")
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
