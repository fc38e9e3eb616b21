package console

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket"
	"loket/internal/testkit"
	"loket/store/storetest"
)

// loginSteps signs user in through the login form at url (the console
// redirects there, or it is /login) and waits for sel on the page after.
func loginSteps(url, user, sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), user),
		chromedp.SendKeys(chromedp.CSS(`#password`), testPassword),
		chromedp.Click(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	)
}

// TestBrowserLoginInboxReply drives a real Chromium: log in, see the
// inbox, open a ticket, send a reply. With LOKET_CONSOLE_SCREENSHOT set,
// a screenshot of the inbox is saved there.
func TestBrowserLoginInboxReply(t *testing.T) {
	ctx, _ := testkit.Browser(t, 1280, 800, 60*time.Second)
	e := newEnv(t)
	e.seedMore()

	err := chromedp.Do(ctx,
		loginSteps(e.srv.URL+"/", "agent", `table.tickets`),
	)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	inbox, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#tickets`)))
	if err != nil {
		t.Fatalf("inbox text: %v", err)
	}
	if !strings.Contains(inbox, "#1001") || !strings.Contains(inbox, "CV Maju Jaya") {
		t.Fatalf("inbox text %q lacks the ticket", inbox)
	}
	if p := os.Getenv("LOKET_CONSOLE_SCREENSHOT"); p != "" {
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Errorf("save screenshot: %v", err)
		}
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/tickets/1001"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#reply-text`)),
		chromedp.SendKeys(chromedp.CSS(`#reply-text`), "Halo dari browser"),
		chromedp.Click(chromedp.CSS(`#send-reply`)),
		chromedp.WaitVisible(chromedp.CSS(`p.ok`)),
	)
	if err != nil {
		t.Fatalf("ticket and reply: %v", err)
	}
	if _, out := e.lastOut(); out.Text != "Halo dari browser" {
		t.Fatalf("outbox %q after the browser reply", out.Text)
	}
	timeline, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#timeline`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(timeline, "Halo dari browser") {
		t.Fatalf("timeline %q lacks the reply", timeline)
	}
}

// seedMore adds a few tickets so the inbox looks like a working day.
func (e *env) seedMore() {
	ctx := context.Background()
	e.tx(func(tx storetest.Tx) error {
		for i, name := range []string{"PT Sinar Abadi", "CV Karya Mandiri", "Toko Berkah (perorangan)"} {
			v := &loket.Vendor{Name: name, Form: loket.FormCompany}
			if err := tx.SaveVendor(ctx, v); err != nil {
				return err
			}
			ct := &loket.Contact{Channel: []loket.Channel{loket.ChannelWhatsApp, loket.ChannelWebChat, loket.ChannelTelegram}[i], ChatID: "c" + itoa(int64(i)), Name: name, Lang: loket.LangID, VendorID: v.ID}
			if err := tx.SaveContact(ctx, ct); err != nil {
				return err
			}
			st := []loket.TicketStatus{loket.StatusWaitingDocuments, loket.StatusInReview, loket.StatusCallScheduled}[i]
			tk := &loket.Ticket{VendorID: v.ID, ContactID: ct.ID, Channel: ct.Channel, Title: loket.RegistrationTitle, Type: loket.TypeRegistration,
				Status: st, AssigneeID: e.agents[loket.RoleSupervisor].ID, CreatedAt: e.clock.Now(), UpdatedAt: e.clock.Now()}
			if err := tx.CreateTicket(ctx, tk); err != nil {
				return err
			}
		}
		return nil
	})
}
