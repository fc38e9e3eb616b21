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
// (OneWriter) and whose senders poll only once an hour: a reply the
// batch could not lease goes out in time only if something wakes them.
func heldEngine(st bot.Store[storetest.Tx], h bot.Handler[storetest.Tx]) *bot.Engine[storetest.Tx] {
	clock := loket.SystemClock{}
	return bot.New(bot.Config{PollEvery: time.Hour, TickSpec: "@every 1h", OneWriter: true},
		st, h, memory.New(clock), clock, nil, quietLog())
}

// TestBatchLeasedRepliesFollowHeldOnes: with OneWriter, a reply whose
// chat still has an earlier one in hand is not written leased to its
// batch; it must go out after that one, with no poll to fall back on (the
// sender's poll is an hour here, far past the test's deadline). Whether
// its turn wrote nothing else or also queued a note to another chat,
// whose send then takes its time.
//
// Where writers run side by side (PostgreSQL) the test lets the earlier
// reply be sent and marked while the batch of the later one is still
// open: chat c owes nothing yet (the later reply is not committed), so
// its messages in hand being sent costs the sender no look at the outbox
// (a look then would not see the later reply anyway), and only the wake
// after the batch's commit brings the later reply out. With one writer
// (SQLite) the earlier reply's mark waits for the batch's commit.
func TestBatchLeasedRepliesFollowHeldOnes(t *testing.T) {
	for _, b := range backends(t) {
		for _, others := range []bool{false, true} {
			name := b.name + "/nothing-else"
			if others {
				name = b.name + "/a-note-to-another-chat"
			}
			t.Run(name, func(t *testing.T) { followHeld(t, b, others) })
		}
	}
}

// followHeld is TestBatchLeasedRepliesFollowHeldOnes on one backend; with
// others, the second message's turn also queues a note to another chat,
// whose send lasts till the end of the test.
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
		written []loket.Outbound
		marked  bool // the first reply's mark landed before the commit
		looks   int  // claims started after that mark, before the commit
	}
	held := make(chan holding, 1)
	st.arm(func(written []loket.Outbound) {
		close(release)
		h := holding{written: written}
		if !b.oneWriter {
			deadline := time.Now().Add(20 * time.Second)
			for !st.marked(first) && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(100 * time.Millisecond) // the end of c's messages in hand, which would look now
			h.marked, h.looks = st.marked(first), st.claimsAfterMark(first)
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
		t.Fatal("the second reply's batch never wrote it")
	}
	if len(hd.written) != 1 || hd.written[0].Text != "echo: 1" || hd.written[0].LeaseToken != 0 || hd.written[0].Attempts != 0 {
		t.Fatalf("the batch wrote %+v while chat c's first reply was in hand; want echo: 1 queued unleased, no attempt counted", hd.written)
	}
	if !b.oneWriter && !hd.marked {
		t.Fatal("the first reply was not marked sent while the batch was open")
	}
	if hd.looks != 0 {
		t.Fatalf("the sender looked at the outbox %d times after chat c's reply in hand was sent; want none, the chat owed nothing then", hd.looks)
	}
	eventually(t, "the held reply delivered (the poll is an hour away)", func() bool { return len(out.texts("c")) == 2 })
	if got, want := out.texts("c"), []string{"echo: 0", "echo: 1"}; !slices.Equal(got, want) {
		t.Fatalf("replies = %q, want %q", got, want)
	}
}

// TestWakeNamingNoChatLooksWhenTheChatIsDone: a message queued outside
// the engine (an agent's reply from the console) behind a reply of its
// chat still in hand is invisible to the look its wake brings; the
// sender looks again when the chat's reply in hand is sent, with no poll
// to fall back on (an hour away here).
func TestWakeNamingNoChatLooksWhenTheChatIsDone(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := newHeldStore(b.open(t))
			e := heldEngine(st, &echo{})
			sending, release := make(chan int64, 1), make(chan struct{})
			out := &recorder{ch: loket.ChannelWebChat, fail: func(m *loket.Outbound) error {
				if m.Text == "echo: 0" {
					sending <- m.ID
					<-release
				}
				return nil
			}}
			e.AddSender(out)
			start(t, e)
			ctx := context.Background()
			if err := e.Accept(ctx, text("c", "c-0", "0")); err != nil {
				t.Fatalf("accept: %v", err)
			}
			select {
			case <-sending:
			case <-time.After(20 * time.Second):
				close(release)
				t.Fatal("the first reply was never sent")
			}
			now := time.Now()
			err := st.InTx(ctx, func(tx storetest.Tx) error {
				return tx.EnqueueOutbound(ctx, &loket.Outbound{Channel: loket.ChannelWebChat, ChatID: "c",
					Text: "from an agent", CreatedAt: now, NextAttemptAt: now})
			})
			if err != nil {
				close(release)
				t.Fatalf("enqueue: %v", err)
			}
			looks := st.claimCount()
			e.Wake(loket.ChannelWebChat)
			eventually(t, "the wake's look", func() bool { return st.claimCount() > looks })
			close(release)
			eventually(t, "the agent's reply delivered (the poll is an hour away)", func() bool { return len(out.texts("c")) == 2 })
			if got, want := out.texts("c"), []string{"echo: 0", "from an agent"}; !slices.Equal(got, want) {
				t.Fatalf("replies = %q, want %q", got, want)
			}
		})
	}
}

// closeAtCleanup closes ch when the test ends unless it was closed: a
// sender blocked on it lets the engine stop.
func closeAtCleanup(t *testing.T, ch chan struct{}) {
	t.Cleanup(func() {
		select {
		case <-ch:
		default:
			close(ch)
		}
	})
}

// TestBatchLeasedRepliesKeepChatOrder: with OneWriter, many chats'
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

// TestBatchRepliesGoOutWithoutAClaim: with OneWriter, a batch writes
// its replies leased to the sender and starts their sends after the
// commit: no claim of the sender's leases them, and each is stored as a
// claimed one would be (one attempt counted), then marked sent.
func TestBatchRepliesGoOutWithoutAClaim(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := newHeldStore(b.open(t))
			e := heldEngine(st, &echo{})
			out := &recorder{ch: loket.ChannelWebChat}
			e.AddSender(out)
			start(t, e)
			const chats, each = 4, 3
			for i := range each {
				for c := range chats {
					chat := fmt.Sprintf("w%d", c)
					if err := e.Accept(context.Background(), text(chat, fmt.Sprintf("%s-%d", chat, i), fmt.Sprint(i))); err != nil {
						t.Fatalf("accept: %v", err)
					}
					eventually(t, "reply sent", func() bool { return len(out.texts(chat)) == i+1 })
					// Marked sent before the chat's next message: a reply
					// written while its chat's last one is still in flight is
					// queued behind it, for a claim (TestBatchLeasedRepliesFollowHeldOnes);
					// under load the mark can trail the send by more than the
					// other chats' turns take.
					out.mu.Lock()
					last := out.sent[len(out.sent)-1].ID
					out.mu.Unlock()
					sentOnce(t, st, last)
				}
			}
			if n := st.claimedByTheSender(); n != 0 {
				t.Errorf("the sender's claims leased %d replies; want none, every batch wrote its own leased", n)
			}
			out.mu.Lock()
			sent := slices.Clone(out.sent)
			out.mu.Unlock()
			for _, m := range sent {
				if got := sentOnce(t, st, m.ID); got.Attempts != 1 || got.LeaseToken == 0 {
					t.Errorf("reply %d as stored: attempts %d, lease %d; want one attempt, under the batch's lease", m.ID, got.Attempts, got.LeaseToken)
				}
			}
		})
	}
}

// TestBatchRepliesPastTheHandAreQueued: a batch writes leased only as
// many replies as its sender has room for in hand; past that a reply is
// queued as usual, and the sender claims it once the hand empties.
func TestBatchRepliesPastTheHandAreQueued(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := newHeldStore(b.open(t))
			clock := loket.SystemClock{}
			const inHand = 64 // the sender's hand
			e := bot.New(bot.Config{PollEvery: time.Hour, TickSpec: "@every 1h", OneWriter: true, SendWorkers: 128, SendInHand: inHand},
				st, bot.Handler[storetest.Tx](&echo{}), memory.New(clock), clock, nil, quietLog())
			sending, release := make(chan string, 128), make(chan struct{})
			out := &recorder{ch: loket.ChannelWebChat, fail: func(m *loket.Outbound) error {
				sending <- m.ChatID
				<-release
				return nil
			}}
			e.AddSender(out)
			start(t, e)
			closeAtCleanup(t, release)
			for c := range inHand {
				chat := fmt.Sprintf("h%d", c)
				if err := e.Accept(context.Background(), text(chat, chat, "0")); err != nil {
					t.Fatalf("accept: %v", err)
				}
				select {
				case <-sending: // in hand
				case <-time.After(20 * time.Second):
					t.Fatalf("reply %d was never sent", c)
				}
			}
			written := make(chan []loket.Outbound, 1)
			st.arm(func(w []loket.Outbound) { written <- w })
			if err := e.Accept(context.Background(), text("past", "past", "0")); err != nil {
				t.Fatalf("accept: %v", err)
			}
			select {
			case w := <-written:
				if len(w) != 1 || w[0].LeaseToken != 0 || w[0].Attempts != 0 {
					t.Fatalf("with the hand full the batch wrote %+v; want one reply queued unleased", w)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the reply past the hand was never written")
			}
			close(release)
			eventually(t, "every reply sent (the poll is an hour away)", func() bool { return len(out.texts("")) == inHand+1 })
			if n := st.claimedByTheSender(); n != 1 {
				t.Errorf("the sender's claims leased %d replies; want the one past the hand", n)
			}
		})
	}
}
