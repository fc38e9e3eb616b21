package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tt "loket/bot/telegram/telegramtest"
	"loket/internal/testkit"
)

// BenchmarkJourney runs what vendors run: `loket serve` in this process
// with the real Telegram adapter (long polling a fake Bot API), the real
// flows, templates and PDF checks, up to the platform's sendMessage.
// Vendors go from /start through the menu, the registration questions
// and four small real PDFs to booking a call, then start over as new
// vendors; each waits for the answer it expects and then about a second
// (Telegram sends one message a second per chat), so many vendors are in
// flight. b.N is the vendors' messages measured, after a warm-up of
// journeyWarmup messages not measured. It reports msgs/s, the time from
// an update's push to the first reply to that chat (p50, p99), the
// server's own accept → handled (the commit of the message's turn; from
// its loket_accept_handled_seconds histogram: the least bucket bound
// within which 99 % were handled, and the share handled within 20 ms),
// allocations and CPU time per message (the fake Bot API and the HTTP on
// both sides included), the database statements and round trips per
// message (the server's /metrics) and, on PostgreSQL, the database
// server's CPU per message. SQLite always, PostgreSQL with
// LOKET_TEST_DATABASE_URL:
//
//	go test -run '^$' -bench 'Journey$' -benchtime 3000x ./cmd/loket/
func BenchmarkJourney(b *testing.B) {
	for _, be := range journeyBackends(b) {
		b.Run(be.name, func(b *testing.B) { benchJourney(b, be.env, 1000, 0) })
	}
}

// BenchmarkJourneyLatency is BenchmarkJourney offered at a steady 500
// messages a second (1,500 vendors taking turns), for the p99 from push to
// first reply with the real flows. The vendors are spread over the
// journey first (see benchJourney), so that the messages measured are
// the mix of a working day's, not every vendor's same step at once:
//
//	go test -run '^$' -bench JourneyLatency -benchtime 5000x ./cmd/loket/
func BenchmarkJourneyLatency(b *testing.B) {
	for _, be := range journeyBackends(b) {
		b.Run(be.name, func(b *testing.B) { benchJourney(b, be.env, 1500, *journeyRate) })
	}
}

// The rate of BenchmarkJourneyLatency, and the vendors starting all
// together (see benchJourney), can be set for a run:
//
//	go test -run '^$' -bench JourneyLatency -benchtime 5000x ./cmd/loket/ -journey-rate 300 -journey-waves
var (
	journeyRate  = flag.Float64("journey-rate", 500, "BenchmarkJourneyLatency: messages a second offered")
	journeyWaves = flag.Bool("journey-waves", false, "BenchmarkJourneyLatency: the vendors start together and go in waves of one step (the measure before 2026-12-01)")
	journeyPool  = flag.Int("journey-pool", 0, "journey benchmarks on PostgreSQL: the server's pool size (pool_max_conns in its LOKET_DATABASE_URL; 0 is its default)")
)

// A benchmark with a rate first takes each starting vendor to a step of
// its own (drawn evenly over the script, from a fixed seed), as fast as
// the server answers and not measured, unless -journey-waves. Without it
// all of them start together and stay in step: the run is waves of one
// step each (the first 1,500 messages all open a conversation, a new
// vendor's costliest message), which no office sees. Vendors that finish
// start over as new ones, as before.

type journeyBackend struct {
	name string
	env  func(b *testing.B) []string // LOKET_DATABASE_URL is read by the cost meter
}

func journeyBackends(b *testing.B) []journeyBackend {
	out := []journeyBackend{{"sqlite", func(*testing.B) []string { return nil }}}
	if os.Getenv("LOKET_TEST_DATABASE_URL") != "" {
		out = append(out, journeyBackend{"postgres", func(b *testing.B) []string {
			return []string{"LOKET_DATABASE_URL", testkit.PostgresURL(b, "journey")}
		}})
	}
	return out
}

// journeyWarmup is how many messages a journey benchmark pushes before it
// measures (2 s at 500 a second): the server's first second (its
// database connections opened, their statements prepared, its heap
// grown) is not its steady state.
const journeyWarmup = 1000

// jstep is one vendor action and the text (or button label) of the
// answer that lets the vendor go on ("" is any answer).
type jstep struct {
	act    func(v *jvendor) []tt.Obj
	expect string
}

var journeyScript = []jstep{
	{jsay("/start"), "ilakan pilih"},
	{jpress("Registrasi & verifikasi berkas"), "bentuk usaha"},
	{jpress("Badan usaha (PT/CV/lainnya)"), "nama badan usaha"},
	{func(v *jvendor) []tt.Obj { return v.text(fmt.Sprintf("CV Maju Jaya %d", v.chat)) }, "NPWP"},
	{func(v *jvendor) []tt.Obj { return v.text(fmt.Sprintf("%015d", 10_000_000_000_000+v.chat)) }, "email"},
	{func(v *jvendor) []tt.Obj { return v.text(fmt.Sprintf("info%d@majujaya.co.id", v.chat)) }, "Direksi"},
	{jsay("Budi Santoso"), "Nomor WhatsApp"},
	{func(v *jvendor) []tt.Obj {
		return v.message(tt.Obj{"contact": tt.Obj{"phone_number": fmt.Sprintf("+62812%07d", v.chat%10_000_000),
			"first_name": "Budi", "user_id": v.chat}})
	}, "Ringkasan permohonan"},
	{jpress("Daring (berkas PDF + video call)"), "tercatat di tiket"},
	{func(v *jvendor) []tt.Obj {
		var out []tt.Obj
		for i, name := range journeyPDFs {
			out = append(out, v.message(tt.Obj{"document": tt.Obj{"file_id": "jdoc" + strconv.Itoa(i),
				"file_unique_id": "ujdoc" + strconv.Itoa(i), "file_name": name, "mime_type": "application/pdf",
				"file_size": journeyPDFSize[i]}})...)
		}
		return out
	}, "Pesan "},
	{jpress("Pesan "), ""}, // booked, or another offer when the slot went meanwhile
}

// journeyChecksStep is the documents step: its expected answer (the offer
// of a call) waits for the four documents' checks, jobs of their own, not
// only for a turn.
var journeyChecksStep = slices.IndexFunc(journeyScript, func(s jstep) bool { return s.expect == "Pesan " })

// journeyPDFs are the vendor's four PDFs (flows/pdfcheck/testdata).
var journeyPDFs = []string{"ktp-direktur.pdf", "npwp-perusahaan.pdf", "akta-pendirian.pdf", "nib.pdf"}
var journeyPDFFiles = []string{"gs_text.pdf", "qpdf_pdf20.pdf", "img2pdf_scan.pdf", "qpdf_linearized.pdf"}
var journeyPDFSize = make([]int, len(journeyPDFFiles))

func jsay(text string) func(*jvendor) []tt.Obj {
	return func(v *jvendor) []tt.Obj { return v.text(text) }
}

// jpress presses the first button of the matched answer whose label
// starts with prefix.
func jpress(prefix string) func(*jvendor) []tt.Obj {
	return func(v *jvendor) []tt.Obj {
		for _, bt := range v.last.Buttons() {
			if strings.HasPrefix(bt.Text, prefix) {
				id, _ := strconv.Atoi(v.last.Params["message_id"])
				if id == 0 {
					id = v.last.MessageID
				}
				v.msg++ // a fresh callback query id: the same id twice is a redelivery
				return []tt.Obj{tt.CallbackOn(fmt.Sprintf("q%d-%d", v.chat, v.msg), v.chat, id,
					v.last.Params["text"], v.last.Buttons(), bt.Data)}
			}
		}
		return nil // not there: the vendor starts over
	}
}

// jvendor is one vendor's chat.
type jvendor struct {
	chat     int64
	step     int
	msg      int       // the vendor's last message id
	pushed   time.Time // when the current step was pushed
	answered bool      // the first reply to the current step came
	ready    bool      // the answer the step expects came
	readyAt  time.Time
	last     tt.Call   // the expected answer (its buttons)
	rec      *jstepRec // the current step
	target   int       // the step it is taken to before the run (see benchJourney)
}

func (v *jvendor) message(fields tt.Obj) []tt.Obj {
	v.msg++
	return []tt.Obj{{"message": tt.Message(v.msg, tt.Chat(v.chat, "private"), tt.User(v.chat, "Budi", "id"), fields)}}
}

func (v *jvendor) text(s string) []tt.Obj { return v.message(tt.Obj{"text": s}) }

func (s jstep) matches(c tt.Call) bool {
	if s.expect == "" || strings.Contains(c.Params["text"], s.expect) {
		return true
	}
	for _, bt := range c.Buttons() {
		if strings.HasPrefix(bt.Text, s.expect) {
			return true
		}
	}
	return false
}

// journey follows the replies at the fake Bot API.
type journey struct {
	mu      sync.Mutex
	vendors map[string]*jvendor // by chat id
	lat     []time.Duration
	checked []time.Duration // documents step: push of the first PDF → the answer after their checks
	steps   []*jstepRec
	ready   chan *jvendor
	moved   time.Time // the last first reply
	waiting int       // steps pushed and not answered yet
	done    chan struct{}
	closed  bool
	pushed  int // messages pushed
	stop    int // messages to push
	warmup  int // of those, the first ones, not measured
}

func (j *journey) onCall(c tt.Call) {
	if (c.Method != "sendMessage" && c.Method != "sendDocument") || c.MessageID == 0 {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	v := j.vendors[c.Params["chat_id"]]
	if v == nil {
		return
	}
	if !v.answered {
		v.answered, j.moved = true, time.Now()
		if v.rec != nil {
			j.lat = append(j.lat, time.Since(v.pushed))
			v.rec.replied, v.rec.answered, v.rec.reply = j.moved, true, c.MessageID
		}
		j.waiting--
		if j.waiting == 0 && j.pushed >= j.stop && !j.closed {
			j.closed = true
			close(j.done)
		}
	}
	if !v.ready && journeyScript[v.step].matches(c) {
		if c.Params["message_id"] == "" {
			c.Params["message_id"] = strconv.Itoa(c.MessageID)
		}
		v.ready, v.readyAt, v.last = true, time.Now(), c
		if v.rec != nil && v.step == journeyChecksStep {
			j.checked = append(j.checked, v.readyAt.Sub(v.pushed))
		}
		j.ready <- v // buffered for every vendor
	}
}

func benchJourney(b *testing.B, backendEnv func(*testing.B) []string, vendors int, rate float64) {
	api := tt.New(b, "")
	for i, f := range journeyPDFFiles {
		data, err := os.ReadFile("../../flows/pdfcheck/testdata/" + f)
		if err != nil {
			b.Fatal(err)
		}
		journeyPDFSize[i] = len(data)
		api.AddFile("jdoc"+strconv.Itoa(i), data, -1)
	}
	j := &journey{vendors: map[string]*jvendor{}, ready: make(chan *jvendor, vendors+1), done: make(chan struct{}),
		warmup: journeyWarmup, stop: journeyWarmup + b.N}
	spread := !*journeyWaves && rate > 0
	if spread {
		j.stop = math.MaxInt // set once every vendor is at its step
	}
	api.OnCall(j.onCall)
	benv := backendEnv(b)
	dataDir := b.TempDir()
	meter := costMeter{}
	if len(benv) == 2 && benv[0] == "LOKET_DATABASE_URL" {
		meter.pgURL = benv[1] // the meter's own connection: pool_max_conns is no server setting
		if *journeyPool > 0 {
			benv = []string{benv[0], benv[1] + "&pool_max_conns=" + strconv.Itoa(*journeyPool)}
		}
	}
	base, stopServe := startJourneyServe(b, append([]string{"LOKET_DATA_DIR", dataDir, "LOKET_TELEGRAM_TOKEN", tt.Token,
		"LOKET_TELEGRAM_API_URL", api.URL, "LOKET_TELEGRAM_SEND_RATE", "10000"}, benv...)...)
	defer stopServe()
	meter.metrics = base + "/metrics"

	next := int64(100_000)
	newVendor := func() *jvendor {
		next++
		v := &jvendor{chat: next, ready: true}
		j.vendors[strconv.FormatInt(v.chat, 10)] = v
		return v
	}
	rng := rand.New(rand.NewPCG(1, 2))
	spreading := 0 // vendors not at their step yet
	j.mu.Lock()
	for range vendors {
		v := newVendor()
		if spread {
			if v.target = rng.IntN(len(journeyScript)); v.target > 0 {
				spreading++
			}
		}
		j.ready <- v
	}
	j.mu.Unlock()
	var parked []*jvendor // at their step, waiting for the others
	// arrived counts a vendor at its step (or gone on its way); after the
	// last, the paced run, its warm-up first, starts with them all. Called
	// with j.mu held: the replies' side reads j.stop.
	arrived := func() {
		if spreading--; spreading > 0 {
			return
		}
		j.warmup, j.stop = j.pushed+journeyWarmup, j.pushed+journeyWarmup+b.N
		// They arrived in the order of their steps' distance (the nearest
		// first) and would keep it: each round of the vendors, one step
		// each, would bring the menus, then the forms, then the PDFs in
		// waves. Shuffled, every moment has the journey's mix.
		rng.Shuffle(len(parked), func(a, c int) { parked[a], parked[c] = parked[c], parked[a] })
		go func(vs []*jvendor) { // the loop below is the channel's one reader
			for _, v := range vs {
				j.ready <- v
			}
		}(parked)
		parked = nil
	}

	const think = time.Second // Telegram's one message a second per chat
	var tick <-chan time.Time
	if rate > 0 {
		t := time.NewTicker(time.Duration(float64(time.Second) / rate))
		defer t.Stop()
		tick = t.C
	}
	b.ReportAllocs()
	var costBefore journeyCost
	var start time.Time
	from := 0           // messages pushed before the measured ones
	measure := func() { // once the warm-up's messages are pushed
		from = j.pushed
		costBefore = meter.read(b)
		b.ResetTimer()
		start = time.Now()
	}
	j.moved = time.Now()
	check := time.NewTicker(time.Second)
	defer check.Stop()
	stalled := func() bool {
		j.mu.Lock()
		defer j.mu.Unlock()
		return time.Since(j.moved) > 30*time.Second
	}
	for j.pushed < j.stop {
		if j.pushed >= j.warmup && start.IsZero() && spreading == 0 {
			measure()
		}
		var v *jvendor
		select {
		case v = <-j.ready:
		case <-check.C:
			if stalled() {
				b.Fatalf("no reply for 30 s after %d of %d messages: %s", j.pushed, b.N, j.stuck())
			}
			continue
		}
		next := 0 // the step v is to push
		if !v.readyAt.IsZero() {
			next = v.step + 1
		}
		if spreading > 0 {
			if next < v.target { // on its way to its step: now, unpaced
				j.mu.Lock()
				v.step = next
				goto push
			}
			parked = append(parked, v) // at its step (or starting at the first): waits for the others
			if v.target > 0 {
				v.target = 0
				j.mu.Lock()
				arrived()
				j.mu.Unlock()
			}
			continue
		}
		if wait := think - time.Since(v.readyAt); !v.readyAt.IsZero() && wait > 0 {
			time.Sleep(wait)
		}
		if tick != nil {
			<-tick
		}
		j.mu.Lock()
		if v.readyAt.IsZero() {
			v.step = 0
		} else if v.step++; v.step == len(journeyScript) {
			v = newVendor()
		}
	push:
		ups := journeyScript[v.step].act(v)
		if len(ups) == 0 { // the button was not there: a new vendor
			if v.target > 0 { // on its way to its step: no longer awaited
				v.target = 0
				arrived()
			}
			v = newVendor()
			ups = journeyScript[0].act(v)
		}
		v.pushed, v.answered, v.ready, v.rec = time.Now(), false, false, nil
		if !start.IsZero() {
			v.rec = &jstepRec{chat: v.chat, pushed: v.pushed, inbound: inboundExternalID(ups[0])}
			j.steps = append(j.steps, v.rec)
		}
		j.waiting++
		j.pushed += len(ups)
		j.mu.Unlock()
		for i, u := range ups {
			if i > 0 && tick != nil && spreading == 0 {
				<-tick // each message its own tick: the four PDFs too
			}
			if id := api.PushUpdate(u); i == 0 && v.rec != nil {
				j.mu.Lock()
				v.rec.update = id
				j.mu.Unlock()
			}
		}
	}
	if start.IsZero() { // the warm-up's last step pushed them all
		measure()
	}
	for waiting := true; waiting; {
		select {
		case <-j.done:
			waiting = false
		case <-check.C:
			if stalled() {
				b.Fatalf("%d steps never answered: %s", j.waiting, j.stuck())
			}
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	measured := j.pushed - from
	meter.report(b, costBefore, meter.read(b), measured)
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.lat) == 0 {
		return // a run too short to measure a step (the first, b.N = 1)
	}
	slices.Sort(j.lat)
	q := func(p float64) float64 { return float64(j.lat[int(p*float64(len(j.lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(measured)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	if len(j.checked) > 0 {
		slices.Sort(j.checked)
		b.ReportMetric(float64(j.checked[len(j.checked)/2].Microseconds())/1000, "docs-p50-ms")
		b.ReportMetric(float64(j.checked[(len(j.checked)-1)*99/100].Microseconds())/1000, "docs-p99-ms")
	}
	stageBreakdown(b, j.steps, api.ServedAt, dataDir, meter.pgURL)
}

// stuck describes a few vendors still waiting, for a stalled run.
func (j *journey) stuck() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []string
	for _, v := range j.vendors {
		if !v.ready && len(out) < 5 {
			out = append(out, fmt.Sprintf("chat %d step %d (want %q, answered %v, last %q)", v.chat, v.step,
				journeyScript[v.step].expect, v.answered, v.last.Params["text"]))
		}
	}
	return strings.Join(out, "; ")
}

// startJourneyServe runs `loket serve` in this process with env (name,
// value pairs) and returns its base URL and its stop.
func startJourneyServe(b *testing.B, extra ...string) (base string, stop func()) {
	m := map[string]string{"LOKET_DATA_DIR": b.TempDir(), "LOKET_HTTP_ADDR": "127.0.0.1:0",
		"LOKET_ADMIN_PASSWORD": "S3cret-pass!", "LOKET_LOG_LEVEL": "error"}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	ctx, cancel := context.WithCancel(context.Background())
	out, errs, done := &syncBuffer{}, &syncBuffer{}, make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, env(m), out, errs) }()
	ready := regexp.MustCompile(`Web chat: (http://[^/\s]+)/chat`)
	for deadline := time.Now().Add(60 * time.Second); !ready.MatchString(out.String()); {
		select {
		case code := <-done:
			b.Fatalf("serve exited with %d: %s", code, errs.String())
		default:
		}
		if time.Now().After(deadline) {
			b.Fatalf("serve did not start: %s", errs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return ready.FindStringSubmatch(out.String())[1], func() { cancel(); <-done }
}
