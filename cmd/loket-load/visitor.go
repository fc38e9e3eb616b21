package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
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
	// firstApart sends every visitor's first message (a new
	// conversation) before the measured run and reports those apart.
	firstApart bool
	windows    time.Duration // report latencies by due time in windows this long (0: not)
}

// visitor is one browser: its cookie and address (set on every request
// it makes, without a cookie jar or a cloning round tripper: the tool
// shares the cores it measures), an event stream that reconnects from
// where it stopped (after a restart of the server), its sends in order,
// and the due times of its messages not yet seen recorded.
type visitor struct {
	client  *http.Client
	header  http.Header // Cookie and X-Forwarded-For, for the stream
	post    http.Header // the same and Content-Type, for sends
	mu      sync.Mutex
	waiting []time.Time // FIFO: sends accepted, not yet seen on the stream
	// accepted and shown are, per message, the time from when it was due
	// to its POST's answer (durable) and to its line on the stream.
	accepted, shown []time.Duration
}

// sendJob is one message to send, with when it was due: its latency is
// counted from then, so a send that had to wait (for the tool, or for
// the visitor's previous send) counts its wait.
type sendJob struct {
	id  int
	due time.Time
}

// counts are what the server's streams said, over all visitors.
type counts struct {
	recorded atomic.Int64 // the visitor's messages the server showed back
	answered atomic.Int64 // of those, followed by a bot line
	stream   streamCounts
}

func run(ctx context.Context, cfg config) (*results, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.visitors * 2, DisableCompression: true}
	client := &http.Client{Transport: tr}
	vs := make([]*visitor, cfg.visitors)
	lat := make(chan sample, 1<<16)
	streamCtx, stopStreams := context.WithCancel(ctx)
	defer stopStreams()
	var ready sync.WaitGroup
	var n counts
	for i := range vs {
		v, err := openVisitor(client, cfg, i)
		if err != nil {
			return nil, err
		}
		vs[i] = v
		ready.Add(1)
		go v.listen(streamCtx, cfg.base, lat, &n, &ready)
	}
	ready.Wait()

	res := &results{}
	body := sendBody(cfg.text)
	next := 0 // the next message's number
	if cfg.firstApart {
		// Every visitor's first message opens a conversation: sent at
		// the same rate, answered, and reported apart, before the
		// measured run.
		p := sendPhase(ctx, cfg, vs, body, &next, len(vs))
		drain(ctx, cfg, lat, &n, int64(p.sent), &res.firstBy)
		res.first = took(res.firstBy)
		for _, v := range vs {
			v.mu.Lock()
			v.accepted, v.shown = v.accepted[:0], v.shown[:0]
			v.mu.Unlock()
		}
	}
	base := struct{ recorded, answered int64 }{n.recorded.Load(), n.answered.Load()}
	cpu := startCPU(cfg.pid)
	p := sendPhase(ctx, cfg, vs, body, &next, int(cfg.duration/interval(cfg)))
	res.elapsed = p.elapsed
	res.sent, res.failed = p.sent, p.failed
	drain(ctx, cfg, lat, &n, base.recorded+int64(p.sent), &res.latenciesBy)
	res.latencies = took(res.latenciesBy)
	res.serverCPU, res.loadCPU = cpu.stop()
	for _, v := range vs {
		v.mu.Lock()
		res.accepted = append(res.accepted, v.accepted...)
		res.shown = append(res.shown, v.shown...)
		v.mu.Unlock()
	}
	res.recorded = int(n.recorded.Load() - base.recorded)
	res.replied = int(n.answered.Load() - base.answered)
	res.reconnects = int(n.stream.reconnects.Load())
	res.duplicates = int(n.stream.duplicates.Load())
	return res, nil
}

// interval is the time between two messages at the offered rate.
func interval(cfg config) time.Duration { return time.Duration(float64(time.Second) / cfg.rate) }

// phase is what one sending phase did.
type phase struct {
	sent, failed int
	elapsed      time.Duration
}

// sendPhase sends total messages at the offered rate, round robin over
// the visitors from the first, numbered from *next on, and returns once
// every send was answered.
func sendPhase(ctx context.Context, cfg config, vs []*visitor, body [2][]byte, next *int, total int) phase {
	var sent, failed atomic.Int64
	var senders sync.WaitGroup
	due := make([]chan sendJob, len(vs))
	for i, v := range vs {
		due[i] = make(chan sendJob, 64)
		senders.Go(func() {
			for job := range due[i] {
				if err := v.send(cfg.base, job, body); err != nil {
					failed.Add(1)
					continue
				}
				sent.Add(1)
			}
		})
	}
	// Message i is due at start + i/rate: a late wake-up sends every
	// message that fell due meanwhile instead of dropping ticks, so the
	// offered rate holds on a busy machine.
	every := interval(cfg)
	start := time.Now()
	for i := 0; i < total && ctx.Err() == nil; i++ {
		at := start.Add(time.Duration(i) * every)
		if d := time.Until(at); d > 0 {
			time.Sleep(d)
		}
		due[i%len(vs)] <- sendJob{id: *next, due: at}
		*next++
	}
	for _, c := range due {
		close(c)
	}
	senders.Wait()
	return phase{sent: int(sent.Load()), failed: int(failed.Load()), elapsed: time.Since(start)}
}

// sample is one message's latency, with when it was due.
type sample struct {
	due  time.Time
	took time.Duration
}

// took is the latencies of samples.
func took(samples []sample) []time.Duration {
	d := make([]time.Duration, len(samples))
	for i, s := range samples {
		d[i] = s.took
	}
	return d
}

// drain collects latencies into *into until the streams have shown
// recorded messages and every one of them is answered, or the drain time
// is up.
func drain(ctx context.Context, cfg config, lat <-chan sample, n *counts, recorded int64, into *[]sample) {
	until := time.After(cfg.drain)
	poll := time.NewTicker(50 * time.Millisecond)
	defer poll.Stop()
	for done := false; !done && ctx.Err() == nil; {
		select {
		case d := <-lat:
			*into = append(*into, d)
		case <-poll.C:
			rec := n.recorded.Load()
			done = rec >= recorded && n.answered.Load() >= rec
		case <-until:
			done = true
		}
	}
	for len(lat) > 0 {
		*into = append(*into, <-lat)
	}
}

// openVisitor opens the chat page as visitor i and keeps the cookie it
// was given.
func openVisitor(client *http.Client, cfg config, i int) (*visitor, error) {
	v := &visitor{client: client, header: http.Header{}}
	if cfg.spread {
		v.header.Set("X-Forwarded-For", visitorAddr(i))
	}
	req, err := http.NewRequest(http.MethodGet, cfg.base+"/chat", nil)
	if err != nil {
		return nil, fmt.Errorf("open chat: %w", err)
	}
	req.Header = v.header.Clone()
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("open chat: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body) // the connection is reused
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("open chat: %s", resp.Status)
	}
	var cookies []string
	for _, c := range resp.Cookies() {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	if len(cookies) > 0 {
		v.header.Set("Cookie", strings.Join(cookies, "; "))
	}
	v.post = v.header.Clone()
	v.post.Set("Content-Type", "application/json")
	return v, nil
}

// sendBody returns the JSON of a message with id "load-<n>" as two
// halves around n: the text is encoded once.
func sendBody(text string) [2][]byte {
	t, _ := json.Marshal(text) // a string: never fails
	return [2][]byte{[]byte(`{"id":"load-`), append(append([]byte(`","text":`), t...), '}')}
}

func (v *visitor) send(base string, job sendJob, body [2][]byte) error {
	v.mu.Lock()
	v.waiting = append(v.waiting, job.due)
	v.mu.Unlock()
	b := make([]byte, 0, len(body[0])+len(body[1])+20)
	b = strconv.AppendInt(append(b, body[0]...), int64(job.id), 10)
	b = append(b, body[1]...)
	req, err := http.NewRequest(http.MethodPost, base+"/chat/send", bytes.NewReader(b))
	if err == nil {
		req.Header = v.post // read only: shared by this visitor's sends, one at a time
		var resp *http.Response
		if resp, err = v.client.Do(req); err == nil {
			err = accepted(resp, "send")
		}
	}
	if err != nil {
		v.unwait()
		return err
	}
	v.mu.Lock()
	v.accepted = append(v.accepted, time.Since(job.due))
	v.mu.Unlock()
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
func (v *visitor) listen(ctx context.Context, base string, lat chan<- sample, n *counts, ready *sync.WaitGroup) {
	var unanswered []time.Time // recorded messages awaiting their first reply (send time, zero if unknown)
	f := newFollower(v.client, base, &n.stream)
	f.header, f.idsOnly = v.header, true
	f.follow(ctx, ready.Done, func(l line) {
		v.mu.Lock()
		defer v.mu.Unlock()
		switch {
		case l.In > 0: // our message is recorded: its reply comes next
			n.recorded.Add(1)
			var sentAt time.Time
			if len(v.waiting) > 0 {
				sentAt, v.waiting = v.waiting[0], v.waiting[1:]
				v.shown = append(v.shown, time.Since(sentAt))
			}
			unanswered = append(unanswered, sentAt)
		case len(unanswered) > 0: // the first reply line after a message counts
			n.answered.Add(1)
			if !unanswered[0].IsZero() {
				lat <- sample{unanswered[0], time.Since(unanswered[0])}
			}
			unanswered = unanswered[1:]
		}
	})
}
