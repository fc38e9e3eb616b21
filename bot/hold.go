package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Locker is a fenced lock with a time-to-live (store/memory, store/redis).
// Acquire returns the term's fencing token, strictly greater than any
// before; Refresh and Release present it, so a holder whose term ended
// (expired, even if it took the lock again since) changes nothing.
type Locker interface {
	Acquire(ctx context.Context, key, owner string, ttl time.Duration) (token int64, ok bool, err error)
	Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error)
	Release(ctx context.Context, key, owner string, token int64) error
}

// ErrLockLost is the cause (context.Cause) of a held function's context
// when the lock was lost or could not be renewed in time.
var ErrLockLost = errors.New("lock lost")

// Lock is a lock one replica at a time holds to do something only one may
// do (Telegram long polling, the WhatsApp session).
type Lock struct {
	Locker Locker
	Key    string
	Owner  string
	// TTL is the lock's time-to-live: renewed every TTL/3 while held, and
	// tried for every TTL/6 while not, so after a holder dies another
	// replica takes it within about TTL + TTL/6.
	TTL   time.Duration
	Log   *slog.Logger
	Now   func() time.Time                                // time.Now when nil
	Sleep func(ctx context.Context, d time.Duration) bool // Sleep when nil
}

// Hold runs fn whenever this replica holds the lock, until ctx is done. It
// tries to take the lock every TTL/6; while fn runs a heartbeat renews it
// every TTL/3, and when the lock is lost (taken by another term) or not
// renewed before 2/3 of its TTL passed (the store is unreachable: another
// replica may take it soon) fn's context is cancelled with ErrLockLost.
// fn gets the term's fencing token. After fn returns the lock is released;
// an error from fn ends Hold with it (nil after ctx is done).
func (l Lock) Hold(ctx context.Context, fn func(ctx context.Context, token int64) error) error {
	log := l.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sleep := l.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	for ctx.Err() == nil {
		token, ok, err := l.Locker.Acquire(ctx, l.Key, l.Owner, l.TTL)
		if err != nil && ctx.Err() == nil {
			log.Warn("lock: acquire", "key", l.Key, "err", err)
		}
		if err == nil && ok {
			log.Info("lock: taken", "key", l.Key, "owner", l.Owner, "token", token)
			if err := l.run(ctx, token, log, fn); err != nil {
				return err
			}
		}
		sleep(ctx, l.TTL/6)
	}
	return nil
}

// run runs fn under one term of the lock and releases it afterwards.
func (l Lock) run(ctx context.Context, token int64, log *slog.Logger, fn func(context.Context, int64) error) error {
	held, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	beat := make(chan struct{})
	go func() {
		defer close(beat)
		if !l.renew(held, token, log) {
			cancel(ErrLockLost)
		}
	}()
	ferr := fn(held, token)
	cancel(nil)
	<-beat
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer rcancel()
	if err := l.Locker.Release(rctx, l.Key, l.Owner, token); err != nil {
		log.Warn("lock: release", "key", l.Key, "err", err)
	}
	return ferr
}

// renew extends the lock every TTL/3 until ctx is done (true) or the lock
// is lost or not renewed within 2/3 of its TTL of the last renewal
// (false), however long one refresh call would take.
func (l Lock) renew(ctx context.Context, token int64, log *slog.Logger) bool {
	now := l.Now
	if now == nil {
		now = time.Now
	}
	sleep := l.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	last := now()
	for sleep(ctx, l.TTL/3) {
		// A refresh that hangs (the store unreachable, no answer) must
		// not keep fn running: it may take only until the term could end.
		left := l.TTL*2/3 - now().Sub(last)
		if left <= 0 {
			log.Warn("lock: not refreshed in time; letting go", "key", l.Key)
			return false
		}
		rctx, cancel := context.WithTimeout(ctx, left)
		asked := now() // the new term runs from no earlier than this
		ok, err := l.Locker.Refresh(rctx, l.Key, l.Owner, token, l.TTL)
		cancel()
		switch {
		case err == nil && ok:
			last = asked
			continue
		case ctx.Err() != nil:
			return true
		case err == nil:
			log.Warn("lock: lost", "key", l.Key, "token", token)
		case rctx.Err() == nil && now().Sub(last) < l.TTL*2/3:
			log.Warn("lock: refresh", "key", l.Key, "err", err)
			continue
		default:
			log.Warn("lock: not refreshed in time; letting go", "key", l.Key, "err", err)
		}
		return false
	}
	return true
}
