package bot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/memory"
	"loket/store/storetest"
)

// unrenewable cannot reach the store to renew outbox leases while out is
// set; everything else works.
type unrenewable struct {
	storetest.Store
	out atomic.Bool
}

func (s *unrenewable) RenewOutbound(ctx context.Context, until time.Time, held []loket.HeldLease) ([]int64, error) {
	if s.out.Load() {
		return nil, errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
	}
	return s.Store.RenewOutbound(ctx, until, held)
}

// Replies waiting for their chat's rate-limit turn while the store cannot
// be reached to renew their lease: the lease runs out and the messages are
// claimed again, here by the same sender. The first holder must not send
// them too, nor forget the new holder's claim: each goes out once, in order.
func TestUnrenewedLeaseIsNotSentTwice(t *testing.T) {
	st := &unrenewable{Store: backends(t)[0].open(t)}
	st.out.Store(true)
	const n = 5
	enqueueOut(t, st, "c", n)
	e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", SendLease: 600 * time.Millisecond},
		st, bot.Handler[storetest.Tx](&echo{}), memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
	out := &limitedRecorder{recorder: recorder{ch: loket.ChannelWebChat}, limits: bot.Limits{PerChat: 2, PerChatBurst: 1}}
	e.AddSender(out)
	start(t, e)
	// Several leases pass with the store out of reach for renewals.
	time.Sleep(2500 * time.Millisecond)
	st.out.Store(false)
	eventually(t, "all sent", func() bool {
		d, err := st.QueueDepth(context.Background())
		return err == nil && d[loket.ChannelWebChat] == 0
	})
	time.Sleep(1200 * time.Millisecond) // two leases: a late second send would show
	got := out.texts("c")
	if len(got) != n {
		t.Fatalf("sent %d messages for %d: %q", len(got), n, got)
	}
	for i, text := range got {
		if want := fmt.Sprintf("c-%d", i); text != want {
			t.Fatalf("message %d = %q, want %q (all: %q)", i, text, want, got)
		}
	}
}

// renewCounter records each renewal the heartbeat asks of the store.
type renewCounter struct {
	storetest.Store
	mu    sync.Mutex
	calls [][]loket.HeldLease
}

func (s *renewCounter) RenewOutbound(ctx context.Context, until time.Time, held []loket.HeldLease) ([]int64, error) {
	s.mu.Lock()
	s.calls = append(s.calls, slices.Clone(held))
	s.mu.Unlock()
	return s.Store.RenewOutbound(ctx, until, held)
}

// TestHeartbeatRenewsEveryLeaseAtOnce: messages in hand under several
// leases (each batch writes its replies under its own) are renewed in one
// call per beat, each under its own token, so the heartbeat's cost does
// not grow with the number of leases in hand.
func TestHeartbeatRenewsEveryLeaseAtOnce(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := &renewCounter{Store: b.open(t)}
			e := bot.New(bot.Config{PollEvery: time.Hour, TickSpec: "@every 1h", OneWriter: true, SendLease: 600 * time.Millisecond},
				st, bot.Handler[storetest.Tx](&echo{}), memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
			release := make(chan struct{})
			out := &recorder{ch: loket.ChannelWebChat, fail: func(*loket.Outbound) error { <-release; return nil }}
			e.AddSender(out)
			start(t, e)
			closeAtCleanup(t, release)
			const chats = 3
			for c := range chats { // one batch each: three leases
				chat := fmt.Sprintf("r%d", c)
				if err := e.Accept(context.Background(), text(chat, chat, "0")); err != nil {
					t.Fatalf("accept: %v", err)
				}
			}
			var last []loket.HeldLease
			eventually(t, "a renewal of the three replies in hand", func() bool {
				st.mu.Lock()
				defer st.mu.Unlock()
				if n := len(st.calls); n > 0 {
					last = st.calls[n-1]
				}
				return len(last) == chats
			})
			tokens := map[int64]bool{}
			for _, l := range last {
				tokens[l.Token] = true
			}
			if len(tokens) < 2 {
				t.Fatalf("the replies in hand were under %d lease(s): %+v; want one per batch", len(tokens), last)
			}
			close(release)
			eventually(t, "every reply sent", func() bool { return len(out.texts("")) == chats })
			for _, id := range sentIDs(out) {
				if got := sentOnce(t, st, id); got.Status != loket.OutSent {
					t.Fatalf("reply %d = %+v, want sent", id, got)
				}
			}
		})
	}
}

// sentIDs is the ids of the messages out sent.
func sentIDs(out *recorder) []int64 {
	out.mu.Lock()
	defer out.mu.Unlock()
	ids := make([]int64, len(out.sent))
	for i, m := range out.sent {
		ids[i] = m.ID
	}
	return ids
}
