package bot_test

import (
	"context"
	"errors"
	"fmt"
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

func (s *unrenewable) RenewOutbound(ctx context.Context, token int64, until time.Time, ids []int64) ([]int64, error) {
	if s.out.Load() {
		return nil, errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
	}
	return s.Store.RenewOutbound(ctx, token, until, ids)
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
