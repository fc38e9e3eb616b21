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
)

func TestOutboxKeepsChatOrderThroughRetries(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			e := newEngine(st, &echo{})
			var n atomic.Int64
			out := &recorder{ch: loket.ChannelWebChat, fail: func(m *loket.Outbound) error {
				switch n.Add(1) {
				case 1:
					return &bot.RetryAfterError{After: 50 * time.Millisecond, Err: errors.New("429")}
				case 2:
					return errors.New("connection reset")
				}
				return nil
			}}
			e.AddSender(out)
			start(t, e)
			ctx := context.Background()
			for i := 0; i < 5; i++ {
				if err := e.Accept(ctx, text("c1", fmt.Sprint(i), fmt.Sprint(i))); err != nil {
					t.Fatal(err)
				}
			}
			eventually(t, "all five sent", func() bool { return len(out.texts("c1")) == 5 })
			for i, got := range out.texts("c1") {
				if want := fmt.Sprintf("echo: %d", i); got != want {
					t.Fatalf("message %d = %q, want %q (order broken)", i, got, want)
				}
			}
		})
	}
}

func TestPermanentFailureIsRecordedAndOthersFlow(t *testing.T) {
	st := backends(t)[0].open(t)
	e := newEngine(st, &echo{})
	out := &recorder{ch: loket.ChannelWebChat, fail: func(m *loket.Outbound) error {
		if m.ChatID == "blocked" {
			return fmt.Errorf("send: %w", bot.ErrUnreachable)
		}
		return nil
	}}
	e.AddSender(out)
	start(t, e)
	ctx := context.Background()
	if err := e.Accept(ctx, text("blocked", "a", "x"), text("open", "b", "y")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "open chat served", func() bool { return len(out.texts("open")) == 1 })
	eventually(t, "blocked message marked failed", func() bool {
		lines, err := st.Transcript(ctx, loket.ChannelWebChat, "blocked", 0, 0, 10)
		if err != nil {
			return false
		}
		for _, l := range lines {
			if l.OutboundID != 0 && l.Status == loket.OutFailed {
				return true
			}
		}
		return false
	})
}

func TestAcceptRejectsIncompleteMessages(t *testing.T) {
	st := backends(t)[0].open(t)
	e := newEngine(st, &echo{})
	err := e.Accept(context.Background(), loket.Inbound{Channel: loket.ChannelWebChat, ChatID: "c"})
	if !errors.Is(err, loket.ErrInvalid) {
		t.Fatalf("err = %v, want invalid", err)
	}
}

// standby is a sender that is not active on this replica.
type standby struct {
	recorder
	active atomic.Bool
}

func (s *standby) Active() bool { return s.active.Load() }

func TestInactiveSenderLeavesTheOutboxToTheHolder(t *testing.T) {
	st := backends(t)[0].open(t)
	e := newEngine(st, &echo{})
	out := &standby{recorder: recorder{ch: loket.ChannelWebChat}}
	e.AddSender(out)
	start(t, e)
	ctx := context.Background()
	if err := e.Accept(ctx, text("c1", "m1", "halo")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "reply committed", func() bool {
		d, err := st.QueueDepth(ctx)
		return err == nil && d[loket.ChannelWebChat] == 1
	})
	time.Sleep(100 * time.Millisecond) // several poll rounds: nothing may be claimed
	if got := out.texts(""); len(got) != 0 {
		t.Fatalf("an inactive sender sent %q", got)
	}
	lines, _ := st.Transcript(ctx, loket.ChannelWebChat, "c1", 0, 0, 10)
	for _, l := range lines {
		if l.OutboundID != 0 && l.Status != loket.OutQueued {
			t.Fatalf("outbound touched while inactive: %+v", l)
		}
	}
	out.active.Store(true) // this replica now holds the session
	eventually(t, "sent once active", func() bool { return len(out.texts("c1")) == 1 })
}
