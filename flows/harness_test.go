package flows

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

// act is one thing the vendor (or the test) does.
type act struct {
	kind  string // text, choose, again, doc, media, contact, blocked, wait, setup
	text  string
	n     int
	d     time.Duration
	doc   loket.DocumentRef
	setup func(tx testTx, ct *loket.Contact) error
}

func say(s string) act         { return act{kind: "text", text: s} }
func choose(n int) act         { return act{kind: "choose", n: n} }
func again() act               { return act{kind: "again"} }
func press(data string) act    { return act{kind: "press", text: data} } // a button's raw data, e.g. forged
func media(kind string) act    { return act{kind: "media", text: kind} }
func share(phone string) act   { return act{kind: "contact", text: phone} }
func wait(d time.Duration) act { return act{kind: "wait", d: d} }
func blocked() act             { return act{kind: "blocked"} }
func file(name, mime string, size int64) act {
	return act{kind: "doc", doc: loket.DocumentRef{FileID: "f-" + name, FileName: name, MimeType: mime, Size: size}}
}
func setup(fn func(tx testTx, ct *loket.Contact) error) act { return act{kind: "setup", setup: fn} }

// journey is a scripted conversation; en overrides acts for English.
type journey struct {
	name  string
	start time.Time
	acts  []act
	en    []act
}

// variant is how a journey is run: Indonesian on WhatsApp (typed
// numbers) and English on Telegram (pressed buttons).
type variant struct {
	lang loket.Lang
	ch   loket.Channel
	hint string
	chat string
}

var variants = []variant{
	{loket.LangID, loket.ChannelWhatsApp, "id", "6281234567890"},
	{loket.LangEN, loket.ChannelTelegram, "en-US", "424242"},
}

// runner plays a journey against a backend and writes a transcript.
type runner struct {
	t       testing.TB
	f       *Flows
	b       backend
	v       variant
	now     time.Time
	buttons [][]loket.Button // of the last reply that had buttons
	pressed loket.Inbound    // the last choice, for again()
	ext     int
	contact int64
	out     strings.Builder
	last    []loket.Reply // the replies of the last turn
}

var wib = time.FixedZone("WIB", 7*3600)

// Monday 5 January 2026, 10:30 WIB: office open.
var mondayMorning = time.Date(2026, 1, 5, 10, 30, 0, 0, wib)

// Friday 9 January 2026, 15:00 WIB: office closed until Monday.
var fridayEvening = time.Date(2026, 1, 9, 15, 0, 0, 0, wib)

func newFlows(t testing.TB) *Flows {
	t.Helper()
	f, err := New(Config{Location: wib}, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return f
}

func (r *runner) play(acts []act) {
	for _, a := range acts {
		r.do(a)
	}
}

func (r *runner) do(a act) {
	r.t.Helper()
	in := loket.Inbound{Channel: r.v.ch, ChatID: r.v.chat, SenderID: r.v.chat, SenderName: "Budi",
		LangHint: r.v.hint, ReceivedAt: r.now}
	switch a.kind {
	case "wait":
		r.now = r.now.Add(a.d)
		fmt.Fprintf(&r.out, "~~ %s later\n", a.d)
		return
	case "setup":
		err := r.b.inTx(context.Background(), func(tx testTx) error {
			ct := &loket.Contact{ID: r.contact}
			return a.setup(tx, ct)
		})
		if err != nil {
			r.t.Fatalf("setup: %v", err)
		}
		fmt.Fprintf(&r.out, "~~ (officer changes tickets)\n")
		return
	case "text":
		in.Kind, in.Text = loket.InText, a.text
		fmt.Fprintf(&r.out, "> %s\n", a.text)
	case "choose":
		if a.n < 1 || a.n > r.flat() {
			r.t.Fatalf("choose %d: only %d buttons offered", a.n, r.flat())
		}
		if r.v.ch == loket.ChannelWhatsApp {
			in.Kind, in.Text = loket.InText, strconv.Itoa(a.n)
			fmt.Fprintf(&r.out, "> %d\n", a.n)
		} else {
			b := r.button(a.n)
			in.Kind, in.Button = loket.InButton, b.Data
			fmt.Fprintf(&r.out, "> [%s]\n", b.Label)
		}
		r.pressed = in
	case "press":
		in.Kind, in.Button = loket.InButton, a.text
		fmt.Fprintf(&r.out, "> (button data %q)\n", a.text)
	case "again":
		in = r.pressed
		fmt.Fprintf(&r.out, "> (again) %s%s\n", in.Text, in.Button)
	case "doc":
		d := a.doc
		in.Kind, in.Document = loket.InDocument, &d
		fmt.Fprintf(&r.out, "> (file %s, %s, %d bytes)\n", d.FileName, d.MimeType, d.Size)
	case "media":
		in.Kind, in.MediaType = loket.InMedia, a.text
		fmt.Fprintf(&r.out, "> (%s)\n", a.text)
	case "contact":
		in.Kind, in.Phone = loket.InContact, a.text
		fmt.Fprintf(&r.out, "> (contact card %s)\n", a.text)
	case "blocked":
		in.Kind = loket.InBlocked
		fmt.Fprintf(&r.out, "> (blocked the bot)\n")
	}
	r.ext++
	in.ExternalID = strconv.Itoa(r.ext)
	var turn *loket.Turn
	err := r.b.turn(context.Background(), r.v.ch, r.v.chat, r.now, func(tx testTx, ct *loket.Contact, cv *loket.Conversation) error {
		turn = &loket.Turn{Inbound: &in, Contact: ct, Conversation: cv, Now: r.now}
		return r.f.Handle(context.Background(), tx, turn)
	})
	if err != nil {
		r.t.Fatalf("turn %q: %v", a.text, err)
	}
	r.contact = turn.Contact.ID
	r.record(turn)
	r.now = r.now.Add(time.Minute)
}

func (r *runner) flat() int {
	n := 0
	for _, row := range r.buttons {
		n += len(row)
	}
	return n
}

func (r *runner) button(n int) loket.Button {
	for _, row := range r.buttons {
		for _, b := range row {
			if n--; n == 0 {
				return b
			}
		}
	}
	return loket.Button{}
}

// record writes the replies and checks the rules every reply keeps.
func (r *runner) record(turn *loket.Turn) {
	r.last = append(r.last, turn.Replies...)
	if turn.TicketID != 0 {
		fmt.Fprintf(&r.out, "   (ticket id %d)\n", turn.TicketID)
	}
	for _, rep := range turn.Replies {
		if strings.TrimSpace(rep.Text) == "" || strings.Contains(rep.Text, "<no value>") {
			r.t.Errorf("bad reply text %q", rep.Text)
		}
		checkButtonWords(r.t, rep.Text, rep.Buttons)
		fmt.Fprintf(&r.out, "< %s\n", strings.ReplaceAll(rep.Text, "\n", "\n  "))
		i := 0
		for _, row := range rep.Buttons {
			for _, b := range row {
				i++
				if len(b.Data) > 64 || b.Data == "" || b.Label == "" {
					r.t.Errorf("bad button %+v", b)
				}
				fmt.Fprintf(&r.out, "    %d. %s  {%s}\n", i, b.Label, b.Data)
			}
		}
		if len(rep.Buttons) > 0 {
			r.buttons = rep.Buttons
		}
	}
}

// dump appends what the journey left in the store.
func (r *runner) dump() {
	ctx := context.Background()
	err := r.b.turn(ctx, r.v.ch, r.v.chat, r.now, func(tx testTx, ct *loket.Contact, _ *loket.Conversation) error {
		fmt.Fprintf(&r.out, "\n== contact: lang=%s vendor=%d unreachable=%v phone=%s\n", ct.Lang, ct.VendorID, ct.Unreachable, ct.Phone)
		if ct.VendorID != 0 {
			v, err := tx.VendorByID(ctx, ct.VendorID)
			if err != nil {
				return err
			}
			fmt.Fprintf(&r.out, "== vendor %d: %s | %s | npwp=%s | user=%s | director=%s | phone=%s\n",
				v.ID, v.Name, v.Form, v.NPWP, v.SPSEUserID, v.DirectorName, v.Phone)
		}
		ts, err := tx.ListTickets(ctx, loket.TicketFilter{ContactID: ct.ID})
		if err != nil {
			return err
		}
		for i := len(ts) - 1; i >= 0; i-- {
			t := ts[i]
			fmt.Fprintf(&r.out, "== ticket %s: type=%s status=%s channel=%s vendor=%d\n   title: %s\n   %s\n",
				t.Ref(), t.Type, t.Status, t.Channel, t.VendorID, t.Title, strings.ReplaceAll(t.Description, "\n", "\n   "))
			acts, err := tx.Activities(ctx, t.ID)
			if err != nil {
				return err
			}
			for _, a := range acts {
				fmt.Fprintf(&r.out, "   - %s/%s: %s %s\n", a.Kind, a.Actor, a.Body, canonicalJSON(a.Meta))
			}
		}
		return nil
	})
	if err != nil {
		r.t.Fatalf("dump: %v", err)
	}
}

// golden compares (or with -update rewrites) testdata/<name>.golden.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if string(want) != got {
		t.Errorf("transcript %s differs from %s (run with -update after checking):\n%s", name, path, firstDiff(string(want), got))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant: %s\ngot:  %s", i+1, a, b)
		}
	}
	return ""
}

// canonicalJSON re-encodes a JSON document with sorted keys and no spaces,
// as PostgreSQL's jsonb hands it back in its own layout.
func canonicalJSON(b []byte) string {
	var v any
	if len(b) == 0 || json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return string(b)
	}
	return string(out)
}

// buttonWords are the phrases a reply uses to point at its own buttons
// (on WhatsApp, its numbered options), in both languages.
var buttonWords = []string{
	"tombol di bawah", "pilih tombol", "tekan tombol", "dengan tombol", "pilihan di bawah", "balas dengan nomor",
	"pilih salah satu", "button below", "press the button", "with a button", "options below", "reply with its number",
	"reply with a number", "reply with a menu number", "pick one,", "pick one:", "choose one,", "choose one:",
	"choose from the menu",
}

// checkButtonWords fails a reply that tells the vendor to choose a
// button (or a numbered option) when it carries none: buttons ride on
// the message that mentions them (CONVERSATIONS.md, principle 6).
func checkButtonWords(t testing.TB, text string, buttons [][]loket.Button) {
	t.Helper()
	if len(buttons) > 0 {
		return
	}
	low := strings.ToLower(text)
	for _, w := range buttonWords {
		if strings.Contains(low, w) {
			t.Errorf("reply mentions buttons (%q) but carries none: %q", w, text)
			return
		}
	}
}
