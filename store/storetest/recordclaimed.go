package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"loket"
)

// testRecordClaimed covers RecordClaimed: new messages are recorded in the
// transaction, and claimed at once unless their chat has an unhandled
// message before them (those are queued, as RecordInbound queues them);
// a redelivery is not new, a message twice in one batch is new once, a
// chat's later message in the batch follows its earlier one, and the
// claimed ones' conversations are preloaded, a new chat's created. A
// rollback keeps nothing.
func testRecordClaimed(t *testing.T, s Store) {
	ctx := ctxT(t)
	early, err := s.RecordInbound(ctx, []loket.Inbound{inbound("rc-b1", "rc-busy", t0), inbound("rc-d1", "rc-done", t0)})
	must(t, err)
	inTx(t, s, func(tx Tx) error {
		_, err := tx.ClaimInbound(ctx, early[1].ID, t0)
		return err
	})
	batch := []loket.Inbound{
		inbound("rc-n1", "rc-new", t0), inbound("rc-b2", "rc-busy", t0), inbound("rc-n2", "rc-new", t0),
		inbound("rc-d1", "rc-done", t0),                                 // a redelivery
		inbound("rc-d2", "rc-done", t0), inbound("rc-n2", "rc-new", t0), // the last: twice in the batch
	}
	record := func(tx Tx) ([]loket.Inbound, map[int64]bool) {
		fresh, claimed, err := tx.RecordClaimed(ctx, batch, t0.Add(time.Second))
		if err != nil {
			t.Fatalf("record claimed: %v", err)
		}
		var exts []string
		for _, m := range fresh {
			if m.ID == 0 {
				t.Fatalf("fresh message without an id: %+v", m)
			}
			exts = append(exts, m.ExternalID)
		}
		if got, want := strings.Join(exts, " "), "rc-n1 rc-b2 rc-n2 rc-d2"; got != want {
			t.Fatalf("fresh %q, want %q", got, want)
		}
		if len(claimed) != 3 || !claimed[fresh[0].ID] || claimed[fresh[1].ID] || !claimed[fresh[2].ID] || !claimed[fresh[3].ID] {
			t.Fatalf("claimed %v of %+v: want all but rc-b2 (behind rc-b1)", claimed, fresh)
		}
		return fresh, claimed
	}
	errUndo := loket.Errorf(loket.EInvalid, "undo")
	if err := s.InTx(ctx, func(tx Tx) error { record(tx); return errUndo }); err != errUndo {
		t.Fatalf("rolled back: %v", err)
	}
	inTx(t, s, func(tx Tx) error {
		if _, err := tx.ContactByAddress(ctx, loket.ChannelTelegram, "rc-new"); loket.ErrorCode(err) != loket.ENotFound {
			t.Fatalf("contact of the new chat after a rollback: %v", err)
		}
		return nil
	})
	var fresh []loket.Inbound
	inTx(t, s, func(tx Tx) error {
		fresh, _ = record(tx)
		n, c, err := tx.OpenConversation(ctx, loket.ChannelTelegram, "rc-new", t0)
		if err != nil {
			return err
		}
		if n.ID == 0 || n.ContactID != c.ID || c.ChatID != "rc-new" {
			t.Fatalf("new chat: %+v %+v", n, c)
		}
		return nil
	})
	// Only rc-b2 waits, behind rc-b1; the claimed ones are handled.
	pending, err := s.PendingInbound(ctx, t0.Add(time.Hour), 10)
	must(t, err)
	var waiting []string
	for _, m := range pending {
		waiting = append(waiting, m.ExternalID)
	}
	if got, want := strings.Join(waiting, " "), "rc-b1 rc-b2"; got != want {
		t.Fatalf("pending %q, want %q", got, want)
	}
	inTx(t, s, func(tx Tx) error {
		if again, err := tx.ClaimInbounds(ctx, []int64{fresh[0].ID, fresh[2].ID, fresh[3].ID}, t0); err != nil || len(again) != 0 {
			t.Fatalf("claimed twice: %v %v", again, err)
		}
		// In a savepoint undone, nothing is recorded; the transaction goes on.
		sp := []loket.Inbound{inbound("rc-sp", "rc-sp", t0)}
		if err := tx.Savepoint(ctx, func() error {
			f, c, err := tx.RecordClaimed(ctx, sp, t0)
			if err == nil && (len(f) != 1 || !c[f[0].ID]) {
				t.Fatalf("in a savepoint: %v %v", f, c)
			}
			return errUndo
		}); err != errUndo {
			t.Fatalf("savepoint: %v", err)
		}
		if f, c, err := tx.RecordClaimed(ctx, sp, t0); err != nil || len(f) != 1 || !c[f[0].ID] {
			t.Fatalf("after the savepoint was undone: %v %v %v", f, c, err)
		}
		// Recorded: a second recording finds them.
		if f, c, err := tx.RecordClaimed(ctx, batch, t0); err != nil || len(f) != 0 || len(c) != 0 {
			t.Fatalf("recorded again: %v %v %v", f, c, err)
		}
		return nil
	})
}

// testRecordMany records more messages at once than a store puts in one
// statement (SQLite, 512 rows a statement), apart and claimed: every one
// is new once, in order, and claimed as its chat allows.
func testRecordMany(t *testing.T, s Store) {
	ctx := ctxT(t)
	batch := func(prefix, chat string, n int) []loket.Inbound {
		msgs := make([]loket.Inbound, n)
		for i := range msgs {
			msgs[i] = inbound(fmt.Sprintf("%s%d", prefix, i), chat, t0)
		}
		return msgs
	}
	apart := batch("many-a", "many-apart", 1203)
	fresh, err := s.RecordInbound(ctx, apart)
	must(t, err)
	if len(fresh) != len(apart) {
		t.Fatalf("recorded %d of %d", len(fresh), len(apart))
	}
	for i := 1; i < len(fresh); i++ {
		if fresh[i].ID <= fresh[i-1].ID || fresh[i].ExternalID != apart[i].ExternalID {
			t.Fatalf("message %d: id %d after %d (%s)", i, fresh[i].ID, fresh[i-1].ID, fresh[i].ExternalID)
		}
	}
	if again, err := s.RecordInbound(ctx, apart); err != nil || len(again) != 0 {
		t.Fatalf("recorded again: %d %v", len(again), err)
	}
	claim := append(batch("many-c", "many-claimed", 701), batch("many-b", "many-apart", 2)...)
	inTx(t, s, func(tx Tx) error {
		fresh, claimed, err := tx.RecordClaimed(ctx, claim, t0)
		if err != nil {
			return err
		}
		if len(fresh) != len(claim) || len(claimed) != 701 || claimed[fresh[701].ID] {
			t.Fatalf("recorded %d of %d, claimed %d (want the 701 of the new chat, not those behind the unhandled ones)",
				len(fresh), len(claim), len(claimed))
		}
		return nil
	})
	// Eleven chats, new and not: a store may list a batch's chats padded
	// to a size it keeps a statement for (SQLite, see sqlstore's values.go).
	var spread []loket.Inbound
	for i := range 33 {
		chat := fmt.Sprintf("many-spread-%d", i%11)
		if i%11 == 10 {
			chat = "many-apart" // behind its unhandled messages
		}
		spread = append(spread, inbound(fmt.Sprintf("many-s%d", i), chat, t0))
	}
	inTx(t, s, func(tx Tx) error {
		fresh, claimed, err := tx.RecordClaimed(ctx, spread, t0)
		if err != nil {
			return err
		}
		if len(fresh) != 33 || len(claimed) != 30 {
			t.Fatalf("recorded %d of 33, claimed %d (want the 30 of the ten new chats)", len(fresh), len(claimed))
		}
		for _, m := range fresh {
			if claimed[m.ID] == (m.ChatID == "many-apart") {
				t.Fatalf("message %s of %s claimed: %v", m.ExternalID, m.ChatID, claimed[m.ID])
			}
			conv, _, err := tx.OpenConversation(ctx, m.Channel, m.ChatID, t0)
			if err != nil || conv.ChatID != m.ChatID {
				t.Fatalf("conversation of %s: %+v %v", m.ChatID, conv, err)
			}
		}
		return nil
	})
}
