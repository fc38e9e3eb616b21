package storetest

import (
	"errors"
	"testing"
	"time"

	"loket"
)

func testStaff(t *testing.T, s Store) {
	ctx := ctxT(t)
	const chat = "-100777"
	var tk, tk2 *loket.Ticket
	inTx(t, s, func(tx Tx) error {
		tk, tk2 = newTicket(t, tx, nil), newTicket(t, tx, nil)
		must(t, tx.AddActivity(ctx, &loket.Activity{TicketID: tk.ID, Kind: loket.ActSystem, Actor: loket.ActorBot, Body: "old", CreatedAt: t0}))
		return nil
	})
	var first int64
	inTx(t, s, func(tx Tx) error {
		// A new cursor starts after the last existing activity: no history flood.
		after, ok, err := tx.LockStaffCursor(ctx, chat, false)
		must(t, err)
		if !ok || after == 0 {
			t.Fatalf("new cursor = %d, %v; want the last activity id", after, ok)
		}
		acts, err := tx.ActivitiesSince(ctx, after, 10)
		must(t, err)
		if len(acts) != 0 {
			t.Fatalf("activities after the new cursor = %d, want 0", len(acts))
		}
		for i, body := range []string{"a", "b", "c"} {
			must(t, tx.AddActivity(ctx, &loket.Activity{TicketID: tk.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: body, CreatedAt: t0.Add(time.Duration(i) * time.Second)}))
		}
		acts, err = tx.ActivitiesSince(ctx, after, 2)
		must(t, err)
		if len(acts) != 2 || acts[0].Body != "a" || acts[1].Body != "b" || acts[0].Seq <= after || acts[1].Seq != acts[0].Seq+1 {
			t.Fatalf("ActivitiesSince = %+v", acts)
		}
		first = acts[0].Seq
		return tx.SaveStaffCursor(ctx, chat, acts[1].Seq, t0)
	})
	inTx(t, s, func(tx Tx) error {
		after, _, err := tx.LockStaffCursor(ctx, chat, true)
		must(t, err)
		if after != first+1 {
			t.Fatalf("cursor = %d, want %d", after, first+1)
		}
		// Threads: one per (chat, ticket); found by ticket and by topic.
		_, err = tx.StaffThread(ctx, chat, tk.ID)
		wantErr(t, err, loket.ErrNotFound)
		th := &StaffThread{ChatID: chat, TicketID: tk.ID, FromActivityID: first, CreatedAt: t0}
		must(t, tx.CreateStaffThread(ctx, th))
		err = tx.Savepoint(ctx, func() error {
			return tx.CreateStaffThread(ctx, &StaffThread{ChatID: chat, TicketID: tk.ID, CreatedAt: t0})
		})
		wantErr(t, err, loket.ErrConflict)
		th.TopicID, th.Ready = 42, true
		must(t, tx.UpdateStaffThread(ctx, th))
		got, err := tx.StaffThreadByTopic(ctx, chat, 42)
		must(t, err)
		if got.TicketID != tk.ID || !got.Ready || got.FromActivityID != first || !got.CreatedAt.Equal(t0) {
			t.Fatalf("thread by topic = %+v", got)
		}
		_, err = tx.StaffThreadByTopic(ctx, "-1", 42)
		wantErr(t, err, loket.ErrNotFound)
		// Posts: a reply to a sent post finds its ticket.
		out := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: chat, Text: "#1002", CreatedAt: t0}
		must(t, tx.EnqueueOutbound(ctx, out))
		must(t, tx.AddStaffPost(ctx, chat, out.ID, tk2.ID))
		th2 := &StaffThread{ChatID: chat, TicketID: tk2.ID, HeaderOutboundID: out.ID, Ready: true, CreatedAt: t0}
		must(t, tx.CreateStaffThread(ctx, th2))
		got, err = tx.StaffThread(ctx, chat, tk2.ID)
		must(t, err)
		if got.HeaderOutboundID != out.ID || got.TopicID != 0 || !got.Ready {
			t.Fatalf("header thread = %+v", got)
		}
		return nil
	})
	var outID int64
	inTx(t, s, func(tx Tx) error {
		th, err := tx.StaffThread(ctx, chat, tk2.ID)
		outID = th.HeaderOutboundID
		return err
	})
	must(t, s.OutboundSent(ctx, outID, 0, "555", t0))
	inTx(t, s, func(tx Tx) error {
		id, err := tx.StaffPostTicket(ctx, chat, "555")
		must(t, err)
		if id != tk2.ID {
			t.Fatalf("post ticket = %d, want %d", id, tk2.ID)
		}
		if _, err := tx.StaffPostTicket(ctx, chat, "556"); !errors.Is(err, loket.ErrNotFound) {
			t.Fatalf("unknown post: err = %v", err)
		}
		return nil
	})
	// Two lockers: without waiting, the second is told to skip (PostgreSQL).
	testStaffCursorSkip(t, s, chat)
}

// testStaffCursorSkip holds the cursor in one transaction and checks that
// a non-waiting locker in another is refused (ok false). SQLite
// serialises writers, so there the second simply runs after the first.
func testStaffCursorSkip(t *testing.T, s Store, chat string) {
	ctx := ctxT(t)
	held := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.InTx(ctx, func(tx Tx) error {
			if _, _, err := tx.LockStaffCursor(ctx, chat, true); err != nil {
				close(held)
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	second := make(chan bool, 1)
	secondDone := make(chan error, 1)
	go func() {
		secondDone <- s.InTx(ctx, func(tx Tx) error {
			_, ok, err := tx.LockStaffCursor(ctx, chat, false)
			second <- ok
			return err
		})
	}()
	select {
	case ok := <-second:
		close(release)
		if ok {
			t.Errorf("a second locker got the held cursor")
		}
	case <-time.After(2 * time.Second):
		// SQLite: the second transaction waits for the first writer.
		close(release)
		<-second
	}
	must(t, <-done)
	if err := <-secondDone; err != nil { // wait: the test's context ends with it
		t.Errorf("second locker: %v", err)
	}
}
