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
}

func (h *byID) Handle(_ context.Context, _ storetest.Tx, t *loket.Turn) error {
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

// transcript reads a chat's lines outside any transaction of the engine.
func transcript(t *testing.T, st storetest.Store, chat string) []loket.ChatLine {
	t.Helper()
	got, err := st.(interface {
		Transcript(ctx context.Context, ch loket.Channel, chatID string, afterIn, afterOut int64, limit int) ([]loket.ChatLine, error)
	}).Transcript(context.Background(), loket.ChannelWebChat, chat, 0, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// recorded notes, for each turn, whether its message was already
// committed (visible outside the engine) when the turn ran.
type recorded struct {
	st   storetest.Store
	t    *testing.T
	slow time.Duration // how long each turn takes
	mu   sync.Mutex
	seen []bool
}

func (h *recorded) Handle(_ context.Context, _ storetest.Tx, turn *loket.Turn) error {
	time.Sleep(h.slow)
	visible := false
	for _, l := range transcript(h.t, h.st, turn.Inbound.ChatID) {
		visible = visible || l.Text == turn.Inbound.Text
	}
	h.mu.Lock()
	h.seen = append(h.seen, visible)
	h.mu.Unlock()
	turn.Say(loket.Reply{Text: "ok"})
	return nil
}

// oneByOne sends n messages to chat "one", each once the reply to the
// one before is committed.
func oneByOne(t *testing.T, e *bot.Engine[storetest.Tx], st storetest.Store, n int) {
	t.Helper()
	for i := range n {
		if err := e.Accept(context.Background(), text("one", fmt.Sprintf("m%d", i), fmt.Sprintf("pesan %d", i))); err != nil {
			t.Fatal(err)
		}
		eventually(t, "reply committed", func() bool { return len(transcript(t, st, "one")) == 2*(i+1) })
	}
}

// A message to an idle chat is recorded and handled in one transaction:
// its turn runs before the recording committed. Recorded apart, it was
// committed before. Turns slower than the budget (5 ms) are recorded
// apart by themselves once the engine has seen a few.
func TestTurnRunsInTheRecordingTransaction(t *testing.T) {
	for _, b := range backends(t) {
		for _, c := range []struct {
			name  string
			apart bool
			slow  time.Duration
		}{{"together", false, 0}, {"apart", true, 0}, {"slow turns", false, 10 * time.Millisecond}} {
			t.Run(b.name+"/"+c.name, func(t *testing.T) {
				st := b.open(t)
				h := &recorded{st: st, t: t, slow: c.slow}
				// Only the slow turns meet the default budget of 5 ms: on a
				// loaded machine (CI with -race) a quick turn may take that
				// long too, and its batch would be recorded apart.
				budget := time.Second
				if c.slow > 0 {
					budget = 0
				}
				e := bot.New(bot.Config{TickSpec: "@every 1h", RecordApart: c.apart, OneWriter: b.oneWriter, TurnBudget: budget},
					st, h, memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
				start(t, e)
				oneByOne(t, e, st, 12)
				h.mu.Lock()
				defer h.mu.Unlock()
				together := !c.apart && c.slow == 0
				for i, visible := range h.seen {
					if c.slow > 0 && i < 8 {
						continue // the engine is still learning how long a turn takes
					}
					if visible == together {
						t.Fatalf("turn %d: message committed before its turn = %v, want %v (%v)", i, visible, !together, h.seen)
					}
				}
			})
		}
	}
}

// Messages of one chat accepted at once (a vendor sending three files
// together, from several web requests) run their turns in the order they
// were recorded, also when recorded and handled in one transaction and
// with several batches in flight (a chat is in one of them at a time).
func TestConcurrentMessagesOfAChatKeepTheirOrder(t *testing.T) {
	for _, b := range backends(t) {
		for _, recorders := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/recorders=%d", b.name, recorders), func(t *testing.T) {
				st := b.open(t)
				h := &byID{}
				e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1h", RecoverAfter: time.Millisecond,
					OneWriter: b.oneWriter, Recorders: recorders}, st, h, memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
				start(t, e)
				ctx := context.Background()
				const senders, each = 8, 25
				var wg sync.WaitGroup
				for s := range senders {
					wg.Go(func() {
						for i := range each {
							chat := fmt.Sprintf("c%d", (s+i)%3)
							if err := e.Accept(ctx, text(chat, fmt.Sprintf("m%d-%d", s, i), "file")); err != nil {
								t.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				eventually(t, "every turn", func() bool { return h.count() == senders*each })
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
				var stored []string
				for _, l := range transcript(t, st, "pw") {
					stored = append(stored, l.Text)
				}
				if len(stored) != 2 || stored[0] != "" || stored[1] != "halo" {
					t.Errorf("stored %q, want the password emptied", stored)
				}
			})
		}
	}
}

// firstSlow's first turn takes long (a process's first: its knowledge
// read, its matcher built); the others are quick.
type firstSlow struct {
	recorded
	first sync.Once
}

func (h *firstSlow) Handle(ctx context.Context, tx storetest.Tx, turn *loket.Turn) error {
	h.first.Do(func() { time.Sleep(time.Second) })
	return h.recorded.Handle(ctx, tx, turn)
}

// One long turn does not send the batches after it apart: the turns
// after it still run in their recording transaction.
func TestOneSlowTurnKeepsTurnsInTheRecordingTransaction(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			h := &firstSlow{recorded: recorded{st: st, t: t}}
			e := bot.New(bot.Config{TickSpec: "@every 1h", OneWriter: b.oneWriter, TurnBudget: 100 * time.Millisecond},
				st, h, memory.New(loket.SystemClock{}), loket.SystemClock{}, nil, quietLog())
			start(t, e)
			oneByOne(t, e, st, 6)
			h.mu.Lock()
			defer h.mu.Unlock()
			for i, visible := range h.seen {
				if visible {
					t.Fatalf("turn %d ran after its message was committed: recorded apart after one slow turn (%v)", i, h.seen)
				}
			}
		})
	}
}
