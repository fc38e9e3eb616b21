package bot_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/bot"
	"loket/store/memory"
	"loket/store/storetest"
)

// heldEngine is an engine that leases a batch's replies in the batch
// (ClaimInBatch) and whose senders poll only once an hour: a reply the
// batch could not lease goes out in time only if something wakes them.
func heldEngine(st bot.Store[storetest.Tx], h bot.Handler[storetest.Tx]) *bot.Engine[storetest.Tx] {
	clock := loket.SystemClock{}
	return bot.New(bot.Config{PollEvery: time.Hour, TickSpec: "@every 1h", ClaimInBatch: true},
		st, h, memory.New(clock), clock, nil, quietLog())
}

// TestBatchLeasedRepliesFollowHeldOnes: with ClaimInBatch, a reply whose
// chat still has an earlier one in hand cannot be leased by its batch; it
// must go out after that one, with no poll to fall back on (the sender's
// poll is an hour here, far past the test's deadline). Whether its batch
// leased nothing else or leased another chat's reply, whose send then
// takes its time.
//
// Where writers run side by side (PostgreSQL) the test lets the earlier
// reply be sent and marked, and the sender claim again, while the batch
// of the later one is still open: that claim cannot see the later reply,
// nothing the sender has in hand ends soon, and only the wake after the
// batch's commit brings the later reply out. With one writer (SQLite)
// the earlier reply's mark waits for the batch's commit, so the claim the
// end of its group brings comes after the commit and finds the later
// reply as well: there the wake is not what delivers it.
func TestBatchLeasedRepliesFollowHeldOnes(t *testing.T) {
	for _, b := range backends(t) {
		for _, others := range []bool{false, true} {
			name := b.name + "/nothing-else-leased"
			if others {
				name = b.name + "/another-chat-leased"
			}
			t.Run(name, func(t *testing.T) { followHeld(t, b, others) })
		}
	}
}

// followHeld is TestBatchLeasedRepliesFollowHeldOnes on one backend; with
// others, the second message's turn also writes a note to another chat,
// which its batch leases and whose send lasts till the end of the test.
func followHeld(t *testing.T, b backend, others bool) {
	st := newHeldStore(b.open(t))
	h := bot.HandlerFunc[storetest.Tx](func(ctx context.Context, tx storetest.Tx, turn *loket.Turn) error {
		turn.Say(loket.Reply{Text: "echo: " + turn.Inbound.Text})
		if !others || turn.Inbound.Text != "1" {
			return nil
		}
		now := time.Now()
		return tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelWebChat, ChatID: "d",
			Text: "note", CreatedAt: now, NextAttemptAt: now})
	})
	e := heldEngine(st, h)
	sending := make(chan int64, 1)
	release, slow := make(chan struct{}), make(chan struct{})
	out := &recorder{ch: loket.ChannelWebChat, fail: func(m *loket.Outbound) error {
		switch m.Text {
		case "echo: 0":
			sending <- m.ID
			<-release
		case "note":
			<-slow
		}
		return nil
	}}
	e.AddSender(out)
	start(t, e)
	t.Cleanup(func() { close(slow) }) // before the engine stops
	ctx := context.Background()
	if err := e.Accept(ctx, text("c", "c-0", "0")); err != nil {
		t.Fatalf("accept: %v", err)
	}
	var first int64
	select {
	case first = <-sending:
	case <-time.After(20 * time.Second):
		t.Fatal("the first reply was never sent")
	}
	type holding struct {
		claimed []loket.Outbound
		claimIn bool // the sender claimed after the first reply's mark, before the commit
	}
	held := make(chan holding, 1)
	st.arm(func(claimed []loket.Outbound) {
		close(release)
		h := holding{claimed: claimed}
		if !b.oneWriter {
			deadline := time.Now().Add(20 * time.Second)
			for !st.claimedAfterMark(first) && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			h.claimIn = st.claimedAfterMark(first)
		}
		held <- h
	})
	if err := e.Accept(ctx, text("c", "c-1", "1")); err != nil {
		t.Fatalf("accept: %v", err)
	}
	var hd holding
	select {
	case hd = <-held:
	case <-time.After(20 * time.Second):
		t.Fatal("the second reply's batch never claimed")
	}
	var leased []string
	for _, m := range hd.claimed {
		leased = append(leased, m.ChatID+": "+m.Text)
	}
	if want := map[bool][]string{true: {"d: note"}}[others]; !slices.Equal(leased, want) {
		t.Fatalf("the batch leased %q while chat c's first reply was in hand, want %q", leased, want)
	}
	if !b.oneWriter && !hd.claimIn {
		t.Fatal("the sender did not claim again while the batch was open")
	}
	eventually(t, "the held reply delivered (the poll is an hour away)", func() bool { return len(out.texts("c")) == 2 })
	if got, want := out.texts("c"), []string{"echo: 0", "echo: 1"}; !slices.Equal(got, want) {
		t.Fatalf("replies = %q, want %q", got, want)
	}
}

// TestBatchLeasedRepliesKeepChatOrder: with ClaimInBatch, many chats'
// replies, some leased by their batches and some held behind earlier ones
// in hand, all go out, each chat's in order.
func TestBatchLeasedRepliesKeepChatOrder(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			e := heldEngine(b.open(t), &echo{})
			slow := func(*loket.Outbound) error { time.Sleep(5 * time.Millisecond); return nil } // earlier replies stay in hand
			out := &recorder{ch: loket.ChannelWebChat, fail: slow}
			e.AddSender(out)
			start(t, e)
			const chats, each = 6, 15
			var wg sync.WaitGroup
			for c := range chats {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						chat := fmt.Sprintf("c%d", c)
						if err := e.Accept(context.Background(), text(chat, fmt.Sprintf("%s-%d", chat, i), fmt.Sprint(i))); err != nil {
							t.Errorf("accept: %v", err)
							return
						}
					}
				}()
			}
			wg.Wait()
			eventually(t, "every reply sent", func() bool { return len(out.texts("")) == chats*each })
			for c := range chats {
				got := out.texts(fmt.Sprintf("c%d", c))
				for i, text := range got {
					if want := fmt.Sprintf("echo: %d", i); text != want {
						t.Fatalf("chat c%d reply %d = %q, want %q (all: %q)", c, i, text, want, got)
					}
				}
			}
		})
	}
}
