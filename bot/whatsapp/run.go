package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"loket/bot"
)

// Waits after a permanent disconnect before connecting again.
const (
	replacedWait = 5 * time.Minute
	outdatedWait = time.Hour
	minBanWait   = 5 * time.Minute
)

// Run receives until ctx is cancelled. With a Locker it connects only while
// it holds Config.LockKey (refreshed every LockTTL/3; on loss it
// disconnects and tries to take it again); Active reports which. While not
// paired it waits for StartPairing. It returns nil on cancellation.
func (c *Channel) Run(ctx context.Context, sink bot.Sink) error {
	if sink == nil {
		return errors.New("whatsapp: run: nil sink")
	}
	if !c.sink.CompareAndSwap(nil, &sinkBox{sink}) {
		return errors.New("whatsapp: run: already running")
	}
	defer c.sink.Store(nil)
	go c.retryPending(ctx)
	go c.sendReads(ctx)
	if c.cfg.Locker == nil {
		c.active.Store(true)
		defer c.active.Store(false)
		c.session(ctx)
		return nil
	}
	for ctx.Err() == nil {
		_, ok, err := c.cfg.Locker.Acquire(ctx, c.cfg.LockKey, c.cfg.Owner, c.cfg.LockTTL)
		if err != nil && ctx.Err() == nil {
			c.log.Warn("whatsapp: session lock", "err", err)
		}
		if err == nil && ok {
			c.holdAndServe(ctx)
		}
		c.sleep(ctx, c.cfg.LockTTL/3)
	}
	return nil
}

// holdAndServe runs the session while the lock is held.
func (c *Channel) holdAndServe(ctx context.Context) {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.active.Store(true)
	c.log.Info("whatsapp: holding the session", "owner", c.cfg.Owner)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.session(sctx)
	}()
	c.refreshLock(sctx, cancel)
	<-done
	c.active.Store(false)
	c.setState(StateDisconnected, "")
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer rcancel()
	if err := c.cfg.Locker.Release(rctx, c.cfg.LockKey, c.cfg.Owner); err != nil {
		c.log.Warn("whatsapp: release session lock", "err", err)
	}
}

// refreshLock extends the lock until ctx is done or it is lost (then it
// cancels the session). A failing lock store ends the session once the
// TTL has surely passed.
func (c *Channel) refreshLock(ctx context.Context, cancel context.CancelFunc) {
	last := c.now()
	for c.sleep(ctx, c.cfg.LockTTL/3) {
		ok, err := c.cfg.Locker.Refresh(ctx, c.cfg.LockKey, c.cfg.Owner, c.cfg.LockTTL)
		switch {
		case err == nil && ok:
			last = c.now()
			continue
		case err == nil:
			c.log.Warn("whatsapp: session lock lost; disconnecting")
		case c.now().Sub(last) < c.cfg.LockTTL*2/3:
			c.log.Warn("whatsapp: refresh session lock", "err", err)
			continue
		default:
			c.log.Warn("whatsapp: session lock not refreshed in time; disconnecting", "err", err)
		}
		cancel()
		return
	}
}

// session keeps the client connected until ctx is done.
func (c *Channel) session(ctx context.Context) {
	defer func() {
		if cli := c.client(); cli != nil {
			cli.Disconnect()
		}
	}()
	wait := time.Duration(0)
	for ctx.Err() == nil {
		cli := c.client()
		if cli.DeviceID() == nil {
			c.setState(StateLoggedOut, "")
			select {
			case <-ctx.Done():
				return
			case req := <-c.pairReq:
				req.done <- c.pair(ctx, cli, req)
			}
			continue
		}
		if !cli.IsConnected() {
			if st := c.Status().State; st != StateReconnecting {
				c.setState(StateReconnecting, "")
			}
			if err := cli.Connect(); err != nil {
				wait = min(max(2*wait, c.backoffMin), c.backoffMax)
				c.log.Warn("whatsapp: connect failed", "err", err, "retry_in", wait)
				c.sleep(ctx, wait)
				continue
			}
			wait = 0
		}
		select {
		case <-ctx.Done():
			return
		case req := <-c.pairReq:
			req.done <- errors.New("whatsapp: already paired")
		case evt := <-c.events:
			cli.Disconnect()
			c.sleep(ctx, c.afterPermanent(ctx, evt))
		}
	}
}

// afterPermanent handles a disconnect whatsmeow does not recover from and
// returns how long to wait before connecting again.
func (c *Channel) afterPermanent(ctx context.Context, evt any) time.Duration {
	switch e := evt.(type) {
	case *events.LoggedOut:
		// whatsmeow deleted the device: a new one is needed to pair again.
		if err := c.reopen(ctx); err != nil {
			c.log.Error("whatsapp: new device after logout", "err", err)
			return c.backoffMax
		}
		return 0
	case *events.TemporaryBan:
		return max(e.Expire, minBanWait)
	case *events.StreamReplaced:
		return replacedWait
	case *events.ClientOutdated:
		return outdatedWait
	}
	c.log.Warn("whatsapp: unexpected session event", "event", fmt.Sprintf("%T", evt))
	return c.backoffMin
}
