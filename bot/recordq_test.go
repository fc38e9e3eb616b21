package bot

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"loket"
)

func reqOf(chats ...string) recordReq {
	r := recordReq{done: make(chan error, 1)}
	for i, c := range chats {
		r.msgs = append(r.msgs, loket.Inbound{Channel: loket.ChannelWebChat, ChatID: c, ExternalID: fmt.Sprint(c, i)})
	}
	return r
}

func chatsOfBatch(b recordBatchOf) []string {
	var out []string
	for _, r := range b.reqs {
		for _, m := range r.msgs {
			out = append(out, m.ChatID)
		}
	}
	return out
}

// A request whose chat is in a batch in flight waits for it, and so does
// every later request of that chat, while requests of other chats start.
func TestRecordQueueHoldsAChatInFlight(t *testing.T) {
	var q recordQueue
	q.add(reqOf("a"))
	first := q.take(64)
	if got := chatsOfBatch(first); fmt.Sprint(got) != "[a]" {
		t.Fatalf("first batch %v, want [a]", got)
	}
	q.add(reqOf("a"))
	q.add(reqOf("b"))
	q.add(reqOf("b", "a")) // waits for a, and so holds b's later requests
	q.add(reqOf("b"))
	q.add(reqOf("c"))
	second := q.take(64)
	if got := chatsOfBatch(second); fmt.Sprint(got) != "[b c]" {
		t.Fatalf("with a in flight the batch is %v, want [b c]", got)
	}
	if q.waiting() != 4 {
		t.Fatalf("%d messages waiting, want 4", q.waiting())
	}
	if b := q.take(64); len(b.reqs) != 0 {
		t.Fatalf("nothing may start while a and b are in flight, got %v", chatsOfBatch(b))
	}
	q.done(first.chats)
	if got := chatsOfBatch(q.take(64)); fmt.Sprint(got) != "[a]" {
		t.Fatalf("after a's batch the batch is %v, want [a] (b is still in flight)", got)
	}
}

// A batch holds at most max messages, except a larger request alone.
func TestRecordQueueBatchSize(t *testing.T) {
	var q recordQueue
	q.add(reqOf("a", "a", "a"))
	q.add(reqOf("b"))
	if got := chatsOfBatch(q.take(2)); fmt.Sprint(got) != "[a a a]" {
		t.Fatalf("first batch %v, want the larger request alone", got)
	}
	q.add(reqOf("c"))
	q.add(reqOf("d"))
	if got := chatsOfBatch(q.take(2)); fmt.Sprint(got) != "[b c]" {
		t.Fatalf("second batch %v, want [b c]", got)
	}
}

// Random arrivals, takes and ends: no chat is ever in two batches in
// flight, every request starts once, and a chat's requests start in the
// order they came.
func TestRecordQueueRandomWalk(t *testing.T) {
	for seed := range uint64(50) {
		rng := rand.New(rand.NewPCG(seed, 1))
		var q recordQueue
		var flying []recordBatchOf
		inFlight := map[string]int{}
		next := map[string]int{}  // next sequence number to add, by chat
		start := map[string]int{} // next sequence number expected to start, by chat
		added, started := 0, 0
		for step := 0; step < 400 || len(flying) > 0 || q.waiting() > 0; step++ {
			switch k := rng.IntN(3); {
			case k == 0 && step < 400:
				var chats []string
				for range 1 + rng.IntN(3) {
					chats = append(chats, fmt.Sprintf("c%d", rng.IntN(5)))
				}
				r := reqOf(chats...)
				for i := range r.msgs {
					c := r.msgs[i].ChatID
					r.msgs[i].ExternalID = fmt.Sprint(next[c])
					next[c]++
				}
				q.add(r)
				added += len(r.msgs)
			case k == 1 && len(flying) < 3:
				b := q.take(1 + rng.IntN(6))
				if len(b.reqs) == 0 {
					continue
				}
				for _, k := range b.chats {
					if inFlight[k.ChatID] > 0 {
						t.Fatalf("seed %d: chat %s started in a second batch", seed, k.ChatID)
					}
					inFlight[k.ChatID]++
				}
				for _, r := range b.reqs {
					for _, m := range r.msgs {
						if want := fmt.Sprint(start[m.ChatID]); m.ExternalID != want {
							t.Fatalf("seed %d: chat %s started message %s before %s", seed, m.ChatID, m.ExternalID, want)
						}
						start[m.ChatID]++
						started++
					}
				}
				flying = append(flying, b)
			case len(flying) > 0:
				i := rng.IntN(len(flying))
				for _, k := range flying[i].chats {
					inFlight[k.ChatID]--
				}
				q.done(flying[i].chats)
				flying = append(flying[:i], flying[i+1:]...)
			}
		}
		if started != added {
			t.Fatalf("seed %d: %d messages added, %d started", seed, added, started)
		}
	}
}
