package webchat

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket"
)

// lineJSON is a transcript line as the page reads it.
type lineJSON struct {
	In      int64            `json:"in,omitempty"`
	Out     int64            `json:"out,omitempty"`
	Text    string           `json:"text"`
	Buttons [][]loket.Button `json:"buttons,omitempty"`
	Doc     string           `json:"doc,omitempty"`
	Status  string           `json:"status,omitempty"`
	At      time.Time        `json:"at"`
}

func toJSON(lines []loket.ChatLine) []lineJSON {
	out := make([]lineJSON, 0, len(lines))
	for _, l := range lines {
		out = append(out, lineJSON{In: l.InboundID, Out: l.OutboundID, Text: l.Text, Buttons: l.Buttons,
			Doc: l.Document, Status: string(l.Status), At: l.At})
	}
	return out
}

// serveEvents streams the chat's lines as server-sent events: first what
// the transcript holds after the client's cursors, then every line
// published on the chat's topic, as it comes (push.go), without reading
// the transcript again unless the bus says a payload was lost. Each event
// carries the cursors after it as its id ("<in>-<out>"), so a client
// resumes with Last-Event-ID or with after_in / after_out, whichever is
// further. Streams are capped per client address and in all, and one that
// carried no line for StreamIdle is closed (the page reconnects when it is
// still open).
func (c *Channel) serveEvents(w http.ResponseWriter, r *http.Request) {
	chat := c.chatID(r)
	if chat == "" {
		c.fail(w, r, http.StatusUnauthorized, loket.EUnauthorized, "session")
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		c.fail(w, r, http.StatusInternalServerError, loket.EInternal, "streaming")
		return
	}
	addr := c.cfg.Clients.Key(r)
	if which := c.streams.enter(addr); which != "" {
		status := http.StatusTooManyRequests
		if which == "server" {
			status = http.StatusServiceUnavailable
		}
		w.Header().Set("Retry-After", "10")
		c.fail(w, r, status, loket.ERateLimited, "streams."+which)
		return
	}
	defer c.streams.leave(addr)
	wake, err := c.bus.Subscribe(r.Context(), topic(chat))
	if err != nil {
		c.fail(w, r, http.StatusServiceUnavailable, loket.EUnavailable, "live")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	in, out := resumeFrom(r)
	st := &stream{c: c, w: w, flusher: flusher, chat: chat, in: had{floor: in, last: in}, out: had{floor: out, last: out}}
	st.run(r.Context(), wake)
}

// resumeFrom is where a stream starts: after the cursors of the query
// or of Last-Event-ID, whichever are further.
func resumeFrom(r *http.Request) (int64, int64) {
	in, out := cursors(r.URL.Query())
	if a, b, ok := strings.Cut(r.Header.Get("Last-Event-ID"), "-"); ok {
		li, err1 := strconv.ParseInt(a, 10, 64)
		lo, err2 := strconv.ParseInt(b, 10, 64)
		if err1 == nil && err2 == nil {
			in, out = max(in, li), max(out, lo)
		}
	}
	return in, out
}
