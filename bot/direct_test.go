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
	"loket/store/storetest"
)

// directRecorder is a recorder whose replies the engine delivers itself
// after the commit (bot.Direct).
type directRecorder struct{ recorder }

func (*directRecorder) Direct() bool { return true }

func newDirectEngine(st storetest.Store, lease time.Duration) *bot.Engine[storetest.Tx] {
	return bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", RecoverAfter: time.Millisecond, SendLease: lease},
		st, &echo{}, memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
}

// sentOnce waits until the reply is marked sent and returns it as stored.
func sentOnce(t *testing.T, st storetest.Store, id int64) *loket.Outbound {
	t.Helper()
	var m *loket.Outbound
	eventually(t, "reply marked sent", func() bool {
		var err error
		m, err = st.OutboundByID(context.Background(), id)
		return err == nil && m.Status == loket.OutSent
	})
	return m
}

// A Direct channel's replies are sent by the commit that wrote them and
// marked sent, never claimed (no attempt counted), in order per chat.
func TestDirectRepliesAreSentWithoutAClaim(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			e := newDirectEngine(st, 4*time.Second)
			out := &directRecorder{recorder{ch: loket.ChannelWebChat}}
			e.AddSender(out)
			start(t, e)
			ctx := context.Background()
			for _, m := range []loket.Inbound{text("c1", "m1", "satu"), text("c2", "m2", "dua")} {
				if err := e.Accept(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			// The chat's next message once its first reply is marked (a reply
			// written before that goes through the sender, after it).
			eventually(t, "two replies", func() bool { return len(out.texts("")) == 2 })
			out.mu.Lock()
			firsts := []int64{out.sent[0].ID, out.sent[1].ID}
			out.mu.Unlock()
			for _, id := range firsts {
				sentOnce(t, st, id)
			}
			if err := e.Accept(ctx, text("c1", "m3", "tiga")); err != nil {
				t.Fatal(err)
			}
			eventually(t, "three replies", func() bool { return len(out.texts("")) == 3 })
			if got := out.texts("c1"); len(got) != 2 || got[0] != "echo: satu" || got[1] != "echo: tiga" {
				t.Fatalf("c1 got %q", got)
			}
			out.mu.Lock()
			sent := append([]loket.Outbound(nil), out.sent...)
			out.mu.Unlock()
			for _, m := range sent {
				got := sentOnce(t, st, m.ID)
				if got.Attempts != 0 || got.ExternalID == "" {
					t.Errorf("reply %d as stored: attempts %d, external id %q; want sent directly, never claimed", m.ID, got.Attempts, got.ExternalID)
				}
			}
		})
	}
}

// A reply whose direct delivery did not happen (the replica died after
// the commit; here its Send failed) is sent by the outbox's claim once
// its lease ran out, once.
func TestDirectReplyLeftToTheClaim(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			e := newDirectEngine(st, 300*time.Millisecond)
			out := &directRecorder{recorder{ch: loket.ChannelWebChat}}
			var failed atomic.Int32
			out.fail = func(m *loket.Outbound) error {
				if m.Attempts == 0 && failed.Add(1) == 1 {
					return errors.New("bus unreachable")
				}
				return nil
			}
			e.AddSender(out)
			start(t, e)
			if err := e.Accept(context.Background(), text("c1", "m1", "satu")); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the reply", func() bool { return len(out.texts("c1")) == 1 })
			out.mu.Lock()
			id := out.sent[0].ID
			out.mu.Unlock()
			if got := sentOnce(t, st, id); got.Attempts != 1 {
				t.Fatalf("reply as stored: %+v; want sent by a claim", got)
			}
			time.Sleep(400 * time.Millisecond) // a further lease: nothing more goes out
			if got := out.texts("c1"); len(got) != 1 {
				t.Fatalf("replies %q, want one", got)
			}
		})
	}
}

// A reply written while an earlier one of its chat is still queued (an
// agent's, waiting for its next try) goes after it, through the sender.
func TestDirectReplyWaitsForItsChat(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			ctx := context.Background()
			earlier := &loket.Outbound{Channel: loket.ChannelWebChat, ChatID: "c1", Text: "dari petugas",
				CreatedAt: time.Now(), NextAttemptAt: time.Now().Add(300 * time.Millisecond)}
			if err := st.InTx(ctx, func(tx storetest.Tx) error { return tx.EnqueueOutbound(ctx, earlier) }); err != nil {
				t.Fatal(err)
			}
			e := newDirectEngine(st, 4*time.Second)
			out := &directRecorder{recorder{ch: loket.ChannelWebChat}}
			e.AddSender(out)
			start(t, e)
			if err := e.Accept(ctx, text("c1", "m1", "satu")); err != nil {
				t.Fatal(err)
			}
			eventually(t, "both replies", func() bool { return len(out.texts("c1")) == 2 })
			if got := out.texts("c1"); got[0] != "dari petugas" || got[1] != "echo: satu" {
				t.Fatalf("c1 got %q; the earlier reply must go first", got)
			}
		})
	}
}
