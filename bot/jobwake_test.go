package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/storetest"
)

// claimCounter counts the senders' outbox claims by channel.
type claimCounter struct {
	storetest.Store
	mu sync.Mutex
	n  map[loket.Channel]int
}

func (s *claimCounter) ClaimOutbound(ctx context.Context, ch loket.Channel, now time.Time, lease time.Duration, limit, perChat int) ([]loket.Outbound, error) {
	s.mu.Lock()
	s.n[ch]++
	s.mu.Unlock()
	return s.Store.ClaimOutbound(ctx, ch, now, lease, limit, perChat)
}

func (s *claimCounter) claims(ch loket.Channel) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[ch]
}

// A job's commit wakes the senders of the channels it queued messages
// on, not every sender: a job that queues nothing (most document checks,
// reminders not due) costs no sender a look at the outbox.
func TestJobWakesOnlyTheSendersOfWhatItQueued(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := &claimCounter{Store: b.open(t), n: map[loket.Channel]int{}}
			ctx := context.Background()
			e := bot.New(bot.Config{PollEvery: time.Hour, TickSpec: "@every 1h", JobPoll: 10 * time.Millisecond},
				st, bot.Handler[storetest.Tx](&echo{}), nil, loket.SystemClock{}, nil, quietLog())
			tg, web := &recorder{ch: loket.ChannelTelegram}, &recorder{ch: loket.ChannelWebChat}
			e.AddSender(tg)
			e.AddSender(web)
			var mu sync.Mutex
			var ran []string // the kinds run, in order
			runs := func() string {
				mu.Lock()
				defer mu.Unlock()
				return strings.Join(ran, " ")
			}
			e.HandleJob("quiet", func(context.Context, storetest.Tx, *loket.Job, time.Time) error {
				mu.Lock()
				ran = append(ran, "quiet")
				mu.Unlock()
				return nil
			})
			e.HandleJob("loud", func(ctx context.Context, tx storetest.Tx, _ *loket.Job, now time.Time) error {
				mu.Lock()
				ran = append(ran, "loud")
				mu.Unlock()
				return tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: "42",
					Text: "dokumen diterima", CreatedAt: now})
			})
			schedule := func(kind string) {
				t.Helper()
				now := time.Now()
				if err := st.InTx(ctx, func(tx storetest.Tx) error {
					return tx.ScheduleJob(ctx, &loket.Job{Kind: kind, Key: kind, DueAt: now.Add(-time.Second), CreatedAt: now})
				}); err != nil {
					t.Fatal(err)
				}
			}
			start(t, e)
			// Each sender claims once as it starts; no poll comes after.
			eventually(t, "the senders' first claims", func() bool {
				return st.claims(loket.ChannelTelegram) == 1 && st.claims(loket.ChannelWebChat) == 1
			})
			schedule("quiet")
			eventually(t, "the quiet job run", func() bool { return runs() == "quiet" })
			schedule("loud")
			eventually(t, "the loud job's message sent", func() bool { return len(tg.texts("42")) == 1 })
			if got := runs(); got != "quiet loud" {
				t.Fatalf("jobs run: %q, want the quiet one, then the loud one", got)
			}
			if n := st.claims(loket.ChannelWebChat); n != 1 {
				t.Errorf("web chat sender claimed %d times, want 1 (its start): a job that queued nothing for it woke it", n)
			}
		})
	}
}
