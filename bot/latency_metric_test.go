package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"loket"
	"loket/bot"
	"loket/store/memory"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// TestAcceptToHandledIsMeasured: every message this process accepted and
// handled is counted once in loket_accept_handled_seconds, by channel,
// whether its turn ran in the recording transaction or on a shard; a
// message recorded by another process (here: before this engine
// started) and recovered is handled but not counted, since its accept
// time is not known here.
func TestAcceptToHandledIsMeasured(t *testing.T) {
	for _, b := range backends(t) {
		for _, apart := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/apart=%v", b.name, apart), func(t *testing.T) {
				st := b.open(t)
				ctx := context.Background()
				// Recorded an hour ago, and recovered after a minute: the recovery
				// pass takes it at once and never the messages accepted below (a
				// message it took between its recording's commit and its dispatch
				// would be handled as recovered, not counted: with a recovery
				// after 1 ms that happened under load in CI).
				old := text("old", "old1", "dari kemarin")
				old.ReceivedAt = time.Now().Add(-time.Hour)
				if _, err := st.RecordInbound(ctx, []loket.Inbound{old}); err != nil {
					t.Fatal(err)
				}
				reg := prometheus.NewRegistry()
				_, lite := st.(*sqlite.Store)
				e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", RecoverAfter: time.Minute,
					OneWriter: lite, RecordApart: apart}, st, bot.Handler[storetest.Tx](&echo{}), memory.New(loket.SystemClock{}),
					loket.SystemClock{}, bot.NewMetrics(reg), quietLog())
				out := &recorder{ch: loket.ChannelWebChat}
				e.AddSender(out)
				start(t, e)
				began := time.Now()
				const n = 6
				for i := range n {
					if err := e.Accept(ctx, text(fmt.Sprintf("c%d", i%2), fmt.Sprintf("m%d", i), "halo")); err != nil {
						t.Fatal(err)
					}
				}
				eventually(t, "every message answered", func() bool {
					return len(out.texts("c0"))+len(out.texts("c1")) == n && len(out.texts("old")) == 1
				})
				// The same update delivered again is not handled again, nor counted.
				if err := e.Accept(ctx, text("c0", "m0", "halo")); err != nil {
					t.Fatal(err)
				}
				elapsed := time.Since(began)
				count, sum := acceptHandled(t, reg, "webchat")
				if count != n {
					t.Errorf("accept → handled counted %d messages, want %d", count, n)
				}
				if sum <= 0 || sum > n*elapsed.Seconds() {
					t.Errorf("accept → handled sums to %.6f s for %d messages handled within %s", sum, n, elapsed)
				}
			})
		}
	}
}

// acceptHandled reads loket_accept_handled_seconds for a channel: how
// many messages it counted and the sum of their times.
func acceptHandled(t *testing.T, reg *prometheus.Registry, channel string) (uint64, float64) {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "loket_accept_handled_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			if labelOf(m, "channel") == channel {
				return m.GetHistogram().GetSampleCount(), m.GetHistogram().GetSampleSum()
			}
		}
	}
	return 0, 0
}

func labelOf(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}
