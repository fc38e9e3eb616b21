// Package cloudtest is a fake WhatsApp Cloud API (Graph API) server for
// tests. It checks what Meta checks — the bearer token, payload shapes,
// reply-button and list limits, the 24-hour customer-service window
// (131047 for a free-form message outside it), template names and
// parameter counts, media download with the token — and can answer with
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
	"unicode/utf8"
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
	failures  []int                // error codes to answer the next sends with
	down      bool                 // every send fails with a 500 (Meta unavailable)
	downloads int
	uploads   int
	calls     int
}

// New starts the fake; it is closed when the test ends.
func New(t *testing.T) *Server {
	s := &Server{t: t, media: map[string][]byte{}, claimed: map[string]int{}, lastIn: map[string]time.Time{}, templates: map[string]Template{}}
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

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// check validates a send as Meta would; code and problem are set when it
// is refused. Called with s.mu held.
func (s *Server) check(m map[string]any) (Sent, int, string) {
	out := Sent{To: str(m, "to"), Type: str(m, "type")}
	if out.To == "" || strings.Trim(out.To, "0123456789") != "" {
		return out, 100, "Invalid parameter: to"
	}
	if out.Type != "template" {
		last, ok := s.lastIn[out.To]
		if !ok || s.clock().Sub(last) > 24*time.Hour {
			return out, 131047, "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
		}
	}
	switch out.Type {
	case "text":
		out.Body = str(m, "text", "body")
		if out.Body == "" || runes(out.Body) > 4096 {
			return out, 100, "Param text['body'] must be 1-4096 characters"
		}
	case "interactive":
		return s.checkInteractive(m, out)
	case "document":
		out.MediaID, out.FileName, out.Body = str(m, "document", "id"), str(m, "document", "filename"), str(m, "document", "caption")
		if _, ok := s.media[out.MediaID]; !ok {
			return out, 131053, "Media upload error: unknown media id"
		}
		if runes(out.Body) > 1024 {
			return out, 100, "Param document['caption'] must be at most 1024 characters"
		}
	case "template":
		return s.checkTemplate(m, out)
	default:
		return out, 100, "Unsupported message type " + out.Type
	}
	return out, 0, ""
}

func (s *Server) checkInteractive(m map[string]any, out Sent) (Sent, int, string) {
	it, _ := m["interactive"].(map[string]any)
	out.Menu, out.Body = str(it, "type"), str(it, "body", "text")
	action, _ := it["action"].(map[string]any)
	seen := map[string]bool{}
	add := func(c Choice, maxTitle, maxDesc int) string {
		switch {
		case c.ID == "" || len(c.ID) > 256:
			return "reply id must be 1-256 characters"
		case c.Title == "" || runes(c.Title) > maxTitle:
			return fmt.Sprintf("title %q must be 1-%d characters", c.Title, maxTitle)
		case runes(c.Desc) > maxDesc:
			return fmt.Sprintf("description %q must be at most %d characters", c.Desc, maxDesc)
		case seen[c.ID] || seen["t:"+c.Title]:
			return "titles and ids must be unique"
		}
		seen[c.ID], seen["t:"+c.Title] = true, true
		out.Choices = append(out.Choices, c)
		return ""
	}
	switch out.Menu {
	case "button":
		if out.Body == "" || runes(out.Body) > 1024 {
			return out, 131009, "body text must be 1-1024 characters"
		}
		btns, _ := action["buttons"].([]any)
		if len(btns) == 0 || len(btns) > 3 {
			return out, 131009, "buttons: 1-3 reply buttons"
		}
		for _, b := range btns {
			bm, _ := b.(map[string]any)
			if str(bm, "type") != "reply" {
				return out, 131009, "button type must be reply"
			}
			if p := add(Choice{ID: str(bm, "reply", "id"), Title: str(bm, "reply", "title")}, 20, 0); p != "" {
				return out, 131009, p
			}
		}
	case "list":
		if out.Body == "" || runes(out.Body) > 4096 {
			return out, 131009, "body text must be 1-4096 characters"
		}
		if b := str(action, "button"); b == "" || runes(b) > 20 {
			return out, 131009, "action.button must be 1-20 characters"
		}
		sections, _ := action["sections"].([]any)
		if len(sections) == 0 || len(sections) > 10 {
			return out, 131009, "sections: 1-10"
		}
		n := 0
		for _, sec := range sections {
			sm, _ := sec.(map[string]any)
			if len(sections) > 1 && str(sm, "title") == "" {
				return out, 131009, "a section title is required with several sections"
			}
			rows, _ := sm["rows"].([]any)
			for _, row := range rows {
				rm, _ := row.(map[string]any)
				n++
				if p := add(Choice{ID: str(rm, "id"), Title: str(rm, "title"), Desc: str(rm, "description")}, 24, 72); p != "" {
					return out, 131009, p
				}
			}
		}
		if n == 0 || n > 10 {
			return out, 131009, "a list has 1-10 rows in total"
		}
	default:
		return out, 131009, "unsupported interactive type " + out.Menu
	}
	return out, 0, ""
}

func (s *Server) checkTemplate(m map[string]any, out Sent) (Sent, int, string) {
	tm, _ := m["template"].(map[string]any)
	out.Template, out.Lang = str(tm, "name"), str(tm, "language", "code")
	tp, ok := s.templates[out.Template+"/"+out.Lang]
	if !ok {
		return out, 132001, fmt.Sprintf("Template name does not exist in the translation: %s (%s)", out.Template, out.Lang)
	}
	comps, _ := tm["components"].([]any)
	buttons := 0
	for _, c := range comps {
		cm, _ := c.(map[string]any)
		params, _ := cm["parameters"].([]any)
		switch str(cm, "type") {
		case "body":
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if str(pm, "type") != "text" || str(pm, "text") == "" {
					return out, 132000, "body parameters must be non-empty text"
				}
				out.Params = append(out.Params, str(pm, "text"))
			}
		case "button":
			buttons++
			if str(cm, "sub_type") != "quick_reply" {
				return out, 132000, "button sub_type must be quick_reply"
			}
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if str(pm, "type") != "payload" || str(pm, "payload") == "" {
					return out, 132000, "quick reply parameters must be payloads"
				}
				out.Payloads = append(out.Payloads, str(pm, "payload"))
			}
		}
	}
	if len(out.Params) != tp.Params {
		return out, 132000, fmt.Sprintf("Number of parameters does not match the expected number of params (%d given, %d expected)", len(out.Params), tp.Params)
	}
	if buttons > tp.Buttons {
		return out, 132000, "more button parameters than the template has buttons"
	}
	return out, 0, ""
}
