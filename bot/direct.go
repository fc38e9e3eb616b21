package bot

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"loket"
)

// Direct is implemented by senders whose Send is quick and safe to repeat
// and whose recipient reads the outbox itself: the web chat publishes a
// line to the visitor's open streams, which write each line once and read
// the transcript when they start. While Direct is true, the replies a
// turn commits for the channel are delivered by the engine that committed
// them, right after the commit, without the outbox's claim: they are
// written already leased to that commit (due at the lease's end) and
// marked sent once Send returns. Should the replica die before, or Send
// fail, the lease runs out and any replica's sender claims and sends them
// as usual. A reply written while an earlier one of its chat is still
// queued goes through the sender instead, so it cannot overtake it.
type Direct interface {
	Direct() bool
}

// The sent marks of direct deliveries are written at most every
// directMarkPause, so a busy channel's marks share a statement (and a
// commit). A reply written meanwhile behind an unmarked one of its chat
// goes through the sender; a person does not answer that fast.
const (
	directMarkPause    = 10 * time.Millisecond
	directMarksWaiting = 1024
)

// direct delivers one Direct channel's committed replies.
type direct struct {
	s      Sender
	mu     sync.Mutex
	queue  []loket.Outbound // committed and leased to this engine, not yet sent
	closed bool
	ready  chan struct{} // the queue has replies, or was closed
	// behind is set when a reply of the channel was queued behind an
	// earlier one: the sender is woken after the next sent marks land,
	// which may be what it waits for.
	behind atomic.Bool
}

func newDirect(s Sender) *direct { return &direct{s: s, ready: make(chan struct{}, 1)} }

func (d *direct) signal() {
	select {
	case d.ready <- struct{}{}:
	default:
	}
}

func (d *direct) put(m loket.Outbound) {
	d.mu.Lock()
	d.queue = append(d.queue, m)
	d.mu.Unlock()
	d.signal()
}

func (d *direct) close() {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	d.signal()
}

// take waits for replies and returns those queued; ok is false once the
// queue is closed and empty.
func (d *direct) take() (batch []loket.Outbound, ok bool) {
	for {
		d.mu.Lock()
		batch, d.queue = d.queue, nil
		closed := d.closed
		d.mu.Unlock()
		if len(batch) > 0 || closed {
			return batch, len(batch) > 0
		}
		<-d.ready
	}
}

// directLoop sends what a Direct channel's commits hand it until the
// queue is closed and empty: each round takes every reply waiting, sends
// each chat's in order (chats in parallel), and gives the sent marks to
// a marker that writes them in batches (group commit, each fenced by its
// lease token). A reply whose Send fails, and the rest of its chat in the
// round, are left to the sender's claim after their lease.
func (e *Engine[T]) directLoop(ctx context.Context, ch loket.Channel, d *direct) {
	marks := make(chan markReq, directMarksWaiting)
	marked := make(chan struct{})
	go func() {
		defer close(marked)
		e.markLoop(ctx, marks, func() {
			if d.behind.Swap(false) {
				e.Wake(ch)
			}
		}, directMarkPause)
	}()
	defer func() { close(marks); <-marked }()
	for {
		batch, ok := d.take()
		if !ok {
			return
		}
		// Past half the lease a reply is as well left to the claim.
		round, cancel := context.WithTimeout(ctx, e.cfg.SendLease/2)
		var wg sync.WaitGroup
		for _, group := range byChat(batch) {
			wg.Go(func() { e.sendDirect(round, d.s, group, marks) })
		}
		wg.Wait()
		cancel()
	}
}

// sendDirect sends one chat's replies of a round in order.
func (e *Engine[T]) sendDirect(ctx context.Context, s Sender, group []loket.Outbound, marks chan<- markReq) {
	for i := range group {
		m := &group[i]
		start := time.Now()
		extID, err := s.Send(ctx, m)
		e.metrics.sendLatency(s.Channel(), time.Since(start))
		if err != nil {
			e.log.Warn("direct delivery failed; the outbox sends the reply after its lease", "err", err,
				"outbound", m.ID, "channel", m.Channel, "left", len(group)-i)
			e.metrics.outbound(s.Channel(), "retry")
			return
		}
		e.metrics.outbound(s.Channel(), "sent")
		marks <- markReq{
			mark:     loket.SentMark{ID: m.ID, Token: m.LeaseToken, ExternalID: extID, At: e.clock.Now()},
			deadline: time.Now().Add(e.cfg.SendLease * 3 / 5),
		}
	}
}
