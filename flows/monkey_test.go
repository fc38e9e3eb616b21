package flows

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// The monkey vendor: seeded random walks over everything a vendor can
// do — buttons (current, stale, forged), typed numbers and labels,
// global words, questions, small talk, data good and bad, documents
// (valid, invalid, several at once), media, language switches and long
// pauses — through the real flows on the embedded store, with the due
// document jobs run after every act, and invariants checked after every
// step. CI runs a fixed budget; run longer with
//
//	go test ./flows/ -run TestMonkeyVendor -monkey.walks 2000 -monkey.steps 60
var (
	monkeyWalks = flag.Int("monkey.walks", 16, "random walks of the monkey-vendor test")
	monkeySteps = flag.Int("monkey.steps", 30, "acts per monkey walk")
	monkeySeed  = flag.Uint64("monkey.seed", 1, "seed of the first monkey walk (walk i uses seed+i)")
)

func TestMonkeyVendor(t *testing.T) {
	f := newFlows(t)
	for i := range *monkeyWalks {
		seed := *monkeySeed + uint64(i)
		v := variants[int(seed)%len(variants)]
		t.Run("seed="+strconv.FormatUint(seed, 10), func(t *testing.T) {
			m := &monkey{rnd: rand.New(rand.NewPCG(seed, seed*7919)), r: newDocRunner(t, f, v, mondayMorning)}
			m.walk(*monkeySteps)
			if t.Failed() {
				t.Logf("transcript of seed %d (reproduce with -monkey.seed %d -monkey.walks 1):\n%s", seed, seed, m.r.out.String())
			}
		})
	}
}

// monkey is one random walk and what it must remember to check the
// invariants.
type monkey struct {
	rnd     *rand.Rand
	r       *docRunner
	old     [][][]loket.Button // buttons of earlier messages
	files   int
	mustSee []string // file names sent by the last act
}

var monkeyWords = []string{"menu", "batal", "cancel", "bantuan", "help", "status", "bahasa", "language", "english",
	"bahasa indonesia", "/start", "jadwal", "survei", "nanti", "ya", "tidak", "yes", "no", "lanjut", "daring",
	"tatap muka", "online", "ubah data", "ganti nama", "ktp", "npwp", "lewati", "Senin", "10.40", "besok",
	"gak jadi vc, mau datang langsung aja", "can I come in person instead?", "terus gimana dong?",
	"sudah dicoba tetap gak bisa", "yang pertama ktp, kedua npwp", "batalkan permohonan", "cancel my application",
	"perlu siapin apa?", "nanti bawa apa aja?", "pakai nomor kantor boleh?", "saya lupa npwp nya", "cuma punya nik",
	"nggak bisa minggu ini", "bulan depan aja", "this one", "I'm a freelancer", "do I need a company?"}

var monkeyData = []string{"CV Maju Jaya", "PT Sinar Terang", "Siti Rahma", "Budi Santoso", "01.234.567.8-901.000",
	"02.345.678.9-012.000", "3201234567890123", "info@majujaya.co.id", "MAJUJAYA", "0812-3456-7890",
	"+62 813 1111 2222", "0251-8325943", "08123", "12345", "01.234.567.8-9O1.000", "info@majujaya", "x",
	"SG-2019-88123", "Tolong bantu, saya tidak bisa login ke SPSE sejak kemarin.", "Rahasia#2024",
	"halo", "terima kasih", "ok", "👍", "?", "asdf qwerty"}

var monkeyFixtures = []string{"gs_text.pdf", "qpdf_pdf20.pdf", "img2pdf_scan.pdf", "qpdf_linearized.pdf",
	"leading_junk.pdf", "qpdf_objstreams.pdf", "truncated_half.pdf", "zero_pages.pdf", "photo.jpg",
	"pdfcpu_user_password.pdf", "gs_52_pages.pdf"}

var monkeyNames = []string{"ktp", "npwp", "akta", "nib", "scan", "dokumen", "izin-usaha", "lampiran"}

// walk plays n random acts and checks the invariants after each.
func (m *monkey) walk(n int) {
	for range n {
		if m.r.t.Failed() {
			return
		}
		before := m.snapshot()
		a, kind := m.next()
		m.mustSee = nil
		if a.batch != nil {
			for _, b := range a.batch {
				m.mustSee = append(m.mustSee, b.doc.FileName)
			}
		} else if a.kind == "doc" {
			m.mustSee = []string{a.doc.FileName}
		}
		if len(m.r.buttons) > 0 {
			m.old = append(m.old, m.r.buttons)
		}
		m.r.last = nil
		m.r.play([]dact{a})
		m.check(kind, a, before)
	}
}

// next picks a random act; kind names it for the invariants.
func (m *monkey) next() (dact, string) {
	rnd := m.rnd
	flat := m.r.flat()
	switch p := rnd.IntN(100); {
	case p < 28 && flat > 0:
		return dact{act: choose(1 + rnd.IntN(flat))}, "button"
	case p < 34 && len(m.old) > 0:
		rows := m.old[rnd.IntN(len(m.old))]
		var bs []loket.Button
		for _, row := range rows {
			bs = append(bs, row...)
		}
		return dact{act: press(bs[rnd.IntN(len(bs))].Data)}, "old button"
	case p < 36:
		return dact{act: press([]string{"zz|bogus", "garbage", "0|x.cancel.yes", "1|dr.99.ktp"}[rnd.IntN(4)])}, "forged"
	case p < 40:
		return dact{act: say(strconv.Itoa(1 + rnd.IntN(12)))}, "number"
	case p < 44 && flat > 0:
		b := m.r.button(1 + rnd.IntN(flat))
		return dact{act: say(typo(rnd, b.Label))}, "label"
	case p < 56:
		return dact{act: say(monkeyWords[rnd.IntN(len(monkeyWords))])}, "word"
	case p < 66:
		return dact{act: say(phrasedQuestions[rnd.IntN(len(phrasedQuestions))].q)}, "question"
	case p < 80:
		return dact{act: say(monkeyData[rnd.IntN(len(monkeyData))])}, "data"
	case p < 88:
		if rnd.IntN(3) == 0 {
			var b []act
			for range 2 + rnd.IntN(3) {
				b = append(b, m.file())
			}
			return dact{batch: b}, "files"
		}
		return dact{act: m.file()}, "file"
	case p < 92:
		return dact{act: media([]string{"photo", "voice", "sticker", "location", "video"}[rnd.IntN(5)])}, "media"
	case p < 94:
		return dact{act: share("+62 812-3456-7890")}, "contact"
	case p < 96:
		d := []time.Duration{time.Minute, time.Hour, 25 * time.Hour}[rnd.IntN(3)]
		return dact{act: wait(d)}, "wait"
	}
	return dact{act: say([]string{"menu", "status"}[rnd.IntN(2)])}, "word"
}

// file is a random document: a fixture under a name, or a file refused
// from what the platform declares.
func (m *monkey) file() act {
	m.files++
	name := fmt.Sprintf("%s-%d.pdf", monkeyNames[m.rnd.IntN(len(monkeyNames))], m.files)
	switch m.rnd.IntN(8) {
	case 0:
		return file(strings.TrimSuffix(name, ".pdf")+".jpg", "image/jpeg", 90_000)
	case 1:
		return file(name, "application/pdf", 5<<20)
	}
	return pdf(name, monkeyFixtures[m.rnd.IntN(len(monkeyFixtures))])
}

// typo sometimes changes one letter of a label, as thumbs do.
func typo(rnd *rand.Rand, s string) string {
	r := []rune(strings.ToLower(s))
	if len(r) < 6 || rnd.IntN(2) == 0 {
		return string(r)
	}
	i := 1 + rnd.IntN(len(r)-2)
	return string(r[:i]) + string(r[i+1:])
}

// snap is what the invariants compare before and after an act.
type snap struct {
	st        *state
	tickets   int
	cancelled int // tickets cancelled
	vendors   map[int64]loket.Vendor
}

func (m *monkey) snapshot() snap {
	s := snap{st: &state{}, vendors: map[int64]loket.Vendor{}}
	err := m.r.be.s.InTx(bg, func(tx storetest.Tx) error {
		cv, err := tx.ConversationForUpdate(bg, m.r.v.ch, m.r.v.chat, m.r.now)
		if err != nil {
			return err
		}
		if s.st, err = decodeState(cv.State); err != nil {
			return err
		}
		ts, err := tx.ListTickets(bg, loket.TicketFilter{Limit: 200})
		if err != nil {
			return err
		}
		s.tickets = len(ts)
		for _, t := range ts {
			if t.Status == loket.StatusCancelled {
				s.cancelled++
			}
			if t.VendorID != 0 {
				v, err := tx.VendorByID(bg, t.VendorID)
				if err != nil {
					return err
				}
				s.vendors[v.ID] = *v
			}
		}
		return nil
	})
	if err != nil {
		m.r.t.Fatalf("snapshot: %v", err)
	}
	return s
}

// said is everything the vendor was told by the last act and its jobs.
func (m *monkey) said() string {
	var b strings.Builder
	for _, r := range m.r.last {
		b.WriteString(r.Text + "\n")
	}
	for _, l := range m.r.jobOut {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

// check asserts the invariants after one act.
func (m *monkey) check(kind string, a dact, before snap) {
	t := m.r.t
	t.Helper()
	after := m.snapshot()
	said := m.said()
	fail := func(format string, args ...any) {
		t.Errorf("after %s %q: "+format, append([]any{kind, describe(a)}, args...)...)
	}
	// A reply always comes (a message typed to the officers inside a
	// ticket is acknowledged once per visit, not every time).
	typed := a.kind == "text" || a.kind == "choose" && m.r.v.ch == loket.ChannelWhatsApp
	quietTicket := before.st.Step == stepTicket && before.st.Acked && typed
	if strings.TrimSpace(said) == "" && kind != "wait" && !quietTicket {
		fail("no reply")
	}
	// menu and status always work.
	if a.kind == "text" && (a.text == "menu" || a.text == "status") {
		menu := strings.Contains(said, m.r.f.mustText(m.lang(), "menu")) ||
			strings.Contains(said, strings.SplitN(m.r.f.mustText(m.lang(), "welcome"), "\n", 2)[1])
		if !menu && a.text == "menu" ||
			a.text == "status" && !m.looksLikeStatus(said) {
			fail("%q did not work: %q", a.text, said)
		}
	}
	// No registration answer is lost, except after a confirmed cancel
	// or when the answers became a ticket; an answer changes only at its
	// own question, or at the summary to a value typed there.
	// cancelled, or started over on request ("ulang dari awal"), said so
	cancelled := strings.Contains(said, m.r.f.mustText(m.lang(), "cancel.intake")) ||
		strings.Contains(said, m.r.f.mustText(m.lang(), "in.restart"))
	registered := after.tickets > before.tickets && before.st.In != nil && after.st.In == nil
	if b, a2 := before.st.In, after.st.In; b.answers() > 0 && !cancelled && !registered && a2 == nil {
		fail("registration answers lost (step %s)", before.st.Step)
	} else if b != nil && !cancelled && !registered {
		for _, fld := range []struct {
			step      string
			old, new_ string
		}{
			{stepForm, string(b.Form), string(a2.Form)}, {stepName, b.Name, a2.Name},
			{stepNPWP, b.NPWP + b.TaxID, a2.NPWP + a2.TaxID}, {stepUser, b.User, a2.User},
			{stepDirector, b.Director, a2.Director}, {stepPhone, b.Phone, a2.Phone},
		} {
			// A correction typed later, at another question or the summary,
			// replaces the answer of its shape ("the new whatsapp number is
			// 0813 …", a bare e-mail at the summary), said so.
			digits := func(s string) string {
				return strings.Map(func(r rune) rune {
					if r >= '0' && r <= '9' {
						return r
					}
					return -1
				}, s)
			}
			typed := strings.Contains(a.text, fld.new_) ||
				digits(fld.new_) != "" && digits(a.text) != "" &&
					strings.HasSuffix(digits(fld.new_), strings.TrimPrefix(digits(a.text), "0"))
			told := strings.Contains(said, fld.new_) || digits(fld.new_) != "" && strings.Contains(digits(said), digits(fld.new_))
			typedAtSummary := a.kind == "text" && fld.new_ != "" && typed && told
			if fld.old != "" && fld.new_ != fld.old && (fld.new_ == "" || before.st.Step != fld.step) && !typedAtSummary {
				fail("answer at %s changed from %q to %q at step %s", fld.step, fld.old, fld.new_, before.st.Step)
			}
		}
	}
	// A ticket is cancelled only by a yes to the question that named it,
	// and the vendor is told.
	told := map[loket.Lang]string{loket.LangID: "sudah dibatalkan", loket.LangEN: "is cancelled"}[m.lang()]
	if after.cancelled > before.cancelled && (before.st.Drop == 0 || !strings.Contains(said, told)) {
		fail("a ticket was cancelled (asked: %v); told %q", before.st.Drop != 0, said)
	}
	// Every file gets an outcome the vendor is told.
	for _, name := range m.mustSee {
		if !strings.Contains(said, cleanFileName(name)) {
			fail("file %s got no outcome; told %q", name, said)
		}
	}
	// No stored name or director is small talk or a question.
	for _, v := range after.vendors {
		for _, s := range []string{v.Name, v.DirectorName} {
			if smallTalk(s) != talkNone || isQuestion(s) {
				fail("vendor %d stores %q", v.ID, s)
			}
		}
	}
	if in := after.st.In; in != nil {
		for _, s := range []string{in.Name, in.Director} {
			if s != "" && (smallTalk(s) != talkNone || isQuestion(s)) {
				fail("registration answer %q is talk", s)
			}
		}
	}
	// A stale button changes nothing but what was offered (and answered).
	if kind == "old button" || kind == "forged" {
		if stale := m.staleAgainst(a.text, before.st); stale {
			x, y := *before.st, *after.st
			if x.Step == "" {
				x.Step = stepMenu // the very first message: the conversation starts at the menu
			}
			x.Nonce, x.Offer, x.Last, x.Misses, y.Nonce, y.Offer, y.Last, y.Misses = 0, nil, time.Time{}, 0, 0, nil, time.Time{}, 0
			x.Ans, y.Ans = "", "" // what the last reply answered, like what it offered
			if m.r.now.Sub(before.st.Last) >= m.r.f.cfg.IdleAfter {
				x.FormHint, y.FormHint = "", "" // a form asked about a day ago is forgotten on any message
			}
			if x.Step == stepTicket && y.Step == stepDocWhich && y.Back == stepTicket {
				// the ticket's pending question asked again after "that button
				// is old": which document a file sent earlier is (its prompt)
				y.Step, y.Back, y.Docs = x.Step, x.Back, x.Docs
			}
			bx, _ := x.encode()
			by, _ := y.encode()
			if string(bx) != string(by) || after.tickets != before.tickets {
				fail("a stale button changed the state:\n%s\n%s", bx, by)
			}
		}
	}
}

// staleAgainst reports whether button data was stale for a state (see
// conv.parse).
func (m *monkey) staleAgainst(data string, st *state) bool {
	nonce, action, ok := strings.Cut(data, "|")
	n, err := strconv.ParseInt(nonce, 36, 64)
	return !ok || err != nil || action == "" || n != st.Nonce && !safeAction(action) && !stillOffered(action, st.Offer)
}

func (m *monkey) lang() loket.Lang {
	var l loket.Lang
	_ = m.r.be.s.InTx(bg, func(tx storetest.Tx) error {
		ct, err := tx.ContactByAddress(bg, m.r.v.ch, m.r.v.chat)
		if err == nil {
			l = ct.Lang
		}
		return nil
	})
	if l == "" {
		return loket.LangID
	}
	return l
}

// looksLikeStatus reports a status answer in either language.
func (m *monkey) looksLikeStatus(said string) bool {
	for _, l := range langs {
		for _, key := range []string{"status.none", "status.none_step", "status.none_intake"} {
			if strings.Contains(said, m.r.f.mustText(l, key)) {
				return true
			}
		}
		if strings.Contains(said, "#10") {
			return true
		}
	}
	return false
}

func describe(a dact) string {
	switch {
	case a.batch != nil:
		var ns []string
		for _, b := range a.batch {
			ns = append(ns, b.doc.FileName)
		}
		return "files " + strings.Join(ns, ", ")
	case a.kind == "doc":
		return "file " + a.doc.FileName
	case a.kind == "choose":
		return "choice " + strconv.Itoa(a.n)
	case a.kind == "wait":
		return a.d.String()
	}
	return a.kind + " " + a.text
}

// mustText renders a text without data (for matching replies).
func (f *Flows) mustText(l loket.Lang, key string) string {
	s, err := f.texts.render(l, key, sampleView(f.latest().office))
	if err != nil {
		panic(err)
	}
	return s
}
