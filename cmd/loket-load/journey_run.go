package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// journeyResults are what a journey run measured.
type journeyResults struct {
	n                  *journeyCounts
	latencies, offers  []time.Duration
	idleTicks, begunKO int64
	elapsed            time.Duration
}

// runJourneys drives cfg.visitors vendors through journeys (see journey)
// at cfg.rate acts per second over all of them: on every tick the next
// visitor whose previous act was answered acts. A visitor whose journey
// ended starts the next one as a new vendor.
func runJourneys(ctx context.Context, cfg config) (*journeyResults, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.visitors * 3}
	n := &journeyCounts{latencies: make(chan time.Duration, 1<<12), offerWait: make(chan time.Duration, 1<<12)}
	res := &journeyResults{n: n}
	var collected sync.WaitGroup
	collected.Go(func() {
		for d := range n.latencies {
			res.latencies = append(res.latencies, d)
		}
	})
	collected.Go(func() {
		for d := range n.offerWait {
			res.offers = append(res.offers, d)
		}
	})
	ready := make(chan *jvisitor, cfg.visitors)
	var ids atomic.Int64
	vs := make([]*jvisitor, cfg.visitors)
	for i := range vs {
		vs[i] = &jvisitor{cfg: cfg, tr: tr, n: n, ready: ready, nextID: &ids}
		if err := vs[i].begin(ctx); err != nil {
			return nil, err
		}
	}
	defer func() {
		for _, v := range vs {
			v.end()
		}
		close(n.latencies)
		close(n.offerWait)
		collected.Wait()
	}()
	var idle, begunKO atomic.Int64
	var acting sync.WaitGroup
	tick := time.NewTicker(time.Duration(float64(time.Second) / cfg.rate))
	defer tick.Stop()
	start := time.Now()
	for deadline := start.Add(cfg.duration); time.Now().Before(deadline) && ctx.Err() == nil; {
		<-tick.C
		select {
		case v := <-ready:
			acting.Go(func() {
				if !v.act() {
					if err := v.begin(ctx); err != nil {
						begunKO.Add(1)
					}
				}
			})
		default:
			idle.Add(1)
		}
	}
	acting.Wait()
	res.elapsed = time.Since(start)
	// Drain: every accepted message shown back, every act answered.
	drainUntil := time.Now().Add(cfg.drain)
	for time.Now().Before(drainUntil) && ctx.Err() == nil {
		if n.recorded.Load() >= n.accepted.Load() && n.answered.Load() >= n.expected.Load() && !anyWaiting(vs) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	res.idleTicks, res.begunKO = idle.Load(), begunKO.Load()
	return res, nil
}

// anyWaiting reports whether a visitor still waits for a reply's button
// (the slot offer after its documents).
func anyWaiting(vs []*jvisitor) bool {
	for _, v := range vs {
		v.mu.Lock()
		w := v.waitFor != ""
		v.mu.Unlock()
		if w {
			return true
		}
	}
	return false
}

func quantile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[int(p*float64(len(ds)-1))].Round(100 * time.Microsecond)
}

func (r *journeyResults) print(w io.Writer, cfg config) {
	sort.Slice(r.latencies, func(i, j int) bool { return r.latencies[i] < r.latencies[j] })
	sort.Slice(r.offers, func(i, j int) bool { return r.offers[i] < r.offers[j] })
	n := r.n
	acc, rec := n.accepted.Load(), n.recorded.Load()
	fmt.Fprintf(w, "target        %s\n", cfg.base)
	fmt.Fprintf(w, "mode          journey: hello, registration menu, 6 answers, online, 4 PDFs uploaded, earliest slot booked\n")
	fmt.Fprintf(w, "offered       %.0f acts/s for %s over %d visitors\n", cfg.rate, cfg.duration, cfg.visitors)
	fmt.Fprintf(w, "sent          %d messages and uploads accepted (%.0f/s achieved; %d ticks found no visitor ready)\n",
		acc, float64(acc)/r.elapsed.Seconds(), r.idleTicks)
	fmt.Fprintf(w, "handled       %.0f messages/s recorded by the server over the run\n", float64(rec)/r.elapsed.Seconds())
	fmt.Fprintf(w, "journeys      %d started, %d booked a call, %d found no free slot in %d tries (the rest were under way)\n",
		n.started.Load(), n.booked.Load(), n.stuck.Load(), maxBookTries)
	fmt.Fprintf(w, "recorded      %d (messages and files the server showed back on the event streams)\n", rec)
	fmt.Fprintf(w, "lost          %d (accepted but never shown back)\n", max(0, acc-rec))
	fmt.Fprintf(w, "replied       %d of %d typed messages and presses answered\n", n.answered.Load(), n.expected.Load())
	fmt.Fprintf(w, "duplicates    %d (lines a stream carried twice)\n", n.stream.duplicates.Load())
	fmt.Fprintf(w, "reconnects    %d\n", n.stream.reconnects.Load())
	fmt.Fprintf(w, "failed sends  %d (and %d new visitors refused)\n", n.failed.Load(), r.begunKO)
	fmt.Fprintf(w, "latency       message → reply p50 %s  p90 %s  p99 %s  max %s\n",
		quantile(r.latencies, .5), quantile(r.latencies, .9), quantile(r.latencies, .99), quantile(r.latencies, 1))
	fmt.Fprintf(w, "documents     last PDF → slot offer p50 %s  p99 %s\n", quantile(r.offers, .5), quantile(r.offers, .99))
}
