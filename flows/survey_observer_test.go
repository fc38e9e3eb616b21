package flows

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// TestObserveClosuresSchedulesOncePerClose: whichever path writes the
// status activity, a close schedules the survey once (also with passes
// racing), a reopen drops it, and activities before the observer started
// are not replayed.
func TestObserveClosuresSchedulesOncePerClose(t *testing.T) {
	b := newSQLiteBackend(t)
	f := newFlows(t)
	ctx := context.Background()
	now := mondayMorning
	status := func(tx storetest.Tx, id int64, from, to loket.TicketStatus, at time.Time) error {
		meta, _ := json.Marshal(map[string]loket.TicketStatus{"from": from, "to": to})
		return tx.AddActivity(ctx, &loket.Activity{TicketID: id, Kind: loket.ActStatus, Actor: loket.ActorAgent, Meta: meta, CreatedAt: at})
	}
	observe := func(at time.Time) {
		t.Helper()
		var wg sync.WaitGroup
		for range 3 { // racing passes: one holds the cursor, the others skip
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := b.s.InTx(ctx, func(tx storetest.Tx) error {
					_, err := f.ObserveClosures(ctx, tx, at)
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	var old, a, c *loket.Ticket
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.s.InTx(ctx, func(tx storetest.Tx) error {
		for _, tk := range []**loket.Ticket{&old, &a, &c} {
			*tk = &loket.Ticket{Channel: loket.ChannelWebChat, Title: "t", Type: loket.TypeOther, Status: loket.StatusNew, CreatedAt: now, UpdatedAt: now}
			if err := tx.CreateTicket(ctx, *tk); err != nil {
				return err
			}
		}
		return status(tx, old.ID, loket.StatusNew, loket.StatusClosed, now) // before the observer existed
	}))
	observe(now.Add(time.Minute))
	must(b.s.InTx(ctx, func(tx storetest.Tx) error {
		if err := status(tx, a.ID, loket.StatusInReview, loket.StatusClosed, now.Add(2*time.Minute)); err != nil {
			return err
		}
		if err := status(tx, c.ID, loket.StatusNew, loket.StatusClosed, now.Add(2*time.Minute)); err != nil {
			return err
		}
		return status(tx, c.ID, loket.StatusClosed, loket.StatusInReview, now.Add(2*time.Minute))
	}))
	observe(now.Add(3 * time.Minute))
	observe(now.Add(4 * time.Minute)) // nothing new: nothing doubled
	jobs, err := b.s.ClaimJobs(ctx, now.Add(time.Hour), time.Minute, 10)
	must(err)
	if len(jobs) != 1 || jobs[0].Kind != JobSurveyStart || jobs[0].Key != SurveyJobKey(a.ID) ||
		!jobs[0].DueAt.Equal(now.Add(3*time.Minute)) {
		t.Fatalf("jobs = %+v; want one survey for #%d due a minute after its close", jobs, a.Number)
	}
}
