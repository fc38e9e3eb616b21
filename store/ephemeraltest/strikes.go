package ephemeraltest

import (
	"testing"
	"time"
)

func testStrikes(t *testing.T, h Harness) {
	t.Run("count, age, window and forgiveness", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		if n, since, err := env.Store.Strikes(ctx, "s:none"); err != nil || n != 0 || since != 0 {
			t.Fatalf("no strikes: %d %v %v", n, since, err)
		}
		for want := int64(1); want <= 3; want++ {
			if n, err := env.Store.Strike(ctx, "s:user", time.Minute); err != nil || n != want {
				t.Fatalf("strike %d: %d %v", want, n, err)
			}
		}
		env.Advance(300 * time.Millisecond)
		n, since, err := env.Store.Strikes(ctx, "s:user")
		if err != nil || n != 3 || since < 300*time.Millisecond || since > 30*time.Second {
			t.Fatalf("after 300ms: n=%d since=%v err=%v", n, since, err)
		}
		if n, _, _ := env.Store.Strikes(ctx, "s:other"); n != 0 {
			t.Fatalf("keys are not independent: %d", n)
		}
		if err := env.Store.Forgive(ctx, "s:user"); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := env.Store.Strikes(ctx, "s:user"); n != 0 {
			t.Fatalf("forgiven key still counts %d", n)
		}
		if _, err := env.Store.Strike(ctx, "s:short", 500*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		env.Advance(time.Second)
		if n, _, _ := env.Store.Strikes(ctx, "s:short"); n != 0 {
			t.Fatalf("count outlived its window: %d", n)
		}
		if n, _ := env.Store.Strike(ctx, "s:short", time.Minute); n != 1 {
			t.Fatalf("a strike after the window starts again at 1, got %d", n)
		}
	})
}
