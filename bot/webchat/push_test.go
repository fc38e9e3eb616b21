package webchat

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"loket"
	"loket/internal/testkit"
	"loket/store/memory"
	"loket/templates"
)

// book is a transcript kept in memory that counts its reads: the
// store's side of the stream, as the engine leaves it after a commit.
type book struct {
	mu    sync.Mutex
	lines []loket.ChatLine
	reads int
	fail  int // reads still to fail (a busy or unreachable database)
}

func (b *book) add(l loket.ChatLine) {
	b.mu.Lock()
	b.lines = append(b.lines, l)
	b.mu.Unlock()
}

func (b *book) readCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.reads
}

func (b *book) Transcript(_ context.Context, _ loket.Channel, _ string, afterIn, afterOut int64, limit int) ([]loket.ChatLine, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reads++
	if b.fail > 0 {
		b.fail--
		return nil, errors.New("database is locked")
	}
	var out []loket.ChatLine
	for _, l := range b.lines {
		if (l.InboundID > 0 && l.InboundID > afterIn) || (l.OutboundID > 0 && l.OutboundID > afterOut) {
			out = append(out, l)
		}
	}
	return out[max(0, len(out)-limit):], nil
}

// cutBus is the in-process bus whose subscriptions the test can close,
// as the bus does for a subscription that lost payloads.
type cutBus struct {
	*memory.Store
	mu      sync.Mutex
	cancels []context.CancelFunc
	subs    int
}

func (b *cutBus) Subscribe(ctx context.Context, topic string) (<-chan []byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	b.mu.Lock()
	b.cancels = append(b.cancels, cancel)
	b.subs++
	b.mu.Unlock()
	return b.Store.Subscribe(ctx, topic)
}

func (b *cutBus) cut() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range b.cancels {
		c()
	}
	b.cancels = nil
}

func (b *cutBus) subscriptions() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.subs
}

type pushEnv struct {
	ch   *Channel
	book *book
	bus  *cutBus
	srv  *httptest.Server
}

func newPushEnv(t *testing.T) *pushEnv {
	t.Helper()
	clock := loket.NewFixedClock(time.Now())
	eph := memory.New(clock)
	t.Cleanup(func() { eph.Close() })
	bus := &cutBus{Store: eph}
	bk := &book{}
	ch, err := New(Config{Limits: Limits{StreamIdle: time.Hour}}, bk, bus, eph, clock, templates.Web, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ch.Handler())
	t.Cleanup(srv.Close)
	return &pushEnv{ch: ch, book: bk, bus: bus, srv: srv}
}

// event is one server-sent event of a stream.
type event struct {
	id   string
	line lineJSON
}

// open starts the visitor's stream at target (query) with Last-Event-ID
// lastID ("" for none) and returns its events.
func (e *pushEnv) open(t *testing.T, target, lastID string) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/chat/events"+target, nil)
	req.AddCookie(&http.Cookie{Name: cookieName, Value: e.ch.sign(testChat)})
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("stream: %s", res.Status)
	}
	out := make(chan event, 100)
	go func() {
		defer res.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		var ev event
		for sc.Scan() {
			switch l := sc.Text(); {
			case strings.HasPrefix(l, "id: "):
				ev.id = l[4:]
			case strings.HasPrefix(l, "data: "):
				if err := json.Unmarshal([]byte(l[6:]), &ev.line); err != nil {
					t.Errorf("event data %q: %v", l, err)
				}
			case l == "" && ev.id != "":
				out <- ev
				ev = event{}
			}
		}
	}()
	return out
}

func next(t *testing.T, evs <-chan event) event {
	t.Helper()
	select {
	case ev, ok := <-evs:
		if !ok {
			t.Fatal("stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return event{}
}

// nothingMore checks that the stream carries nothing else once a marker
// line published after everything else has arrived.
func (e *pushEnv) nothingMore(t *testing.T, evs <-chan event, marker int64) {
	t.Helper()
	if _, err := e.ch.Send(context.Background(), &loket.Outbound{ID: marker, ChatID: testChat, Text: "marker"}); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, evs); ev.line.Out != marker {
		t.Fatalf("after the expected lines came %+v, want only the marker %d", ev, marker)
	}
}

func inbound(id int64, text string) loket.Inbound {
	return loket.Inbound{ID: id, Channel: loket.ChannelWebChat, ChatID: testChat, Text: text, ReceivedAt: time.Now()}
}

// A committed message and reply reach the open stream as published, with
// their text and buttons, without the transcript being read again; each
// event's id is the cursors after it.
func TestLinesArePushedWithoutReadingTheTranscript(t *testing.T) {
	e := newPushEnv(t)
	e.book.add(loket.ChatLine{InboundID: 1, Text: "halo", At: time.Now()})
	e.book.add(loket.ChatLine{OutboundID: 1, Text: "Selamat datang", At: time.Now()})
	evs := e.open(t, "", "")
	if a, b := next(t, evs), next(t, evs); a.id != "1-0" || a.line.Text != "halo" || b.id != "1-1" || b.line.Text != "Selamat datang" {
		t.Fatalf("history: %+v, %+v", a, b)
	}
	reads := e.book.readCount()
	ctx := context.Background()
	e.ch.Recorded(ctx, []loket.Inbound{inbound(7, "daftar")})
	out := &loket.Outbound{ID: 9, ChatID: testChat, Text: "Pilih bentuk usaha", CreatedAt: time.Now(),
		Buttons: [][]loket.Button{{{Label: "PT/CV", Data: "form:company"}}}}
	if _, err := e.ch.Send(ctx, out); err != nil {
		t.Fatal(err)
	}
	in, reply := next(t, evs), next(t, evs)
	if in.id != "7-1" || in.line.In != 7 || in.line.Text != "daftar" {
		t.Fatalf("message: %+v", in)
	}
	if reply.id != "7-9" || reply.line.Out != 9 || reply.line.Text != out.Text || len(reply.line.Buttons) != 1 || reply.line.Buttons[0][0].Data != "form:company" {
		t.Fatalf("reply: %+v", reply)
	}
	if got := e.book.readCount(); got != reads {
		t.Fatalf("the transcript was read %d more times for pushed lines", got-reads)
	}
}

// A line published twice (a reply sent again after its sender lost the
// lease) or one the stream read already is written once; a reply
// committed late, with a lower id than one already written, still is.
func TestPushedLinesAreWrittenOnce(t *testing.T) {
	e := newPushEnv(t)
	e.book.add(loket.ChatLine{OutboundID: 5, Text: "history"})
	evs := e.open(t, "", "")
	if ev := next(t, evs); ev.line.Out != 5 {
		t.Fatalf("history: %+v", ev)
	}
	ctx := context.Background()
	for _, id := range []int64{5, 8, 8, 6} {
		if _, err := e.ch.Send(ctx, &loket.Outbound{ID: id, ChatID: testChat, Text: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := next(t, evs), next(t, evs); a.line.Out != 8 || b.line.Out != 6 || b.id != "0-8" {
		t.Fatalf("got %+v then %+v, want 8 then the late 6 (cursor staying at 8)", a, b)
	}
	e.nothingMore(t, evs, 10)
}

// A reconnect resumes after Last-Event-ID, or after the query's cursors
// when those are further, and reads only what came after them.
func TestReconnectResumesFromTheLastID(t *testing.T) {
	e := newPushEnv(t)
	for i := int64(1); i <= 3; i++ {
		e.book.add(loket.ChatLine{InboundID: i, Text: "m"})
		e.book.add(loket.ChatLine{OutboundID: i, Text: "r"})
	}
	for _, c := range []struct {
		query, lastID string
		first         string // id of the first event
	}{
		{"", "2-2", "3-2"},
		{"?after_in=3&after_out=2", "1-1", "3-3"},
		{"?after_in=1&after_out=1", "", "2-1"},
		{"", "junk", "1-0"},
	} {
		evs := e.open(t, c.query, c.lastID)
		if ev := next(t, evs); ev.id != c.first {
			t.Errorf("query %q, Last-Event-ID %q: first event %q, want %q", c.query, c.lastID, ev.id, c.first)
		}
	}
}

// A subscription the bus closed (it lost payloads: a slow reader, a
// reconnect to Redis) is taken again, and what was committed meanwhile
// is read from the transcript after the cursors: nothing lost, nothing
// twice.
func TestLostPayloadsAreReadFromTheTranscript(t *testing.T) {
	e := newPushEnv(t)
	evs := e.open(t, "", "")
	ctx := context.Background()
	e.ch.Recorded(ctx, []loket.Inbound{inbound(1, "halo")})
	if ev := next(t, evs); ev.line.In != 1 {
		t.Fatalf("first: %+v", ev)
	}
	// Committed, but their payloads never reach this stream.
	e.book.add(loket.ChatLine{InboundID: 1, Text: "halo"})
	e.book.add(loket.ChatLine{OutboundID: 2, Text: "lost reply"})
	e.book.add(loket.ChatLine{InboundID: 3, Text: "lost message"})
	subs := e.bus.subscriptions()
	e.bus.cut()
	if a, b := next(t, evs), next(t, evs); a.line.Out != 2 || b.line.In != 3 || b.id != "3-2" {
		t.Fatalf("after the loss: %+v, %+v", a, b)
	}
	if e.bus.subscriptions() != subs+1 {
		t.Fatalf("%d subscriptions, want one more after the loss", e.bus.subscriptions())
	}
	e.nothingMore(t, evs, 4)
}

// A stream whose transcript read failed (the database busy as a
// restarted server recovers) does not write the next published line
// ahead of the lines it could not read: its cursors would pass them and a
// reconnect would resume after them, losing a reply for good (seen as
// one reply never shown after a restart). It reads the transcript again
// first, and writes everything once, in order.
func TestFailedReadIsNotSkipped(t *testing.T) {
	e := newPushEnv(t)
	e.book.add(loket.ChatLine{InboundID: 1, Text: "halo"})
	e.book.add(loket.ChatLine{OutboundID: 1, Text: "menu"})
	e.book.mu.Lock()
	e.book.fail = 1 // the stream's first read
	e.book.mu.Unlock()
	evs := e.open(t, "", "")
	testkit.Eventually(t, "the first read failed", func() bool { return e.book.readCount() == 1 })
	e.book.add(loket.ChatLine{OutboundID: 2, Text: "next reply"})
	if _, err := e.ch.Send(context.Background(), &loket.Outbound{ID: 2, ChatID: testChat, Text: "next reply"}); err != nil {
		t.Fatal(err)
	}
	a, b, c := next(t, evs), next(t, evs), next(t, evs)
	if a.line.In != 1 || b.line.Out != 1 || c.line.Out != 2 || c.id != "1-2" {
		t.Fatalf("after the failed read: %+v, %+v, %+v; want message 1, reply 1, reply 2", a, b, c)
	}
	e.nothingMore(t, evs, 3)
}

func TestLinePayloads(t *testing.T) {
	p := encodeLine(loket.ChatLine{OutboundID: 42, Text: "a\nb"})
	in, out, data, ok := decodeLine(p)
	var l lineJSON
	if !ok || in != 0 || out != 42 || json.Unmarshal(data, &l) != nil || l.Text != "a\nb" {
		t.Fatalf("round trip: %d %d %q %v", in, out, data, ok)
	}
	for _, bad := range []string{"in", "42", "L 1 1\n{}", "L 0 0\n{}", "L -1 0\n{}", "L x 1\n{}", "L 1 0", ""} {
		if _, _, _, ok := decodeLine([]byte(bad)); ok {
			t.Errorf("%q decoded as a line", bad)
		}
	}
}
