package console

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket"
	"loket/internal/testkit"
	"loket/store/storetest"
)

// phoneCheck lists what makes a page hard to use on a phone: a page that
// scrolls sideways, controls sticking out of the screen, and buttons,
// fields and menu links shorter than a thumb (40 CSS px).
const phoneCheck = `(() => {
  const vw = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > vw) out.push("page is " + document.documentElement.scrollWidth + "px wide on a " + vw + "px screen");
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "") + " " + JSON.stringify((el.innerText || el.value || el.placeholder || "").trim().slice(0, 30));
  const controls = "button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, nav a";
  for (const el of document.querySelectorAll(controls)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.height < 40) out.push(name(el) + " is " + Math.round(r.height) + "px tall");
    if (r.right > vw + 1 || r.left < -1) out.push(name(el) + " sticks out of the screen");
  }
  return out;
})()`

// TestBrowserPagesOnPhone opens every console page as an admin in a real
// Chromium at 390×844 (a common phone) and fails on sideways scrolling
// and on controls too small to tap. With LOKET_CONSOLE_SCREENSHOTS set,
// the phone views of the inbox and ticket are saved there.
func TestBrowserPagesOnPhone(t *testing.T) {
	ctx, _ := testkit.Browser(t, 390, 844, 90*time.Second)
	e := newEnv(t)
	e.seedMore()
	e.seedBusyTicket()
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		loginSteps(e.srv.URL+"/login", "admin", `#tickets`),
	)
	if err != nil {
		t.Fatalf("log in: %v", err)
	}
	pages := []struct{ path, ready, shot string }{
		{"/", `#tickets`, "console-inbox-phone.png"},
		{e.ref(), `#reply-text`, "console-ticket-phone.png"},
		{"/account", `#tokens`, ""},
		{"/calendar", `main`, ""},
		{"/reports", `main`, ""},
		{"/admin/agents", `main`, ""},
		{"/admin/hours", `main`, ""},
		{"/admin/booking", `main`, ""},
		{"/admin/survey", `main`, ""},
		{"/admin/audit", `main`, ""},
	}
	for _, p := range pages {
		err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		if err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](phoneCheck))
		if err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		for _, pr := range problems {
			t.Errorf("%s on a phone: %s", p.path, pr)
		}
		if dir := os.Getenv("LOKET_CONSOLE_SCREENSHOTS"); dir != "" && p.shot != "" {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, p.shot), png, 0o644)
			}
			if err != nil {
				t.Errorf("screenshot %s: %v", p.shot, err)
			}
		}
	}
}

// seedBusyTicket gives the test ticket what makes a ticket page crowded:
// a long unbroken vendor message, a failed reply (with its Retry button),
// a note, a document to review, and an API token on the admin's account.
func (e *env) seedBusyTicket() {
	ctx := context.Background()
	e.tx(func(tx storetest.Tx) error {
		long := "Mohon dicek https://spse.inaproc.id/bogorkota/eproc4/lelang/" + strings.Repeat("x", 120) + " terima kasih"
		if err := tx.AddActivity(ctx, &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: long, CreatedAt: e.clock.Now()}); err != nil {
			return err
		}
		return tx.AddDocument(ctx, &loket.Document{TicketID: e.ticket.ID, Requirement: "npwp_company", FileName: "npwp_perusahaan_cv_maju_jaya_2026_scan_ulang.pdf",
			SHA256: strings.Repeat("e", 64), Size: 1234, Pages: 1, CreatedAt: e.clock.Now()})
	})
	c := e.login(loket.RoleAdmin)
	c.postForm(e.ref()+"/reply", url.Values{"text": {"Baik, kami cek."}})
	_, out := e.lastOut()
	if err := e.store.OutboundFailed(ctx, out.ID, 0, "telegram: 403 Forbidden: bot was blocked by the user", e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
	c.postForm(e.ref()+"/note", url.Values{"text": {"Vendor blocked the bot; call them."}})
	c.newToken("laporan mingguan")
}

// desktopCheck lists what looks broken on a desktop screen: a control or
// group of fields sticking out past the right edge of its card, and a
// checkbox set above its own words instead of beside them.
const desktopCheck = `(() => {
  const out = [], vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw) out.push("page is " + document.documentElement.scrollWidth + "px wide on a " + vw + "px screen");
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "");
  for (const el of document.querySelectorAll("main fieldset, main input:not([type=hidden]), main select, main textarea, main button")) {
    const card = el.closest(".card"), r = el.getBoundingClientRect();
    if (!card || (r.width === 0 && r.height === 0)) continue;
    const scroller = el.closest(".scroll");
    const box = (scroller && card.contains(scroller) ? scroller : card).getBoundingClientRect();
    if (r.right > box.right + 1) out.push(name(el) + " sticks out " + Math.round(r.right - box.right) + "px past its card");
  }
  for (const box of document.querySelectorAll("main label > input[type=checkbox]")) {
    const label = box.parentElement, lr = label.getBoundingClientRect(), br = box.getBoundingClientRect();
    if (label.innerText.trim() !== "" && lr.height > br.height + 16) out.push("the checkbox of " + JSON.stringify(label.innerText.trim()) + " sits above its words");
  }
  return out;
})()`

// TestBrowserAdminPagesOnDesktop opens the admin pages at 1366×900: the
// requirements table stuck out of its card (a fieldset is as wide as its
// widest content unless told otherwise) and the webhook events' checkboxes
// sat above their names.
func TestBrowserAdminPagesOnDesktop(t *testing.T) {
	ctx, _ := testkit.Browser(t, 1366, 900, 90*time.Second)
	e := newEnv(t)
	if err := chromedp.Do(ctx, loginSteps(e.srv.URL+"/login", "admin", `#tickets`)); err != nil {
		t.Fatalf("log in: %v", err)
	}
	// An audit entry with a long unbroken detail (a filter pasted in)
	// made the audit log 19,000 px wide.
	long := strings.Repeat("x", 400)
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/admin/audit?object="+long), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/admin/office", "/admin/webhooks", "/admin/agents", "/admin/hours", "/admin/booking",
		"/admin/survey", "/admin/canned", "/admin/retention", "/admin/answers", "/account", "/admin/audit"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+path), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](desktopCheck))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, pr := range problems {
			t.Errorf("%s on a desktop: %s", path, pr)
		}
	}
}

// TestBrowserTopBarOnPhone: the admin's top bar had seventeen links, about
// 240 px of a phone's 844; the pages used now and then sit in one "Manage"
// menu, grouped, whose links are thumb-sized and on the screen when it is
// open, which closes on Escape or a tap elsewhere. On a desktop the bar
// is one line. A supervisor's menu holds only the pages they may open.
func TestBrowserTopBarOnPhone(t *testing.T) {
	ctx, _ := testkit.Browser(t, 390, 844, 60*time.Second)
	e := newEnv(t)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		loginSteps(e.srv.URL+"/login", "admin", `#tickets`),
	)
	if err != nil {
		t.Fatalf("log in: %v", err)
	}
	eval := func(js string) float64 {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	if h := eval(`document.querySelector("header.top").getBoundingClientRect().height`); h > 130 {
		t.Errorf("the top bar is %.0f px tall on a phone; want at most 130", h)
	}
	// The inbox's filters sit two to a row: the tickets start higher up.
	if rows := eval(`new Set([...document.querySelectorAll("form.filters > *")].map(el => Math.round(el.getBoundingClientRect().top))).size`); rows > 4 {
		t.Errorf("the inbox's filters take %.0f rows on a phone; want at most 4", rows)
	}
	menuLinks := `document.querySelectorAll("#menu-manage .panel a")`
	if n := eval(menuLinks + `.length`); n != 13 {
		t.Errorf("the admin's menu has %.0f links; want 13", n)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#menu-manage summary`))); err != nil {
		t.Fatalf("open the menu: %v", err)
	}
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](phoneCheck))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("the open menu on a phone: %s", p)
	}
	if dir := os.Getenv("LOKET_CONSOLE_SCREENSHOTS"); dir != "" {
		if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
			_ = os.WriteFile(filepath.Join(dir, "console-menu-phone.png"), png, 0o644)
		}
	}
	if v := eval(`[...` + menuLinks + `].filter(a => a.getBoundingClientRect().height > 0).length`); v != 13 {
		t.Errorf("%.0f of 13 links show in the open menu", v)
	}
	// Escape closes it; opened again, a tap outside closes it too.
	closed := func() bool {
		for range 20 {
			if eval(`document.querySelector("#menu-manage").open ? 1 : 0`) == 0 {
				return true
			}
			time.Sleep(50 * time.Millisecond)
		}
		return false
	}
	err = chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#menu-manage summary`)), chromedp.KeyEvent("\u001b"))
	if err != nil || !closed() {
		t.Errorf("Escape does not close the menu (%v)", err)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#menu-manage summary`)), chromedp.MouseClickXY(195, 820))
	if err != nil || !closed() {
		t.Errorf("a tap elsewhere does not close the menu (%v)", err)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#menu-manage summary`)),
		chromedp.Click(chromedp.CSS(`#menu-manage a[href="/admin/agents"]`)), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if err != nil {
		t.Fatalf("open Agents from the menu: %v", err)
	}
	if p := eval(`location.pathname === "/admin/agents" ? 1 : 0`); p != 1 {
		t.Errorf("the menu's Agents link did not lead to /admin/agents")
	}

	// A supervisor's menu: the channels and the audit log only.
	sup := e.login(loket.RoleSupervisor)
	_, body := sup.get("/")
	for _, want := range []string{`href="/admin/channels"`, `href="/admin/audit"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the supervisor's menu lacks %s", want)
		}
	}
	if strings.Contains(body, `href="/admin/agents"`) || strings.Contains(body, `href="/admin/retention"`) {
		t.Errorf("the supervisor's menu links admin pages")
	}
	if _, body := e.login(loket.RoleAgent).get("/"); strings.Contains(body, `id="menu-manage"`) {
		t.Errorf("an agent gets the Manage menu")
	}

	// A desktop: one line.
	err = chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#tickets`)))
	if err != nil {
		t.Fatal(err)
	}
	if h := eval(`document.querySelector("header.top").getBoundingClientRect().height`); h > 60 {
		t.Errorf("the top bar is %.0f px tall on a desktop; want one line", h)
	}
}
