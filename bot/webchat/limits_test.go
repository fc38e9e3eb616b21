package webchat

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/internal/clientaddr"
	"loket/store/files"
	"loket/store/memory"
	"loket/templates"
)

// limitEnv is a web chat behind a trusted proxy at 10.0.0.1, so each test
// request names its client address in X-Forwarded-For.
type limitEnv struct {
	ch    *Channel
	h     http.Handler
	sink  *recordSink
	clock *loket.FixedClock
	dir   *files.Dir
}

func newLimitEnv(t testing.TB, lim Limits, lines Transcripts) *limitEnv {
	t.Helper()
	clock := loket.NewFixedClock(time.Now())
	eph := memory.New(clock)
	t.Cleanup(func() { eph.Close() })
	trusted, _ := clientaddr.ParseProxies("10.0.0.1")
	if lines == nil {
		lines = noLines{}
	}
	ch, err := New(Config{Clients: clientaddr.New(trusted, ""), Limits: lim}, lines, eph, eph, clock, templates.Web, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	dir, err := files.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sink := &recordSink{}
	ch.SetSink(sink)
	ch.SetUploads(dir, nil)
	return &limitEnv{ch: ch, h: ch.Handler(), sink: sink, clock: clock, dir: dir}
}

// do serves one request from client address addr with the visitor's
// cookie (none when chat is "").
func (e *limitEnv) do(method, target, addr, chat string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	req.RemoteAddr = "10.0.0.1:5555"
	req.Header.Set("X-Forwarded-For", addr)
	if chat != "" {
		req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(chat)})
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

func (e *limitEnv) send(addr, chat, id string) int {
	body := `{"id":"` + id + `","text":"halo"}`
	return e.do("POST", "/chat/send", addr, chat, strings.NewReader(body), "Content-Type", "application/json").Code
}

func cookieOf(rec *httptest.ResponseRecorder) string {
	for _, c := range rec.Result().Cookies() {
		if c.Name == cookieName {
			return c.Value
		}
	}
	return ""
}

func TestNewVisitorsAreLimitedPerAddress(t *testing.T) {
	e := newLimitEnv(t, Limits{VisitorBurst: 5}, nil)
	for i := range 5 {
		if rec := e.do("GET", "/chat", "198.51.100.7", "", nil); rec.Code != 200 || cookieOf(rec) == "" {
			t.Fatalf("visitor %d: %d, cookie %q", i, rec.Code, cookieOf(rec))
		}
	}
	rec := e.do("GET", "/chat?lang=id", "198.51.100.7", "", nil)
	if rec.Code != http.StatusTooManyRequests || cookieOf(rec) != "" || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("6th new visitor from one address: %d, cookie %q", rec.Code, cookieOf(rec))
	}
	if !strings.Contains(rec.Body.String(), "Terlalu banyak percakapan baru") {
		t.Errorf("refusal not in Indonesian: %s", rec.Body.String())
	}
	if rec := e.do("GET", "/chat", "198.51.100.8", "", nil); rec.Code != 200 || cookieOf(rec) == "" {
		t.Fatalf("another address is refused too: %d", rec.Code)
	}
	// A visitor with a cookie is never a new visitor.
	if rec := e.do("GET", "/chat", "198.51.100.7", testChat, nil); rec.Code != 200 {
		t.Fatalf("returning visitor refused: %d", rec.Code)
	}
	if len(e.sink.got) != 0 {
		t.Fatalf("opening the page recorded %d messages: a visitor is a contact only after their first message", len(e.sink.got))
	}
}

// A client cannot make up visitors: a cookie the server did not sign is
// no session, for sending, uploading and streaming alike.
func TestForgedVisitorCookieIsNoSession(t *testing.T) {
	e := newLimitEnv(t, Limits{}, nil)
	for _, forged := range []string{testChat, testChat + ".AAAAAAAAAAAAAAAAAAAAAAAA", e.ch.sign(testChat)[:40]} {
		for _, target := range []string{"/chat/send", "/chat/upload", "/chat/events"} {
			method := "POST"
			if target == "/chat/events" {
				method = "GET"
			}
			req := httptest.NewRequest(method, target, strings.NewReader(`{"id":"1","text":"x"}`))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(&http.Cookie{Name: cookieName, Value: forged})
			rec := httptest.NewRecorder()
			e.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s with cookie %q: %d, want 401", target, forged, rec.Code)
			}
		}
	}
	if len(e.sink.got) != 0 {
		t.Fatalf("forged cookies reached the engine: %d messages", len(e.sink.got))
	}
}

// A cookie from before signing keeps its chat when the chat exists, and
// is a new visitor otherwise.
func TestUnsignedCookieOfAnExistingChatIsUpgraded(t *testing.T) {
	const old = "fedcba9876543210fedcba9876543210"
	e := newLimitEnv(t, Limits{}, oneChat{old})
	for chat, keep := range map[string]bool{old: true, testChat: false} {
		req := httptest.NewRequest("GET", "/chat", nil)
		req.AddCookie(&http.Cookie{Name: cookieName, Value: chat})
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		got := cookieOf(rec)
		if rec.Code != 200 || len(got) <= idLen {
			t.Fatalf("%s: %d, cookie %q", chat, rec.Code, got)
		}
		if (got == e.ch.sign(chat)) != keep {
			t.Errorf("unsigned cookie %s (chat exists: %v) became %q", chat, keep, got)
		}
	}
}

type oneChat struct{ id string }

func (o oneChat) Transcript(_ context.Context, _ loket.Channel, chat string, _, _ int64, _ int) ([]loket.ChatLine, error) {
	if chat == o.id {
		return []loket.ChatLine{{InboundID: 1, Text: "halo"}}, nil
	}
	return nil, nil
}

func TestSendsAreLimitedPerAddress(t *testing.T) {
	e := newLimitEnv(t, Limits{SendBurst: 8}, nil)
	accepted := 0
	for i := range 20 { // twenty visitors, one message each, from one address
		chat := strings.Repeat("0", 30) + string(rune('a'+i/16)) + "0123456789abcdef"[i%16:i%16+1]
		if code := e.send("198.51.100.7", chat, "m1"); code == http.StatusAccepted {
			accepted++
		} else if code != http.StatusTooManyRequests {
			t.Fatalf("send %d: %d", i, code)
		}
	}
	if accepted != 8 {
		t.Fatalf("%d messages accepted from one address, want the burst of 8", accepted)
	}
	if code := e.send("198.51.100.8", testChat, "m1"); code != http.StatusAccepted {
		t.Fatalf("another address: %d", code)
	}
}

func TestUploadsAreLimitedPerAddress(t *testing.T) {
	e := newLimitEnv(t, Limits{UploadBurst: 3}, nil)
	pdf := fixture(t, "gs_text.pdf")
	codes := []int{}
	for i := range 5 {
		chat := strings.Repeat("1", 31) + "0123456789abcdef"[i:i+1]
		codes = append(codes, e.upload(t, "198.51.100.7", chat, "u1", pdf, "").Code)
	}
	want := []int{202, 202, 202, 429, 429}
	if !equalInts(codes, want) {
		t.Fatalf("uploads from one address: %v, want %v", codes, want)
	}
	if n := countBlobs(t, e.dir.Root()); n != 1 {
		t.Fatalf("%d blobs in the upload area, want 1 (the same file three times)", n)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (e *limitEnv) upload(t *testing.T, addr, chat, id string, data []byte, query string) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("id", id)
	fw, _ := mw.CreateFormFile("file", "ktp.pdf")
	_, _ = fw.Write(data)
	_ = mw.Close()
	return e.do("POST", "/chat/upload"+query, addr, chat, &body, "Content-Type", mw.FormDataContentType())
}

func TestUploadErrorsSpeakTheVisitorsLanguage(t *testing.T) {
	e := newLimitEnv(t, Limits{}, nil)
	rec := e.upload(t, "198.51.100.7", testChat, "u1", []byte("GIF89a not a pdf"), "?lang=id")
	if rec.Code != http.StatusUnsupportedMediaType || !strings.Contains(rec.Body.String(), "Hanya berkas PDF yang bisa dikirim") {
		t.Fatalf("Indonesian chat: %d %s", rec.Code, rec.Body.String())
	}
	rec = e.upload(t, "198.51.100.7", testChat, "u2", nil, "?lang=en")
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "The file is empty") {
		t.Fatalf("English chat: %d %s", rec.Code, rec.Body.String())
	}
	if n := countBlobs(t, e.dir.Root()); n != 0 || hasTemp(t, e.dir.Root()) {
		t.Fatalf("refused uploads left %d blobs (or a temp file) behind", n)
	}
}

func hasTemp(t *testing.T, root string) bool {
	t.Helper()
	ents, _ := os.ReadDir(root)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			return true
		}
	}
	return false
}

// Every message key the code uses exists in both languages.
func TestEveryMessageKeyExists(t *testing.T) {
	e := newLimitEnv(t, Limits{}, nil)
	used := map[string]bool{"rate.visitor": true, "rate.send": true, "rate.upload": true, "streams.address": true, "streams.server": true}
	re := regexp.MustCompile(`(?:loket\.E[A-Za-z]+, |http\.Status[A-Za-z]+, |loket\.Inbound\{\}, )"([a-z_.]+)"`)
	for _, name := range []string{"http.go", "upload.go", "receive.go", "events.go", "limits.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasSuffix(m[1], ".") { // "rate."+kind: listed above
				used[m[1]] = true
			}
		}
	}
	for key := range used {
		for _, lang := range []loket.Lang{loket.LangID, loket.LangEN} {
			if _, ok := e.ch.texts[lang][key]; !ok {
				t.Errorf("message %q has no %s text", key, lang)
			}
		}
	}
	if len(e.ch.texts.keys()) < 20 {
		t.Fatalf("catalog has %d keys", len(e.ch.texts.keys()))
	}
}

// fullSpace refuses everything, like a store over its quota.
type fullSpace struct{}

func (fullSpace) Reserve(int64) error { return files.ErrFull }
func (fullSpace) Release(int64)       {}

func TestUploadRefusedWhenStorageIsFull(t *testing.T) {
	e := newLimitEnv(t, Limits{}, nil)
	var mu sync.Mutex
	alerts := 0
	e.ch.cfg.OnFull = func(_ context.Context, text string) {
		mu.Lock()
		defer mu.Unlock()
		if strings.Contains(text, "penuh") {
			alerts++
		}
	}
	e.ch.SetUploads(e.dir, fullSpace{})
	for i := range 3 {
		rec := e.upload(t, "198.51.100.7", testChat, "u"+string(rune('0'+i)), fixture(t, "gs_text.pdf"), "?lang=id")
		if rec.Code != http.StatusInsufficientStorage || !strings.Contains(rec.Body.String(), "Penyimpanan berkas kami sedang penuh") {
			t.Fatalf("upload %d on a full store: %d %s", i, rec.Code, rec.Body.String())
		}
	}
	if n := countBlobs(t, e.dir.Root()); n != 0 || len(e.sink.got) != 0 {
		t.Fatalf("full store: %d blobs, %d messages", n, len(e.sink.got))
	}
	if alerts != 1 {
		t.Fatalf("%d alerts for three refusals, want one an hour", alerts)
	}
}

// A real quota: the second 4 MB upload does not fit.
func TestUploadQuota(t *testing.T) {
	e := newLimitEnv(t, Limits{}, nil)
	space := files.NewSpace(6<<20, 0, e.dir)
	e.ch.SetUploads(e.dir, space)
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("a"), 4<<20-64)...)
	if rec := e.upload(t, "198.51.100.7", testChat, "u1", big, ""); rec.Code != http.StatusAccepted {
		t.Fatalf("first upload: %d %s", rec.Code, rec.Body.String())
	}
	big[20] = 'b'
	if rec := e.upload(t, "198.51.100.8", testChat, "u2", big, ""); rec.Code != http.StatusInsufficientStorage {
		t.Fatalf("second upload over the quota: %d", rec.Code)
	}
	ref := *e.sink.got[0].Document
	if err := e.ch.Release(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	if rec := e.upload(t, "198.51.100.8", testChat, "u3", big, ""); rec.Code != http.StatusAccepted {
		t.Fatalf("after the first was released: %d", rec.Code)
	}
}

func TestReleaseAndSweepEmptyTheUploadArea(t *testing.T) {
	e := newLimitEnv(t, Limits{UploadTTL: time.Hour}, nil)
	pdf := fixture(t, "gs_text.pdf")
	if rec := e.upload(t, "198.51.100.7", testChat, "u1", pdf, ""); rec.Code != http.StatusAccepted {
		t.Fatal(rec.Code, rec.Body.String())
	}
	ref := *e.sink.got[0].Document
	if err := e.ch.Release(context.Background(), ref); err != nil {
		t.Fatal(err)
	}
	if _, err := e.ch.Fetch(context.Background(), ref, loket.MaxDocumentBytes); err == nil {
		t.Fatal("a released upload can still be fetched")
	}
	// An abandoned one (the pipeline never judged it) goes after the TTL.
	if rec := e.upload(t, "198.51.100.7", testChat, "u2", append(pdf, ' '), ""); rec.Code != http.StatusAccepted {
		t.Fatal(rec.Code)
	}
	if n, err := e.ch.Sweep(context.Background()); err != nil || n != 0 {
		t.Fatalf("sweep before the TTL: %d, %v", n, err)
	}
	e.clock.Advance(61 * time.Minute)
	if n, err := e.ch.Sweep(context.Background()); err != nil || n != 1 {
		t.Fatalf("sweep after the TTL: %d, %v", n, err)
	}
	if n := countBlobs(t, e.dir.Root()); n != 0 {
		t.Fatalf("%d uploads left", n)
	}
}

func TestStreamsAreCapped(t *testing.T) {
	e := newLimitEnv(t, Limits{StreamsPerAddress: 2, Streams: 3, StreamIdle: time.Hour}, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = "10.0.0.1:1" // the trusted proxy
		e.h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func(addr string) int {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/chat/events", nil)
		req.Header.Set("X-Forwarded-For", addr)
		req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(testChat)})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 {
			res.Body.Close()
		}
		return res.StatusCode
	}
	got := []int{open("198.51.100.7"), open("198.51.100.7"), open("198.51.100.7"), open("198.51.100.8"), open("198.51.100.9")}
	if want := []int{200, 200, 429, 200, 503}; !equalInts(got, want) {
		t.Fatalf("streams: %v, want %v", got, want)
	}
	if e.ch.Open() != 3 {
		t.Fatalf("%d streams open", e.ch.Open())
	}
	cancel()
}

func TestIdleStreamIsClosed(t *testing.T) {
	e := newLimitEnv(t, Limits{StreamIdle: 20 * time.Millisecond}, nil)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a broken time-out fails, not hangs
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/chat/events", nil)
	req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(testChat)})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	// The server ends an idle stream by itself: the body reaches EOF.
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.EOF) {
		t.Fatalf("idle stream not closed by the server: %v", err)
	}
}
