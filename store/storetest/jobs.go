package storetest

import (
	"sync"
	"testing"
	"time"

	"loket"
)

func testJobs(t *testing.T, s Store) {
	ctx := ctxT(t)
	oldest, err := s.OldestDueJob(ctx, t0)
	must(t, err)
	if !oldest.IsZero() {
		t.Fatalf("oldest with no jobs = %v", oldest)
	}
	remind := &loket.Job{Kind: "reminder", Key: "appt:1:day", Payload: []byte(`{"a":1}`), DueAt: t0.Add(time.Hour), CreatedAt: t0}
	free := &loket.Job{Kind: "sweep", DueAt: t0, CreatedAt: t0}
	free2 := &loket.Job{Kind: "sweep", DueAt: t0, CreatedAt: t0}
	inTx(t, s, func(tx Tx) error {
		must(t, tx.ScheduleJob(ctx, remind))
		must(t, tx.ScheduleJob(ctx, free))
		must(t, tx.ScheduleJob(ctx, free2))
		// Same key: the pending job moves.
		moved := &loket.Job{Kind: "reminder", Key: "appt:1:day", Payload: []byte(`{"a":2}`), DueAt: t0.Add(-time.Minute), CreatedAt: t0}
		must(t, tx.ScheduleJob(ctx, moved))
		if moved.ID != remind.ID {
			t.Fatalf("moved job has a new id %d, want %d", moved.ID, remind.ID)
		}
		return nil
	})
	if free.ID == free2.ID {
		t.Fatalf("jobs without key merged")
	}
	oldest, err = s.OldestDueJob(ctx, t0)
	must(t, err)
	if !oldest.Equal(t0.Add(-time.Minute)) {
		t.Fatalf("oldest due = %v", oldest)
	}
	got, err := s.ClaimJobs(ctx, t0, time.Minute, 10)
	must(t, err)
	tok := map[int64]int64{}
	for _, j := range got {
		tok[j.ID] = j.Token
	}
	if len(got) != 3 || got[0].ID != remind.ID || string(got[0].Payload) != `{"a": 2}` && string(got[0].Payload) != `{"a":2}` || got[0].Attempts != 1 {
		t.Fatalf("claimed = %+v", got)
	}
	// Leased: not claimed again until the lease ends.
	again, err := s.ClaimJobs(ctx, t0.Add(30*time.Second), time.Minute, 10)
	must(t, err)
	if len(again) != 0 {
		t.Fatalf("claimed while leased: %+v", again)
	}
	must(t, s.RetryJob(ctx, free.ID, tok[free.ID], t0.Add(5*time.Minute), "smtp down"))
	inTx(t, s, func(tx Tx) error {
		must(t, tx.CompleteJob(ctx, remind.ID, tok[remind.ID], t0))
		must(t, tx.CancelJob(ctx, "missing"))
		return nil
	})
	// A job that is not there fails the transaction (from the call, or
	// from its commit where the backend pipelines).
	wantErr(t, s.InTx(ctx, func(tx Tx) error { return tx.CompleteJob(ctx, 999999, 1, t0) }), loket.ErrNotFound)
	// The lease of free2 expires: claimed again with a second attempt.
	got, err = s.ClaimJobs(ctx, t0.Add(2*time.Minute), time.Minute, 10)
	must(t, err)
	if len(got) != 1 || got[0].ID != free2.ID || got[0].Attempts != 2 {
		t.Fatalf("after lease = %+v", got)
	}
	inTx(t, s, func(tx Tx) error { return tx.CompleteJob(ctx, free2.ID, got[0].Token, t0) })
	got, err = s.ClaimJobs(ctx, t0.Add(5*time.Minute), time.Minute, 10)
	must(t, err)
	if len(got) != 1 || got[0].ID != free.ID || got[0].LastError != "smtp down" {
		t.Fatalf("retried = %+v", got)
	}
	// A done job's key can be scheduled again; a cancelled one is gone.
	inTx(t, s, func(tx Tx) error {
		j := &loket.Job{Kind: "reminder", Key: "appt:1:day", DueAt: t0.Add(time.Hour), CreatedAt: t0}
		must(t, tx.ScheduleJob(ctx, j))
		if j.ID == remind.ID {
			t.Fatalf("done job reused")
		}
		return tx.CancelJob(ctx, "appt:1:day")
	})
	got, err = s.ClaimJobs(ctx, t0.Add(2*time.Hour), time.Minute, 10)
	must(t, err)
	for _, j := range got {
		if j.Key == "appt:1:day" {
			t.Fatalf("cancelled job claimed")
		}
	}
	wantErr(t, s.RetryJob(ctx, 999999, 1, t0, "x"), loket.ErrNotFound)
}

func testJobsConcurrent(t *testing.T, s Store) {
	ctx := ctxT(t)
	var jobs []*loket.Job
	inTx(t, s, func(tx Tx) error {
		for i := 0; i < 30; i++ {
			j := &loket.Job{Kind: "k", DueAt: t0, CreatedAt: t0}
			must(t, tx.ScheduleJob(ctx, j))
			jobs = append(jobs, j)
		}
		return nil
	})
	var mu sync.Mutex
	seen := map[int64]int{}
	errs := race(4, func(int) error {
		for round := 0; round < 15; round++ {
			got, err := s.ClaimJobs(ctx, t0, time.Hour, 3)
			if err != nil {
				return err
			}
			mu.Lock()
			for _, j := range got {
				seen[j.ID]++
			}
			mu.Unlock()
		}
		return nil
	})
	for _, err := range errs {
		must(t, err)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("job %d claimed %d times", id, c)
		}
	}
	if len(seen) != len(jobs) {
		t.Fatalf("claimed %d of %d", len(seen), len(jobs))
	}
	// One due job, two racing claimers: exactly one gets it.
	inTx(t, s, func(tx Tx) error {
		return tx.ScheduleJob(ctx, &loket.Job{Kind: "one", Key: "only", DueAt: t0, CreatedAt: t0})
	})
	var got [2]int
	errs = race(2, func(i int) error {
		js, err := s.ClaimJobs(ctx, t0.Add(time.Second), time.Hour, 10)
		got[i] = len(js)
		return err
	})
	for _, err := range errs {
		must(t, err)
	}
	if got[0]+got[1] != 1 {
		t.Fatalf("due job claimed %d times", got[0]+got[1])
	}
}
