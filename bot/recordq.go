package bot

import "loket"

// recordQueue is what recordLoop has taken in and not yet started: the
// waiting requests, in their order, and the chats of the batches in
// flight. A request may start once none of its chats is in flight or in
// an earlier request still waiting, so a chat's messages are recorded
// (and handled) batch after batch, in order, however many batches run
// at once.
type recordQueue struct {
	reqs   []recordReq
	n      int                     // messages in reqs
	flying map[loket.ChatKey]int64 // chats of the batches in flight, with their batch's number
	batch  int64                   // the number of the last batch taken
}

// recordBatchOf is a batch to start: its requests, their message count
// and their chats.
type recordBatchOf struct {
	reqs  []recordReq
	n     int
	chats []loket.ChatKey
}

func (q *recordQueue) add(r recordReq) {
	q.reqs = append(q.reqs, r)
	q.n += len(r.msgs)
}

// waiting is the number of messages waiting.
func (q *recordQueue) waiting() int { return q.n }

// take removes and returns the waiting requests that may start, in
// order, up to max messages (a larger request alone when it is the
// first), and marks their chats in flight until done is called with them.
func (q *recordQueue) take(max int) recordBatchOf {
	var b recordBatchOf
	if len(q.reqs) == 0 {
		return b
	}
	if q.flying == nil {
		q.flying = map[loket.ChatKey]int64{}
	}
	q.batch++
	var blocked map[loket.ChatKey]bool // chats of requests left waiting
	kept := q.reqs[:0]
	for _, r := range q.reqs {
		ok := b.n == 0 || b.n+len(r.msgs) <= max
		for i := 0; ok && i < len(r.msgs); i++ {
			k := r.msgs[i].Chat()
			in, flying := q.flying[k]
			ok = !blocked[k] && (!flying || in == q.batch)
		}
		if !ok {
			if blocked == nil {
				blocked = map[loket.ChatKey]bool{}
			}
			for _, m := range r.msgs {
				blocked[m.Chat()] = true
			}
			kept = append(kept, r)
			continue
		}
		b.reqs = append(b.reqs, r)
		b.n += len(r.msgs)
		for _, m := range r.msgs {
			if k := m.Chat(); q.flying[k] != q.batch {
				q.flying[k] = q.batch
				b.chats = append(b.chats, k)
			}
		}
	}
	clear(q.reqs[len(kept):])
	q.reqs = kept
	q.n -= b.n
	return b
}

// done ends the flight of a batch's chats: requests of theirs may start.
func (q *recordQueue) done(chats []loket.ChatKey) {
	for _, k := range chats {
		delete(q.flying, k)
	}
}

// stop answers every waiting request with ErrStopped.
func (q *recordQueue) stop() {
	for _, r := range q.reqs {
		r.done <- ErrStopped
	}
	clear(q.reqs)
	q.reqs, q.n = q.reqs[:0], 0
}
