package console

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
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

// eventually reads the text of sel until ok accepts it or 5 s have
// passed, and returns the last text read: a live refresh may replace the
// element while it is read ("No node with given id found") or just after.
func eventually(ctx context.Context, sel string, ok func(string) bool) string {
	var text string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(`+strconv.Quote(sel)+`) || {innerText: ""}).innerText`))
		if err != nil {
			continue
		}
		if text = s; ok(text) {
			break
		}
	}
	return text
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
	// The live refresh may swap the list while it is read: read again.
	inbox := eventually(ctx, `#tickets`, func(s string) bool { return strings.Contains(s, "#1001") && strings.Contains(s, "CV Maju Jaya") })
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

// TestBrowserTicketSidePanelLive: with a ticket page open, a new document,
// another agent's status change and a claim show in the side panel and the
// heading without a reload (only the timeline did; the documents card
// went on saying there were none), a document form the agent is filling in
// is left alone, and a page shown again after a refused action (its
// address is the form's) still refreshes.
func TestBrowserTicketSidePanelLive(t *testing.T) {
	ctx, _ := testkit.Browser(t, 1280, 900, 60*time.Second)
	e := newEnv(t)
	bg := context.Background()
	addDoc := func(req, name string) *loket.Document {
		d := &loket.Document{TicketID: e.ticket.ID, Requirement: req, FileName: name, SHA256: strings.Repeat("a", 64), Size: 10, Pages: 1, Status: loket.DocReceived, CreatedAt: e.clock.Now()}
		e.tx(func(tx storetest.Tx) error { return tx.AddDocument(bg, d) })
		e.con.publish(bg, e.ticket.Number)
		return d
	}
	first := addDoc("ktp", "ktp_direktur.pdf")
	if err := chromedp.Do(ctx, loginSteps(e.srv.URL+e.ref(), "agent", `#reply-text`)); err != nil {
		t.Fatalf("open the ticket: %v", err)
	}
	// Another agent (a supervisor's own session) moves the ticket on.
	sup := e.login(loket.RoleSupervisor)
	if res := sup.postForm(e.ref()+"/status", url.Values{"status": {"in_review"}}); res.StatusCode != 303 {
		t.Fatalf("status change: %d", res.StatusCode)
	}
	e.con.publish(bg, e.ticket.Number)
	second := addDoc("npwp_company", "npwp_perusahaan.pdf")
	err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#doc-%d`, second.ID))),
		chromedp.WaitVisible(chromedp.CSS(`#ticket-status-line .s-in_review`)),
	)
	if err != nil {
		t.Fatalf("the side panel did not follow the new document and status: %v", err)
	}
	// A reason being typed for the first document survives a refresh. A
	// refresh still on its way may replace the card before the first key
	// (the field is not being used yet): then type into the new one.
	for try := 0; ; try++ {
		err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`#doc-%d input[name=reason_text]`, first.ID)), "Foto buram"))
		if err == nil || try == 3 || !strings.Contains(err.Error(), "Could not find node") {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	third := addDoc("deed", "akta.pdf")
	time.Sleep(700 * time.Millisecond)
	typed, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(fmt.Sprintf(`#doc-%d input[name=reason_text]`, first.ID))))
	if err != nil || typed != "Foto buram" {
		t.Errorf("a refresh replaced the reason being typed: %q, %v", typed, err)
	}
	// A refused note shows the page at the note's address; it still refreshes.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("note-text").value = "   "; document.getElementById("note-text").form.noValidate = true; document.getElementById("note-text").form.requestSubmit()`),
		chromedp.WaitVisible(chromedp.CSS(`#note-error`)),
	)
	if err != nil {
		t.Fatalf("refused note: %v", err)
	}
	e.tx(func(tx storetest.Tx) error {
		return tx.AddActivity(bg, &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: "Sudah saya kirim ulang", CreatedAt: e.clock.Now()})
	})
	e.con.publish(bg, e.ticket.Number)
	if timeline := eventually(ctx, `#timeline`, func(s string) bool { return strings.Contains(s, "Sudah saya kirim ulang") }); !strings.Contains(timeline, "Sudah saya kirim ulang") {
		t.Errorf("after a refused note the page stopped refreshing: the timeline lacks the vendor's new message")
	}
	// Read again until found: a refresh landing between finding the card
	// and reading it replaces the node ("No node with given id found").
	if card := eventually(ctx, fmt.Sprintf(`#doc-%d`, third.ID), func(s string) bool { return strings.Contains(s, "akta.pdf") }); !strings.Contains(card, "akta.pdf") {
		t.Errorf("the third document is not on the page: %q", card)
	}
}

// TestBrowserDoubleClickSendsOnce: a second click on "send" while the
// first is still on its way (a double click on a slow line) sent the
// vendor the reply twice; a form now goes once per page.
func TestBrowserDoubleClickSendsOnce(t *testing.T) {
	ctx, _ := testkit.Browser(t, 1280, 900, 60*time.Second)
	e := newEnv(t)
	h := e.con.Handler()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/reply") {
			time.Sleep(600 * time.Millisecond) // the answer is slow to come back
		}
	}))
	t.Cleanup(func() { slow.CloseClientConnections(); slow.Close() })
	err := chromedp.Do(ctx,
		loginSteps(slow.URL+e.ref(), "agent", `#reply-text`),
		chromedp.SendKeys(chromedp.CSS(`#reply-text`), "Berkas sudah kami terima, terima kasih."),
		chromedp.Evaluate[chromedp.Void](`(() => { const b = document.getElementById("send-reply"); b.click(); setTimeout(() => b.click(), 200); })()`),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.WaitVisible(chromedp.CSS(`p.ok`)),
	)
	if err != nil {
		t.Fatalf("send the reply: %v", err)
	}
	n := 0
	for _, a := range e.activities() {
		if a.Kind == loket.ActMessageOut && a.Body == "Berkas sudah kami terima, terima kasih." {
			n++
		}
	}
	if n != 1 {
		t.Errorf("a double click sent the reply %d times", n)
	}
}

// TestBrowserAskBeforeWhatCannotBeUndone: resetting a colleague's
// password (it logs them out and revokes their tokens) and deleting a
// canned reply or a webhook are asked first; one click on the button
// next to "Save" did it at once.
func TestBrowserAskBeforeWhatCannotBeUndone(t *testing.T) {
	ctx, _ := testkit.Browser(t, 1280, 900, 60*time.Second)
	e := newEnv(t)
	ag := e.agents[loket.RoleAgent]
	hash := func() string {
		var h string
		e.tx(func(tx storetest.Tx) error {
			a, err := tx.AgentByID(context.Background(), ag.ID)
			if err == nil {
				h = a.PasswordHash
			}
			return err
		})
		return h
	}
	before := hash()
	reset := fmt.Sprintf(`form[action="/admin/agents/%d/password"] button`, ag.ID)
	err := chromedp.Do(ctx,
		loginSteps(e.srv.URL+"/admin/agents", "admin", reset),
		chromedp.Evaluate[chromedp.Void](`window.asked = ""; window.confirm = q => { window.asked = q; return false; }`),
		chromedp.Click(chromedp.CSS(reset)),
		chromedp.Sleep(500*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("reset, declined: %v", err)
	}
	asked, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.asked`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(asked, ag.Name) {
		t.Errorf("the reset was not asked first (asked %q)", asked)
	}
	if hash() != before {
		t.Fatalf("a declined reset changed the password")
	}
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
		chromedp.Click(chromedp.CSS(reset)),
		chromedp.WaitVisible(chromedp.CSS(`pre.secret`)),
	)
	if err != nil || hash() == before {
		t.Errorf("a confirmed reset did not change the password (%v)", err)
	}
}

// TestBrowserReplyDraftKept: a reply being written survives leaving the
// page and a lapsed session (the form was lost with it: the page after
// logging in again had an empty box); once sent it is gone, and logging
// out forgets drafts.
func TestBrowserReplyDraftKept(t *testing.T) {
	ctx, _ := testkit.Browser(t, 1280, 900, 60*time.Second)
	e := newEnv(t)
	const draft = "Mohon kirim ulang NPWP, halaman 2 terpotong."
	value := func() string {
		v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#reply-text`)))
		if err != nil {
			t.Fatalf("reply box: %v", err)
		}
		return v
	}
	err := chromedp.Do(ctx,
		loginSteps(e.srv.URL+e.ref(), "agent", `#reply-text`),
		chromedp.SendKeys(chromedp.CSS(`#reply-text`), draft),
		chromedp.Navigate(e.srv.URL+"/"),
		chromedp.Navigate(e.srv.URL+e.ref()),
		chromedp.WaitVisible(chromedp.CSS(`#reply-text`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := value(); got != draft {
		t.Fatalf("after leaving the page the reply box holds %q", got)
	}
	// The session lapses (here: the cookie is gone); the agent logs in again.
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`fetch("/logout", {method: "POST", credentials: "same-origin", body: new URLSearchParams({csrf: document.querySelector("input[name=csrf]").value})})`),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
	)
	if err != nil {
		t.Fatalf("end the session: %v", err)
	}
	if err := chromedp.Do(ctx, loginSteps(e.srv.URL+e.ref(), "agent", `#reply-text`)); err != nil {
		t.Fatalf("log in again: %v", err)
	}
	if got := value(); got != draft {
		t.Fatalf("after logging in again the reply box holds %q", got)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#send-reply`)), chromedp.WaitVisible(chromedp.CSS(`p.ok`)), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#reply-text`)))
	if err != nil {
		t.Fatal(err)
	}
	if got := value(); got != "" {
		t.Errorf("after sending, the reply box holds %q again", got)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#note-text`), "catatan yang belum dikirim"),
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	left, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Object.keys(localStorage).filter(k => k.startsWith("loket-draft:")).length`))
	if err != nil || left != 0 {
		t.Errorf("after logging out %d drafts are kept (%v)", left, err)
	}
}
