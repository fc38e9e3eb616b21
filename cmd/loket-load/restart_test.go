package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCountsAcrossARestart drives a real `loket serve` (built from
// cmd/loket, embedded database) and kills it with SIGKILL mid-run, then
// starts it again on the same address: the event streams reconnect and
// resume after their Last-Event-ID, and every message the server recorded
// is counted once and answered, and no line is carried twice.
func TestCountsAcrossARestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	addr, start := serveCmd(t)
	first := start()
	restarted := make(chan *exec.Cmd, 1)
	go func() {
		time.Sleep(2 * time.Second)
		_ = first.Process.Signal(syscall.SIGKILL)
		_ = first.Wait()
		restarted <- start()
	}()
	res, err := run(context.Background(), config{base: "http://" + addr, rate: 20, duration: 5 * time.Second,
		// The drain ends as soon as every recorded message is answered; its
		// bound is for a loaded machine (CI's race run, other packages'
		// tests beside it), where the restarted server, the streams'
		// reconnect backoff and the re-dispatch of messages left unhandled
		// (RecoverAfter) once took longer than 15 s for 3 of 92 messages.
		drain: 45 * time.Second, visitors: 30, text: "menu", spread: true})
	if err != nil {
		t.Fatal(err)
	}
	second := <-restarted
	_ = second.Process.Signal(syscall.SIGTERM)
	_ = second.Wait()
	t.Logf("sent %d, failed %d, recorded %d, replied %d, reconnects %d, duplicates %d", res.sent, res.failed, res.recorded, res.replied, res.reconnects, res.duplicates)
	if res.reconnects < 30 {
		t.Errorf("%d stream reconnects; every visitor's stream should have resumed after the restart", res.reconnects)
	}
	if res.duplicates != 0 {
		t.Errorf("%d lines carried twice: a resumed stream starts after Last-Event-ID", res.duplicates)
	}
	if res.recorded < res.sent || res.replied != res.recorded {
		t.Errorf("sent %d, recorded %d, replied %d: every recorded message counted once and answered", res.sent, res.recorded, res.replied)
	}
}

// binDir holds the cmd/loket binary the tests share; TestMain removes it.
var binDir string

// builtLoket builds cmd/loket once for the tests of this package.
var builtLoket = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "loket")
	if out, err := exec.Command("go", "build", "-o", bin, "../loket").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build cmd/loket: %v\n%s", err, out)
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "loket-load-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// serveCmd builds cmd/loket (once) and returns a free address and a function
// that starts `loket serve` on it (embedded database in one data dir,
// this machine trusted as the proxy) and waits until it answers.
func serveCmd(t *testing.T) (string, func() *exec.Cmd) {
	t.Helper()
	bin, err := builtLoket()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	return addr, func() *exec.Cmd {
		cmd := exec.Command(bin, "serve")
		cmd.Env = []string{"LOKET_HTTP_ADDR=" + addr, "LOKET_DATA_DIR=" + dir, "LOKET_ADMIN_PASSWORD=S3cret-pass!",
			"LOKET_TRUSTED_PROXIES=127.0.0.1/32", "HOME=" + os.Getenv("HOME")}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
				resp.Body.Close()
				return cmd
			}
			if time.Now().After(deadline) {
				t.Fatal("serve did not come up")
			}
		}
	}
}

// With firstApart, every visitor's first message (a new conversation)
// goes before the measured run and is reported apart: the run's counts
// and latencies are of its own messages only.
func TestFirstMessagesReportedApart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	addr, start := serveCmd(t)
	srv := start()
	defer func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() }()
	const visitors = 10
	res, err := run(context.Background(), config{base: "http://" + addr, rate: 20, duration: 2 * time.Second,
		drain: 30 * time.Second, visitors: visitors, text: "menu", spread: true, firstApart: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.first) != visitors {
		t.Errorf("%d first messages reported, want one per visitor (%d)", len(res.first), visitors)
	}
	if res.sent != 40 || res.recorded != res.sent || res.replied != res.recorded || len(res.latencies) != res.sent {
		t.Errorf("measured run: sent %d, recorded %d, replied %d, %d latencies; want 40 of each, the first messages apart",
			res.sent, res.recorded, res.replied, len(res.latencies))
	}
	// -windows: the run's 2 s in 1 s windows, each with its 20 messages.
	var out bytes.Buffer
	res.print(&out, config{base: "http://" + addr, rate: 20, duration: 2 * time.Second, visitors: visitors, windows: time.Second})
	sum := 0
	for _, m := range regexp.MustCompile(`(?m)^  \+\S+ +(\d+) msgs`).FindAllStringSubmatch(out.String(), -1) {
		n, _ := strconv.Atoi(m[1])
		sum += n
	}
	if sum != 40+visitors || !strings.Contains(out.String(), "latency by when due, every 1s:") ||
		!strings.Contains(out.String(), "first msgs by when due, every 1s:") {
		t.Errorf("-windows report (want %d messages in the windows, got %d):\n%s", 40+visitors, sum, out.String())
	}
}
