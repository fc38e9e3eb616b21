package flows

import (
	"context"
	"testing"

	"loket/internal/testkit"
	"loket/store/postgres"
)

// newPostgresBackend opens the real PostgreSQL store in a schema of its
// own, or returns false (with a visible log line) when
// LOKET_TEST_DATABASE_URL is not set.
func newPostgresBackend(t testing.TB) (storeBackend, bool) {
	t.Helper()
	url := testkit.PostgresURL(t, "flows")
	if url == "" {
		return storeBackend{}, false
	}
	s, err := postgres.Open(context.Background(), url, nil)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return storeBackend{s: s}, true
}
