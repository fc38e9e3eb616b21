// Package await retries a start-up step whose server may not be up yet
// (a database, Redis, the Telegram Bot API), with back-off, for a
// bounded time.
package await

import (
	"context"
	"errors"
	"time"
)

// Up runs try until it succeeds, fails in a way waiting will not change
// (try reports again false), or the next attempt would begin after wait
// has passed. Pauses double from first up to most; onRetry, when set,
// is told each failure and the pause before the next attempt. A context
// that ends stops the wait with the last failure and the context's error.
func Up(ctx context.Context, wait, first, most time.Duration, try func(context.Context) (again bool, err error), onRetry func(pause time.Duration, err error)) error {
	deadline := time.Now().Add(wait)
	pause := first
	for {
		again, err := try(ctx)
		if err == nil || !again || !time.Now().Add(pause).Before(deadline) {
			return err
		}
		if onRetry != nil {
			onRetry(pause, err)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
		pause = min(2*pause, most)
	}
}
