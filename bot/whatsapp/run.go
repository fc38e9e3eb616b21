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
// it holds Config.LockKey (bot.Lock: refreshed every LockTTL/3; on loss it
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
	l := bot.Lock{Locker: c.cfg.Locker, Key: c.cfg.LockKey, Owner: c.cfg.Owner, TTL: c.cfg.LockTTL,
		Log: c.log, Now: c.now, Sleep: c.sleep}
	return l.Hold(ctx, func(held context.Context, _ int64) error {
		c.serveHeld(held)
		return nil
	})
}

// serveHeld runs the session while the lock is held (bot.Lock cancels
// ctx when it is lost).
func (c *Channel) serveHeld(ctx context.Context) {
	c.active.Store(true)
	c.log.Info("whatsapp: holding the session", "owner", c.cfg.Owner)
	c.session(ctx)
	c.active.Store(false)
	c.setState(StateDisconnected, "")
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
