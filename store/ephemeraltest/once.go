package ephemeraltest

import (
	"testing"
	"time"
)

// ttl is the lifetime the suite gives keys and locks: short enough that a
// harness which really sleeps stays quick, long enough that the few
// milliseconds between two calls do not matter.
const ttl = 300 * time.Millisecond

func testMarkOnce(t *testing.T, h Harness) {
	t.Parallel()
	steps := []struct {
		name    string
		advance time.Duration // before the call
		key     string
		want    bool
	}{
		{"first time", 0, "m:a", true},
		{"second time", 0, "m:a", false},
		{"other key", 0, "m:b", true},
		{"still within ttl", ttl / 3, "m:a", false},
		{"after expiry", ttl, "m:a", true},
		{"seen again after expiry", 0, "m:a", false},
	}
	env := open(t, h)
	ctx := testCtx(t)
	for _, s := range steps {
		if s.advance > 0 {
			env.Advance(s.advance)
		}
		got, err := env.Store.MarkOnce(ctx, s.key, ttl)
		if err != nil {
			t.Fatalf("%s: MarkOnce(%q): %v", s.name, s.key, err)
		}
		if got != s.want {
			t.Fatalf("%s: MarkOnce(%q) = %v, want %v", s.name, s.key, got, s.want)
		}
	}
}
