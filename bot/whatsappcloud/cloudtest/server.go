// Package cloudtest is a fake WhatsApp Cloud API (Graph API) server for
// tests. It checks what Meta checks — the bearer token, payload shapes,
// reply-button and list limits, the 24-hour customer-service window
// (131047 for a free-form message outside it), template names,
// translations and parameter counts (and, where a test says which
// translation a vendor reads, that one), media download with the token — and can answer with
// rate-limit errors (130429, 131056) on demand. It also signs and posts
// webhooks to the server under test.
package cloudtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Defaults a test may use for the channel's configuration.
const (
	Token       = "EAAtest-token"
	PhoneID     = "1098765432101"
	AppSecret   = "app-secret-for-tests"
	VerifyToken = "verify-token-for-tests"
)

// Sent is one message the fake accepted.
type Sent struct {
	ID       string // the wamid it answered
	To       string
	Type     string // text, interactive, document, template
	Body     string // text body, interactive body, or document caption
	Menu     string // "button" or "list" for interactive
	Choices  []Choice
	MediaID  string // document
	FileName string // document
	Template string // template name
	Lang     string // template language
	Params   []string
	Payloads []string // template quick-reply payloads
	At       time.Time
}

// Choice is a reply button or a list row.
type Choice struct{ ID, Title, Desc string }

// Template is an approved template: name, language and its number of
// body parameters.
type Template struct {
	Name, Lang string
	Params     int
	Buttons    int // quick-reply buttons
}

// Server is the fake. Its zero time is the real clock; SetNow moves it.
type Server struct {
	*httptest.Server
	t *testing.T

	mu        sync.Mutex
	now       time.Time
	seq       int
	sent      []Sent
	reads     []string
	media     map[string][]byte
	claimed   map[string]int       // media id → the size GET /{id} reports, when it lies
	lastIn    map[string]time.Time // wa_id → the contact's last message (opens the window)
	templates map[string]Template  // name/lang
	wantLang  map[string]string    // wa_id → the language code its templates must be in (ExpectLang)
	failures  []int                // error codes to answer the next sends with
	down      bool                 // every send fails with a 500 (Meta unavailable)
	downloads int
	uploads   int
	calls     int
}

// New starts the fake; it is closed when the test ends.
func New(t *testing.T) *Server {
	s := &Server{t: t, media: map[string][]byte{}, claimed: map[string]int{}, lastIn: map[string]time.Time{}, templates: map[string]Template{}, wantLang: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{phone}/messages", s.messages)
	mux.HandleFunc("POST /{phone}/media", s.upload)
	mux.HandleFunc("GET /download/{id}", s.download)
	mux.HandleFunc("GET /{id}", s.mediaURL)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// SetNow sets the fake's clock (for the 24-hour window).
func (s *Server) SetNow(t time.Time) { s.mu.Lock(); s.now = t; s.mu.Unlock() }

func (s *Server) clock() time.Time {
	if s.now.IsZero() {
		return time.Now()
	}
	return s.now
}

// AddMedia stores a file a vendor "sent"; its media id is returned.
func (s *Server) AddMedia(data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	id := fmt.Sprintf("%d", 900000+s.seq)
	s.media[id] = data
	return id
}

// AddMediaClaiming stores a file whose media URL answer reports claimed
// bytes instead of its real size (-1: no size at all).
func (s *Server) AddMediaClaiming(data []byte, claimed int) string {
	id := s.AddMedia(data)
	s.mu.Lock()
	s.claimed[id] = claimed
	s.mu.Unlock()
	return id
}

// AddTemplate approves a template.
func (s *Server) AddTemplate(tp Template) {
	s.mu.Lock()
	s.templates[tp.Name+"/"+tp.Lang] = tp
	s.mu.Unlock()
}

// ExpectLang says that the vendor waID reads templates in the language
// code: a template sent to them in another translation is refused with
// 132001, so a test fails when Loket picks the wrong language for them.
// Meta itself would deliver the other translation; the check is the
// test's knowledge of the vendor.
func (s *Server) ExpectLang(waID, code string) {
	s.mu.Lock()
	s.wantLang[waID] = code
	s.mu.Unlock()
}

// Down makes every send fail with HTTP 500 (code 2, service unavailable)
// until Down(false).
func (s *Server) Down(down bool) { s.mu.Lock(); s.down = down; s.mu.Unlock() }

// Fail makes the next sends fail with these Graph error codes, in order.
func (s *Server) Fail(codes ...int) {
	s.mu.Lock()
	s.failures = append(s.failures, codes...)
	s.mu.Unlock()
}

// Sent returns the messages accepted so far.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// Reads returns the wamids marked read.
func (s *Server) Reads() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reads...)
}

// Downloads counts media downloads; Uploads counts media uploads.
func (s *Server) Downloads() int { s.mu.Lock(); defer s.mu.Unlock(); return s.downloads }

// Uploads counts media uploads.
func (s *Server) Uploads() int { s.mu.Lock(); defer s.mu.Unlock(); return s.uploads }

// Opened records that waID wrote at t (what a delivered webhook means).
func (s *Server) Opened(waID string, t time.Time) {
	s.mu.Lock()
	if t.After(s.lastIn[waID]) {
		s.lastIn[waID] = t
	}
	s.mu.Unlock()
}

func graphError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"message": msg, "type": "OAuthException", "code": code,
		"error_data": map[string]any{"messaging_product": "whatsapp", "details": msg}, "fbtrace_id": "Afake"}})
}

func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Bearer "+Token {
		graphError(w, http.StatusUnauthorized, 190, "Invalid OAuth access token - Cannot parse access token")
		return false
	}
	return true
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	if r.PathValue("phone") != PhoneID {
		graphError(w, http.StatusBadRequest, 100, "Unsupported post request. Object with ID does not exist")
		return
	}
	var m map[string]any
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&m); err != nil {
		graphError(w, http.StatusBadRequest, 100, "Invalid JSON")
		return
	}
	if m["messaging_product"] != "whatsapp" {
		graphError(w, http.StatusBadRequest, 100, "(#100) The parameter messaging_product is required.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if st, _ := m["status"].(string); st == "read" {
		id, _ := m["message_id"].(string)
		if !strings.HasPrefix(id, "wamid.") {
			graphError(w, http.StatusBadRequest, 100, "Invalid parameter message_id")
			return
		}
		s.reads = append(s.reads, id)
		writeJSON(w, map[string]any{"success": true})
		return
	}
	if s.down {
		graphError(w, http.StatusInternalServerError, 2, "Service temporarily unavailable")
		return
	}
	if len(s.failures) > 0 {
		code := s.failures[0]
		s.failures = s.failures[1:]
		graphError(w, http.StatusBadRequest, code, fmt.Sprintf("injected error %d", code))
		return
	}
	sent, code, problem := s.check(m)
	if problem != "" {
		s.t.Logf("cloudtest: refused %v: %s", m, problem)
		graphError(w, http.StatusBadRequest, code, problem)
		return
	}
	s.seq++
	sent.ID = fmt.Sprintf("wamid.fake%06d", s.seq)
	sent.At = s.clock()
	s.sent = append(s.sent, sent)
	writeJSON(w, map[string]any{"messaging_product": "whatsapp",
		"contacts": []any{map[string]any{"input": sent.To, "wa_id": sent.To}},
		"messages": []any{map[string]any{"id": sent.ID}}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
