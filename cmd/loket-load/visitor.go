package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
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
}

// forwardedAs sends every request with X-Forwarded-For set to one
// address, so a Loket that trusts this machine as its proxy
// (LOKET_TRUSTED_PROXIES) counts each visitor as its own client.
type forwardedAs struct {
	addr string
	next http.RoundTripper
}

func (f forwardedAs) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.addr)
	return f.next.RoundTrip(r)
}

// visitorAddr is visitor i's address in 198.18.0.0/15 (set aside for
// benchmarks).
func visitorAddr(i int) string {
	return fmt.Sprintf("198.%d.%d.%d", 18+(i>>16)&1, (i>>8)&255, i&255)
}

// visitor is one browser: a cookie, an open event stream, and the send
// times of its messages still waiting for a reply.
type visitor struct {
	client  *http.Client
	mu      sync.Mutex
	waiting []time.Time // FIFO: one reply per message
}

func run(ctx context.Context, cfg config) (*results, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.visitors * 2, MaxConnsPerHost: 0}
	vs := make([]*visitor, cfg.visitors)
	lat := make(chan time.Duration, 1<<16)
	streamCtx, stopStreams := context.WithCancel(ctx)
	defer stopStreams()
	var ready sync.WaitGroup
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
		go v.listen(streamCtx, cfg.base, lat, &ready)
	}
	ready.Wait()

	res := &results{}
	var sent, failed atomic.Int64
	interval := time.Duration(float64(time.Second) / cfg.rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
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
	drainUntil := time.After(cfg.drain)
	for len(res.latencies) < res.sent {
		select {
		case d := <-lat:
			res.latencies = append(res.latencies, d)
		case <-drainUntil:
			res.replied = len(res.latencies)
			return res, nil
		}
	}
	res.replied = len(res.latencies)
	return res, nil
}

func (v *visitor) send(base, id, text string) error {
	v.mu.Lock()
	v.waiting = append(v.waiting, time.Now())
	v.mu.Unlock()
	body, _ := json.Marshal(map[string]string{"id": id, "text": text})
	resp, err := v.client.Post(base+"/chat/send", "application/json", bytes.NewReader(body))
	if err != nil {
		v.unwait()
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		v.unwait()
		return fmt.Errorf("send: %s", resp.Status)
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

// listen reads the visitor's event stream; each first bot line after a
// message counts as that message's reply.
func (v *visitor) listen(ctx context.Context, base string, lat chan<- time.Duration, ready *sync.WaitGroup) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/chat/events", nil)
	resp, err := v.client.Do(req)
	ready.Done()
	if err != nil {
		return
	}
	defer resp.Body.Close()
	var pending time.Time
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "data: ") {
			continue
		}
		var l struct {
			In  int64 `json:"in"`
			Out int64 `json:"out"`
		}
		if json.Unmarshal([]byte(line[6:]), &l) != nil {
			continue
		}
		v.mu.Lock()
		switch {
		case l.In > 0 && len(v.waiting) > 0: // our message is recorded: its reply comes next
			pending = v.waiting[0]
			v.waiting = v.waiting[1:]
		case l.Out > 0 && !pending.IsZero(): // the first reply line counts
			lat <- time.Since(pending)
			pending = time.Time{}
		}
		v.mu.Unlock()
	}
}
