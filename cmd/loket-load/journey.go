package main

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"sync"
	"sync/atomic"
	"time"
)

// pdfs are four small real PDFs (from the PDF checker's fixtures), sent
// under the names the document intake recognises.
//
//go:embed pdfs/*.pdf
var pdfs embed.FS

var journeyFiles = []struct{ name, fixture string }{
	{"ktp-direktur.pdf", "pdfs/gs_text.pdf"},
	{"npwp-perusahaan.pdf", "pdfs/qpdf_pdf20.pdf"},
	{"akta-pendirian.pdf", "pdfs/img2pdf_scan.pdf"},
	{"nib.pdf", "pdfs/qpdf_linearized.pdf"},
}

// act is one step of a vendor's journey: type, press a button of the
// last reply (by its action), upload a file, or wait for a reply that
// offers a button.
type act struct {
	text, button string
	file         int    // 1-based index into journeyFiles
	wait         string // wait for a bot line with a button of this action
}

// journey is what a vendor does from hello to a booked video call
// (the same path as flows' TestJourneyToBookedCall): the registration
// menu, six answers, online verification, four PDFs, the earliest slot.
// n makes the company and its NPWP unique.
func journey(n int) []act {
	return []act{
		{text: "halo"},
		{button: "m.reg"},
		{button: "form.company"},
		{text: fmt.Sprintf("CV Beban Uji %d", n)},
		{text: fmt.Sprintf("%015d", 100000000000000+int64(n))},
		{text: fmt.Sprintf("vendor%d@contoh.co.id", n)},
		{text: "Budi Santoso"},
		{text: "0812-3456-7890"},
		{button: "mode.online"},
		{file: 1}, {file: 2}, {file: 3}, {file: 4},
		{wait: "bk.t."},
		{button: "bk.t."},
	}
}

// maxBookTries bounds the presses of an offered slot (another vendor may
// take it first; the bot then offers others).
const maxBookTries = 8

// journeyCounts are what the servers' streams showed over all journeys.
type journeyCounts struct {
	accepted  atomic.Int64 // sends and uploads the server accepted (202)
	failed    atomic.Int64 // sends refused or not answered
	recorded  atomic.Int64 // of the visitors' messages, shown back on their streams
	expected  atomic.Int64 // typed texts and presses, which the bot answers at once
	answered  atomic.Int64 // of those, followed by a bot line
	offers    atomic.Int64 // slot offers after the documents
	booked    atomic.Int64 // journeys that ended with a booked call
	started   atomic.Int64
	stuck     atomic.Int64 // no slot could be booked in maxBookTries presses
	stream    streamCounts
	latencies chan time.Duration // message → first reply
	offerWait chan time.Duration // last upload → slot offer
}

// jvisitor is one vendor's browser going through journeys, one after the
// other, each with a fresh cookie and client address.
type jvisitor struct {
	cfg    config
	tr     http.RoundTripper
	n      *journeyCounts
	ready  chan<- *jvisitor // where the visitor queues when its next act may go
	nextID *atomic.Int64

	mu       sync.Mutex
	client   *http.Client
	stop     context.CancelFunc
	acts     []act
	step     int
	tries    int
	recent   []line    // bot lines since the last send
	offer    line      // the latest bot line offering a slot
	waitFor  string    // the act needs a button of this action, not shown yet
	pending  bool      // an act waits for its reply
	sentAt   time.Time // when the pending act was sent
	sawIn    bool      // the pending act's message is on the stream
	uploaded time.Time // when the last file went
	msgSeq   int
	num      int // the journey's number: its company, NPWP and files are its own
}

// begin starts a new journey: a new visitor (cookie, address, stream).
func (v *jvisitor) begin(ctx context.Context) error {
	n := int(v.nextID.Add(1))
	jar, _ := cookiejar.New(nil)
	rt := v.tr
	if v.cfg.spread {
		rt = forwardedAs{addr: visitorAddr(n), next: v.tr}
	}
	client := &http.Client{Jar: jar, Transport: rt, Timeout: 30 * time.Second}
	resp, err := client.Get(v.cfg.base + "/chat")
	if err != nil {
		return fmt.Errorf("open chat: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("open chat: %s", resp.Status)
	}
	sctx, stop := context.WithCancel(ctx)
	v.mu.Lock()
	if v.stop != nil {
		v.stop()
	}
	v.client, v.stop, v.acts, v.step, v.tries, v.num = client, stop, journey(n), 0, 0, n
	v.recent, v.offer, v.waitFor, v.pending = nil, line{}, "", false
	v.mu.Unlock()
	v.n.started.Add(1)
	opened := make(chan struct{})
	go newFollower(client, v.cfg.base, &v.n.stream).follow(sctx, func() { close(opened) }, v.onLine)
	<-opened
	v.ready <- v
	return nil
}

// end stops the visitor's stream.
func (v *jvisitor) end() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.stop != nil {
		v.stop()
	}
}

// onLine moves the journey on what the stream shows.
func (v *jvisitor) onLine(l line) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if l.In > 0 {
		v.n.recorded.Add(1)
		if v.pending {
			v.sawIn = true
		}
		return
	}
	v.recent = append(v.recent, l)
	if _, data := l.button("bk.t."); data != "" {
		if v.offer.Out == 0 {
			v.n.offers.Add(1)
			v.n.offerWait <- time.Since(v.uploaded)
		}
		v.offer = l
	}
	switch {
	case v.pending && v.sawIn:
		v.pending = false
		v.n.answered.Add(1)
		v.n.latencies <- time.Since(v.sentAt)
		if v.waitFor == "" {
			v.queue()
		}
	case v.waitFor != "" && !v.pending:
		if _, data := v.find(v.waitFor); data != "" {
			v.waitFor = ""
			v.queue()
		}
	}
}

// find returns the newest button of an action prefix the bot offered
// since the last send (a slot: the latest offer).
func (v *jvisitor) find(prefix string) (label, data string) {
	if prefix == "bk.t." {
		// The earliest slot first; when it was taken, another of those
		// offered, as vendors pick different times.
		return v.offer.nthButton(prefix, v.tries*(v.num+1))
	}
	for i := len(v.recent) - 1; i >= 0; i-- {
		if label, data = v.recent[i].button(prefix); data != "" {
			return label, data
		}
	}
	return "", ""
}

// newest returns the i-th button of an action prefix on the newest bot
// line since the last send that has any.
func (v *jvisitor) newest(prefix string, i int) (label, data string) {
	for j := len(v.recent) - 1; j >= 0; j-- {
		if label, data = v.recent[j].nthButton(prefix, i); data != "" {
			return label, data
		}
	}
	return "", ""
}

// queue puts the visitor in line for its next act (the caller holds mu).
func (v *jvisitor) queue() {
	select {
	case v.ready <- v:
	default: // the queue holds every visitor: cannot be full
	}
}

// act does the visitor's next act; false when the journey is over (the
// caller starts the next one).
func (v *jvisitor) act() bool {
	v.mu.Lock()
	var label, data string
	if v.step >= len(v.acts) {
		// A slot was pressed: booked, or taken by another vendor first.
		// Then press another time offered, or another day when that day
		// is full, as a vendor would.
		if _, booked := v.find("bk.change"); booked != "" {
			v.mu.Unlock()
			v.n.booked.Add(1)
			return false
		}
		v.tries++
		label, data = v.newest("bk.t.", v.tries*(v.num+1))
		if data == "" {
			label, data = v.newest("bk.d.", v.tries+v.num)
		}
		if data == "" || v.tries > maxBookTries {
			v.mu.Unlock()
			v.n.stuck.Add(1)
			return false
		}
		return v.press(label, data)
	}
	a := v.acts[v.step]
	if a.wait != "" {
		if _, data := v.find(a.wait); data == "" {
			v.waitFor = a.wait
			v.mu.Unlock()
			return true // onLine queues the visitor when the offer comes
		}
		v.step++
		a = v.acts[v.step]
	}
	if a.button != "" {
		if label, data = v.find(a.button); data == "" {
			v.waitFor = a.button // the reply's other line may still come
			v.mu.Unlock()
			return true
		}
	}
	return v.perform(a, label, data)
}

// press presses a button of the latest reply (the caller holds mu).
func (v *jvisitor) press(label, data string) bool {
	return v.perform(act{button: "again"}, label, data)
}

// perform sends an act (the caller holds mu; it is released).
func (v *jvisitor) perform(a act, label, data string) bool {
	v.msgSeq++
	id := fmt.Sprintf("j%d", v.msgSeq)
	client, num := v.client, v.num
	expect := a.file == 0
	v.recent = v.recent[:0]
	if expect {
		v.pending, v.sawIn, v.sentAt = true, false, time.Now()
	}
	v.mu.Unlock()
	var err error
	if a.file > 0 {
		err = v.upload(client, num, id, a.file-1)
	} else {
		err = v.send(client, id, a.text, label, data)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if err != nil {
		v.n.failed.Add(1)
		v.pending = false
		return false
	}
	v.n.accepted.Add(1)
	if expect {
		v.n.expected.Add(1)
	}
	if a.button != "again" {
		v.step++
	}
	if a.file > 0 {
		v.uploaded = time.Now()
		v.queue()
	}
	return true
}
func (v *jvisitor) send(client *http.Client, id, text, label, button string) error {
	msg := chatMessage{ID: id, Text: text, Lang: "id"}
	if button != "" {
		msg.Text, msg.Button = label, button
	}
	return postChat(client, v.cfg.base, msg)
}

func (v *jvisitor) upload(client *http.Client, num int, id string, i int) error {
	f := journeyFiles[i]
	pdf, err := pdfs.ReadFile(f.fixture)
	if err != nil {
		return err
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("id", id)
	_ = mw.WriteField("lang", "id")
	part, _ := mw.CreateFormFile("file", f.name)
	_, _ = part.Write(pdf)
	// A comment after the end makes each vendor's file their own, as real
	// scans are: the document store keeps one copy per content.
	_, _ = fmt.Fprintf(part, "%% loket-load vendor %d, %s\n", num, id)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, v.cfg.base+"/chat/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	return accepted(resp, "upload")
}
