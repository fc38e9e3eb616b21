package storetest

import (
	"testing"

	"loket"
)

// LateCommit is the contract for backends with concurrent writers
// (PostgreSQL): an activity whose transaction takes its id first but
// commits after a later one, when an observer's cursor has already moved
// past that later one, is still seen by the observer's next pass, once.
// (SQLite serialises writers, so an id there is taken in commit order.)
func LateCommit(t *testing.T, s Store) {
	ctx := ctxT(t)
	const key = "observer:late"
	var tk *loket.Ticket
	inTx(t, s, func(tx Tx) error {
		tk = newTicket(t, tx, nil)
		_, _, err := tx.LockStaffCursor(ctx, key, true) // the cursor starts here
		return err
	})
	act := func(body string) *loket.Activity {
		return &loket.Activity{TicketID: tk.ID, Kind: loket.ActNote, Actor: loket.ActorBot, Body: body, CreatedAt: t0}
	}
	// pass reads what comes after the cursor and moves it, as an observer does.
	pass := func() []string {
		var bodies []string
		inTx(t, s, func(tx Tx) error {
			after, ok, err := tx.LockStaffCursor(ctx, key, true)
			if err != nil || !ok {
				t.Fatalf("lock cursor: %v %v", ok, err)
			}
			acts, err := tx.ActivitiesSince(ctx, after, 100)
			if err != nil || len(acts) == 0 {
				return err
			}
			for _, a := range acts {
				bodies = append(bodies, a.Body)
			}
			return tx.SaveStaffCursor(ctx, key, acts[len(acts)-1].Seq, t0)
		})
		return bodies
	}

	inserted, release, committed := make(chan int64), make(chan struct{}), make(chan error)
	go func() {
		committed <- s.InTx(ctx, func(tx Tx) error {
			a := act("late")
			if err := tx.AddActivity(ctx, a); err != nil {
				return err
			}
			inserted <- a.ID
			<-release // the transaction stays open while another commits
			return nil
		})
	}()
	lateID := <-inserted
	var early *loket.Activity
	inTx(t, s, func(tx Tx) error { early = act("early"); return tx.AddActivity(ctx, early) })
	if early.ID <= lateID {
		t.Fatalf("ids %d then %d: the test needs the late one to have the lower id", lateID, early.ID)
	}
	if got := pass(); len(got) != 1 || got[0] != "early" {
		t.Fatalf("first pass = %q, want the committed one", got)
	}
	close(release)
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	if got := pass(); len(got) != 1 || got[0] != "late" {
		t.Fatalf("after the late commit the pass read %q, want the late activity (it must not be skipped)", got)
	}
	if got := pass(); len(got) != 0 {
		t.Fatalf("a third pass read %q again", got)
	}
}
