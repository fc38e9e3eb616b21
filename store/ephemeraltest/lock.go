package ephemeraltest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func testLock(t *testing.T, h Harness) {
	t.Run("exclusion and fencing across release", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		s := newLockSteps(t, env, "l:release")
		t1 := s.acquire("a", true)
		s.acquire("b", false)
		if again := s.acquire("a", true); again != t1 {
			t.Fatalf("re-acquire by the owner: token %d, want the same %d", again, t1)
		}
		s.release("a")
		t2 := s.acquire("b", true)
		if t2 <= t1 {
			t.Fatalf("token after release = %d, want > %d", t2, t1)
		}
		s.release("b")
		if t3 := s.acquire("b", true); t3 <= t2 {
			t.Fatalf("token on re-acquire by the same owner after release = %d, want > %d", t3, t2)
		}
	})
	t.Run("fencing across expiry", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		s := newLockSteps(t, env, "l:expiry")
		t1 := s.acquire("a", true)
		env.Advance(ttl + ttl/3)
		t2 := s.acquire("b", true)
		if t2 <= t1 {
			t.Fatalf("token after expiry = %d, want > %d", t2, t1)
		}
		s.refresh("a", false)
	})
	t.Run("refresh by owner only", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		s := newLockSteps(t, env, "l:refresh")
		s.acquire("a", true)
		env.Advance(ttl * 2 / 3)
		s.refresh("b", false)
		s.refresh("a", true)
		env.Advance(ttl * 2 / 3) // past the first ttl, within the refreshed one
		s.acquire("b", false)
		env.Advance(ttl + ttl/3)
		s.refresh("a", false)
		s.acquire("b", true)
	})
	t.Run("release by non-owner is ignored", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		s := newLockSteps(t, env, "l:foreign")
		s.acquire("a", true)
		s.release("b")
		s.acquire("b", false)
		s.refresh("a", true)
		s.release("a")
		s.release("a") // releasing a free lock is not an error
	})
	t.Run("a stale term changes nothing", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		s := newLockSteps(t, env, "l:stale")
		t1 := s.acquire("a", true)
		env.Advance(ttl + ttl/3)
		t2 := s.acquire("a", true) // the same owner, a new term after expiry
		if t2 <= t1 {
			t.Fatalf("token of the new term = %d, want > %d", t2, t1)
		}
		ctx := testCtx(t)
		if ok, err := env.Store.Refresh(ctx, s.key, "a", t1, ttl); err != nil || ok {
			t.Fatalf("Refresh with the old term's token = %v, %v; want false", ok, err)
		}
		if err := env.Store.Release(ctx, s.key, "a", t1); err != nil {
			t.Fatalf("Release with the old token: %v", err)
		}
		s.acquire("b", false) // still held by the new term
		s.refresh("a", true)
	})
	t.Run("one winner among 20", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			winners []string
			errs    []error
		)
		start := make(chan struct{})
		for i := range 20 {
			wg.Go(func() {
				owner := fmt.Sprintf("owner-%d", i)
				<-start
				_, ok, err := env.Store.Acquire(ctx, "l:race", owner, ttl*10)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				}
				if ok {
					winners = append(winners, owner)
				}
			})
		}
		close(start)
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("concurrent Acquire: %v", err)
		}
		if len(winners) != 1 {
			t.Fatalf("concurrent Acquire: winners %v, want exactly one", winners)
		}
	})
}

// lockSteps runs lock calls on one key and fails the test on a surprise.
// It remembers each owner's last token, which refresh and release present.
type lockSteps struct {
	t      *testing.T
	env    Env
	key    string
	tokens map[string]int64
}

func newLockSteps(t *testing.T, env Env, key string) lockSteps {
	return lockSteps{t: t, env: env, key: key, tokens: map[string]int64{}}
}

func (s lockSteps) acquire(owner string, want bool) int64 {
	s.t.Helper()
	tok, ok, err := s.env.Store.Acquire(testCtx(s.t), s.key, owner, ttl)
	if err != nil {
		s.t.Fatalf("Acquire(%q, %q): %v", s.key, owner, err)
	}
	if ok != want {
		s.t.Fatalf("Acquire(%q, %q) ok = %v, want %v", s.key, owner, ok, want)
	}
	if ok && tok <= 0 {
		s.t.Fatalf("Acquire(%q, %q) token = %d, want > 0", s.key, owner, tok)
	}
	if ok {
		s.tokens[owner] = tok
	}
	return tok
}

func (s lockSteps) refresh(owner string, want bool) {
	s.t.Helper()
	ok, err := s.env.Store.Refresh(testCtx(s.t), s.key, owner, s.tokens[owner], ttl)
	if err != nil {
		s.t.Fatalf("Refresh(%q, %q): %v", s.key, owner, err)
	}
	if ok != want {
		s.t.Fatalf("Refresh(%q, %q) = %v, want %v", s.key, owner, ok, want)
	}
}

func (s lockSteps) release(owner string) {
	s.t.Helper()
	if err := s.env.Store.Release(testCtx(s.t), s.key, owner, s.tokens[owner]); err != nil {
		s.t.Fatalf("Release(%q, %q): %v", s.key, owner, err)
	}
}
