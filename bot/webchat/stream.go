package webchat

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"loket"
)

// recentMax bounds the ids a stream remembers above its floor.
const recentMax = 64

// had is what a stream has written of one kind of line (messages or
// replies): every id up to floor, and the recent ones above it. A line
// committed late (a lower id after a higher one) is still written once,
// unless it is older than the recent window.
type had struct {
	floor  int64   // every id up to here counts as written
	last   int64   // the highest id written: the cursor for reads and event ids
	recent []int64 // ids above floor written by this stream
}

func (h *had) has(id int64) bool { return id <= h.floor || slices.Contains(h.recent, id) }

func (h *had) add(id int64) {
	h.last = max(h.last, id)
	h.recent = append(h.recent, id)
	if len(h.recent) > recentMax {
		h.floor = max(h.floor, h.recent[0])
		h.recent = slices.Delete(h.recent, 0, 1)
	}
}

// stream is one open event stream of a chat.
type stream struct {
	c       *Channel
	w       http.ResponseWriter
	flusher http.Flusher
	chat    string
	in, out had
	buf     []byte // the frame being written, reused
	wrote   bool   // a line was written since the last flush
	// behind is set while the transcript after the cursors could not be
	// read: a published line is then not written (it would move the
	// cursors past the lines not read, for good: a reconnect resumes
	// after them), the transcript is read again first, on the next
	// payload or heartbeat.
	behind bool
}

// maxResubscribes ends a stream whose subscription keeps being closed
// without carrying anything (the bus is going away): the client comes back.
const maxResubscribes = 3

// run writes lines until the client leaves, a write fails, the bus
// cannot be subscribed again, or the stream was idle for StreamIdle.
func (s *stream) run(ctx context.Context, wake <-chan []byte) {
	idle := time.NewTimer(s.c.cfg.Limits.StreamIdle)
	defer idle.Stop()
	if !s.catchUp(ctx) {
		return
	}
	s.flush(idle)
	beat := time.NewTicker(s.c.Heartbeat)
	defer beat.Stop()
	closed := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-idle.C:
			// Tell EventSource when to come back, then end the stream.
			_, _ = s.w.Write([]byte("retry: " + strconv.Itoa(int((5 * time.Second).Milliseconds())) + "\n\n"))
			s.flusher.Flush()
			return
		case <-beat.C:
			if s.behind && !s.catchUp(ctx) {
				return
			}
			if _, err := s.w.Write([]byte(": keep-alive\n\n")); err != nil {
				return
			}
			s.flush(idle)
		case p, ok := <-wake:
			if !ok {
				// The bus closes a subscription that lost payloads (a slow
				// reader, a reconnect to Redis): subscribe again, then read
				// what came after the cursors.
				if closed++; ctx.Err() != nil || closed > maxResubscribes {
					return
				}
				var err error
				if wake, err = s.c.bus.Subscribe(ctx, topic(s.chat)); err != nil {
					return
				}
				if !s.catchUp(ctx) {
					return
				}
				s.flush(idle)
				continue
			}
			closed = 0
			if !s.take(ctx, p) {
				return
			}
			// Whatever else is waiting goes out with this flush.
			for more := len(wake); more > 0; more-- {
				p, ok := <-wake
				if !ok {
					break
				}
				if !s.take(ctx, p) {
					return
				}
			}
			s.flush(idle)
		}
	}
}

// take writes a published line, or reads the transcript on a wake-up
// or while behind (the line is in the transcript: it was committed
// before it was published).
func (s *stream) take(ctx context.Context, p []byte) bool {
	in, out, data, ok := decodeLine(p)
	if !ok || s.behind {
		return s.catchUp(ctx)
	}
	return s.write(in, out, data)
}

// catchUp writes the transcript's lines after the cursors. A failed
// read keeps the stream, behind (see stream.behind: the next payload or
// heartbeat reads again), unless the client has gone.
func (s *stream) catchUp(ctx context.Context) bool {
	// The read runs on a goroutine of its own: a store's call stack is
	// deep, and the stream's goroutine, which lives as long as the visitor
	// keeps the page open, keeps whatever stack it once grew.
	type read struct {
		lines []loket.ChatLine
		err   error
	}
	done := make(chan read, 1)
	go func() {
		lines, err := s.c.lines.Transcript(ctx, loket.ChannelWebChat, s.chat, s.in.last, s.out.last, historyMax)
		done <- read{lines, err}
	}()
	r := <-done
	lines, err := r.lines, r.err
	if err != nil {
		if !s.behind && ctx.Err() == nil {
			s.c.log.Warn("webchat: read the transcript for a stream; lines wait for the next read", "err", err)
		}
		s.behind = true
		return ctx.Err() == nil
	}
	s.behind = false
	for _, l := range lines {
		b, _ := json.Marshal(lineJSON{In: l.InboundID, Out: l.OutboundID, Text: l.Text, Buttons: l.Buttons,
			Doc: l.Document, Status: string(l.Status), At: l.At}) // plain data: never fails
		if !s.write(l.InboundID, l.OutboundID, b) {
			return false
		}
	}
	return true
}

// write writes one line unless the stream has it; false when the client
// is gone.
func (s *stream) write(in, out int64, data []byte) bool {
	switch {
	case in > 0 && s.in.has(in), out > 0 && s.out.has(out):
		return true
	case in > 0:
		s.in.add(in)
	default:
		s.out.add(out)
	}
	b := append(s.buf[:0], "id: "...)
	b = strconv.AppendInt(b, s.in.last, 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, s.out.last, 10)
	b = append(b, "\nevent: line\ndata: "...)
	b = append(b, data...)
	b = append(b, '\n', '\n')
	if s.buf = b; cap(b) > 16<<10 {
		s.buf = nil // a long line's buffer is not kept for the stream's life
	}
	s.wrote = true
	_, err := s.w.Write(b)
	return err == nil
}

// flush sends what was written; a stream that carried a line is no
// longer idle.
func (s *stream) flush(idle *time.Timer) {
	if s.wrote {
		idle.Reset(s.c.cfg.Limits.StreamIdle)
		s.wrote = false
	}
	s.flusher.Flush()
}
