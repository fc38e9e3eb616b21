package console

import (
	"context"
	"runtime"
	"time"

	"loket"
)

// A password check costs tens of milliseconds of one core (bcrypt), and
// the limits in login_limits.go let every client address try twenty
// times before slowing it down: from enough addresses, wrong passwords
// alone would keep every core busy, and vendors' chats with them. So at
// most half the cores check passwords at once; a login that waits longer
// than Console.checkWait for a turn is told to try again in a moment.
func passwordChecksAtOnce() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// checkTurn waits for a turn to check a password; release gives it back.
// A login that waited too long gets a userError (503).
func (c *Console) checkTurn(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(c.checkWait)
	defer t.Stop()
	select {
	case c.checks <- struct{}{}:
		return func() { <-c.checks }, nil
	case <-t.C:
		return nil, userErr(loket.EUnavailable, "login.err_busy")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
