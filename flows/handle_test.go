package flows

import (
	"context"
	"errors"
	"strings"
	"testing"

	"loket"
)

// playSQL runs texts/choices on a SQLite backend and returns the runner.
func playSQL(t testing.TB, f *Flows, b sqliteBackend, acts ...act) *runner {
	r := &runner{t: t, f: f, b: b, v: variants[0], now: mondayMorning}
	r.play(acts)
	return r
}

func TestStoreFailureLeavesNothing(t *testing.T) {
	f := newFlows(t)
	b := newSQLiteBackend(t)
	r := playSQL(t, f, b, say("halo"), choose(2), choose(1), say("CV Maju Jaya"), say("012345678901000"),
		say("MAJU"), say("Budi Santoso"), say("081234567890"))
	*b.failOn = "AddActivity"
	in := loket.Inbound{Channel: r.v.ch, ChatID: r.v.chat, Kind: loket.InText, Text: "1", ExternalID: "x"}
	err := r.b.turn(context.Background(), r.v.ch, r.v.chat, r.now, func(tx testTx, ct *loket.Contact, cv *loket.Conversation) error {
		return f.Handle(context.Background(), tx, &loket.Turn{Inbound: &in, Contact: ct, Conversation: cv, Now: r.now})
	})
	if !errors.Is(err, errInjected) {
		t.Fatalf("Handle error = %v, want the injected failure", err)
	}
	*b.failOn = ""
	if ts := b.tickets(t); len(ts) != 0 {
		t.Fatalf("failed turn left %d tickets", len(ts))
	}
	err = b.inTx(bg, func(tx testTx) error {
		_, err := tx.VendorByNPWP(bg, "012345678901000")
		return err
	})
	if !errors.Is(err, loket.ErrNotFound) {
		t.Fatalf("failed turn left a vendor (lookup: %v)", err)
	}
	r.do(choose(1)) // the retry of the same message works
	if ts := b.tickets(t); len(ts) != 1 || ts[0].Status != loket.StatusWaitingDocuments {
		t.Fatalf("after retry: tickets %+v", ts)
	}
}

func TestPasswordNeverStored(t *testing.T) {
	f := newFlows(t)
	b := newSQLiteBackend(t)
	const pw = "Rahasia#2024"
	r := playSQL(t, f, b, say("halo"), choose(5), choose(4), say("Tolong bantu, saya tidak bisa login ke SPSE."),
		say(pw), choose(2), choose(1), say(pw))
	err := b.turn(bg, r.v.ch, r.v.chat, r.now, func(_ testTx, _ *loket.Contact, cv *loket.Conversation) error {
		if strings.Contains(string(cv.State), pw) {
			t.Fatalf("password stored in state %s", cv.State)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range b.activities(t) {
		if strings.Contains(a.Body, pw) {
			t.Fatalf("password stored in activity %+v", a)
		}
	}
	if !strings.Contains(r.out.String(), "terlihat seperti password") {
		t.Fatalf("no warning in transcript:\n%s", r.out.String())
	}
}

// handleOnce runs Handle on one turn in a SQLite transaction.
func handleOnce(t *testing.T, f *Flows, turn *loket.Turn) error {
	t.Helper()
	return newSQLiteBackend(t).inTx(bg, func(tx testTx) error { return f.Handle(bg, tx, turn) })
}

func TestBlockedMarksUnreachable(t *testing.T) {
	f := newFlows(t)
	turn := &loket.Turn{Inbound: &loket.Inbound{Kind: loket.InBlocked}, Contact: &loket.Contact{ID: 1},
		Conversation: &loket.Conversation{State: []byte(`{"v":1,"s":"menu","n":3}`)}, Now: mondayMorning}
	if err := handleOnce(t, f, turn); err != nil {
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
		if err := handleOnce(t, f, turn); err != nil {
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
	if err := handleOnce(t, f, &loket.Turn{}); err == nil {
		t.Fatal("Handle accepted an empty turn")
	}
}

func TestVendorReusedByNPWP(t *testing.T) {
	f := newFlows(t)
	b := newSQLiteBackend(t)
	intake := []act{say("menu"), choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"),
		say("MAJU"), say("Budi Santoso"), say("081234567890"), choose(2)}
	playSQL(t, f, b, append([]act{say("halo")}, intake...)...)
	r := &runner{t: t, f: f, b: b, v: variants[1], now: mondayMorning} // another chat, same NPWP
	r.play(append([]act{say("halo")}, intake...))
	ts := b.tickets(t)
	if len(ts) != 2 || ts[0].VendorID == 0 || ts[0].VendorID != ts[1].VendorID || ts[0].ContactID == ts[1].ContactID {
		t.Fatalf("tickets %+v: want two tickets of two contacts on one vendor", ts)
	}
}
