package bot_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/storetest"
)

// markCounter counts the sent marks that landed, per message.
type markCounter struct {
	storetest.Store
	mu     sync.Mutex
	landed map[int64]int
}

func (s *markCounter) OutboundSentBatch(ctx context.Context, marks []loket.SentMark) ([]int64, error) {
	landed, err := s.Store.OutboundSentBatch(ctx, marks)
	s.mu.Lock()
	for _, id := range landed {
		s.landed[id]++
	}
	s.mu.Unlock()
	return landed, err
}

func (s *markCounter) marks(id int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.landed[id]
}

// orderedSender checks, as each message is handed to the platform, that
// the chat's message before it was already marked sent, and keeps the
// order in which each chat's messages went out.
type orderedSender struct {
	st     *markCounter
	mu     sync.Mutex
	last   map[string]int64 // chat → id of its last message sent
	order  map[string][]string
	sends  map[int64]int
	broken []string
}

func (s *orderedSender) Channel() loket.Channel { return loket.ChannelWebChat }

func (s *orderedSender) Send(ctx context.Context, m *loket.Outbound) (string, error) {
	time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond) // the platform's answer varies
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.last[m.ChatID]; ok && !s.marked(ctx, prev) {
		s.broken = append(s.broken, fmt.Sprintf("%s: message %d sent before %d was marked", m.ChatID, m.ID, prev))
	}
	s.last[m.ChatID] = m.ID
	s.order[m.ChatID] = append(s.order[m.ChatID], m.Text)
	s.sends[m.ID]++
	return fmt.Sprintf("x%d", m.ID), nil
}

// marked reports whether message id is marked sent: counted by the
// store wrapper, or already committed while the wrapper has not yet
// counted it (a mark that missed its deadline hands the chat's next
// messages back; one of them can be claimed, by another goroutine, the
// moment the late mark commits).
func (s *orderedSender) marked(ctx context.Context, id int64) bool {
	if s.st.marks(id) == 1 {
		return true
	}
	m, err := s.st.OutboundByID(ctx, id)
	return err == nil && m.Status == loket.OutSent
}

// Many chats send at once, so their sent marks are written in shared
// batches: every message goes out once and is marked once, each chat's
// messages in order, and none before the one before it is marked.
func TestGroupedMarksKeepOrder(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := &markCounter{Store: b.open(t), landed: map[int64]int{}}
			const chats, per = 40, 12
			for c := 0; c < chats; c++ {
				enqueueOut(t, st, fmt.Sprintf("c%d", c), per)
			}
			out := &orderedSender{st: st, last: map[string]int64{}, order: map[string][]string{}, sends: map[int64]int{}}
			e := bot.New(bot.Config{PollEvery: 20 * time.Millisecond, TickSpec: "@every 1s", SendWorkers: 8},
				st, bot.Handler[storetest.Tx](&echo{}), nil, loket.SystemClock{}, nil, quietLog())
			e.AddSender(out)
			stop := start(t, e)
			eventually(t, "all sent and marked", func() bool {
				d, err := st.QueueDepth(context.Background())
				return err == nil && d[loket.ChannelWebChat] == 0
			})
			stop()
			out.mu.Lock()
			defer out.mu.Unlock()
			if len(out.broken) > 0 {
				t.Fatalf("order broken: %q", out.broken)
			}
			if len(out.sends) != chats*per {
				t.Fatalf("%d messages sent, want %d", len(out.sends), chats*per)
			}
			for id, n := range out.sends {
				if n != 1 || st.marks(id) != 1 {
					t.Fatalf("message %d sent %d times, marked %d times", id, n, st.marks(id))
				}
			}
			for c := 0; c < chats; c++ {
				chat := fmt.Sprintf("c%d", c)
				for i, got := range out.order[chat] {
					if want := fmt.Sprintf("%s-%d", chat, i); got != want {
						t.Fatalf("%s: message %d = %q, want %q", chat, i, got, want)
					}
				}
			}
		})
	}
}
