package ephemeraltest

import (
	"testing"
	"time"

	"loket"
)

func testAllow(t *testing.T, h Harness) {
	t.Run("burst then refusal", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		const rate, burst = 5.0, 3 // one token every 200 ms
		for i := range burst {
			ok, wait, err := env.Store.Allow(ctx, "a:burst", rate, burst)
			if err != nil || !ok || wait != 0 {
				t.Fatalf("call %d of the burst: ok=%v wait=%v err=%v, want ok", i+1, ok, wait, err)
			}
		}
		ok, wait, err := env.Store.Allow(ctx, "a:burst", rate, burst)
		if err != nil || ok {
			t.Fatalf("call after the burst: ok=%v err=%v, want refused", ok, err)
		}
		period := time.Duration(float64(time.Second) / rate)
		if wait <= 0 || wait > period {
			t.Fatalf("wait after the burst = %v, want in (0, %v]", wait, period)
		}
	})
	t.Run("refill after time passes", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		const rate, burst = 5.0, 2
		drain(t, env, "a:refill", rate, burst)
		_, wait, _ := env.Store.Allow(ctx, "a:refill", rate, burst)
		env.Advance(wait)
		if ok, w, err := env.Store.Allow(ctx, "a:refill", rate, burst); err != nil || !ok {
			t.Fatalf("after waiting %v: ok=%v wait=%v err=%v, want ok", wait, ok, w, err)
		}
		if ok, _, err := env.Store.Allow(ctx, "a:refill", rate, burst); err != nil || ok {
			t.Fatalf("second call after one refill: ok=%v err=%v, want refused", ok, err)
		}
		// A long pause refills the bucket to burst, not beyond.
		env.Advance(2 * time.Second)
		for i := range burst {
			if ok, _, err := env.Store.Allow(ctx, "a:refill", rate, burst); err != nil || !ok {
				t.Fatalf("call %d after a long pause: ok=%v err=%v, want ok", i+1, ok, err)
			}
		}
		if ok, _, err := env.Store.Allow(ctx, "a:refill", rate, burst); err != nil || ok {
			t.Fatalf("call beyond burst after a long pause: ok=%v err=%v, want refused", ok, err)
		}
	})
	t.Run("keys are independent", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		drain(t, env, "a:one", 1, 2)
		if ok, _, err := env.Store.Allow(ctx, "a:one", 1, 2); err != nil || ok {
			t.Fatalf("drained key: ok=%v err=%v, want refused", ok, err)
		}
		if ok, _, err := env.Store.Allow(ctx, "a:two", 1, 2); err != nil || !ok {
			t.Fatalf("fresh key next to a drained one: ok=%v err=%v, want ok", ok, err)
		}
	})
}

// drain takes burst tokens from key, failing if any is refused.
func drain(t *testing.T, env Env, key string, rate float64, burst int) {
	t.Helper()
	for i := range burst {
		ok, _, err := env.Store.Allow(testCtx(t), key, rate, burst)
		if err != nil || !ok {
			t.Fatalf("drain %q: call %d: ok=%v err=%v", key, i+1, ok, err)
		}
	}
}

func testAllowEach(t *testing.T, h Harness) {
	visitor := loket.RateLimit{Key: "e:visitor", Rate: 5, Burst: 2} // one token every 200 ms
	addr := loket.RateLimit{Key: "e:addr", Rate: 5, Burst: 3}
	t.Run("every bucket gives a token", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		for i := range 2 {
			if ok, wait, err := env.Store.AllowEach(ctx, visitor, addr); err != nil || !ok || wait != 0 {
				t.Fatalf("call %d: ok=%v wait=%v err=%v, want ok", i+1, ok, wait, err)
			}
		}
		// Both buckets gave: the address has one token left.
		if ok, _, err := env.Store.Allow(ctx, addr.Key, addr.Rate, addr.Burst); err != nil || !ok {
			t.Fatalf("the address's last token: ok=%v err=%v", ok, err)
		}
		if ok, _, err := env.Store.Allow(ctx, addr.Key, addr.Rate, addr.Burst); err != nil || ok {
			t.Fatalf("the address after its burst: ok=%v err=%v, want refused", ok, err)
		}
	})
	t.Run("a refusal leaves the later buckets alone", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		drain(t, env, visitor.Key, visitor.Rate, visitor.Burst)
		ok, wait, err := env.Store.AllowEach(ctx, visitor, addr)
		if err != nil || ok || wait <= 0 || wait > 200*time.Millisecond {
			t.Fatalf("drained first bucket: ok=%v wait=%v err=%v, want refused with a wait in (0, 200ms]", ok, wait, err)
		}
		drain(t, env, addr.Key, addr.Rate, addr.Burst) // the address still holds its whole burst
	})
	t.Run("a later refusal keeps the earlier tokens taken", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		drain(t, env, addr.Key, addr.Rate, addr.Burst)
		if ok, wait, err := env.Store.AllowEach(ctx, visitor, addr); err != nil || ok || wait <= 0 {
			t.Fatalf("drained second bucket: ok=%v wait=%v err=%v, want refused", ok, wait, err)
		}
		if ok, _, err := env.Store.Allow(ctx, visitor.Key, visitor.Rate, visitor.Burst); err != nil || !ok {
			t.Fatalf("the first bucket's second token: ok=%v err=%v", ok, err)
		}
		if ok, _, err := env.Store.Allow(ctx, visitor.Key, visitor.Rate, visitor.Burst); err != nil || ok {
			t.Fatalf("the first bucket gave a token to the refused call: ok=%v err=%v, want refused", ok, err)
		}
		// Time refills both.
		env.Advance(time.Second)
		if ok, _, err := env.Store.AllowEach(ctx, visitor, addr); err != nil || !ok {
			t.Fatalf("after a second: ok=%v err=%v, want ok", ok, err)
		}
	})
}
