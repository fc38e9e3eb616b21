package bot_test

import (
	"context"
	"sync"
	"testing"

	"loket"
)

// watcher is a Sender that observes its channel's recorded messages
// (bot.Observer) and notes, for each, whether it was announced before
// its reply was sent.
type watcher struct {
	recorder
	mu        sync.Mutex
	announced map[string]int64 // external id → recorded id
	order     []string         // "in:<ext>" and "out:<text>" as they happened
}

func (w *watcher) Recorded(_ context.Context, msgs []loket.Inbound) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, m := range msgs {
		w.announced[m.ExternalID] = m.ID
		w.order = append(w.order, "in:"+m.ExternalID)
	}
}

func (w *watcher) Send(ctx context.Context, m *loket.Outbound) (string, error) {
	w.mu.Lock()
	w.order = append(w.order, "out:"+m.Text)
	w.mu.Unlock()
	return w.recorder.Send(ctx, m)
}

// A channel that observes its messages hears of each fresh one once,
// with its id and as stored, before its reply goes out; a redelivered
// message is not announced again.
func TestObserverHearsOfMessagesBeforeTheirReplies(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			e := newEngine(b.open(t), &echo{})
			w := &watcher{recorder: recorder{ch: loket.ChannelWebChat}, announced: map[string]int64{}}
			e.AddSender(w)
			start(t, e)
			ctx := context.Background()
			for _, m := range []loket.Inbound{text("c1", "m1", "satu"), text("c1", "m1", "satu"), text("c1", "m2", "dua")} {
				if err := e.Accept(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			eventually(t, "two replies", func() bool { return len(w.texts("c1")) == 2 })
			w.mu.Lock()
			defer w.mu.Unlock()
			if len(w.announced) != 2 || w.announced["m1"] == 0 || w.announced["m2"] <= w.announced["m1"] {
				t.Fatalf("announced %v; want m1 and m2 once each, with their ids", w.announced)
			}
			want := []string{"in:m1", "out:echo: satu", "in:m2", "out:echo: dua"}
			pos := map[string]int{}
			for i, o := range w.order {
				if _, dup := pos[o]; dup {
					t.Fatalf("%q twice in %q", o, w.order)
				}
				pos[o] = i
			}
			if len(w.order) != 4 || pos[want[0]] > pos[want[1]] || pos[want[2]] > pos[want[3]] {
				t.Fatalf("order %q; each message must be announced before its reply", w.order)
			}
		})
	}
}
