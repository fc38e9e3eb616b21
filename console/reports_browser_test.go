package console

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/testkit"
	"loket/store/storetest"
)

// TestBrowserReports opens /reports as a supervisor in a real Chromium at
// a phone-ish width and checks the charts render with their titles. With
// LOKET_REPORTS_SCREENSHOT set, a full-page screenshot is saved there.
func TestBrowserReports(t *testing.T) {
	ctx, _ := testkit.Browser(t, 900, 1000, 60*time.Second)
	e := newEnv(t)
	e.tx(func(tx storetest.Tx) error { seedReports(t, context.Background(), tx); return nil })
	err := chromedp.Do(ctx,
		loginSteps(e.srv.URL+"/login", "supervisor", `header.top nav`),
		chromedp.Navigate(e.srv.URL+"/reports?from=2026-03-02&to=2026-03-10"),
		chromedp.WaitVisible(chromedp.CSS(`#workload svg`)),
	)
	if err != nil {
		t.Fatalf("open reports: %v", err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("section.report svg[role=img] title").length`))
	if err != nil {
		t.Fatal(err)
	}
	if n < 7 {
		t.Errorf("%d charts with a title; want 7", n)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#verify`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "median 36.0 h") {
		t.Errorf("verify report text %q", text)
	}
	if p := os.Getenv("LOKET_REPORTS_SCREENSHOT"); p != "" {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Errorf("save screenshot: %v", err)
		}
	}
}
