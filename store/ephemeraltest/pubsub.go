package ephemeraltest

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// patience bounds how long the suite waits for something that must happen.
// It only turns a hang into a failure; no test asserts a duration.
const patience = 10 * time.Second

func testPubSub(t *testing.T, h Harness) {
	t.Run("delivers to two subscribers", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		a := subscribe(t, env, ctx, "p:two")
		b := subscribe(t, env, ctx, "p:two")
		other := subscribe(t, env, ctx, "p:other")
		want := []string{"one", "two", "three"}
		for _, p := range want {
			publish(t, env, "p:two", p)
		}
		for name, ch := range map[string]<-chan []byte{"first": a, "second": b} {
			for i, w := range want {
				if got := receive(t, ch); got != w {
					t.Fatalf("%s subscriber, payload %d = %q, want %q", name, i, got, w)
				}
			}
		}
		publish(t, env, "p:other", "marker")
		if got := receive(t, other); got != "marker" {
			t.Fatalf("subscriber of another topic got %q first, want only its own %q", got, "marker")
		}
	})
	t.Run("nothing after cancel", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx, cancel := context.WithCancel(testCtx(t))
		ch := subscribe(t, env, ctx, "p:cancel")
		cancel()
		deadline := time.After(patience)
		for open := true; open; {
			select {
			case _, open = <-ch:
			case <-deadline:
				t.Fatal("channel still open after its context was cancelled")
			}
		}
		publish(t, env, "p:cancel", "late") // no subscriber left: must not fail
	})
	t.Run("slow subscriber does not block publish and is closed", func(t *testing.T) {
		t.Parallel()
		env := open(t, h)
		ctx := testCtx(t)
		slow := subscribe(t, env, ctx, "p:slow") // never read while publishing
		const n = 2000
		done := make(chan error, 1)
		go func() {
			for i := range n {
				if err := env.Store.Publish(ctx, "p:slow", fmt.Appendf(nil, "%d", i)); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Publish: %v", err)
			}
		case <-time.After(patience):
			t.Fatal("Publish blocked behind a subscriber that does not read")
		}
		// It lost payloads, so after what it holds (in order, without a
		// hole) its channel is closed: it must catch up elsewhere.
		deadline := time.After(patience)
		got := 0
		for open := true; open; {
			select {
			case p, ok := <-slow:
				if open = ok; ok {
					if want := fmt.Sprint(got); string(p) != want {
						t.Fatalf("slow subscriber's payload %d = %q, want %q: what it gets has no hole", got, p, want)
					}
					got++
				}
			case <-deadline:
				t.Fatalf("slow subscriber still open after %d payloads; it lost some and must be closed", got)
			}
		}
		if got == 0 || got >= n {
			t.Fatalf("slow subscriber got %d of %d payloads; want the first ones, then a close", got, n)
		}
		dc, ok := env.Store.(DropCounter)
		if !ok {
			return
		}
		waitFor(t, "drops to be counted", func() bool { return dc.Dropped() > 0 })
	})
}

func subscribe(t *testing.T, env Env, ctx context.Context, topic string) <-chan []byte {
	t.Helper()
	ch, err := env.Store.Subscribe(ctx, topic)
	if err != nil {
		t.Fatalf("Subscribe(%q): %v", topic, err)
	}
	return ch
}

func publish(t *testing.T, env Env, topic, payload string) {
	t.Helper()
	if err := env.Store.Publish(testCtx(t), topic, []byte(payload)); err != nil {
		t.Fatalf("Publish(%q, %q): %v", topic, payload, err)
	}
}

func receive(t *testing.T, ch <-chan []byte) string {
	t.Helper()
	select {
	case p, ok := <-ch:
		if !ok {
			t.Fatal("subscription closed while a payload was expected")
		}
		return string(p)
	case <-time.After(patience):
		t.Fatal("no payload arrived")
	}
	return ""
}

// waitFor polls cond until it holds, failing after patience.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
