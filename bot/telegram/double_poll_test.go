package telegram

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/bot/telegram/telegramtest"
	"loket/internal/testkit"
	"loket/store/memory"
	"loket/store/postgres"
	"loket/store/sqlite"
	"loket/store/storetest"
)

// The polling lock cannot fence getUpdates itself: a holder paused past
// its lock's time-to-live may still poll once after another replica took
// over. That double poll must be harmless. Two replicas (each its own
// engine on the same database) poll the same bot at once, and Telegram
// hands both every update (confirmations are held back, so each is
// delivered again and again): every update is stored and handled once.
func TestDoublePollStoresEachUpdateOnce(t *testing.T) {
	for name, open := range doublePollStores(t) {
		t.Run(name, func(t *testing.T) {
			srv := telegramtest.New(t, "")
			srv.HoldConfirmations(true)
			h := &countTurns{calls: map[string]int{}}
			var sinks []*countingSink
			for i, st := range open(t) {
				e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s"}, st,
					bot.Handler[storetest.Tx](h), memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, slog.New(slog.DiscardHandler))
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan struct{})
				go func() { defer close(done); _ = e.Run(ctx) }()
				t.Cleanup(func() { cancel(); <-done })
				s := &countingSink{next: e, seen: map[string]int{}}
				sinks = append(sinks, s)
				c := newChannel(t, srv, nil)
				c.cfg.Owner = []string{"replica-a", "replica-b"}[i]
				runChannelSink(t, c, s)
			}
			for i := 1; i <= 3; i++ {
				srv.PushUpdate(telegramtest.Private(i, 42, "halo"))
			}
			until(t, "both replicas to record every update", func() bool {
				for _, s := range sinks {
					if len(s.snapshot()) != 3 {
						return false
					}
				}
				return true
			})
			until(t, "every update handled", func() bool { return len(h.snapshot()) == 3 })
			srv.HoldConfirmations(false)
			until(t, "every update confirmed", func() bool { return len(srv.Pending()) == 0 })
			// A later message of the chat is handled after everything before it.
			srv.PushUpdate(telegramtest.Private(4, 42, "lagi"))
			until(t, "the sentinel handled", func() bool { return len(h.snapshot()) == 4 })
			for id, n := range h.snapshot() {
				if n != 1 {
					t.Errorf("%s handled %d times, want once", id, n)
				}
			}
		})
	}
}

// doublePollStores opens two handles on one database (two replicas):
// SQLite always, PostgreSQL when LOKET_TEST_DATABASE_URL is set.
func doublePollStores(t *testing.T) map[string]func(t *testing.T) []storetest.Store {
	out := map[string]func(t *testing.T) []storetest.Store{
		"sqlite": func(t *testing.T) []storetest.Store {
			path := filepath.Join(t.TempDir(), "loket.db")
			var sts []storetest.Store
			for range 2 {
				st, err := sqlite.Open(context.Background(), path, nil)
				if err != nil {
					t.Fatalf("open sqlite: %v", err)
				}
				t.Cleanup(func() { st.Close() })
				sts = append(sts, st)
			}
			return sts
		},
	}
	if os.Getenv("LOKET_TEST_DATABASE_URL") == "" {
		t.Log("PostgreSQL part skipped: LOKET_TEST_DATABASE_URL is not set")
		return out
	}
	out["postgres"] = func(t *testing.T) []storetest.Store {
		url := testkit.PostgresURL(t, "doublepoll")
		var sts []storetest.Store
		for range 2 {
			st, err := postgres.Open(context.Background(), url, nil)
			if err != nil {
				t.Fatalf("open postgres: %v", err)
			}
			t.Cleanup(func() { st.Close() })
			sts = append(sts, st)
		}
		return sts
	}
	return out
}

// countTurns is a handler that counts its turns per message.
type countTurns struct {
	mu    sync.Mutex
	calls map[string]int
}

func (h *countTurns) Handle(_ context.Context, _ storetest.Tx, turn *loket.Turn) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls[turn.Inbound.ExternalID]++
	return nil
}

func (h *countTurns) snapshot() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]int{}
	for k, v := range h.calls {
		out[k] = v
	}
	return out
}

// countingSink hands each batch to the engine and counts what it
// recorded, per ExternalID.
type countingSink struct {
	next interface {
		Accept(context.Context, ...loket.Inbound) error
	}
	mu   sync.Mutex
	seen map[string]int
}

func (s *countingSink) Accept(ctx context.Context, msgs ...loket.Inbound) error {
	if err := s.next.Accept(ctx, msgs...); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range msgs {
		s.seen[m.ExternalID]++
	}
	return nil
}

func (s *countingSink) snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.seen {
		out[k] = v
	}
	return out
}
