package bot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"loket"
	"loket/bot"
	"loket/store/storetest"
)

// flaky echoes, but fails the first try of the messages named in fail.
type flaky struct {
	echo
	mu   sync.Mutex
	fail map[string]bool
}

func (f *flaky) Handle(ctx context.Context, tx storetest.Tx, t *loket.Turn) error {
	f.mu.Lock()
	failNow := f.fail[t.Inbound.ExternalID]
	delete(f.fail, t.Inbound.ExternalID)
	f.mu.Unlock()
	if failNow {
		return errors.New("try again later")
	}
	return f.echo.Handle(ctx, tx, t)
}

// A message that fails holds back the later messages of its own chat
// until its next try succeeds, so the replies keep the order of the
// messages; other chats are answered meanwhile.
func TestFailedMessageHoldsBackOnlyItsChat(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			h := &flaky{fail: map[string]bool{"a2": true}}
			e := newEngine(st, h)
			out := &recorder{ch: loket.ChannelWebChat}
			e.AddSender(out)
			start(t, e)
			ctx := context.Background()
			for _, m := range []loket.Inbound{text("A", "a1", "1"), text("A", "a2", "2"), text("A", "a3", "3"), text("B", "b1", "x")} {
				if err := e.Accept(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			eventually(t, "every reply", func() bool { return len(out.texts("A")) == 3 && len(out.texts("B")) == 1 })
			if got := out.texts("A"); !slices.Equal(got, []string{"echo: 1", "echo: 2", "echo: 3"}) {
				t.Fatalf("replies of A = %q, want the order of the messages", got)
			}
		})
	}
}

// Two replicas on one database take the messages of one chat alternately
// (a load balancer without affinity): each message is handled once, and
// the replies keep the order of the messages.
func TestOrderAcrossReplicas(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			out := &recorder{ch: loket.ChannelWebChat}
			var engines []*bot.Engine[storetest.Tx]
			var handlers []*echo
			for i := range 2 {
				var st storetest.Store
				if i == 0 {
					st = b.open(t)
				} else {
					st = b.reopen(t) // the same database
				}
				h := &echo{}
				e := newEngine(st, h)
				e.AddSender(out)
				start(t, e)
				engines, handlers = append(engines, e), append(handlers, h)
			}
			ctx := context.Background()
			const chats, per = 4, 12
			var wg sync.WaitGroup
			for c := range chats {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range per {
						m := text(fmt.Sprintf("r%d", c), fmt.Sprintf("r%d-%d", c, i), fmt.Sprint(i))
						if err := engines[i%2].Accept(ctx, m); err != nil {
							t.Error(err)
						}
					}
				}()
			}
			wg.Wait()
			eventually(t, "every reply", func() bool { return len(out.texts("")) == chats*per })
			for c := range chats {
				var want []string
				for i := range per {
					want = append(want, fmt.Sprintf("echo: %d", i))
				}
				if got := out.texts(fmt.Sprintf("r%d", c)); !slices.Equal(got, want) {
					t.Errorf("chat r%d replies %q, want the order of the messages", c, got)
				}
			}
			for _, h := range handlers {
				h.mu.Lock()
				for id, n := range h.calls {
					if n != 1 {
						t.Errorf("%s handled %d times by one replica", id, n)
					}
				}
				h.mu.Unlock()
			}
		})
	}
}
