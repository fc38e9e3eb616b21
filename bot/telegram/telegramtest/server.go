// Package telegramtest is a fake Telegram Bot API server on httptest for
// tests of bot/telegram and of packages that drive it. It speaks the wire
// shape the go-telegram/bot client really uses (multipart/form-data POSTs
// to /bot<token>/<method>, objects as JSON strings in form fields; JSON and
// urlencoded bodies are accepted too), records every call, queues updates
// for getUpdates with Telegram's offset semantics, serves files under
// /file/bot<token>/<path>, and lets a test script error answers.
//
// It imports only the standard library: no loket package, no bot client.
package telegramtest

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Call is one recorded Bot API request.
type Call struct {
	Method string
	Params map[string]string // form fields (JSON-encoded objects stay strings)
	Files  map[string]File   // uploaded file parts by field name
	// MessageID is the message_id the fake gave a successful sendMessage
	// or sendDocument (0 otherwise).
	MessageID int
	At        time.Time // when the fake received it
	// Chunked: the body came without a Content-Length (chunked transfer
	// encoding), in as many writes as the client made.
	Chunked bool
}

// File is one uploaded file part.
type File struct {
	Name string
	Data []byte
}

// Failure is a scripted error answer (see Server.Fail).
type Failure struct {
	Code        int    // Telegram error_code: 400, 403, 429, 500…
	Description string // e.g. "Forbidden: bot was blocked by the user"
	RetryAfter  int    // seconds, sent as parameters.retry_after (429)
}

type storedFile struct {
	path     string
	data     []byte
	declared int64 // file_size reported by getFile
}

// Server is the fake Bot API. Create it with New; it is closed by the
// test's cleanup.
type Server struct {
	*httptest.Server
	token string
	conns atomic.Int64 // connections opened (Connections)

	mu         sync.Mutex
	calls      []Call
	failures   map[string][]Failure
	updates    []json.RawMessage // unconfirmed updates, ascending ids
	updateIDs  []int64
	nextUpdate int64
	nextMsg    int
	webhook    string
	files      map[string]storedFile // by file_id
	downloads  int
	streamed   bool                // serve files without Content-Length
	wake       chan struct{}       // closed and replaced when updates arrive
	hold       bool                // confirmations are not kept (see HoldConfirmations)
	served     map[int64]time.Time // when getUpdates first handed out each update

	forums map[int64]bool // chats with topics (forum.go)
	onCall func(Call)     // see OnCall
}

// Token is the bot token the fake accepts by default.
const Token = "123456:TEST-token"

// BotID and BotUsername describe the fake bot (getMe).
const (
	BotID       = 123456
	BotUsername = "loket_test_bot"
)

// New starts a fake server accepting token (Token when empty).
func New(t interface{ Cleanup(func()) }, token string) *Server {
	if token == "" {
		token = Token
	}
	s := &Server{
		token:      token,
		failures:   map[string][]Failure{},
		files:      map[string]storedFile{},
		nextUpdate: 1000,
		nextMsg:    1,
		wake:       make(chan struct{}),
		served:     map[int64]time.Time{},
	}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Server.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Server.Start()
	t.Cleanup(s.Close)
	return s
}

// Connections is the number of connections clients opened to the server.
func (s *Server) Connections() int64 { return s.conns.Load() }

// Fail makes the next call of method answer with f. Failures queue up
// and are used one per call.
func (s *Server) Fail(method string, f Failure) {
	s.mu.Lock()
	s.failures[method] = append(s.failures[method], f)
	s.mu.Unlock()
}

// Calls returns the recorded calls of method ("" for all), in order.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// OnCall makes the fake call fn with every recorded call, before it
// answers (benchmarks follow replies without scanning Calls). fn runs on
// the request's goroutine and must not block.
func (s *Server) OnCall(fn func(Call)) {
	s.mu.Lock()
	s.onCall = fn
	s.mu.Unlock()
}

// Webhook returns the URL registered with setWebhook ("" when none).
func (s *Server) Webhook() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

// SetWebhook registers a webhook URL as if set earlier (getUpdates then
// answers 409 until deleteWebhook).
func (s *Server) SetWebhook(url string) {
	s.mu.Lock()
	s.webhook = url
	s.mu.Unlock()
}

// AddFile makes data downloadable as fileID; declared is the file_size
// getFile reports (len(data) when negative).
func (s *Server) AddFile(fileID string, data []byte, declared int64) {
	if declared < 0 {
		declared = int64(len(data))
	}
	s.mu.Lock()
	s.files[fileID] = storedFile{path: "documents/" + fileID + ".bin", data: data, declared: declared}
	s.mu.Unlock()
}

// StreamFiles makes file downloads omit Content-Length (chunked), so a
// client must cap what it reads itself.
func (s *Server) StreamFiles() {
	s.mu.Lock()
	s.streamed = true
	s.mu.Unlock()
}

// Downloads counts GETs of file contents.
func (s *Server) Downloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.downloads
}

// HoldConfirmations(true) makes getUpdates stop forgetting confirmed
// updates, as if the confirming request never reached Telegram (a crash
// right after recording): the same poller is not sent them again, but a
// new one starting from offset 0 is. false forgets them at the next
// getUpdates again.
func (s *Server) HoldConfirmations(on bool) {
	s.mu.Lock()
	s.hold = on
	s.mu.Unlock()
}

// ServedAt returns when getUpdates first handed out update id (zero
// when it has not yet).
func (s *Server) ServedAt(id int64) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served[id]
}

// Pending returns the ids of updates not yet confirmed by an offset.
func (s *Server) Pending() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int64(nil), s.updateIDs...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/file/bot"):
		s.serveFile(w, r)
	case strings.HasPrefix(r.URL.Path, "/bot"):
		s.serveMethod(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/file/bot")
	token, path, _ := strings.Cut(rest, "/")
	if token != s.token {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	var data []byte
	found := false
	for _, f := range s.files {
		if f.path == path {
			data, found = f.data, true
		}
	}
	if found {
		s.downloads++
	}
	streamed := s.streamed
	s.mu.Unlock()
	if !found {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if !streamed {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	}
	_, _ = w.Write(data)
}

func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/bot")
	token, method, _ := strings.Cut(rest, "/")
	call, err := parseCall(r, method)
	if err != nil {
		writeError(w, Failure{Code: 400, Description: "Bad Request: " + err.Error()})
		return
	}
	call.At, call.Chunked = time.Now(), len(r.TransferEncoding) > 0
	s.mu.Lock()
	var fail *Failure
	if q := s.failures[method]; len(q) > 0 {
		fail, s.failures[method] = &q[0], q[1:]
	}
	if fail == nil && token == s.token && (method == "sendMessage" || method == "sendDocument") {
		call.MessageID = s.nextMsg
		s.nextMsg++
	}
	s.calls = append(s.calls, call)
	onCall := s.onCall
	s.mu.Unlock()
	if onCall != nil {
		onCall(call)
	}
	switch {
	case token != s.token:
		writeError(w, Failure{Code: 401, Description: "Unauthorized"})
	case fail != nil:
		writeError(w, *fail)
	case method == "getUpdates":
		s.getUpdates(w, r, call)
	default:
		s.answer(w, call)
	}
}

func writeError(w http.ResponseWriter, f Failure) {
	body := map[string]any{"ok": false, "error_code": f.Code, "description": f.Description}
	if f.RetryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": f.RetryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Code) // the go-telegram client ignores the status; Telegram sets it
	_ = json.NewEncoder(w).Encode(body)
}

func writeResult(w http.ResponseWriter, result any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func unixNow() int64 { return time.Now().Unix() }

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
