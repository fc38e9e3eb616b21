package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestJourneysBookCalls drives a real `loket serve` (embedded database)
// with vendors going from hello to a booked video call through the web
// chat's HTTP contract, four real PDFs uploaded each: journeys end with a
// booked call, every message is shown back once and answered.
func TestJourneysBookCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	addr, start := serveCmd(t)
	srv := start()
	defer func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		_ = srv.Wait()
	}()
	cfg := config{base: "http://" + addr, rate: 6, duration: 20 * time.Second, drain: 20 * time.Second,
		visitors: 6, spread: true, journey: true}
	res, err := runJourneys(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res.print(&out, cfg)
	t.Log("\n" + out.String())
	n := res.n
	switch {
	case n.booked.Load() == 0 || n.stuck.Load() != 0:
		t.Errorf("%d journeys booked a call, %d found no slot; want bookings and none stuck", n.booked.Load(), n.stuck.Load())
	case n.recorded.Load() != n.accepted.Load():
		t.Errorf("%d messages and files accepted, %d shown back", n.accepted.Load(), n.recorded.Load())
	case n.answered.Load() != n.expected.Load():
		t.Errorf("%d of %d messages answered", n.answered.Load(), n.expected.Load())
	case n.stream.duplicates.Load() != 0 || n.failed.Load() != 0:
		t.Errorf("%d lines carried twice, %d sends failed", n.stream.duplicates.Load(), n.failed.Load())
	case n.offers.Load() == 0 || !strings.Contains(out.String(), "booked a call"):
		t.Errorf("no slot was offered after the documents")
	}
}

// TestHoldReportsMemory opens conversations against a real `loket serve`,
// keeps some of their streams open and reads the server's memory.
func TestHoldReportsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	addr, start := serveCmd(t)
	srv := start()
	defer func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		_ = srv.Wait()
	}()
	var out, errb bytes.Buffer
	code := cli(context.Background(), []string{"-url", "http://" + addr, "-hold", "20", "-keep", "5", "-rate", "20",
		"-duration", "1s", "-drain", "20s", "-pid", strconv.Itoa(srv.Process.Pid)}, &out, &errb)
	t.Log("\n" + out.String())
	if code != 0 || !strings.Contains(out.String(), "20 opened") || !strings.Contains(out.String(), "20 answered, 0 failed") ||
		!strings.Contains(out.String(), "5 event streams open") || !regexp.MustCompile(`server rss +\d+\.\d MB with 20 conversations`).MatchString(out.String()) {
		t.Errorf("exit %d, stderr %q: want 20 conversations answered, 5 streams open, the server's memory", code, errb.String())
	}
}
