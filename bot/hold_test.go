package bot_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/memory"
)

// stealLocker ends the holder's term while steal is set.
type stealLocker struct {
	*memory.Store
	steal atomic.Bool
}

func (l *stealLocker) Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error) {
	if l.steal.Load() {
		_ = l.Store.Release(ctx, key, owner, token)
		return false, nil
	}
	return l.Store.Refresh(ctx, key, owner, token, ttl)
}

// A holder that died without releasing (SIGKILL) is replaced once its
// short TTL runs out; the new term has a greater fencing token; losing the
// lock cancels the held work with ErrLockLost; an error ends Hold.
func TestHoldTakesOverFromADeadHolder(t *testing.T) {
	locks := &stealLocker{Store: memory.New(loket.SystemClock{})}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dead, ok, err := locks.Acquire(ctx, "k", "killed", 300*time.Millisecond)
	if err != nil || !ok {
		t.Fatalf("acquire: %v %v", ok, err)
	}
	l := bot.Lock{Locker: locks, Key: "k", Owner: "survivor", TTL: 300 * time.Millisecond}
	var terms []int64
	var causes []error
	stop := errors.New("enough")
	start := time.Now()
	var tookOver time.Duration
	err = l.Hold(ctx, func(held context.Context, token int64) error {
		terms = append(terms, token)
		if len(terms) == 1 {
			tookOver = time.Since(start)
			time.Sleep(250 * time.Millisecond) // renewed past the TTL
			locks.steal.Store(true)
			<-held.Done()
			causes = append(causes, context.Cause(held))
			locks.steal.Store(false)
			return nil
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Hold = %v, want the held function's error", err)
	}
	if len(terms) != 2 || terms[0] <= dead || terms[1] <= terms[0] {
		t.Fatalf("terms %v after the dead holder's %d", terms, dead)
	}
	if len(causes) != 1 || !errors.Is(causes[0], bot.ErrLockLost) {
		t.Fatalf("cause = %v, want ErrLockLost", causes)
	}
	if tookOver > 5*time.Second {
		t.Fatalf("took over after %v", tookOver)
	}
}

// hangLocker's refresh never answers while hang is set (a store that
// accepts the connection and says nothing), until its context ends.
type hangLocker struct {
	*memory.Store
	hang atomic.Bool
}

func (l *hangLocker) Refresh(ctx context.Context, key, owner string, token int64, ttl time.Duration) (bool, error) {
	if l.hang.Load() {
		<-ctx.Done()
		return false, ctx.Err()
	}
	return l.Store.Refresh(ctx, key, owner, token, ttl)
}

// A refresh that hangs does not keep the held work running past the
// term: it is cancelled with ErrLockLost while the lock is still this
// term's (before its TTL could let another replica in).
func TestHoldLetsGoWhenRefreshHangs(t *testing.T) {
	locks := &hangLocker{Store: memory.New(loket.SystemClock{})}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	l := bot.Lock{Locker: locks, Key: "k", Owner: "a", TTL: 3 * time.Second}
	stop := errors.New("enough")
	var stillOurs bool
	var cause error
	err := l.Hold(ctx, func(held context.Context, token int64) error {
		locks.hang.Store(true)
		<-held.Done()
		cause = context.Cause(held)
		// Nobody else could have taken it yet: the term has not ended.
		_, taken, err := locks.Store.Acquire(context.Background(), "k", "b", time.Minute)
		stillOurs = err == nil && !taken
		return stop
	})
	if !errors.Is(err, stop) || !errors.Is(cause, bot.ErrLockLost) {
		t.Fatalf("Hold = %v, cause %v; want the work cancelled with ErrLockLost", err, cause)
	}
	if !stillOurs {
		t.Fatal("the work ran on after another replica could take the lock")
	}
}
