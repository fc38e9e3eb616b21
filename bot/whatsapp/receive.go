package whatsapp

import (
	"context"
	"sync"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"loket"
)

// maxPending bounds the retry queue; messages beyond it stay un-acked and
// come back from WhatsApp on the next connection.
const maxPending = 10000

// readReceipt is a read receipt to send once a message is recorded.
type readReceipt struct {
	id     types.MessageID
	chat   types.JID
	sender types.JID
}

type pendingItem struct {
	in   loket.Inbound
	read readReceipt
}

// pendingQueue holds messages whose first Accept failed, oldest first.
type pendingQueue struct {
	mu    sync.Mutex
	items []pendingItem
	wake  chan struct{}
}

func (q *pendingQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// push appends it; false when the queue is full.
func (q *pendingQueue) push(it pendingItem) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) >= maxPending {
		return false
	}
	q.items = append(q.items, it)
	q.signal()
	return true
}

func (q *pendingQueue) head() (pendingItem, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return pendingItem{}, false
	}
	return q.items[0], true
}

func (q *pendingQueue) pop() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) > 0 {
		q.items[0] = pendingItem{}
		q.items = q.items[1:]
	}
}

func (q *pendingQueue) signal() {
	if q.wake == nil {
		q.wake = make(chan struct{}, 1)
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *pendingQueue) wakeC() <-chan struct{} {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.wake == nil {
		q.wake = make(chan struct{}, 1)
	}
	return q.wake
}

// onMessage records a message event (see the package comment for the
// guarantee). true lets whatsmeow ack it.
func (c *Channel) onMessage(e *events.Message) bool {
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.AcceptTimeout)
	defer cancel()
	in, ok := convert(ctx, e, c.resolveLID, c.now())
	if !ok {
		return true
	}
	c.known.Store(in.ChatID, true)
	box := c.sink.Load()
	if box == nil {
		c.log.Warn("whatsapp: message arrived while not running; left un-acked", "id", e.Info.ID)
		return false
	}
	rr := readReceipt{id: e.Info.ID, chat: e.Info.Chat, sender: e.Info.Sender}
	if c.pending.len() == 0 {
		err := box.Accept(ctx, in)
		if err == nil {
			c.queueRead(rr)
			return true
		}
		c.log.Warn("whatsapp: accept failed; retrying from the queue", "external_id", in.ExternalID, "err", err)
	}
	if !c.pending.push(pendingItem{in: in, read: rr}) {
		c.log.Error("whatsapp: retry queue full; message left un-acked for redelivery", "external_id", in.ExternalID)
	}
	return false
}

func (c *Channel) resolveLID(ctx context.Context, lid types.JID) (types.JID, error) {
	cli := c.client()
	if cli == nil {
		return types.EmptyJID, nil
	}
	return cli.PNForLID(ctx, lid)
}

func (c *Channel) queueRead(rr readReceipt) {
	select {
	case c.reads <- rr:
	default:
		c.log.Debug("whatsapp: read receipt dropped (queue full)", "id", rr.id)
	}
}

// retryPending calls Accept for queued messages, oldest first, with
// back-off, until ctx is done.
func (c *Channel) retryPending(ctx context.Context) {
	var wait time.Duration
	for {
		it, ok := c.pending.head()
		if !ok {
			wait = 0
			select {
			case <-ctx.Done():
				return
			case <-c.pending.wakeC():
				continue
			}
		}
		if wait > 0 && !c.sleep(ctx, wait) {
			return
		}
		box := c.sink.Load()
		if box == nil {
			return
		}
		actx, cancel := context.WithTimeout(ctx, c.cfg.AcceptTimeout)
		err := box.Accept(actx, it.in)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			wait = min(max(2*wait, c.backoffMin), c.backoffMax)
			c.log.Warn("whatsapp: accept retry failed", "external_id", it.in.ExternalID, "queued", c.pending.len(), "retry_in", wait, "err", err)
			continue
		}
		wait = 0
		c.pending.pop()
		c.queueRead(it.read)
	}
}

// sendReads marks recorded messages read, until ctx is done.
func (c *Channel) sendReads(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case rr := <-c.reads:
			cli := c.client()
			if cli == nil || !cli.IsConnected() {
				continue
			}
			rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			if err := cli.MarkRead(rctx, []types.MessageID{rr.id}, c.now(), rr.chat, rr.sender); err != nil {
				c.log.Debug("whatsapp: mark read failed", "id", rr.id, "err", err)
			}
			cancel()
		}
	}
}
