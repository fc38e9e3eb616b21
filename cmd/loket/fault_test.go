package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/bot/telegram/telegramtest"
	"loket/internal/testkit"
)

var (
	faultDuration = flag.Duration("fault.duration", 30*time.Second, "traffic time of TestFaultTolerance (the kills are spread over it)")
	faultKills    = flag.Int("fault.kills", 3, "SIGKILLs of a replica in TestFaultTolerance")
)

// TestFaultTolerance builds cmd/loket and runs two replicas on PostgreSQL
// and Redis with the web chat and a fake Bot API, while vendors keep
// writing (some texts carry NUL bytes), vendors with a booked call write
// to their tickets and an outgoing webhook endpoint receives the ticket
// events. One replica is killed with SIGKILL several times and restarted
// (call reminders come due just before each kill), and the database
// connections of both are terminated twice. Then every accepted message
// must have been handled exactly once, replies must follow the messages'
// order in every chat, every reminder must have been sent exactly once and
// every event delivered (a repeat only with the same id and body), intake
// must never have stopped for more than a few seconds, and the slowest
// reply to a message sent around a kill must have come within 10 s. Run a
// longer version with -fault.duration 5m -fault.kills 20.
func TestFaultTolerance(t *testing.T) {
	redisURL := os.Getenv("LOKET_TEST_REDIS_URL")
	if redisURL == "" {
		t.Skip("LOKET_TEST_REDIS_URL is not set: skipping the fault test (it needs PostgreSQL and Redis)")
	}
	dbURL := testkit.PostgresURL(t, "fault")
	if dbURL == "" {
		t.Skip("LOKET_TEST_DATABASE_URL is not set: skipping the fault test (it needs PostgreSQL and Redis)")
	}
	if testing.Short() {
		t.Skip("fault test skipped in -short mode")
	}
	app := fmt.Sprintf("loket_fault_%d", time.Now().UnixNano())
	dbURL += "&application_name=" + app
	bin, err := builtLoket()
	if err != nil {
		t.Fatal(err)
	}
	api := telegramtest.New(t, "")
	env := []string{"LOKET_DATABASE_URL=" + dbURL, "LOKET_REDIS_URL=" + redisURL, "LOKET_ADMIN_PASSWORD=S3cret-pass!",
		"LOKET_TELEGRAM_TOKEN=" + telegramtest.Token, "LOKET_TELEGRAM_API_URL=" + api.URL,
		"LOKET_TRUSTED_PROXIES=127.0.0.1/32", "LOKET_WEBHOOK_ALLOW_NETS=127.0.0.1/32", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	reps := []*replica{newReplica(t, bin, "a", env), newReplica(t, bin, "b", env)}
	for _, r := range reps {
		r.start(t) // one after the other: the first migrates
		t.Cleanup(func() { r.stop(t) })
	}
	f := &fault{t: t, reps: reps, api: api, url: strings.Replace(dbURL, "application_name="+app, "application_name=fault_check", 1)}
	f.calibrate()
	f.events = newFaultEvents(f)
	f.events.prepare()

	ctx, stop := context.WithTimeout(context.Background(), *faultDuration)
	defer stop()
	var wg sync.WaitGroup
	for v := range 10 {
		wg.Go(func() { f.visitor(ctx, v) })
	}
	wg.Go(func() { f.telegram(ctx) })
	wg.Go(func() { f.events.talk(ctx) })
	f.inject(ctx, app)
	wg.Wait()
	f.settle()
	f.events.settle()
	f.check()
	f.events.check()
}

// replica is one `loket serve` process with its own address and data dir.
type replica struct {
	name, bin, addr, dir string
	env                  []string
	mu                   sync.Mutex
	cmd                  *exec.Cmd
}

func newReplica(t *testing.T, bin, name string, env []string) *replica {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	return &replica{name: name, bin: bin, addr: addr, dir: dir,
		env: append(append([]string{}, env...), "LOKET_HTTP_ADDR="+addr, "LOKET_DATA_DIR="+dir)}
}

func (r *replica) base() string { return "http://" + r.addr }

func (r *replica) start(t *testing.T) {
	t.Helper()
	logf, err := os.OpenFile(filepath.Join(r.dir, "serve.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(r.bin, "serve")
	cmd.Env, cmd.Stdout, cmd.Stderr = r.env, logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start replica %s: %v", r.name, err)
	}
	r.mu.Lock()
	r.cmd = cmd
	r.mu.Unlock()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(r.base() + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("replica %s did not come up:\n%s", r.name, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (r *replica) kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	_ = r.cmd.Wait()
}

func (r *replica) stop(t *testing.T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd.ProcessState != nil {
		return // stopped already
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = r.cmd.Process.Kill()
		t.Errorf("replica %s did not stop within 15 s of SIGTERM", r.name)
	}
}

// fault is the scenario's shared state.
type fault struct {
	t    *testing.T
	reps []*replica
	api  *telegramtest.Server
	url  string // the test's schema, for the checks

	events *faultEvents // reminders and webhook events

	mu       sync.Mutex
	accepted []time.Time // when each web chat message was accepted (202)
	kills    []time.Time
	webSent  atomic.Int64
	tgSent   atomic.Int64
	pushed   map[string][]time.Time // Telegram updates by chat id, when pushed
	first    map[string]int         // replies to a chat's first "menu", by channel
	next     map[string]int         // replies to each later "menu", by channel
}

// post sends one web chat message, trying the replicas in turn until one
// accepts it (the same id: a retry of a recorded message is recognised).
func (f *fault) post(c *http.Client, ip string, prefer int, id, text string) bool {
	b, _ := json.Marshal(map[string]string{"id": id, "text": text})
	body := string(b)
	for try := range 60 {
		r := f.reps[(prefer+try)%len(f.reps)]
		req, _ := http.NewRequest(http.MethodPost, r.base()+"/chat/send", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", ip)
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusAccepted {
				return true
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

func (f *fault) openChat(c *http.Client, ip string, prefer int) {
	for try := range 60 {
		req, _ := http.NewRequest(http.MethodGet, f.reps[(prefer+try)%len(f.reps)].base()+"/chat", nil)
		req.Header.Set("X-Forwarded-For", ip)
		if resp, err := c.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	f.t.Errorf("visitor %s could not open the chat", ip)
}

// visitor writes "menu" about once a second (every fifth with a NUL byte),
// alternating replicas as a load balancer without affinity would.
func (f *fault) visitor(ctx context.Context, v int) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 5 * time.Second}
	ip := fmt.Sprintf("10.1.0.%d", v+1)
	f.openChat(c, ip, v)
	for i := 0; ctx.Err() == nil; i++ {
		text := "menu"
		if i%5 == 4 {
			text = "menu\x00"
		}
		if !f.post(c, ip, v+i, fmt.Sprintf("m%d", i), text) {
			f.t.Errorf("visitor %d message %d was never accepted", v, i)
			return
		}
		f.webSent.Add(1)
		f.mu.Lock()
		f.accepted = append(f.accepted, time.Now())
		f.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(1100 * time.Millisecond):
		}
	}
}

// telegram pushes "menu" from three private chats to the fake Bot API.
func (f *fault) telegram(ctx context.Context) {
	for i := 0; ctx.Err() == nil; i++ {
		chat := int64(7001 + i%3)
		text := "menu"
		if i%7 == 6 {
			text = "menu\x00"
		}
		f.push(100+i, chat, text)
		f.tgSent.Add(1)
		select {
		case <-ctx.Done():
		case <-time.After(400 * time.Millisecond):
		}
	}
}

// inject kills a replica (alternating) and restarts it at once, and cuts
// every database connection of the replicas twice, spread over the run;
// before each kill a share of the call reminders comes due.
func (f *fault) inject(ctx context.Context, app string) {
	n := *faultKills
	begin, step := time.Now(), *faultDuration/time.Duration(n+1)
	for k := range n {
		at := begin.Add(time.Duration(k+1) * step)
		// Reminders come due just before the kill: a replica may be
		// running one when it dies.
		if !sleepCtx(ctx, time.Until(at.Add(-700*time.Millisecond))) {
			return
		}
		f.events.makeDue(k, n)
		if !sleepCtx(ctx, time.Until(at)) {
			return
		}
		r := f.reps[k%len(f.reps)]
		r.kill()
		f.mu.Lock()
		f.kills = append(f.kills, time.Now())
		f.mu.Unlock()
		r.start(f.t)
		if k < 2 {
			if !sleepCtx(ctx, time.Until(begin.Add(time.Duration(k+1)*step+step/2))) {
				return
			}
			f.terminate(app)
		}
	}
}

// terminate ends the replicas' PostgreSQL sessions (pg_terminate_backend).
func (f *fault) terminate(app string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, f.url)
	if err != nil {
		f.t.Errorf("connect to terminate sessions: %v", err)
		return
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&n)
	if err != nil {
		f.t.Errorf("terminate sessions: %v", err)
	}
	f.t.Logf("terminated %d database sessions", n)
}

// push queues an update at the fake Bot API and notes when (the update's
// own date is the fake's, not now).
func (f *fault) push(msgID int, chat int64, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pushed == nil {
		f.pushed = map[string][]time.Time{}
	}
	key := strconv.FormatInt(chat, 10)
	f.pushed[key] = append(f.pushed[key], time.Now())
	f.api.PushUpdate(telegramtest.Private(msgID, chat, text))
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}
