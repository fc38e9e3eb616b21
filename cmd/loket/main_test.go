package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
)

// TestMain quiets go-redis once for the process, as main does: serve
// tests run in parallel and its logger is process-wide. It removes the
// binary the tests that run `loket` as a process share (builtLoket).
func TestMain(m *testing.M) {
	quietRedis()
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binDir holds the binary builtLoket builds ("" until it does).
var binDir string

// builtLoket builds this command once for the tests that run it as a
// process of its own (the fault and smoke tests).
var builtLoket = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "loket-test-bin-")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "loket")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build cmd/loket: %v\n%s", err, out)
	}
	return bin, nil
})

// shiftedClock is the wall clock moved by a fixed offset: serve in the
// tests runs at a chosen instant and time still passes.
type shiftedClock struct{ by time.Duration }

func (c shiftedClock) Now() time.Time { return time.Now().Add(c.by) }

// testClock is the clock serve runs on in these tests: the wall clock, or,
// when LOKET_TEST_NOW holds an RFC 3339 instant, a clock that starts there,
// so the calendar cases (a Sunday evening, the eve of a holiday, 31
// December near midnight in Jakarta) can be run on demand.
func testClock(t testing.TB) loket.Clock {
	at := os.Getenv("LOKET_TEST_NOW")
	if at == "" {
		return loket.SystemClock{}
	}
	when, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatalf("LOKET_TEST_NOW: %v", err)
	}
	return shiftedClock{by: time.Until(when)}
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestBadConfigurationStopsWithOneLine(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"malformed database url", map[string]string{"LOKET_DATABASE_URL": "mysql://x"}, "LOKET_DATABASE_URL"},
		{"unreachable database", map[string]string{"LOKET_DATABASE_URL": "postgres://nobody@127.0.0.1:1/x?connect_timeout=2", "LOKET_START_WAIT": "1s"}, "LOKET_DATABASE_URL"},
		{"malformed redis url", map[string]string{"LOKET_REDIS_URL": "http://x"}, "LOKET_REDIS_URL"},
		{"unreachable redis", map[string]string{"LOKET_REDIS_URL": "redis://127.0.0.1:1/0", "LOKET_START_WAIT": "0"}, "LOKET_REDIS_URL"},
		{"bad redis prefix", map[string]string{"LOKET_REDIS_PREFIX": "lpse bogor"}, "LOKET_REDIS_PREFIX"},
		{"bad start wait", map[string]string{"LOKET_START_WAIT": "forever"}, "LOKET_START_WAIT"},
		{"unknown time zone", map[string]string{"LOKET_TIMEZONE": "Mars/Olympus"}, "LOKET_TIMEZONE"},
		{"bad address", map[string]string{"LOKET_HTTP_ADDR": "nonsense"}, "LOKET_HTTP_ADDR"},
		{"bad whatsapp flag", map[string]string{"LOKET_WHATSAPP": "maybe"}, "LOKET_WHATSAPP"},
		{"bad staff chat", map[string]string{"LOKET_TELEGRAM_STAFF_CHAT": "staff"}, "LOKET_TELEGRAM_STAFF_CHAT"},
		{"bad telegram send rate", map[string]string{"LOKET_TELEGRAM_SEND_RATE": "fast"}, "LOKET_TELEGRAM_SEND_RATE"},
		{"short admin password", map[string]string{"LOKET_ADMIN_PASSWORD": "short"}, "LOKET_ADMIN_PASSWORD"},
		{"files key not base64", map[string]string{"LOKET_FILES_KEY": "rahasia!"}, "LOKET_FILES_KEY"},
		{"files key too short", map[string]string{"LOKET_FILES_KEY": "c2hvcnQ="}, "LOKET_FILES_KEY"},
		{"old files key alone", map[string]string{"LOKET_FILES_KEY_OLD": testFilesKey(1)}, "LOKET_FILES_KEY_OLD"},
		{"old files key same as new", map[string]string{"LOKET_FILES_KEY": testFilesKey(1), "LOKET_FILES_KEY_OLD": testFilesKey(1)}, "LOKET_FILES_KEY_OLD"},
		{"webhook without secret", map[string]string{"LOKET_TELEGRAM_WEBHOOK_URL": "https://example.invalid/hook"}, "LOKET_TELEGRAM_WEBHOOK_SECRET"},
		{"bad trusted proxies", map[string]string{"LOKET_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"}, "LOKET_TRUSTED_PROXIES"},
		{"bad webhook networks", map[string]string{"LOKET_WEBHOOK_ALLOW_NETS": "intranet"}, "LOKET_WEBHOOK_ALLOW_NETS"},
		{"bad files quota", map[string]string{"LOKET_FILES_QUOTA": "lots"}, "LOKET_FILES_QUOTA"},
		{"bad free-space floor", map[string]string{"LOKET_FILES_MIN_FREE": "-1GB"}, "LOKET_FILES_MIN_FREE"},
		{"cloud api without phone id", map[string]string{"LOKET_WHATSAPP_CLOUD_TOKEN": "EAAx", "LOKET_WHATSAPP_CLOUD_APP_SECRET": "s", "LOKET_WHATSAPP_CLOUD_VERIFY_TOKEN": "verify-123"}, "LOKET_WHATSAPP_CLOUD_PHONE_ID"},
		{"cloud api without app secret", map[string]string{"LOKET_WHATSAPP_CLOUD_TOKEN": "EAAx", "LOKET_WHATSAPP_CLOUD_PHONE_ID": "123", "LOKET_WHATSAPP_CLOUD_VERIFY_TOKEN": "verify-123"}, "LOKET_WHATSAPP_CLOUD_APP_SECRET"},
		{"cloud api bad url", map[string]string{"LOKET_WHATSAPP_CLOUD_TOKEN": "EAAx", "LOKET_WHATSAPP_CLOUD_PHONE_ID": "123", "LOKET_WHATSAPP_CLOUD_APP_SECRET": "s", "LOKET_WHATSAPP_CLOUD_VERIFY_TOKEN": "verify-123", "LOKET_WHATSAPP_CLOUD_API_URL": "graph"}, "LOKET_WHATSAPP_CLOUD_API_URL"},
		{"both whatsapp adapters", map[string]string{"LOKET_WHATSAPP": "1", "LOKET_WHATSAPP_CLOUD_TOKEN": "EAAx"}, "LOKET_WHATSAPP"},
		{"bad stream cap", map[string]string{"LOKET_WEBCHAT_STREAMS": "0"}, "LOKET_WEBCHAT_STREAMS"},
		{"profiles on a network", map[string]string{"LOKET_PPROF": "0.0.0.0:6060"}, "LOKET_PPROF"},
		{"profiles address malformed", map[string]string{"LOKET_PPROF": "6060"}, "LOKET_PPROF"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.env["LOKET_DATA_DIR"] = dir
			if c.env["LOKET_HTTP_ADDR"] == "" {
				c.env["LOKET_HTTP_ADDR"] = "127.0.0.1:0"
			}
			var out, errb syncBuffer
			code := run(context.Background(), []string{"serve"}, env(c.env), &out, &errb)
			lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
			last := lines[len(lines)-1]
			if code != 2 || !strings.Contains(last, c.want) {
				t.Fatalf("exit %d, last line %q; want non-zero and a line naming %s", code, last, c.want)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errb syncBuffer
	if code := run(context.Background(), []string{"frobnicate"}, env(nil), &out, &errb); code != 2 {
		t.Fatalf("exit %d", code)
	}
	if code := run(context.Background(), []string{"version"}, env(nil), &out, &errb); code != 0 || !strings.Contains(out.String(), "loket") {
		t.Fatalf("version: %d %q", code, out.String())
	}
}

// TestServeChatRoundTripAndShutdown boots the whole service on a free
// port with the embedded defaults, chats through the web chat, checks
// health and metrics, refuses a second serve on the data dir, and shuts
// down cleanly.
func TestServeChatRoundTripAndShutdown(t *testing.T) {
	t.Parallel()
	sv := startServe(t)
	base, e, out := sv.base, sv.env, sv.out
	if !strings.Contains(out.String(), `created console user "admin"`) {
		t.Fatalf("first start did not create the admin: %s", out.String())
	}

	// A second serve on the same data dir refuses.
	var out2, err2 syncBuffer
	if code := run(context.Background(), []string{"serve"}, env(e), &out2, &err2); code == 0 || !strings.Contains(err2.String(), "in use") {
		t.Fatalf("second serve: exit %d, %q", code, err2.String())
	}

	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, err, resp)
		}
		resp.Body.Close()
	}

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(base + "/chat")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /chat: %v", err)
	}
	resp.Body.Close()
	resp, err = c.Post(base+"/chat/send", "application/json", strings.NewReader(`{"id":"m1","text":"menu"}`))
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("send: %v %v", err, resp)
	}
	resp.Body.Close()
	waitFor(t, "bot reply in the transcript", func() bool {
		resp, err := c.Get(base + "/chat/history")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var h struct {
			Lines []struct {
				Out     int64              `json:"out"`
				Buttons [][]map[string]any `json:"buttons"`
			} `json:"lines"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&h)
		for _, l := range h.Lines {
			if l.Out > 0 && len(l.Buttons) > 0 {
				return true
			}
		}
		return false
	})

	// The counter is added right after the commit that makes the reply
	// visible, so it may trail the transcript by a moment (CI once read
	// the metrics in between).
	var m bytes.Buffer
	const counted = `loket_inbound_messages_total{channel="webchat",result="new"} 1`
	waitFor(t, "the inbound counter on /metrics", func() bool {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		m.Reset()
		_, _ = m.ReadFrom(resp.Body)
		return strings.Contains(m.String(), counted)
	})

	sv.stop(t) // SIGTERM
}

// served is a running `loket serve` inside the test process.
type served struct {
	base     string
	env      map[string]string
	out, err *syncBuffer
	cancel   context.CancelFunc
	done     chan int
}

// startServe runs `loket serve` on a free port with the embedded defaults
// plus extra variables (name, value, …).
func startServe(t *testing.T, extra ...string) *served {
	t.Helper()
	sv := &served{
		env: map[string]string{"LOKET_DATA_DIR": t.TempDir(), "LOKET_HTTP_ADDR": "127.0.0.1:0", "LOKET_ADMIN_PASSWORD": "S3cret-pass!"},
		out: &syncBuffer{}, err: &syncBuffer{}, done: make(chan int, 1),
	}
	for i := 0; i+1 < len(extra); i += 2 {
		sv.env[extra[i]] = extra[i+1]
	}
	ctx, cancel := context.WithCancel(context.Background())
	sv.cancel = cancel
	clock := testClock(t)
	go func() { sv.done <- runAt(ctx, clock, []string{"serve"}, env(sv.env), sv.out, sv.err) }()
	addrRe := regexp.MustCompile(`Web chat: http://([0-9.:]+)/chat`)
	waitFor(t, "server address", func() bool {
		m := addrRe.FindStringSubmatch(sv.out.String())
		if m != nil {
			sv.base = "http://" + m[1]
		}
		return m != nil
	})
	t.Cleanup(func() { cancel(); <-sv.done })
	return sv
}

// stop cancels the serve context, as SIGTERM does, and expects a clean exit.
func (sv *served) stop(t *testing.T) {
	t.Helper()
	sv.cancel()
	select {
	case code := <-sv.done:
		sv.done <- code // for the cleanup
		if code != 0 {
			t.Fatalf("exit code %d after shutdown; stderr: %s", code, sv.err.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not exit within 10 s of the signal")
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
