package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserWebChat drives Debian's headless Chromium against a running
// `loket serve`: open the chat, type "menu", press the office-hours
// button, read the answer. With LOKET_CHAT_SCREENSHOT set, a screenshot
// is saved there (the README's picture).
func TestBrowserWebChat(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := os.Getenv("LOKET_CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(bin); err != nil {
		t.Skip("Chromium not found (apt-get install -y chromium, or set LOKET_CHROMIUM): skipping the browser test")
	}
	sv := startServe(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.WindowSize(420, 860))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()

	step := func(name string, a ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a...); err != nil {
			dctx, cancel := context.WithTimeout(bctx, 5*time.Second)
			defer cancel()
			html, _ := chromedp.Run(dctx, chromedp.OuterHTML(chromedp.CSS(`#log`)))
			t.Fatalf("%s: %v\n%s", name, err, html)
		}
	}
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
