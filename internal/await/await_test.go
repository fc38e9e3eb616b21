package await

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestUp(t *testing.T) {
	down := errors.New("connection refused")
	for _, tc := range []struct {
		name       string
		failures   int  // attempts that fail before one succeeds
		again      bool // whether those failures are worth waiting for
		wait       time.Duration
		wantTries  int
		wantFailed bool
	}{
		{"up at once", 0, true, time.Second, 1, false},
		{"up on the third try", 2, true, time.Second, 3, false},
		{"a failure waiting will not change", 2, false, time.Second, 1, true},
		{"never up within the wait", 1000, true, 150 * time.Millisecond, -1, true}, // tries at 0, 10, 30, 70, 110 ms at most (pauses capped at 40)
		{"no wait at all", 5, true, 0, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tries, retries := 0, 0
			err := Up(context.Background(), tc.wait, 10*time.Millisecond, 40*time.Millisecond,
				func(context.Context) (bool, error) {
					tries++
					if tries <= tc.failures {
						return tc.again, down
					}
					return false, nil
				},
				func(time.Duration, error) { retries++ })
			if (err != nil) != tc.wantFailed || (err != nil && !errors.Is(err, down)) {
				t.Fatalf("err %v, want failed=%v with the last failure", err, tc.wantFailed)
			}
			if tc.wantTries == -1 && (tries < 2 || tries > 5) || tc.wantTries >= 0 && tries != tc.wantTries || retries != tries-1 && err == nil {
				t.Fatalf("%d tries, %d retries told; want %d tries", tries, retries, tc.wantTries)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Up(ctx, time.Minute, time.Second, time.Second, func(context.Context) (bool, error) { return true, down }, nil)
	if !errors.Is(err, down) || !errors.Is(err, context.Canceled) {
		t.Fatalf("ended context: %v, want the failure and context.Canceled", err)
	}
}
