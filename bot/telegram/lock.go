package telegram

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"loket/bot"
)

// Locker is a fenced lock with a TTL (store/memory, store/redis). With one
// in Config, long polling runs in one replica at a time.
type Locker interface {
	Acquire(ctx context.Context, key, owner string, ttl time.Duration) (token int64, ok bool, err error)
	Refresh(ctx context.Context, key, owner string, ttl time.Duration) (bool, error)
	Release(ctx context.Context, key, owner string) error
}

// Lock defaults.
const (
	DefaultLockKey = "telegram:poll"
	DefaultLockTTL = 30 * time.Second
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

// runLocked polls only while it holds Config.LockKey; the other replicas
// try to take the lock every LockTTL/3.
func (c *Channel) runLocked(ctx context.Context, sink bot.Sink) error {
	for ctx.Err() == nil {
		_, ok, err := c.cfg.Locker.Acquire(ctx, c.cfg.LockKey, c.cfg.Owner, c.cfg.LockTTL)
		if err != nil && ctx.Err() == nil {
			c.log.Warn("telegram: polling lock", "err", err)
		}
		if err == nil && ok {
			if err := c.pollWhileHeld(ctx, sink); err != nil {
				return err
			}
		}
		bot.Sleep(ctx, c.cfg.LockTTL/3)
	}
	return nil
}

// pollWhileHeld polls until ctx is done or the lock is lost. On a clean
// stop (lock still held) it confirms what it recorded before releasing, so
// the next holder does not receive those updates again.
func (c *Channel) pollWhileHeld(ctx context.Context, sink bot.Sink) error {
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.log.Info("telegram: polling lock taken", "owner", c.cfg.Owner)
	var lost atomic.Bool
	refreshed := make(chan struct{})
	go func() {
		defer close(refreshed)
		if !c.refreshLock(pctx) {
			lost.Store(true)
			cancel()
		}
	}()
	c.polling.Store(true)
	pending, err := c.runPolling(pctx, sink)
	c.polling.Store(false)
	cancel()
	<-refreshed
	bg, bcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer bcancel()
	if !lost.Load() && pending > 0 {
		if _, cerr := c.getUpdates(bg, pending, 1, 0); cerr != nil {
			c.log.Warn("telegram: confirm before handing over", "err", cerr)
		}
	}
	if rerr := c.cfg.Locker.Release(bg, c.cfg.LockKey, c.cfg.Owner); rerr != nil {
		c.log.Warn("telegram: release polling lock", "err", rerr)
	}
	return err
}

// refreshLock extends the lock every LockTTL/3 until ctx is done (true) or
// the lock is lost (false). A failing lock store gives up once the TTL has
// nearly passed, as another replica may then take it.
func (c *Channel) refreshLock(ctx context.Context) bool {
	last := c.now()
	for bot.Sleep(ctx, c.cfg.LockTTL/3) {
		ok, err := c.cfg.Locker.Refresh(ctx, c.cfg.LockKey, c.cfg.Owner, c.cfg.LockTTL)
		switch {
		case err == nil && ok:
			last = c.now()
			continue
		case ctx.Err() != nil:
			return true
		case err == nil:
			c.log.Warn("telegram: polling lock lost; stopping polling")
		case c.now().Sub(last) < c.cfg.LockTTL*2/3:
			c.log.Warn("telegram: refresh polling lock", "err", err)
			continue
		default:
			c.log.Warn("telegram: polling lock not refreshed in time; stopping polling", "err", err)
		}
		return false
	}
	return true
}
