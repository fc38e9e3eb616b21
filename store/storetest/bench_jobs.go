package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket"
)

// Shape of the due-job scan benchmark: 100,000 pending jobs, of which
// BenchDueJobs are due; the rest are due 60 to 90 days later.
const (
	BenchJobs    = 100_000
	BenchDueJobs = 1_000
)

// BenchJobsNow is the "now" of the job-scan benchmark.
var BenchJobsNow = time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)

// FillJobs schedules BenchJobs pending jobs through the store's own
// ScheduleJob, 5,000 per transaction, half of them with a key (as
// reminders have).
func FillJobs(tb testing.TB, s Store) {
	tb.Helper()
	ctx := context.Background()
	for from := 0; from < BenchJobs; from += 5000 {
		err := s.InTx(ctx, func(tx Tx) error {
			for i := from; i < from+5000; i++ {
				due := BenchJobsNow.Add(60*24*time.Hour + time.Duration(i)*26*time.Second) // 60–90 days ahead
				if i%(BenchJobs/BenchDueJobs) == 0 {
					due = BenchJobsNow.Add(-time.Duration(i) * time.Second) // due
				}
				key := ""
				if i%2 == 0 {
					key = fmt.Sprintf("bench:%d", i)
				}
				if err := tx.ScheduleJob(ctx, &loket.Job{Kind: "bench", Key: key, Payload: []byte(`{"n":1}`), DueAt: due, CreatedAt: BenchJobsNow}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatalf("fill jobs: %v", err)
		}
	}
}

// BenchmarkJobScan measures the engine's due-job scan over a store filled
// by FillJobs: ClaimJobs(now, 1 minute, 100) and OldestDueJob. Each claim
// runs a little over a lease later than the one before, so the same 100
// oldest due jobs are claimed again and the table keeps its shape.
func BenchmarkJobScan(b *testing.B, s Store) {
	ctx := context.Background()
	const lease = time.Minute
	b.Run("ClaimJobs", func(b *testing.B) {
		b.ReportAllocs()
		now := BenchJobsNow
		for b.Loop() {
			now = now.Add(lease + time.Second)
			jobs, err := s.ClaimJobs(ctx, now, lease, 100)
			if err != nil || len(jobs) != 100 {
				b.Fatalf("ClaimJobs = %d jobs, %v; want 100", len(jobs), err)
			}
		}
	})
	b.Run("OldestDueJob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			t, err := s.OldestDueJob(ctx, BenchJobsNow)
			if err != nil || t.IsZero() {
				b.Fatalf("OldestDueJob = %v, %v", t, err)
			}
		}
	})
}
