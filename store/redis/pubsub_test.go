package redis_test

import (
	"testing"
	"time"
)

// A subscription whose connection to Redis is re-established may have
// missed payloads published meanwhile: it is closed, so its reader
// subscribes again and catches up from the source of truth.
func TestSubscriptionClosedAfterReconnect(t *testing.T) {
	s, mr := openMini(t)
	ctx := t.Context()
	ch, err := s.Subscribe(ctx, "reconnect")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx, "reconnect", []byte("before")); err != nil {
		t.Fatal(err)
	}
	if got := <-ch; string(got) != "before" {
		t.Fatalf("payload %q, want %q", got, "before")
	}
	mr.Close() // drops every connection; go-redis reconnects and subscribes again
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case p, ok := <-ch:
			if !ok {
				return
			}
			t.Fatalf("payload %q after the reconnect; want the subscription closed", p)
		case <-deadline:
			t.Fatal("subscription still open after its connection was re-established")
		}
	}
}
