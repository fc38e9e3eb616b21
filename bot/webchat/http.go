package webchat

import (
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket"
)

// Limits of what a visitor may send.
const (
	maxBody    = 16 << 10
	maxText    = 4000
	maxIDLen   = 64
	historyMax = 200
)

// Handler serves the chat under /chat.
func (c *Channel) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /chat", c.servePage)
	mux.Handle("GET /chat/static/", http.StripPrefix("/chat/static/", http.FileServerFS(c.assets)))
	mux.HandleFunc("GET /chat/history", c.serveHistory)
	mux.HandleFunc("POST /chat/send", c.serveSend)
	mux.HandleFunc("POST /chat/upload", c.serveUpload) // upload.go
	mux.HandleFunc("GET /chat/events", c.serveEvents)  // events.go
	return mux
}

func (c *Channel) servePage(w http.ResponseWriter, r *http.Request) {
	lang := loket.ParseLang(r.Header.Get("Accept-Language"))
	if q := r.URL.Query().Get("lang"); q == "en" || q == "id" {
		lang = loket.Lang(q)
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	if _, ok := c.visitor(w, r); !ok {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	if err := c.page.Execute(w, map[string]any{"Lang": string(lang)}); err != nil {
		c.log.Error("webchat: render page", "err", err)
	}
}

// sendRequest is what the page posts: a client-generated id (so a retried
// post is recognised), and either typed text or a pressed button.
type sendRequest struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Button string `json:"button"`
	Lang   string `json:"lang"` // the page's language, a hint for a new conversation
}

// session checks the visitor cookie and the origin of a post; "" means
// refused (the answer is written).
func (c *Channel) session(w http.ResponseWriter, r *http.Request) string {
	chat := c.chatID(r)
	switch {
	case chat == "":
		c.fail(w, r, http.StatusUnauthorized, loket.EUnauthorized, "session")
	case !sameOrigin(r):
		c.fail(w, r, http.StatusForbidden, loket.EForbidden, "cross_site")
		chat = ""
	}
	return chat
}

func (c *Channel) serveSend(w http.ResponseWriter, r *http.Request) {
	chat := c.session(w, r)
	if chat == "" {
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		c.fail(w, r, http.StatusUnsupportedMediaType, loket.EInvalid, "send_json")
		return
	}
	var req sendRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.fail(w, r, http.StatusRequestEntityTooLarge, loket.ETooLarge, "body_too_large")
			return
		}
		c.fail(w, r, http.StatusBadRequest, loket.EInvalid, "malformed")
		return
	}
	in, key := c.inbound(chat, req, r)
	if key != "" {
		c.fail(w, r, http.StatusBadRequest, loket.EInvalid, key, "max", strconv.Itoa(maxText))
		return
	}
	if !c.allow(w, r, limitSend, chat) {
		return
	}
	if err := c.sink.Accept(r.Context(), in); err != nil {
		c.log.Error("webchat: accept", "err", err)
		c.fail(w, r, http.StatusServiceUnavailable, loket.EUnavailable, "not_saved")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write([]byte(`{"ok":true}`))
}

// inbound validates a request and turns it into an Inbound, or returns
// the message key of why it cannot.
func (c *Channel) inbound(chat string, req sendRequest, r *http.Request) (loket.Inbound, string) {
	req.Text = strings.TrimSpace(req.Text)
	switch {
	case req.ID == "" || len(req.ID) > maxIDLen:
		return loket.Inbound{}, "bad_id"
	case !utf8.ValidString(req.Text) || !utf8.ValidString(req.Button):
		return loket.Inbound{}, "not_utf8"
	case utf8.RuneCountInString(req.Text) > maxText:
		return loket.Inbound{}, "text_too_long"
	case req.Text == "" && req.Button == "":
		return loket.Inbound{}, "empty"
	case len(req.Button) > 64:
		return loket.Inbound{}, "bad_button"
	}
	in := loket.Inbound{
		Channel: loket.ChannelWebChat, ExternalID: chat + ":" + req.ID, ChatID: chat, SenderID: chat,
		LangHint: langHint(req.Lang, r), Kind: loket.InText, Text: req.Text, ReceivedAt: c.clock.Now(),
	}
	if req.Button != "" {
		in.Kind, in.Button = loket.InButton, req.Button
	}
	return in, ""
}

func (c *Channel) serveHistory(w http.ResponseWriter, r *http.Request) {
	chat := c.chatID(r)
	if chat == "" {
		writeJSON(w, http.StatusOK, map[string]any{"lines": []any{}})
		return
	}
	afterIn, afterOut := cursors(r.URL.Query())
	lines, err := c.lines.Transcript(r.Context(), loket.ChannelWebChat, chat, afterIn, afterOut, historyMax)
	if err != nil {
		c.log.Error("webchat: history", "err", err)
		c.fail(w, r, http.StatusServiceUnavailable, loket.EUnavailable, "history")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"lines": toJSON(lines)})
}

func cursors(q url.Values) (int64, int64) {
	in, _ := strconv.ParseInt(q.Get("after_in"), 10, 64)
	out, _ := strconv.ParseInt(q.Get("after_out"), 10, 64)
	return max(in, 0), max(out, 0)
}

// sameOrigin refuses cross-site posts: browsers send Sec-Fetch-Site, and
// Origin when it is present must name this host.
func sameOrigin(r *http.Request) bool {
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" && s != "same-origin" && s != "none" {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

// writeRefusedPage answers a page request that a limit refused: a short
// page in the visitor's language.
func writeRefusedPage(w http.ResponseWriter, status int, lang loket.Lang, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`<!doctype html><html lang="` + string(lang) + `"><meta charset="utf-8"><title>Loket</title><p>` +
		template.HTMLEscapeString(msg) + `</p></html>`))
}

// langHint prefers the language the page was shown in, then the browser's.
func langHint(page string, r *http.Request) string {
	if page == "id" || page == "en" {
		return page
	}
	return r.Header.Get("Accept-Language")
}
