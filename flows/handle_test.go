package flows

import (
	"context"
	"errors"
	"strings"
	"testing"

	"loket"
)

// playSQL runs texts/choices on a SQLite backend and returns the runner.
func playSQL(t testing.TB, f *Flows, b storeBackend, acts ...act) *runner {
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

// GiveUp apologises in the vendor's language and flags the message for
// the officers: on the open ticket, or on a new one when there is none.
// The message is on the timeline as sent, or as an event saying what it
// was (a password is never shown).
func TestGiveUpFlagsTicket(t *testing.T) {
	f := newFlows(t)
	text := loket.Inbound{Kind: loket.InText, Text: "kenapa error?"}
	for _, tc := range []struct {
		name     string
		acts     []act
		v        variant
		want     string
		ticketed bool
		in       loket.Inbound
		body     string // as the timeline stores it
		meta     string
	}{
		{"no ticket, Indonesian", []act{say("halo")}, variants[0], "Maaf, pesan Anda belum bisa kami proses", false,
			text, "kenapa error?", ""},
		{"open ticket, English", []act{say("hi"), choose(5), choose(4), say("I cannot log in to SPSE since yesterday.")},
			variants[1], "Sorry, we could not process your message", true, text, "kenapa error?", ""},
		{"a password", []act{say("halo")}, variants[0], "Maaf, pesan Anda belum bisa kami proses", false,
			loket.Inbound{Kind: loket.InText, Text: "Rahasia123!"}, "(pesan disembunyikan: terlihat seperti password)",
			`{"event":"message_hidden"}`},
		{"a sticker", []act{say("halo")}, variants[0], "Maaf, pesan Anda belum bisa kami proses", false,
			loket.Inbound{Kind: loket.InMedia}, "(media)", `{"event":"message_kind","kind":"media"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newSQLiteBackend(t)
			r := &runner{t: t, f: f, b: b, v: tc.v, now: mondayMorning}
			r.play(tc.acts)
			before := len(b.tickets(t))
			in := tc.in
			in.Channel, in.ChatID, in.ExternalID = r.v.ch, r.v.chat, "g"
			var turn *loket.Turn
			err := b.turn(bg, r.v.ch, r.v.chat, r.now, func(tx testTx, ct *loket.Contact, cv *loket.Conversation) error {
				turn = &loket.Turn{Inbound: &in, Contact: ct, Conversation: cv, Now: r.now}
				return f.GiveUp(bg, tx, turn, errors.New("boom"))
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(turn.Replies) != 1 || !strings.HasPrefix(turn.Replies[0].Text, tc.want) || turn.TicketID == 0 {
				t.Fatalf("replies %+v on ticket %d", turn.Replies, turn.TicketID)
			}
			ts := b.tickets(t)
			if (len(ts) == before) != tc.ticketed || ts[0].ID != turn.TicketID {
				t.Fatalf("tickets before %d after %+v; want the message on ticket %d", before, ts, turn.TicketID)
			}
			flagged, msg := false, false
			for _, a := range b.activities(t) {
				flagged = flagged || a.Kind == loket.ActNote && strings.Contains(string(a.Meta), `"event":"gave_up"`)
				msg = msg || a.Kind == loket.ActMessageIn && a.Body == tc.body && string(a.Meta) == tc.meta
			}
			if !flagged || !msg {
				t.Fatalf("flag note %v, vendor message %v on the timeline", flagged, msg)
			}
		})
	}
}
