package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loket/internal/testkit"

	"github.com/chromedp/chromedp"
)

// TestConsoleJourneyInBrowser runs the whole binary and drives Debian's
// headless Chromium as an agent while a web-chat vendor talks to the bot
// over plain HTTP: the agent keeps the inbox open, the vendor's new
// ticket appears in it live, the agent opens it and replies, the vendor
// receives the reply, the agent adds an internal note the vendor never
// receives, and closes the ticket. With LOKET_CONSOLE_SCREENSHOTS=<dir>
// the inbox and ticket page are saved there (console-*.png; the phone
// views come from console.TestBrowserPagesOnPhone).
func TestConsoleJourneyInBrowser(t *testing.T) {
	b := newBrowser(t)
	sv := startServe(t)
	b.step("log in and keep the inbox open",
		chromedp.Navigate(sv.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "admin"),
		chromedp.SendKeys(chromedp.CSS(`#password`), sv.env["LOKET_ADMIN_PASSWORD"]),
		chromedp.Click(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`#tickets`)),
	)

	const question = "Saya ingin menanyakan jadwal pelatihan SPSE untuk penyedia baru."
	v := newVendor(t, sv.base)
	v.send(map[string]string{"text": "halo"})
	v.press("m.officer") // "Bicara dengan petugas"
	v.press("req.other") // "Lainnya"
	v.send(map[string]string{"text": question})
	v.waitOut("#1001")

	b.step("the new ticket appears in the open inbox without a reload",
		chromedp.WaitVisible(chromedp.CSS(`#tickets a[href="/tickets/1001"]`)))
	b.shot("console-inbox.png")

	const reply = "Halo, jadwal pelatihan berikutnya hari Kamis pukul 10.00 WIB."
	const note = "Internal: cek kuota kelas Kamis dengan bagian diklat."
	b.step("open the ticket",
		chromedp.Click(chromedp.CSS(`#tickets a[href="/tickets/1001"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#reply-text`)),
		chromedp.WaitVisible(chromedp.Search(`//ol[@id="timeline"]//div[contains(., "jadwal pelatihan SPSE")]`)),
	)
	b.step("reply to the vendor",
		chromedp.SendKeys(chromedp.CSS(`#reply-text`), reply),
		chromedp.Click(chromedp.CSS(`#send-reply`)),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(@class,"ok") and contains(., "balasan terkirim")]`)), // the console speaks Indonesian
	)
	replyAt := v.waitOut(reply)
	b.step("the reply's delivery turns to sent on the open page",
		chromedp.WaitVisible(chromedp.Search(`//li[contains(@class,"k-message_out") and contains(., "pukul 10.00")]//span[contains(@class,"d-sent")]`)))
	b.step("add an internal note",
		chromedp.SendKeys(chromedp.CSS(`#note-text`), note),
		chromedp.Click(chromedp.CSS(`form.note button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//li[contains(@class,"k-note") and contains(., "kuota kelas")]`)),
	)
	b.shot("console-ticket.png")
	b.step("close the ticket",
		chromedp.Click(chromedp.Search(`//form[input[@name="status" and @value="closed"]]/button`)),
		chromedp.WaitVisible(chromedp.CSS(`.head .badge.s-closed`)),
	)
	// The status message is queued after the note was written, and a
	// chat's messages go out in order: once it has arrived, the note would
	// have arrived too, had it been sent.
	v.waitOutAfter(replyAt)
	if h := v.history(); strings.Contains(h.all(), "kuota kelas") {
		t.Fatalf("the vendor received the internal note:\n%s", h.all())
	}

}

// browser is one headless Chromium tab.
type browser struct {
	t         *testing.T
	ctx, bctx context.Context
}

func newBrowser(t *testing.T) *browser {
	ctx, bctx := testkit.Browser(t, 1280, 900, 120*time.Second)
	return &browser{t: t, ctx: ctx, bctx: bctx}
}

// step runs actions and fails the test with the page's HTML when one fails.
func (b *browser) step(name string, a ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, a...); err != nil {
		dctx, cancel := context.WithTimeout(b.bctx, 5*time.Second)
		defer cancel()
		html, _ := chromedp.Run(dctx, chromedp.OuterHTML(chromedp.CSS(`main`)))
		b.t.Fatalf("%s: %v\n%s", name, err, html)
	}
}

// shot saves a full-page PNG in $LOKET_CONSOLE_SCREENSHOTS, when set.
func (b *browser) shot(name string) {
	b.t.Helper()
	dir := os.Getenv("LOKET_CONSOLE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
	}
}

// vendor is a web-chat visitor using plain HTTP, as the chat page does.
type vendor struct {
	t    *testing.T
	base string
	http *http.Client
	n    int
}

func newVendor(t *testing.T, base string) *vendor {
	jar, _ := cookiejar.New(nil)
	v := &vendor{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
	res, err := v.http.Get(base + "/chat?lang=id")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /chat: %v %v", err, res)
	}
	res.Body.Close()
	return v
}

// send posts a message ({"text"} or {"button"}) with a fresh id.
func (v *vendor) send(msg map[string]string) {
	v.t.Helper()
	v.n++
	msg["id"], msg["lang"] = fmt.Sprintf("m%d", v.n), "id"
	body, _ := json.Marshal(msg)
	res, err := v.http.Post(v.base+"/chat/send", "application/json", strings.NewReader(string(body)))
	if err != nil || res.StatusCode != http.StatusAccepted {
		v.t.Fatalf("send %s: %v %v", body, err, res)
	}
	res.Body.Close()
}

type chatLine struct {
	In      int64  `json:"in"`
	Out     int64  `json:"out"`
	Text    string `json:"text"`
	Buttons [][]struct {
		Label, Data string
	} `json:"buttons"`
}

type chatHistory struct {
	Lines []chatLine `json:"lines"`
}

func (h chatHistory) all() string {
	var b strings.Builder
	for _, l := range h.Lines {
		fmt.Fprintf(&b, "in=%d out=%d %s\n", l.In, l.Out, l.Text)
	}
	return b.String()
}

func (v *vendor) history() chatHistory {
	v.t.Helper()
	var h chatHistory
	res, err := v.http.Get(v.base + "/chat/history")
	if err != nil {
		v.t.Fatalf("history: %v", err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&h); err != nil {
		v.t.Fatalf("history: %v", err)
	}
	return h
}

// press waits for a bot message offering the button with that action and presses it.
func (v *vendor) press(action string) {
	v.t.Helper()
	var data string
	waitFor(v.t, "a button "+action, func() bool {
		for _, l := range v.history().Lines {
			for _, row := range l.Buttons {
				for _, btn := range row {
					if strings.HasSuffix(btn.Data, "|"+action) {
						data = btn.Data
					}
				}
			}
		}
		return data != ""
	})
	v.send(map[string]string{"button": data})
}

// waitOut waits until a message to the vendor contains text and returns its id.
func (v *vendor) waitOut(text string) int64 {
	v.t.Helper()
	var id int64
	waitFor(v.t, "a message to the vendor containing "+text, func() bool {
		for _, l := range v.history().Lines {
			if l.Out > 0 && strings.Contains(l.Text, text) {
				id = l.Out
			}
		}
		return id != 0
	})
	return id
}

// waitOutAfter waits for any message to the vendor newer than id.
func (v *vendor) waitOutAfter(id int64) {
	v.t.Helper()
	waitFor(v.t, "a message to the vendor after the reply", func() bool {
		for _, l := range v.history().Lines {
			if l.Out > id {
				return true
			}
		}
		return false
	})
}
