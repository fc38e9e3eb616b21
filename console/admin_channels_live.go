package console

import (
	"fmt"
	"net/http"
	"time"
)

// channelEvents streams a "change" event (server-sent events) whenever the
// WhatsApp session's state, detail or QR code changes, so the channels
// page swaps in the new state and QR image (console.js, data-live).
func (c *Console) channelEvents(w http.ResponseWriter, r *http.Request, _ *auth) error {
	ctx := r.Context()
	fingerprint := func() string {
		wa := c.whatsapp()
		if wa == nil {
			return ""
		}
		s := wa.Status()
		return fmt.Sprint(s.State, "|", s.JID, "|", s.Detail, "|", s.Active, "|", s.QRCode)
	}
	last := fingerprint()
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 5000\n\n")
	if err := rc.Flush(); err != nil {
		return nil
	}
	every := min(c.cfg.PollEvery, 2*time.Second) // QR codes turn over every ~20 s
	tick := time.NewTicker(every)
	defer tick.Stop()
	pings := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		if fp := fingerprint(); fp != last {
			last = fp
			fmt.Fprint(w, "event: change\ndata: {}\n\n")
		} else if pings++; pings%10 == 0 {
			fmt.Fprint(w, ": ping\n\n") // keeps proxies from closing an idle stream
		} else {
			continue
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}
