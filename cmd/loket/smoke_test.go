package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestSecuritySmoke builds the loket binary, starts it behind a "proxy"
// (LOKET_TRUSTED_PROXIES=127.0.0.1, each attacker with its own
// X-Forwarded-For address) and runs the abuse cases of the Security section against
// it with bounded loops: disk-filling uploads with fresh cookies, a
// visitor flood and a stream flood from one address, a lock-out attempt
// on admin, the redirect payloads, and an API token after a password
// change. Run it alone with
//
//	go test -v -run TestSecuritySmoke ./cmd/loket
//
// to read what it tried and what held.
func TestSecuritySmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the binary")
	}
	dir := t.TempDir()
	bin, err := builtLoket()
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	const adminPW = "Smoke-test-pass-1"
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "LOKET_DATA_DIR="+data, "LOKET_HTTP_ADDR=127.0.0.1:0", "LOKET_ADMIN_PASSWORD="+adminPW,
		"LOKET_TRUSTED_PROXIES=127.0.0.1", "LOKET_REDIS_URL=", "LOKET_DATABASE_URL=", "LOKET_TELEGRAM_TOKEN=", "LOKET_WHATSAPP=")
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	baseC := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`Web chat: (http://[0-9.:]+)/chat`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				baseC <- m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-baseC:
	case <-time.After(30 * time.Second):
		t.Fatalf("the binary did not start: %s", stderr.String())
	}
	s := &smoke{t: t, base: base, pid: cmd.Process.Pid}
	t.Logf("started %s (pid %d) at %s with LOKET_TRUSTED_PROXIES=127.0.0.1", bin, s.pid, base)

	s.uploads(filepath.Join(data, "files"), filepath.Join(data, "uploads"))
	s.visitors()
	s.streams()
	s.lockOut(adminPW)
	s.redirects(adminPW)
	s.tokenAfterPasswordChange(adminPW)
}

type smoke struct {
	t    *testing.T
	base string
	pid  int
}

// client is a fresh browser (its own cookie jar) at addr; it does not
// follow redirects.
func (s *smoke) client(addr string) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 15 * time.Second, Transport: fwdFor(addr),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type fwdFor string

func (f fwdFor) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", string(f))
	return http.DefaultTransport.RoundTrip(r)
}

func (s *smoke) status(c *http.Client, method, path, ctype string, body io.Reader) (int, string) {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.base+path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location") + "\n" + string(b)
}

// uploads: 30 fresh visitors from one address each send a 1 MB file;
// the address's limit refuses most, and nothing reaches the document
// store or stays in the upload area.
func (s *smoke) uploads(filesDir, uploadsDir string) {
	const tries = 30
	junk := bytes.Repeat([]byte("%PDF-1.4 not really "), 1<<20/20)
	accepted, refused := 0, 0
	for i := range tries {
		c := s.client("203.0.113.1")
		if code, _ := s.status(c, "GET", "/chat?lang=id", "", nil); code != 200 {
			refused++
			continue
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("id", fmt.Sprintf("u%d", i))
		_ = mw.WriteField("lang", "id")
		fw, _ := mw.CreateFormFile("file", "big.pdf")
		_, _ = fw.Write(junk)
		_ = mw.Close()
		switch code, _ := s.status(c, "POST", "/chat/upload", mw.FormDataContentType(), &body); code {
		case http.StatusAccepted:
			accepted++
		case http.StatusTooManyRequests:
			refused++
		default:
			s.t.Errorf("upload %d: status %d", i, code)
		}
	}
	if accepted > 12 {
		s.t.Errorf("uploads: %d of %d fresh-cookie uploads from one address accepted, want at most the address's 12", accepted, tries)
	}
	waitFor(s.t, "an empty upload area", func() bool { return blobsUnder(s.t, uploadsDir) == 0 })
	if n := blobsUnder(s.t, filesDir); n != 0 {
		s.t.Errorf("uploads: the document store holds %d files, want none", n)
	}
	s.t.Logf("uploads: %d fresh-cookie uploads of 1 MB from 203.0.113.1: %d accepted, %d refused (429); document store and upload area empty afterwards", tries, accepted, refused)
}

// visitors: 60 new visitors from one address; past the address's 20 they
// are refused.
func (s *smoke) visitors() {
	const tries = 60
	ok := 0
	for range tries {
		if code, _ := s.status(s.client("203.0.113.2"), "GET", "/chat", "", nil); code == 200 {
			ok++
		}
	}
	if ok > 22 {
		s.t.Errorf("visitors: %d of %d new visitors from one address got a chat, want about 20", ok, tries)
	}
	if code, _ := s.status(s.client("198.51.100.2"), "GET", "/chat", "", nil); code != 200 {
		s.t.Errorf("visitors: a visitor from another address: %d, want 200", code)
	}
	s.t.Logf("visitors: %d new visitors from 203.0.113.2: %d served, %d refused (429); another address still served", tries, ok, tries-ok)
}

// streams: 40 event streams from one address; past 10 they are refused,
// and the process's file descriptors stay bounded.
func (s *smoke) streams() {
	const tries = 40
	c := s.client("203.0.113.3")
	if code, _ := s.status(c, "GET", "/chat", "", nil); code != 200 {
		s.t.Fatalf("streams: no visitor: %d", code)
	}
	fdBefore := s.fds()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	open, refused := 0, 0
	var wg sync.WaitGroup
	for range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, "GET", s.base+"/chat/events", nil)
			res, err := c.Do(req)
			if err != nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if res.StatusCode == 200 {
				open++ // left open until cancel
				go func() { _, _ = io.Copy(io.Discard, res.Body); res.Body.Close() }()
				return
			}
			refused++
			res.Body.Close()
		}()
	}
	wg.Wait()
	fdOpen := s.fds()
	cancel()
	if open > 10 {
		s.t.Errorf("streams: %d of %d streams from one address open, want at most 10", open, tries)
	}
	if fdBefore >= 0 && fdOpen-fdBefore > 3*tries {
		s.t.Errorf("streams: file descriptors %d → %d", fdBefore, fdOpen)
	}
	s.t.Logf("streams: %d event streams from 203.0.113.3: %d open, %d refused (429); server file descriptors %d → %d", tries, open, refused, fdBefore, fdOpen)
}

// fds counts the server's open file descriptors (-1 where /proc is missing).
func (s *smoke) fds() int {
	es, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", s.pid))
	if err != nil {
		return -1
	}
	return len(es)
}

func (s *smoke) login(c *http.Client, user, pw, next string) (int, string) {
	v := url.Values{"username": {user}, "password": {pw}}
	if next != "" {
		v.Set("next", next)
	}
	return s.status(c, "POST", "/login", "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// lockOut: a guesser hammers admin from one address; the owner at another
// address logs in at once.
func (s *smoke) lockOut(adminPW string) {
	const tries = 30
	wrong, slowed := 0, 0
	for i := range tries {
		switch code, _ := s.login(s.client("203.0.113.4"), "admin", fmt.Sprintf("guess-%d", i), ""); code {
		case http.StatusUnauthorized:
			wrong++
		case http.StatusTooManyRequests:
			slowed++
		default:
			s.t.Errorf("lock-out: guess %d: status %d", i, code)
		}
	}
	if wrong > 8 {
		s.t.Errorf("lock-out: %d of %d guesses had their password checked, want the guesser slowed after 5", wrong, tries)
	}
	if code, _ := s.login(s.client("198.51.100.4"), "admin", adminPW, ""); code != http.StatusSeeOther {
		s.t.Errorf("lock-out: the owner could not log in: %d", code)
	}
	s.t.Logf("lock-out: %d wrong passwords for admin from 203.0.113.4: %d checked, %d made to wait (429); the owner at 198.51.100.4 logged in", tries, wrong, slowed)
}

// redirects: every payload for next lands on /.
func (s *smoke) redirects(adminPW string) {
	payloads := []string{"/%09/evil.example", "/\t/evil.example", "//evil.example", "/\\evil.example", "/%5Cevil.example",
		"/%2F/evil.example", "https://evil.example/", "javascript:alert(1)", "/\r\n/evil.example"}
	for _, p := range payloads {
		code, out := s.login(s.client("198.51.100.5"), "admin", adminPW, p)
		if loc, _, _ := strings.Cut(out, "\n"); code != http.StatusSeeOther || loc != "/" {
			s.t.Errorf("redirect: next=%q: status %d Location %q, want 303 to /", p, code, loc)
		}
	}
	s.t.Logf("redirects: %d next payloads (%q …): every login went to /", len(payloads), payloads[0])
}

// tokenAfterPasswordChange: an API token stops working when its agent's
// password changes.
func (s *smoke) tokenAfterPasswordChange(adminPW string) {
	c := s.client("198.51.100.6")
	if code, _ := s.login(c, "admin", adminPW, ""); code != http.StatusSeeOther {
		s.t.Fatalf("token: login: %d", code)
	}
	_, page := s.status(c, "GET", "/account", "", nil)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		s.t.Fatal("token: no CSRF token on /account")
	}
	csrf := m[1]
	form := func(v url.Values) io.Reader { v.Set("csrf", csrf); return strings.NewReader(v.Encode()) }
	// The form redirects to the account page, which shows the token once.
	if code, _ := s.status(c, "POST", "/account/tokens", "application/x-www-form-urlencoded", form(url.Values{"name": {"smoke"}})); code != http.StatusSeeOther {
		s.t.Fatalf("token: create: %d, want 303", code)
	}
	_, page = s.status(c, "GET", "/account", "", nil)
	tm := regexp.MustCompile(`id="api-token">([^<]+)<`).FindStringSubmatch(page)
	if tm == nil {
		s.t.Fatal("token: no token shown")
	}
	api := func() int {
		req, _ := http.NewRequest("GET", s.base+"/api/v1/tickets", nil)
		req.Header.Set("Authorization", "Bearer "+tm[1])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			s.t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := api(); code != 200 {
		s.t.Fatalf("token: before the change: %d", code)
	}
	newPW := "Another-smoke-pass-2"
	if code, _ := s.status(c, "POST", "/account/password", "application/x-www-form-urlencoded",
		form(url.Values{"current": {adminPW}, "new": {newPW}, "repeat": {newPW}})); code != http.StatusSeeOther {
		s.t.Fatalf("token: change password: %d", code)
	}
	if code := api(); code != http.StatusUnauthorized {
		s.t.Errorf("token: after the password change the token answers %d, want 401", code)
	}
	s.t.Log("token: an API token worked, the password was changed, the token was refused (401)")
}
