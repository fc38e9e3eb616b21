package webchat

import (
	"encoding/json"
	"net/http"
	"strconv"
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

// serveEvents streams new transcript lines as server-sent events. Every
// wake-up on the chat's topic re-reads the transcript after the cursors,
// so nothing is missed even when wake-ups are dropped or coalesced.
// Streams are capped per client address and in all, and one that carried
// no line for StreamIdle is closed (the page reconnects when it is still
// open).
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
	c.stream(w, flusher, r, chat, wake)
}

// stream pushes lines on every wake-up until the client leaves, a write
// fails or the stream has been idle for StreamIdle.
func (c *Channel) stream(w http.ResponseWriter, flusher http.Flusher, r *http.Request, chat string, wake <-chan []byte) {
	ctx := r.Context()
	afterIn, afterOut := cursors(r.URL.Query())
	idle := time.NewTimer(c.cfg.Limits.StreamIdle)
	defer idle.Stop()
	push := func() bool {
		lines, err := c.lines.Transcript(ctx, loket.ChannelWebChat, chat, afterIn, afterOut, historyMax)
		if err != nil {
			return ctx.Err() == nil
		}
		for _, l := range lines {
			afterIn, afterOut = max(afterIn, l.InboundID), max(afterOut, l.OutboundID)
			b, _ := json.Marshal(toJSON([]loket.ChatLine{l})[0])
			if _, err := w.Write(append(append([]byte("event: line\ndata: "), b...), '\n', '\n')); err != nil {
				return false
			}
		}
		if len(lines) > 0 {
			idle.Reset(c.cfg.Limits.StreamIdle)
		}
		flusher.Flush()
		return true
	}
	if !push() {
		return
	}
	beat := time.NewTicker(c.Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-idle.C:
			// Tell EventSource when to come back, then end the stream.
			_, _ = w.Write([]byte("retry: " + strconv.Itoa(int((5 * time.Second).Milliseconds())) + "\n\n"))
			flusher.Flush()
			return
		case <-beat.C:
			if _, err := w.Write([]byte(": keep-alive\n\n")); err != nil {
				return
			}
			flusher.Flush()
		case _, ok := <-wake:
			if !ok || !push() {
				return
			}
		}
	}
}
