package bot

import (
	"context"
	"time"

	"loket"
)

// markResult is how a sent mark ended.
type markResult int

const (
	markLanded markResult = iota // the message is marked sent
	markLost                     // its lease was taken over (or it is gone): its new holder has it
	markFailed                   // the store could not be reached before the lease could run out
)

// markReq is one delivered message waiting to be marked sent.
type markReq struct {
	mark     loket.SentMark
	deadline time.Time       // give up then: afterwards another sender may claim it
	done     chan markResult // nil: nobody waits for the answer
}

func (r markReq) answer(res markResult) {
	if r.done != nil {
		r.done <- res
	}
}

// marker groups the sent marks of one channel's concurrent sends: while
// one batch is being written, the marks that arrive meanwhile gather and
// go in the next, each still fenced by its own lease token. A send waits
// for its mark, so a chat's next message goes out only after the one
// before it is marked.
type marker struct {
	in chan markReq
}

// markSent records a delivered message and waits until it is marked (or
// its mark could not be written). The platform has it now, so a failing
// store (a lost connection) is retried until shortly before the lease
// could run out: after that another sender may claim it and it would go
// out twice. A lost lease is final.
func (mk *marker) markSent(m *loket.Outbound, extID string, at time.Time, lease time.Duration, done chan markResult) markResult {
	mk.in <- markReq{
		mark:     loket.SentMark{ID: m.ID, Token: m.LeaseToken, ExternalID: extID, At: at},
		deadline: time.Now().Add(lease * 3 / 5),
		done:     done,
	}
	return <-done
}

// markLoop writes the marks sent to in until it is closed and every mark
// is answered. One statement marks a whole batch; when it fails, each
// mark of the batch is tried alone, so one the database refuses does
// not hold back the others, and those still unwritten are tried again
// after a pause (50 ms, doubling to 1 s) until their deadline. written,
// when set, is called after each batch was written; pause, when set, is
// the least time between two batches, for marks nobody waits for (the
// marks of that time then go in one statement, one commit).
func (e *Engine[T]) markLoop(ctx context.Context, in <-chan markReq, written func(), pause time.Duration) {
	var pending []markReq
	wait := 50 * time.Millisecond
	open := true
	for open || len(pending) > 0 {
		if len(pending) == 0 {
			r, ok := <-in
			if !ok {
				return
			}
			pending = append(pending, r)
		}
	gather: // the marks that came while the last batch was written
		for open {
			select {
			case r, ok := <-in:
				if !ok {
					open = false
					break gather
				}
				pending = append(pending, r)
			default:
				break gather
			}
		}
		pending = e.writeMarks(ctx, pending)
		if written != nil {
			written()
		}
		if pause > 0 {
			Sleep(ctx, pause)
		}
		if len(pending) == 0 {
			wait = 50 * time.Millisecond
			continue
		}
		pending = e.expireMarks(pending, time.Now().Add(wait))
		if len(pending) > 0 && !Sleep(ctx, wait) {
			e.expireMarks(pending, time.Now().Add(time.Hour))
			pending = nil
		}
		wait = min(2*wait, time.Second)
	}
}

// writeMarks writes a batch of marks, answers those that landed or lost
// their lease, and returns those the store failed to write.
func (e *Engine[T]) writeMarks(ctx context.Context, batch []markReq) []markReq {
	marks := make([]loket.SentMark, len(batch))
	for i, r := range batch {
		marks[i] = r.mark
	}
	landed, err := e.store.OutboundSentBatch(ctx, marks)
	if err == nil {
		e.answerMarks(batch, landed)
		return nil
	}
	if len(batch) == 1 {
		e.log.Warn("mark outbound sent; retrying", "err", err, "outbound", batch[0].mark.ID)
		return batch
	}
	e.log.Warn("mark outbound sent in a batch; trying each alone", "err", err, "messages", len(batch))
	var failed []markReq
	for _, r := range batch {
		landed, err := e.store.OutboundSentBatch(ctx, []loket.SentMark{r.mark})
		if err != nil {
			e.log.Warn("mark outbound sent; retrying", "err", err, "outbound", r.mark.ID)
			failed = append(failed, r)
			continue
		}
		e.answerMarks([]markReq{r}, landed)
	}
	return failed
}

// answerMarks tells each sender of batch whether its mark landed.
func (e *Engine[T]) answerMarks(batch []markReq, landed []int64) {
	ok := make(map[int64]bool, len(landed))
	for _, id := range landed {
		ok[id] = true
	}
	for _, r := range batch {
		if ok[r.mark.ID] {
			r.answer(markLanded)
			continue
		}
		e.log.Error("mark outbound sent: the lease is lost", "outbound", r.mark.ID)
		r.answer(markLost)
	}
}

// expireMarks answers the marks whose deadline falls before next (the
// next try would come too late) and returns the others.
func (e *Engine[T]) expireMarks(pending []markReq, next time.Time) []markReq {
	keep := pending[:0]
	for _, r := range pending {
		if next.After(r.deadline) {
			e.log.Error("mark outbound sent: the store could not be reached in time", "outbound", r.mark.ID)
			r.answer(markFailed)
			continue
		}
		keep = append(keep, r)
	}
	return keep
}
