package testkit

import (
	"testing"
	"time"
)

// Eventually waits for cond, failing the test after a generous deadline
// (20 s, for a loaded CI machine). It asserts an outcome, not a duration.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
