package bot_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// broken fails every Handle and apologises in GiveUp.
type broken struct {
	mu      sync.Mutex
	handles int
	causes  []string
}

func (b *broken) Handle(_ context.Context, tx storetest.Tx, t *loket.Turn) error {
	b.mu.Lock()
	b.handles++
	b.mu.Unlock()
	t.Say(loket.Reply{Text: "never sent"})
	return errors.New("state store unreachable")
}

func (b *broken) GiveUp(_ context.Context, _ storetest.Tx, t *loket.Turn, cause error) error {
	b.mu.Lock()
	b.causes = append(b.causes, cause.Error())
	b.mu.Unlock()
	t.Say(loket.Reply{Text: "maaf: " + t.Inbound.Text})
	return nil
}

func (b *broken) counts() (int, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.handles, len(b.causes)
}

// A message the handler fails on every time is set aside after
// MaxAttempts, and the handler's GiveUp answers it exactly once.
func TestGiveUpAnswersOnceAfterLastAttempt(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			h := &broken{}
			e := newEngine(st, h)
			out := &recorder{ch: loket.ChannelWebChat}
			e.AddSender(out)
			start(t, e)
			if err := e.Accept(context.Background(), text("g1", "m1", "tolong")); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the give-up reply", func() bool { return len(out.texts("g1")) == 1 })
			// Each attempt may run the handler twice (an optimistic batch
			// first, then with a savepoint per message).
			handles, giveUps := h.counts()
			if got := out.texts("g1"); got[0] != "maaf: tolong" || handles < 3 || giveUps != 1 {
				t.Fatalf("sent %q after %d handler calls and %d give-ups; want one apology after 3 attempts", got, handles, giveUps)
			}
			pending, err := st.PendingInbound(context.Background(), time.Now().Add(time.Hour), 10)
			if err != nil || len(pending) != 0 {
				t.Fatalf("after the give-up %d messages still pending (%v)", len(pending), err)
			}
			if h.causes[0] != "handle: state store unreachable" {
				t.Fatalf("cause = %q", h.causes[0])
			}
		})
	}
}
