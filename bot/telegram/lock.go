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
	DefaultLockTTL = 4 * time.Second
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
		return c.pollWhileHeld(held, sink, token)
	})
}

// stillHeld renews the polling lock with the term's token: nil while it is
// this replica's, errNotHolder once another term began. The poller asks
// before each getUpdates, so a replica that was frozen past the lock's
// time-to-live does not poll again when it wakes (the heartbeat would only
// notice at its next beat).
func (c *Channel) stillHeld(token int64) func(context.Context) error {
	return func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, c.cfg.LockTTL/3)
		defer cancel()
		ok, err := c.cfg.Locker.Refresh(ctx, c.cfg.LockKey, c.cfg.Owner, token, c.cfg.LockTTL)
		switch {
		case err != nil:
			return fmt.Errorf("telegram: check the polling lock: %w", err)
		case !ok:
			return errNotHolder
		}
		return nil
	}
}

// pollWhileHeld polls until ctx is done or the lock is lost. On a clean
// stop (lock still held) it confirms what it recorded before the lock is
// released, so the next holder does not receive those updates again.
func (c *Channel) pollWhileHeld(ctx context.Context, sink bot.Sink, token int64) error {
	c.polling.Store(true)
	pending, err := c.runPolling(ctx, sink, c.stillHeld(token))
	c.polling.Store(false)
	if lost := errors.Is(context.Cause(ctx), bot.ErrLockLost); lost || ctx.Err() == nil {
		// The lock is gone (the heartbeat or the check before a poll
		// found it so): nothing may be confirmed, and Hold takes it
		// again when it can.
		return err
	}
	if pending > 0 {
		bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, cerr := c.getUpdates(bg, pending, 1, 0); cerr != nil {
			c.log.Warn("telegram: confirm before handing over", "err", cerr)
		}
	}
	return err
}
