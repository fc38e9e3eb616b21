package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/testkit"
)

// chatStep returns a step of a web chat browser test: it runs the actions
// and, should one fail, fails the test with the chat's log as the page
// shows it.
func chatStep(t *testing.T, ctx, bctx context.Context) func(name string, a ...chromedp.Action[chromedp.Void]) {
	return func(name string, a ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a...); err != nil {
			dctx, cancel := context.WithTimeout(bctx, 5*time.Second)
			defer cancel()
			html, _ := chromedp.Run(dctx, chromedp.OuterHTML(chromedp.CSS(`#log`)))
			t.Fatalf("%s: %v\n%s", name, err, html)
		}
	}
}

// TestBrowserWebChat drives Debian's headless Chromium against a running
// `loket serve`: open the chat, type "menu", press the office-hours
// button, read the answer. With LOKET_CHAT_SCREENSHOT set, a screenshot
// is saved there (the README's picture).
func TestBrowserWebChat(t *testing.T) {
	ctx, bctx := testkit.Browser(t, 420, 860, 60*time.Second)
	sv := startServe(t)

	step := chatStep(t, ctx, bctx)
	step("open the chat", chromedp.Navigate(sv.base+"/chat?lang=id"), chromedp.WaitVisible(chromedp.CSS(`#text`)))
	step("type menu", chromedp.SendKeys(chromedp.CSS(`#text`), "menu"), chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)))
	step("press the office-hours button",
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"buttons")]//button[contains(., "Jam layanan")]`)),
		chromedp.Click(chromedp.Search(`//div[contains(@class,"buttons")]//button[contains(., "Jam layanan")]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"msg bot") and contains(., "Graha Tiyasa")]`)),
	)
	log, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#log`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"menu", "10.00", "Jalan Pajajaran"} {
		if !strings.Contains(log, want) {
			t.Errorf("chat log lacks %q:\n%s", want, log)
		}
	}
	if p := os.Getenv("LOKET_CHAT_SCREENSHOT"); p != "" {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err == nil {
			err = os.WriteFile(p, shot, 0o644)
		}
		if err != nil {
			t.Errorf("screenshot: %v", err)
		}
	}
}

// TestBrowserUploadRefusalFollowsConversation: a vendor on the
// Indonesian page who switched to English in the chat and then picks a
// file over 4 MB and a photo gets both refusals in English (they were
// written in the page's language by the page itself); the file over the
// limit is not sent, only its size.
func TestBrowserUploadRefusalFollowsConversation(t *testing.T) {
	ctx, bctx := testkit.Browser(t, 420, 860, 60*time.Second)
	sv := startServe(t)
	dir := t.TempDir()
	big, photo := filepath.Join(dir, "akta-scan.pdf"), filepath.Join(dir, "ktp.jpg")
	if err := os.WriteFile(big, append([]byte("%PDF-1.4\n"), make([]byte, 5<<20)...), 0o644); err != nil {
		t.Fatal(err)
	}
	jpg, err := os.ReadFile(filepath.Join("..", "..", "flows", "pdfcheck", "testdata", "photo.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, jpg, 0o644); err != nil {
		t.Fatal(err)
	}
	step := chatStep(t, ctx, bctx)
	step("open the Indonesian page", chromedp.Navigate(sv.base+"/chat?lang=id"), chromedp.WaitVisible(chromedp.CSS(`#text`)))
	step("switch to English in the chat", chromedp.SendKeys(chromedp.CSS(`#text`), "english please"),
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"msg bot") and contains(., "continue in English")]`)))
	step("pick a file over 4 MB", chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{big}, chromedp.NodeReady),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"msg bot") and contains(., "larger than 4 MB")]`)))
	step("pick a photo", chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{photo}, chromedp.NodeReady),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"msg bot") and contains(., "Only PDF files")]`)))
	log, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#log`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, no := range []string{"Berkas lebih dari", "Hanya berkas PDF"} {
		if strings.Contains(log, no) {
			t.Errorf("an Indonesian refusal after the switch to English (%q):\n%s", no, log)
		}
	}
	// Several files at once: the refusal names its file and stands right
	// under it, not after the other files' receipts (it read as if the
	// PDF sent beside it had been refused).
	pdf, err := filepath.Abs(filepath.Join("..", "..", "flows", "pdfcheck", "testdata", "gs_text.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	step("pick a PDF and a photo together", chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{pdf, photo}, chromedp.NodeReady),
		chromedp.WaitVisible(chromedp.Search(`//div[contains(@class,"msg bot") and contains(., "gs_text.pdf")]`)),
		chromedp.WaitVisible(chromedp.Search(`(//div[contains(@class,"msg me") and contains(., "ktp.jpg")])[last()]`+
			`/following-sibling::div[1][contains(@class,"msg bot") and contains(., '"ktp.jpg": Only PDF files')]`)))
}
