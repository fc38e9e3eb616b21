// Command loket-load drives a running Loket through its web chat, as many
// browsers would: each visitor opens /chat, listens on /chat/events and
// sends messages at a steady overall rate; the time from sending to the
// bot's reply arriving on the visitor's stream is measured.
//
//	go run ./cmd/loket-load -url http://127.0.0.1:8080 -rate 200 -duration 20s -visitors 300
//
// It only targets loopback addresses unless -allow-remote is given, and it
// stops by itself after -duration (plus a drain of at most -drain).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// cli runs loket-load with args and returns the exit code: 0 after a run
// or for -h/-help/--help (the usage on stdout), 2 for bad flags or
// targets, 1 when the run failed.
func cli(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("loket-load", flag.ContinueOnError)
	fs.StringVar(&cfg.base, "url", "http://127.0.0.1:8080", "Loket base URL")
	fs.Float64Var(&cfg.rate, "rate", 100, "messages per second over all visitors")
	fs.DurationVar(&cfg.duration, "duration", 20*time.Second, "how long to send")
	fs.DurationVar(&cfg.drain, "drain", 15*time.Second, "how long to wait for the last replies")
	fs.IntVar(&cfg.visitors, "visitors", 200, "concurrent web-chat visitors (each sends at most 1 message/s)")
	fs.StringVar(&cfg.text, "text", "jam layanan", "what visitors type")
	fs.BoolVar(&cfg.firstApart, "first-apart", true, "send every visitor's first message (each opens a conversation) before the measured run, at the same rate, and report those apart; false: the visitors' first messages are part of the run")
	fs.DurationVar(&cfg.windows, "windows", 0, "also report the latencies by when the messages were due, in windows this long (e.g. 250ms): where in a run the slow ones were")
	fs.BoolVar(&cfg.spread, "spread", true, "give each visitor its own address in X-Forwarded-For (run serve with LOKET_TRUSTED_PROXIES=127.0.0.1, or the per-address limits refuse most visitors)")
	fs.IntVar(&cfg.pid, "pid", 0, "process id of the server (on this machine): its resident memory is reported from /proc/<pid>/status")
	fs.BoolVar(&cfg.journey, "journey", false, "each visitor goes from hello to a booked video call: registration menu, six answers, four PDFs uploaded, the earliest slot (-rate counts messages and uploads)")
	fs.IntVar(&cfg.hold, "hold", 0, "memory mode: open this many visitors at -rate per second, each with one message answered and its event stream open, report the server's memory (-pid), keep them open for -duration (serve needs LOKET_WEBCHAT_STREAMS at least this)")
	fs.IntVar(&cfg.keep, "keep", -1, "memory mode: event streams kept open (the first ones); the others close once answered (default: all)")
	remote := fs.Bool("allow-remote", false, "allow a non-loopback target")
	cpuProfile := fs.String("cpuprofile", "", "write this tool's own CPU profile to the file (it shares the machine with the server)")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: loket-load [flags]\n\nDrives a running Loket through its web chat and reports reply latencies.\n\nFlags:")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return 0
		}
		fmt.Fprintln(stderr, "loket-load:", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "loket-load: unexpected argument %q (see loket-load --help)\n", fs.Arg(0))
		return 2
	}
	if err := checkTarget(cfg.base, *remote); err != nil {
		fmt.Fprintln(stderr, "loket-load:", err)
		return 2
	}
	if *cpuProfile != "" {
		stop, err := profileCPU(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "loket-load:", err)
			return 1
		}
		defer stop()
	}
	if cfg.pid > 0 {
		printRSS(stdout, cfg.pid, "before the run")
	}
	if cfg.hold > 0 {
		if cfg.keep < 0 {
			cfg.keep = cfg.hold
		}
		if err := runHold(ctx, cfg, stdout); err != nil {
			fmt.Fprintln(stderr, "loket-load:", err)
			return 1
		}
		return 0
	}
	if cfg.rate/float64(cfg.visitors) > 1 {
		fmt.Fprintf(stderr, "loket-load: %.0f msgs/s over %d visitors exceeds the web chat's 1 msg/s per visitor; raise -visitors\n", cfg.rate, cfg.visitors)
		return 2
	}
	if cfg.journey {
		res, err := runJourneys(ctx, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "loket-load:", err)
			return 1
		}
		res.print(stdout, cfg)
	} else {
		res, err := run(ctx, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "loket-load:", err)
			return 1
		}
		res.print(stdout, cfg)
	}
	if cfg.pid > 0 {
		printRSS(stdout, cfg.pid, "after the run")
	}
	return 0
}

func checkTarget(base string, allowRemote bool) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return fmt.Errorf("bad -url %q", base)
	}
	if allowRemote {
		return nil
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing non-loopback target %s (use -allow-remote for your own test hosts)", host)
}

// results are what a run measured.
type results struct {
	sent, recorded, replied, failed, reconnects, duplicates int
	latencies                                               []time.Duration // due → first reply on the stream
	first                                                   []time.Duration // the same, of the visitors' first messages sent apart (-first-apart)
	latenciesBy, firstBy                                    []sample        // the same with when each was due (-windows)
	accepted, shown                                         []time.Duration // due → POST answered; due → the message on the stream
	elapsed                                                 time.Duration
	serverCPU, loadCPU                                      time.Duration // over the sends and the drain
}

func (r *results) print(w io.Writer, cfg config) {
	q := func(d []time.Duration, p float64) time.Duration {
		if len(d) == 0 {
			return 0
		}
		return d[int(p*float64(len(d)-1))].Round(100 * time.Microsecond)
	}
	quantiles := func(name string, d []time.Duration, what string) {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		fmt.Fprintf(w, "%-13s p50 %s  p90 %s  p99 %s  max %s%s\n", name, q(d, .5), q(d, .9), q(d, .99), q(d, 1), what)
	}
	fmt.Fprintf(w, "target        %s\n", cfg.base)
	fmt.Fprintf(w, "offered       %.0f msgs/s for %s over %d visitors\n", cfg.rate, cfg.duration, cfg.visitors)
	fmt.Fprintf(w, "sent          %d (%.0f msgs/s achieved)\n", r.sent, float64(r.sent)/cfg.duration.Seconds())
	fmt.Fprintf(w, "recorded      %d (messages the server showed back on the event streams)\n", r.recorded)
	fmt.Fprintf(w, "replied       %d (of those, answered; %d unanswered)\n", r.replied, r.recorded-r.replied)
	fmt.Fprintf(w, "reconnects    %d (event streams resumed after the server closed them or went away)\n", r.reconnects)
	fmt.Fprintf(w, "duplicates    %d (lines a stream carried twice)\n", r.duplicates)
	fmt.Fprintf(w, "failed sends  %d\n", r.failed)
	if len(r.accepted) > 0 {
		quantiles("accepted", r.accepted, " (due → the POST answered: durable)")
		quantiles("on stream", r.shown, " (due → the message on its stream)")
	}
	quantiles("latency", r.latencies, "")
	if len(r.first) > 0 {
		quantiles("first msgs", r.first, fmt.Sprintf(" (%d, each opening a conversation, sent before the run)", len(r.first)))
	}
	if cfg.windows > 0 {
		printWindows(w, "latency", r.latenciesBy, cfg.windows)
		printWindows(w, "first msgs", r.firstBy, cfg.windows)
	}
	printCPU(w, r.serverCPU, r.loadCPU, r.recorded)
}

// printWindows reports samples by when they were due, in windows of
// width from the first: how many, and their p50, p99 and max.
func printWindows(w io.Writer, name string, samples []sample, width time.Duration) {
	if len(samples) == 0 {
		return
	}
	start := samples[0].due
	for _, s := range samples {
		if s.due.Before(start) {
			start = s.due
		}
	}
	by := map[int][]time.Duration{}
	last := 0
	for _, s := range samples {
		i := int(s.due.Sub(start) / width)
		by[i] = append(by[i], s.took)
		last = max(last, i)
	}
	fmt.Fprintf(w, "%s by when due, every %s:\n", name, width)
	for i := 0; i <= last; i++ {
		d := by[i]
		if len(d) == 0 {
			continue
		}
		sort.Slice(d, func(a, b int) bool { return d[a] < d[b] })
		at := func(p float64) time.Duration { return d[int(p*float64(len(d)-1))].Round(100 * time.Microsecond) }
		fmt.Fprintf(w, "  +%-8s %5d msgs  p50 %s  p99 %s  max %s\n", (time.Duration(i) * width).String(), len(d), at(.5), at(.99), at(1))
	}
}
