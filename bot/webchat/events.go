package webchat

import (
	"encoding/json"
	"net/http"
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
func (c *Channel) serveEvents(w http.ResponseWriter, r *http.Request) {
	chat := chatID(r)
	if chat == "" {
		writeError(w, http.StatusUnauthorized, loket.EUnauthorized, "No chat session: reload the page.")
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, loket.EInternal, "Streaming unsupported.")
		return
	}
	ctx := r.Context()
	wake, err := c.bus.Subscribe(ctx, topic(chat))
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, loket.EUnavailable, "Live updates unavailable.")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	afterIn, afterOut := cursors(r.URL.Query())
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
