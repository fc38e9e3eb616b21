package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"loket/internal/testkit"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// go test -run '^$' -bench JobScan -benchmem ./store/sqlite/
func BenchmarkJobScan(b *testing.B) {
	s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.FillJobs(b, s)
	storetest.BenchmarkJobScan(b, s)
}

// The due-job scan uses the partial index on pending jobs, not a scan of
// the table.
func TestJobScanPlan(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{
		`SELECT id FROM jobs WHERE done_at IS NULL AND due_at <= 1 AND (locked_until IS NULL OR locked_until <= 1) AND dead_at IS NULL ORDER BY due_at, id LIMIT 100`,
		`SELECT min(due_at) FROM jobs WHERE done_at IS NULL AND due_at <= 1 AND dead_at IS NULL`,
	} {
		got := strings.Join(testkit.SQLitePlan(t, s.DB(), q), "; ")
		t.Logf("%s\n  → %s", q, got)
		if !strings.Contains(got, "USING INDEX jobs_due_idx") || strings.Contains(got, "TEMP B-TREE") {
			t.Errorf("plan %q: want jobs_due_idx without a sort", got)
		}
	}
}
