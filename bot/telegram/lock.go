package telegram

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"loket/bot"
)

// Locker is the fenced lock with a TTL that makes one replica at a time
// poll (store/memory, store/redis): bot.Locker.
type Locker = bot.Locker

// Lock defaults. The TTL is short and renewed every third of it, so after
// a replica is killed another one polls within a few seconds.
const (
	DefaultLockKey = "telegram:poll"
	DefaultLockTTL = 6 * time.Second
)

// defaultOwner names this process: host, pid and a random suffix.
func defaultOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Polling reports whether this replica is the one calling getUpdates
// (always true while Run polls without a Locker; false in webhook mode).
func (c *Channel) Polling() bool { return c.polling.Load() }

// runLocked polls only while it holds Config.LockKey (bot.Lock: taken when
// free, renewed while held, polling stops when it is lost).
func (c *Channel) runLocked(ctx context.Context, sink bot.Sink) error {
	l := bot.Lock{Locker: c.cfg.Locker, Key: c.cfg.LockKey, Owner: c.cfg.Owner, TTL: c.cfg.LockTTL, Log: c.log, Now: c.now}
	return l.Hold(ctx, func(held context.Context, token int64) error {
		return c.pollWhileHeld(held, sink)
	})
}

// pollWhileHeld polls until ctx is done or the lock is lost. On a clean
// stop (lock still held) it confirms what it recorded before the lock is
// released, so the next holder does not receive those updates again.
func (c *Channel) pollWhileHeld(ctx context.Context, sink bot.Sink) error {
	c.polling.Store(true)
	pending, err := c.runPolling(ctx, sink)
	c.polling.Store(false)
	if pending > 0 && !errors.Is(context.Cause(ctx), bot.ErrLockLost) {
		bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, cerr := c.getUpdates(bg, pending, 1, 0); cerr != nil {
			c.log.Warn("telegram: confirm before handing over", "err", cerr)
		}
	}
	return err
}
