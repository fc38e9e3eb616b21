package flows

import (
	"context"
	"strings"
	"testing"

	"loket"
)

// play runs texts/choices on a memory backend and returns the runner.
func playMem(t testing.TB, f *Flows, m *memStore, acts ...act) *runner {
	r := &runner{t: t, f: f, b: memBackend{m}, v: variants[0], now: mondayMorning}
	r.play(acts)
	return r
}

func TestStoreFailureLeavesNothing(t *testing.T) {
	f := newFlows(t)
	m := newMemStore()
	r := playMem(t, f, m, say("halo"), choose(2), choose(1), say("CV Maju Jaya"), say("012345678901000"),
		say("MAJU"), say("Budi Santoso"), say("081234567890"))
	m.failOn = "AddActivity"
	in := loket.Inbound{Channel: r.v.ch, ChatID: r.v.chat, Kind: loket.InText, Text: "1", ExternalID: "x"}
	err := r.b.turn(context.Background(), r.v.ch, r.v.chat, r.now, func(tx testTx, ct *loket.Contact, cv *loket.Conversation) error {
		return f.Handle(context.Background(), tx, &loket.Turn{Inbound: &in, Contact: ct, Conversation: cv, Now: r.now})
	})
	if err == nil || !strings.Contains(err.Error(), "injected") {
		t.Fatalf("Handle error = %v, want the injected failure", err)
	}
	if len(m.tickets) != 0 || len(m.vendors) != 0 || len(m.activities) != 0 {
		t.Fatalf("failed turn left %d tickets, %d vendors, %d activities", len(m.tickets), len(m.vendors), len(m.activities))
	}
	m.failOn = ""
	r.do(choose(1)) // the retry of the same message works
	if len(m.tickets) != 1 || m.tickets[0].Status != loket.StatusWaitingDocuments {
		t.Fatalf("after retry: tickets %+v", m.tickets)
	}
}

func TestPasswordNeverStored(t *testing.T) {
	f := newFlows(t)
	m := newMemStore()
	const pw = "Rahasia#2024"
	r := playMem(t, f, m, say("halo"), choose(5), choose(4), say("Tolong bantu, saya tidak bisa login ke SPSE."),
		say(pw), choose(2), choose(1), say(pw))
	for _, a := range m.activities {
		if strings.Contains(a.Body, pw) {
			t.Fatalf("password stored in activity %+v", a)
		}
	}
	for _, cv := range m.convs {
		if strings.Contains(string(cv.State), pw) {
			t.Fatalf("password stored in state %s", cv.State)
		}
	}
	if !strings.Contains(r.out.String(), "terlihat seperti password") {
		t.Fatalf("no warning in transcript:\n%s", r.out.String())
	}
}

func TestBlockedMarksUnreachable(t *testing.T) {
	f := newFlows(t)
	turn := &loket.Turn{Inbound: &loket.Inbound{Kind: loket.InBlocked}, Contact: &loket.Contact{ID: 1},
		Conversation: &loket.Conversation{State: []byte(`{"v":1,"s":"menu","n":3}`)}, Now: mondayMorning}
	if err := f.Handle(context.Background(), newMemStore(), turn); err != nil {
		t.Fatal(err)
	}
	if !turn.Contact.Unreachable || len(turn.Replies) != 0 || string(turn.Conversation.State) != `{"v":1,"s":"menu","n":3}` {
		t.Fatalf("blocked: unreachable=%v replies=%d state=%s", turn.Contact.Unreachable, len(turn.Replies), turn.Conversation.State)
	}
}

func TestBrokenStateStartsOver(t *testing.T) {
	f := newFlows(t)
	for _, st := range []string{`{nope`, `{"v":99,"s":"in.npwp"}`, `{"v":1,"s":"in.npwp"}`, `{"v":1,"s":"nonsense"}`, `{"v":1,"s":"ticket","tk":77}`} {
		turn := &loket.Turn{Inbound: &loket.Inbound{Kind: loket.InText, Text: "halo"}, Contact: &loket.Contact{ID: 1},
			Conversation: &loket.Conversation{State: []byte(st)}, Now: mondayMorning}
		if err := f.Handle(context.Background(), newMemStore(), turn); err != nil {
			t.Errorf("state %s: %v", st, err)
			continue
		}
		if len(turn.Replies) == 0 {
			t.Errorf("state %s: no reply", st)
		}
	}
}

func TestIncompleteTurn(t *testing.T) {
	f := newFlows(t)
	if err := f.Handle(context.Background(), newMemStore(), &loket.Turn{}); err == nil {
		t.Fatal("Handle accepted an empty turn")
	}
}

func TestVendorReusedByNPWP(t *testing.T) {
	f := newFlows(t)
	m := newMemStore()
	intake := []act{say("menu"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"),
		say("MAJU"), say("Budi Santoso"), say("081234567890"), choose(2)}
	playMem(t, f, m, append([]act{say("halo")}, intake...)...)
	r := &runner{t: t, f: f, b: memBackend{m}, v: variants[1], now: mondayMorning} // another chat, same NPWP
	r.play(append([]act{say("halo")}, intake...))
	if len(m.vendors) != 1 || len(m.tickets) != 2 || m.tickets[1].VendorID != m.vendors[0].ID {
		t.Fatalf("vendors %+v tickets %+v", m.vendors, m.tickets)
	}
}
