package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"sync"
	"sync/atomic"
	"time"
)

// runHold opens cfg.hold visitors at cfg.rate per second, each with a
// started conversation (one message, answered); the first cfg.keep follow
// it on an event stream left open, the others read their history until
// answered (the server caps open streams per replica). It reports the
// server's memory (cfg.pid) then and keeps the streams open for
// cfg.duration (time to look at the server yourself).
func runHold(ctx context.Context, cfg config, w io.Writer) error {
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var sc streamCounts
	var opened, answered, failed atomic.Int64
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Duration(float64(time.Second) / cfg.rate))
	defer tick.Stop()
	start := time.Now()
	for i := 0; i < cfg.hold && ctx.Err() == nil; i++ {
		<-tick.C
		wg.Go(func() {
			jar, _ := cookiejar.New(nil)
			var rt http.RoundTripper = tr
			if cfg.spread {
				rt = forwardedAs{addr: visitorAddr(i), next: tr}
			}
			client := &http.Client{Jar: jar, Transport: rt}
			resp, err := client.Get(cfg.base + "/chat")
			if err != nil {
				failed.Add(1)
				return
			}
			resp.Body.Close()
			if i < cfg.keep {
				up := make(chan struct{})
				var once sync.Once
				go newFollower(client, cfg.base, &sc).follow(ctx, func() { close(up) }, func(l line) {
					if l.Out > 0 {
						once.Do(func() { answered.Add(1) })
					}
				})
				<-up
			} else {
				// No stream (the server caps them): the history shows the answer.
				defer func() {
					if waitAnswer(ctx, client, cfg) {
						answered.Add(1)
					}
				}()
			}
			opened.Add(1)
			if err := postChat(client, cfg.base, chatMessage{ID: fmt.Sprintf("hold-%d", i), Text: cfg.text, Lang: "id"}); err != nil {
				failed.Add(1)
			}
		})
	}
	wg.Wait()
	for drainUntil := time.Now().Add(cfg.drain); answered.Load() < opened.Load()-failed.Load() && time.Now().Before(drainUntil); {
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Fprintf(w, "target        %s\n", cfg.base)
	streams := min(cfg.keep, int(opened.Load()))
	fmt.Fprintf(w, "conversations %d opened in %s, %d answered, %d failed, %d stream reconnects; %d event streams open\n",
		opened.Load(), time.Since(start).Round(time.Second), answered.Load(), failed.Load(), sc.reconnects.Load(), streams)
	if cfg.pid > 0 {
		time.Sleep(2 * time.Second) // the closed streams' connections end
		printRSS(w, cfg.pid, fmt.Sprintf("with %d conversations, %d event streams open", opened.Load(), streams))
	}
	fmt.Fprintf(w, "holding them open for %s\n", cfg.duration)
	select {
	case <-ctx.Done():
	case <-time.After(cfg.duration):
	}
	if cfg.pid > 0 {
		printRSS(w, cfg.pid, fmt.Sprintf("after holding them %s", cfg.duration))
	}
	return nil
}

// waitAnswer polls a visitor's history until the bot has answered.
func waitAnswer(ctx context.Context, client *http.Client, cfg config) bool {
	for deadline := time.Now().Add(cfg.drain); time.Now().Before(deadline) && ctx.Err() == nil; time.Sleep(500 * time.Millisecond) {
		resp, err := client.Get(cfg.base + "/chat/history")
		if err != nil {
			continue
		}
		var h struct{ Lines []line }
		err = json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		for _, l := range h.Lines {
			if err == nil && l.Out > 0 {
				return true
			}
		}
	}
	return false
}
