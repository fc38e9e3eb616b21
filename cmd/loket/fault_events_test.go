package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"loket"
	"loket/bot/telegram/telegramtest"
	"loket/bot/webhook"
)

// The fault test's scheduled and outgoing work: Telegram vendors with a
// booked video call, whose reminders come due just before the kills, and
// an outgoing webhook endpoint that receives every ticket event.
const (
	bookers      = 3
	bookerChat0  = 7101
	faultSecret  = "fault-webhook-secret-0123456789"
	bookerWaitOn = 30 * time.Second
)

type faultEvents struct {
	f    *fault
	hook *httptest.Server

	mu    sync.Mutex
	got   map[string][]delivery // event id → every delivery of it
	vs    []*booker
	due   []int64 // reminder jobs, made due in this order
	next  int     // the next of due to make due
	badSg atomic.Int64
	start time.Time // when the traffic began
}

// delivery is one POST of an event as the receiver saw it.
type delivery struct {
	header string   // X-Loket-Delivery
	sum    [32]byte // of the body
}

// newFaultEvents starts the webhook receiver; the endpoint is added by
// prepare (the replicas must be up).
func newFaultEvents(f *fault) *faultEvents {
	e := &faultEvents{f: f, got: map[string][]delivery{}}
	e.hook = httptest.NewServer(http.HandlerFunc(e.receive))
	f.t.Cleanup(e.hook.Close)
	return e
}

// receive verifies an event and records it by id. It always accepts: a
// receiver deduplicates on the id, which is what the check counts.
func (e *faultEvents) receive(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if !webhook.Verify(faultSecret, body, r.Header.Get("X-Loket-Signature")) {
		e.badSg.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var ev struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(body, &ev)
	e.mu.Lock()
	e.got[ev.ID] = append(e.got[ev.ID], delivery{header: r.Header.Get("X-Loket-Delivery"), sum: sha256.Sum256(body)})
	e.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// prepare adds the endpoint, registers the bookers, has an agent accept
// their files and lets each book a call; it then lists the call
// reminders that the run makes due.
func (e *faultEvents) prepare() {
	t, began := e.f.t, time.Now()
	adm := loginAdmin(t, e.f.reps[0].base())
	form := url.Values{"url": {e.hook.URL}, "secret": {faultSecret}, "events": loket.WebhookEvents}
	adm.post("/admin/webhooks", "/admin/webhooks", form)
	for i := range bookers {
		e.vs = append(e.vs, &booker{e: e, i: i, chat: int64(bookerChat0 + i)})
	}
	e.each(func(b *booker) error { return b.register() })
	for _, b := range e.vs {
		n := strconv.Itoa(b.ticket)
		adm.post("/tickets/"+n, "/tickets/"+n+"/status", url.Values{"status": {"in_review"}})
	}
	e.each(func(b *booker) error { return b.book() })
	e.f.query(func(c *pgx.Conn) error {
		rows, err := c.Query(context.Background(), `SELECT id FROM jobs WHERE kind = $1 AND done_at IS NULL ORDER BY due_at, id`, loket.JobRemindVendor)
		if err != nil {
			return err
		}
		e.due, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		return err
	})
	if len(e.due) < bookers {
		t.Fatalf("%d call reminders planned for %d booked calls", len(e.due), bookers)
	}
	t.Logf("%d bookers booked in %s, %d call reminders to make due across the kills", bookers, time.Since(began).Round(time.Millisecond), len(e.due))
	e.start = time.Now()
}

// each runs fn for every booker at once and fails the test on an error.
func (e *faultEvents) each(fn func(b *booker) error) {
	errs := make([]error, len(e.vs))
	var wg sync.WaitGroup
	for i, b := range e.vs {
		wg.Go(func() { errs[i] = fn(b) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			e.f.t.Fatal(err)
		}
	}
}

// makeDue makes the next share of the reminders due now (before kill k
// of n): a replica claims them within a second, around the kill.
func (e *faultEvents) makeDue(k, n int) {
	e.mu.Lock()
	share := (len(e.due) - e.next) / (n - k)
	ids := e.due[e.next : e.next+share]
	e.next += share
	e.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	e.f.query(func(c *pgx.Conn) error {
		_, err := c.Exec(context.Background(), `UPDATE jobs SET due_at = now() WHERE id = ANY($1)`, ids)
		return err
	})
}

// talk has the bookers write to their tickets (each text a message
// event) until ctx is done.
func (e *faultEvents) talk(ctx context.Context) {
	for i := 0; ctx.Err() == nil; i++ {
		b := e.vs[i%len(e.vs)]
		b.say(fmt.Sprintf("Pertanyaan nomor %d tentang jadwal video call saya", i))
		sleepCtx(ctx, time.Second)
	}
}

// booker is a Telegram vendor who registers and books a call.
type booker struct {
	e      *faultEvents
	i      int
	chat   int64
	msg    int // the vendor's last message id
	press  int // the vendor's button presses
	seen   int // the bot's messages already read
	ticket int
	pushed atomic.Int64
}

func (b *booker) sent() []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range b.e.f.api.Calls("sendMessage") {
		if c.Params["chat_id"] == strconv.FormatInt(b.chat, 10) && c.MessageID > 0 {
			out = append(out, c)
		}
	}
	return out
}

// expect waits for a new bot message for which ok holds.
func (b *booker) expect(what string, ok func(c telegramtest.Call) bool) (telegramtest.Call, error) {
	deadline := time.Now().Add(bookerWaitOn)
	for time.Now().Before(deadline) {
		all := b.sent()
		for i := b.seen; i < len(all); i++ {
			if ok(all[i]) {
				b.seen = i + 1
				return all[i], nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return telegramtest.Call{}, fmt.Errorf("booker %d: no bot message %s; the last ones: %s", b.chat, what, b.lastSent(3))
}

// lastSent describes the bot's last n messages to the booker, with their
// buttons, for a failure's message.
func (b *booker) lastSent(n int) string {
	all := b.sent()
	var out []string
	for _, c := range all[max(0, len(all)-n):] {
		var btns []string
		for _, btn := range c.Buttons() {
			btns = append(btns, btn.Data)
		}
		out = append(out, fmt.Sprintf("%q %v", c.Params["text"], btns))
	}
	return strings.Join(out, "; ")
}

func (b *booker) expectText(want string) (telegramtest.Call, error) {
	return b.expect("containing "+want, func(c telegramtest.Call) bool { return strings.Contains(c.Params["text"], want) })
}

func (b *booker) expectButton(prefix string) (telegramtest.Call, error) {
	return b.expect("with a "+prefix+" button", func(c telegramtest.Call) bool { return len(buttonsWith(c, prefix)) > 0 })
}

func buttonsWith(c telegramtest.Call, prefix string) []telegramtest.Button {
	var out []telegramtest.Button
	for _, btn := range c.Buttons() {
		if strings.Contains(btn.Data, prefix) {
			out = append(out, btn)
		}
	}
	return out
}

func (b *booker) say(text string) {
	b.msg++
	b.pushed.Add(1)
	b.e.f.api.PushUpdate(telegramtest.Private(b.msg, b.chat, text))
}

// tap presses btn on the bot's message menu.
func (b *booker) tap(menu telegramtest.Call, btn telegramtest.Button) {
	b.press++
	b.pushed.Add(1)
	b.e.f.api.PushUpdate(telegramtest.CallbackOn(fmt.Sprintf("q%d-%d", b.chat, b.press), b.chat, menu.MessageID,
		menu.Params["text"], menu.Buttons(), btn.Data))
}

func (b *booker) tapLabel(menu telegramtest.Call, label string) error {
	for _, btn := range menu.Buttons() {
		if btn.Text == label {
			b.tap(menu, btn)
			return nil
		}
	}
	return fmt.Errorf("booker %d: no button %q in %q", b.chat, label, menu.Params["text"])
}

var ticketRe = regexp.MustCompile(`#(\d{4,})`)

// register runs the online registration up to its ticket.
func (b *booker) register() error {
	steps := []struct{ wait, then string }{
		{"", "/start"},
		{"Silakan pilih", "tap:Registrasi & verifikasi berkas"},
		{"bentuk usaha", "tap:Badan usaha (PT/CV/lainnya)"},
		{"nama badan usaha", fmt.Sprintf("CV Tahan Banting %d", b.i+1)},
		{"NPWP", fmt.Sprintf("01.234.567.8-90%d.000", b.i+1)},
		{"email", fmt.Sprintf("info%d@tahanbanting.co.id", b.i+1)},
		{"Direksi", "Budi Santoso"},
		{"Nomor WhatsApp", fmt.Sprintf("0812-3456-78%d0", b.i+1)},
		{"Ringkasan permohonan", "tap:Daring (berkas PDF + video call)"},
	}
	for _, s := range steps {
		var menu telegramtest.Call
		if s.wait != "" {
			var err error
			if menu, err = b.expectText(s.wait); err != nil {
				return err
			}
		}
		if label, ok := strings.CutPrefix(s.then, "tap:"); ok {
			if err := b.tapLabel(menu, label); err != nil {
				return err
			}
		} else {
			b.say(s.then)
		}
	}
	c, err := b.expectText("#")
	if err != nil {
		return err
	}
	m := ticketRe.FindStringSubmatch(c.Params["text"])
	if m == nil {
		return fmt.Errorf("booker %d: no ticket number in %q", b.chat, c.Params["text"])
	}
	b.ticket, _ = strconv.Atoi(m[1])
	return nil
}

// book asks for the call and books a time on one of the last days
// offered (so both reminders lie ahead), each booker its own day: on a
// shared day a booker's list of times can be read after another's booking
// took one, shifting the list, so two could pick the same time and one be
// told it is taken.
func (b *booker) book() error {
	b.seen = len(b.sent())
	b.say("jadwal")
	days, err := b.expectButton("bk.d.")
	if err != nil {
		return err
	}
	d := buttonsWith(days, "bk.d.")
	b.tap(days, d[len(d)-1-b.i%len(d)])
	times, err := b.expectButton("bk.t.")
	if err != nil {
		return err
	}
	tm := buttonsWith(times, "bk.t.")
	b.tap(times, tm[0])
	_, err = b.expectText("terjadwal")
	return err
}
