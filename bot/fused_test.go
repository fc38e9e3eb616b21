package bot_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/memory"
	"loket/store/storetest"
)

// byID records, per chat, the IDs of the messages in the order their turns ran.
type byID struct {
	mu   sync.Mutex
	seen map[string][]int64
	slow time.Duration // how long each turn takes
}

func (h *byID) Handle(_ context.Context, _ storetest.Tx, t *loket.Turn) error {
	time.Sleep(h.slow)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen == nil {
		h.seen = map[string][]int64{}
	}
	h.seen[t.Inbound.ChatID] = append(h.seen[t.Inbound.ChatID], t.Inbound.ID)
	t.Say(loket.Reply{Text: "ok"})
	return nil
}

func (h *byID) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, ids := range h.seen {
		n += len(ids)
	}
	return n
}

// A message to an idle chat is recorded and handled in one transaction:
// one commit where recording apart takes two (SQLite counts its commits).
// Turns slower than the budget (5 ms) are recorded apart by themselves
// once the engine has seen a few.
func TestRecordAndHandleInOneCommit(t *testing.T) {
	b := backends(t)[0] // SQLite
	for _, c := range []struct {
		name  string
		apart bool
		slow  time.Duration
		want  int64
	}{{"together", false, 0, 1}, {"apart", true, 0, 2}, {"slow turns", false, 10 * time.Millisecond, 2}} {
		t.Run(c.name, func(t *testing.T) {
			st := b.open(t)
			h := &byID{slow: c.slow}
			e := bot.New(bot.Config{TickSpec: "@every 1h", RecordApart: c.apart, OneWriter: true},
				st, h, memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
			start(t, e)
			ctx := context.Background()
			lines := func() int {
				got, err := st.(interface {
					Transcript(ctx context.Context, ch loket.Channel, chatID string, afterIn, afterOut int64, limit int) ([]loket.ChatLine, error)
				}).Transcript(ctx, loket.ChannelWebChat, "one", 0, 0, 100)
				if err != nil {
					t.Fatal(err)
				}
				return len(got)
			}
			// The first messages create the chat and show the engine how
			// long a turn takes; the last is the steady state.
			const warm = 12
			for i := range warm {
				if err := e.Accept(ctx, text("one", fmt.Sprintf("w%d", i), "halo")); err != nil {
					t.Fatal(err)
				}
				eventually(t, "reply committed", func() bool { return lines() == 2*(i+1) })
			}
			// Settled: the warm-up's commits are all counted.
			for settled := b.commits(); ; settled = b.commits() {
				time.Sleep(20 * time.Millisecond)
				if b.commits() == settled {
					break
				}
			}
			before := b.commits()
			if err := e.Accept(ctx, text("one", "last", "halo lagi")); err != nil {
				t.Fatal(err)
			}
			eventually(t, "last reply committed", func() bool { return lines() == 2*(warm+1) })
			eventually(t, "the commits counted", func() bool { return b.commits()-before >= c.want })
			if got := b.commits() - before; got != c.want {
				t.Fatalf("%d commits for a message, want %d", got, c.want)
			}
		})
	}
}

// Messages of one chat accepted at once (a vendor sending three files
// together, from several web requests) run their turns in the order they
// were recorded, also when recorded and handled in one transaction.
func TestConcurrentMessagesOfAChatKeepTheirOrder(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			h := &byID{}
			e := newEngine(st, h)
			start(t, e)
			ctx := context.Background()
			const rounds, at = 40, 4
			for r := range rounds {
				var wg sync.WaitGroup
				for i := range at {
					wg.Go(func() {
						chat := fmt.Sprintf("c%d", i%2)
						if err := e.Accept(ctx, text(chat, fmt.Sprintf("m%d-%d", r, i), "file")); err != nil {
							t.Error(err)
						}
					})
				}
				wg.Wait()
			}
			eventually(t, "every turn", func() bool { return h.count() == rounds*at })
			h.mu.Lock()
			defer h.mu.Unlock()
			for chat, ids := range h.seen {
				for i := 1; i < len(ids); i++ {
					if ids[i] <= ids[i-1] {
						t.Fatalf("chat %s: message %d handled after %d, against the order they were recorded in (%v)", chat, ids[i], ids[i-1], ids)
					}
				}
			}
		})
	}
}

// seen records the texts its turns were given.
type seen struct {
	mu    sync.Mutex
	texts []string
}

func (h *seen) Handle(_ context.Context, _ storetest.Tx, t *loket.Turn) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.texts = append(h.texts, t.Inbound.Text)
	return nil
}

// A text Config.Redact marks (a password sent by mistake) reaches the
// turn as sent and is stored empty, whichever way the message is
// recorded and handled.
func TestRedactedTextReachesOnlyTheHandler(t *testing.T) {
	for _, b := range backends(t) {
		for _, apart := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/apart=%v", b.name, apart), func(t *testing.T) {
				st := b.open(t)
				h := &seen{}
				e := bot.New(bot.Config{RecordApart: apart, Redact: func(s string) bool { return s == "Rahasia123!" }},
					st, h, memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
				start(t, e)
				ctx := context.Background()
				for _, m := range []loket.Inbound{text("pw", "p1", "Rahasia123!"), text("pw", "p2", "halo")} {
					if err := e.Accept(ctx, m); err != nil {
						t.Fatal(err)
					}
				}
				eventually(t, "both turns", func() bool { h.mu.Lock(); defer h.mu.Unlock(); return len(h.texts) == 2 })
				h.mu.Lock()
				if h.texts[0] != "Rahasia123!" || h.texts[1] != "halo" {
					t.Errorf("turns saw %q, want the texts as sent", h.texts)
				}
				h.mu.Unlock()
				lines, err := st.(interface {
					Transcript(ctx context.Context, ch loket.Channel, chatID string, afterIn, afterOut int64, limit int) ([]loket.ChatLine, error)
				}).Transcript(ctx, loket.ChannelWebChat, "pw", 0, 0, 10)
				if err != nil {
					t.Fatal(err)
				}
				var stored []string
				for _, l := range lines {
					stored = append(stored, l.Text)
				}
				if len(stored) != 2 || stored[0] != "" || stored[1] != "halo" {
					t.Errorf("stored %q, want the password emptied", stored)
				}
			})
		}
	}
}
