package console

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/store"
)

// eventsStore is what the live updates of open consoles use.
type eventsStore interface {
	Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error)
	ListTickets(ctx context.Context, f loket.TicketFilter) ([]loket.Ticket, error)
	TicketByNumber(ctx context.Context, number int64) (*loket.Ticket, error)
}

func asEvents(tx store.Tx) eventsStore { return tx }

// events streams "change" events (server-sent events) to an open inbox or
// ticket page (?ticket=N). Changes come from pub/sub and, since not every
// writer publishes, from a cheap poll of the store every PollEvery.
func (c *Console) events(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	number, err := optInt(r.URL.Query().Get("ticket"))
	if err != nil {
		return userErr(loket.EInvalid, "api.err_ticket_number")
	}
	sub, err := c.ev.Subscribe(ctx, Topic)
	if err != nil {
		return fmt.Errorf("console: subscribe: %w", err)
	}
	last, _ := c.fingerprint(ctx, number) // before the headers: later changes are seen
	// The page says what it showed (?fp=, liveMark): a change between its
	// rendering and this stream is sent at once, not lost until the next.
	stale := r.URL.Query().Get("fp") != "" && r.URL.Query().Get("fp") != liveMark(last)
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 5000\n\n")
	if stale {
		fmt.Fprintf(w, "event: change\ndata: {\"ticket\":%d}\n\n", number)
	}
	if err := rc.Flush(); err != nil {
		return nil
	}
	tick := time.NewTicker(c.cfg.PollEvery)
	defer tick.Stop()
	for {
		var send bool
		select {
		case <-ctx.Done():
			return nil
		case p, ok := <-sub:
			if !ok {
				return nil
			}
			send = concerns(p, number)
			if send {
				last, _ = c.fingerprint(ctx, number)
			}
		case <-tick.C:
			fp, err := c.fingerprint(ctx, number)
			if err != nil {
				c.log.WarnContext(ctx, "console: poll for changes", "err", err)
			}
			send = err == nil && fp != last
			last = fp
			if !send {
				fmt.Fprint(w, ": ping\n\n") // keeps proxies from closing an idle stream
			}
		}
		if send {
			fmt.Fprintf(w, "event: change\ndata: {\"ticket\":%d}\n\n", number)
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// concerns reports whether a published change is about the watched ticket
// (0 = the inbox, which cares about every change).
func concerns(payload []byte, number int64) bool {
	if number == 0 {
		return true
	}
	var p struct {
		Ticket int64 `json:"ticket"`
	}
	return json.Unmarshal(payload, &p) != nil || p.Ticket == 0 || p.Ticket == number
}

// liveMark is a short mark of a fingerprint, for a page to carry in its
// stream's address (?fp=).
func liveMark(fp string) string {
	h := fnv.New64a()
	h.Write([]byte(fp))
	return strconv.FormatUint(h.Sum64(), 36)
}

// pageMark is liveMark of what a page about to be rendered shows: taken
// before the page's data is read, so a change after it makes the stream
// refresh the page once rather than be missed. "" when it cannot be read
// (the stream then waits for the next change, as before), and for a live
// refresh's own fetch, which keeps the stream it has.
func (c *Console) pageMark(r *http.Request, number int64) string {
	if r.Header.Get("X-Loket-Refresh") != "" {
		return ""
	}
	fp, err := c.fingerprint(r.Context(), number)
	if err != nil {
		return ""
	}
	return liveMark(fp)
}

// fingerprint summarises what a page shows, so a poll can tell a change.
func (c *Console) fingerprint(ctx context.Context, number int64) (string, error) {
	var b strings.Builder
	var outs []int64
	err := inTx(ctx, c.store, asEvents, func(tx eventsStore) error {
		if number == 0 {
			ts, err := tx.ListTickets(ctx, loket.TicketFilter{Limit: 30})
			for _, t := range ts {
				fmt.Fprintf(&b, "%d:%s:%d:%d;", t.ID, t.Status, t.AssigneeID, t.UpdatedAt.UnixMilli())
			}
			return err
		}
		t, err := tx.TicketByNumber(ctx, number)
		if err != nil {
			return err
		}
		acts, err := tx.Activities(ctx, t.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s:%d:%d:%d;", t.Status, t.AssigneeID, t.UpdatedAt.UnixMilli(), len(acts))
		for i := len(acts) - 1; i >= 0 && len(outs) < 5; i-- {
			if acts[i].OutboundID != 0 {
				outs = append(outs, acts[i].OutboundID)
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("console: fingerprint: %w", err)
	}
	for _, id := range outs {
		if o, err := c.store.OutboundByID(ctx, id); err == nil {
			b.WriteString(strconv.FormatInt(id, 10) + string(o.Status) + ";")
		}
	}
	return b.String(), nil
}
