package bot

import (
	"context"
	"time"
)

// Sleep waits d or until ctx is done, and reports whether d elapsed. The
// engine and the channel adapters use it for back-off and lock refresh.
func Sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
