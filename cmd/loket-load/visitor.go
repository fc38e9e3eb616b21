package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"sync"
	"sync/atomic"
	"time"
)

type config struct {
	base     string
	rate     float64
	duration time.Duration
	drain    time.Duration
	visitors int
	text     string
	spread   bool // each visitor its own X-Forwarded-For address
	pid      int  // the server's process id, for its memory; 0: not reported
	journey  bool // visitors go through whole journeys (journey.go)
	hold     int  // memory mode: conversations to open and hold (hold.go)
	keep     int  // memory mode: event streams kept open
}

// visitor is one browser: a cookie, an event stream that reconnects
// from where it stopped (after a restart of the server), and the send
// times of its messages not yet seen recorded.
type visitor struct {
	client  *http.Client
	mu      sync.Mutex
	waiting []time.Time // FIFO: sends accepted, not yet seen on the stream
}

// counts are what the server's streams said, over all visitors.
type counts struct {
	recorded atomic.Int64 // the visitor's messages the server showed back
	answered atomic.Int64 // of those, followed by a bot line
	stream   streamCounts
}

func run(ctx context.Context, cfg config) (*results, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.visitors * 2, MaxConnsPerHost: 0}
	vs := make([]*visitor, cfg.visitors)
	lat := make(chan time.Duration, 1<<16)
	streamCtx, stopStreams := context.WithCancel(ctx)
	defer stopStreams()
	var ready sync.WaitGroup
	var n counts
	for i := range vs {
		jar, _ := cookiejar.New(nil)
		var rt http.RoundTripper = tr
		if cfg.spread {
			rt = forwardedAs{addr: visitorAddr(i), next: tr}
		}
		v := &visitor{client: &http.Client{Jar: jar, Transport: rt}}
		resp, err := v.client.Get(cfg.base + "/chat")
		if err != nil {
			return nil, fmt.Errorf("open chat: %w", err)
		}
		resp.Body.Close()
		vs[i] = v
		ready.Add(1)
		go v.listen(streamCtx, cfg.base, lat, &n, &ready)
	}
	ready.Wait()

	res := &results{}
	var sent, failed atomic.Int64
	interval := time.Duration(float64(time.Second) / cfg.rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	cpu := startCPU(cfg.pid)
	start := time.Now()
	deadline := start.Add(cfg.duration)
	var wg sync.WaitGroup
	for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
		<-tick.C
		v := vs[i%len(vs)]
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := v.send(cfg.base, fmt.Sprintf("load-%d", i), cfg.text); err != nil {
				failed.Add(1)
				return
			}
			sent.Add(1)
		}(i)
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.sent, res.failed = int(sent.Load()), int(failed.Load())
	// Drain until every message the server recorded (at least every
	// accepted one) is answered, or the drain time is up.
	drainUntil := time.After(cfg.drain)
	poll := time.NewTicker(50 * time.Millisecond)
	defer poll.Stop()
	for done := false; !done; {
		select {
		case d := <-lat:
			res.latencies = append(res.latencies, d)
		case <-poll.C:
			rec := n.recorded.Load()
			done = rec >= int64(res.sent) && n.answered.Load() >= rec
		case <-drainUntil:
			done = true
		}
	}
	for len(lat) > 0 {
		res.latencies = append(res.latencies, <-lat)
	}
	res.serverCPU, res.loadCPU = cpu.stop()
	res.recorded, res.replied = int(n.recorded.Load()), int(n.answered.Load())
	res.reconnects = int(n.stream.reconnects.Load())
	res.duplicates = int(n.stream.duplicates.Load())
	return res, nil
}

func (v *visitor) send(base, id, text string) error {
	v.mu.Lock()
	v.waiting = append(v.waiting, time.Now())
	v.mu.Unlock()
	if err := postChat(v.client, base, chatMessage{ID: id, Text: text}); err != nil {
		v.unwait()
		return err
	}
	return nil
}

func (v *visitor) unwait() {
	v.mu.Lock()
	if n := len(v.waiting); n > 0 {
		v.waiting = v.waiting[:n-1]
	}
	v.mu.Unlock()
}

// listen follows the visitor's event stream until ctx ends (see
// follower). A message line counts as recorded, the first bot line after
// it as its answer: the counts are what the server showed, so a send whose
// response was lost in a crash but that was recorded still counts.
func (v *visitor) listen(ctx context.Context, base string, lat chan<- time.Duration, n *counts, ready *sync.WaitGroup) {
	var unanswered []time.Time // recorded messages awaiting their first reply (send time, zero if unknown)
	f := newFollower(v.client, base, &n.stream)
	f.follow(ctx, ready.Done, func(l line) {
		v.mu.Lock()
		defer v.mu.Unlock()
		switch {
		case l.In > 0: // our message is recorded: its reply comes next
			n.recorded.Add(1)
			var sentAt time.Time
			if len(v.waiting) > 0 {
				sentAt, v.waiting = v.waiting[0], v.waiting[1:]
			}
			unanswered = append(unanswered, sentAt)
		case len(unanswered) > 0: // the first reply line after a message counts
			n.answered.Add(1)
			if !unanswered[0].IsZero() {
				lat <- time.Since(unanswered[0])
			}
			unanswered = unanswered[1:]
		}
	})
}
