package flows

import (
	"fmt"
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

// A PDF with active content is accepted and flagged to the agents in an
// internal note on the ticket; the vendor is not told.
func TestActivePDFIsFlaggedToAgents(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(registerCompanyOnline(), pdf("ktp-direktur.pdf", "active_javascript.pdf")))
	var notes []loket.Activity
	for _, a := range ticketActivities(t, r) {
		if a.Kind == loket.ActNote && strings.Contains(a.Body, "konten aktif") {
			notes = append(notes, a)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "JavaScript") || !strings.Contains(notes[0].Body, "ktp-direktur.pdf") {
		t.Fatalf("notes about active content: %+v\n%s", notes, r.out.String())
	}
	if want := `{"active":["javascript"],"event":"doc_active","file":"ktp-direktur.pdf","file_name":"ktp-direktur.pdf"}`; string(notes[0].Meta) != want {
		t.Errorf("meta %s, want the event %s", notes[0].Meta, want)
	}
	if strings.Contains(r.out.String(), "konten aktif") {
		t.Fatalf("the vendor was told:\n%s", r.out.String())
	}
	if !strings.Contains(r.out.String(), "1 dari") {
		t.Fatalf("the document was not accepted:\n%s", r.out.String())
	}
}

// onTicket counts the vendor's messages with text on the runner's first
// ticket (what went to the officers).
func onTicket(t *testing.T, d *docRunner, text string) int {
	t.Helper()
	n := 0
	for _, a := range ticketActivities(t, d) {
		if a.Kind == loket.ActMessageIn && a.Body == text {
			n++
		}
	}
	return n
}

// ticketActivities lists the activities of the runner's first ticket.
func ticketActivities(t *testing.T, d *docRunner) []loket.Activity {
	t.Helper()
	var out []loket.Activity
	err := d.be.s.InTx(bg, func(tx storetest.Tx) error {
		ts, err := tx.ListTickets(bg, loket.TicketFilter{ContactID: d.contact})
		if err != nil || len(ts) == 0 {
			return fmt.Errorf("no ticket: %v", err)
		}
		out, err = tx.Activities(bg, ts[0].ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
