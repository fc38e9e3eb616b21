package console

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// lastOut returns the newest message_out activity and its outbox row.
func (e *env) lastOut() (loket.Activity, *loket.Outbound) {
	e.t.Helper()
	acts := e.activities()
	for i := len(acts) - 1; i >= 0; i-- {
		if acts[i].Kind == loket.ActMessageOut {
			out, err := e.store.OutboundByID(context.Background(), acts[i].OutboundID)
			if err != nil {
				e.t.Fatalf("outbound %d: %v", acts[i].OutboundID, err)
			}
			return acts[i], out
		}
	}
	e.t.Fatal("no message_out activity")
	return loket.Activity{}, nil
}

func TestReplyEnqueuesOutboundAndActivity(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	res := c.postForm(e.ref()+"/reply", url.Values{"text": {"Halo {{vendor}}, tiket {{ticket}} kami proses."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: status %d", res.StatusCode)
	}
	act, out := e.lastOut()
	want := "Halo CV Maju Jaya, tiket #1001 kami proses."
	if act.Body != want || out.Text != want {
		t.Errorf("body %q / outbox %q, want %q", act.Body, out.Text, want)
	}
	if act.Actor != loket.ActorAgent || act.AgentID != e.agents[loket.RoleAgent].ID {
		t.Errorf("activity actor %s agent %d", act.Actor, act.AgentID)
	}
	if out.Channel != e.contact.Channel || out.ChatID != e.contact.ChatID || out.TicketID != e.ticket.ID || out.Status != loket.OutQueued {
		t.Errorf("outbound %+v not addressed to the contact", out)
	}
	e.mu.Lock()
	woke := append([]loket.Channel(nil), e.woke...)
	e.mu.Unlock()
	if len(woke) != 1 || woke[0] != loket.ChannelTelegram {
		t.Errorf("woke %v, want [telegram]", woke)
	}
	// The ticket page shows the reply with its delivery state.
	_, body := c.get(e.ref())
	if !strings.Contains(body, "kami proses.") || !strings.Contains(body, "d-queued") {
		t.Errorf("ticket page lacks the reply or its delivery state")
	}
	// Empty replies are refused and change nothing.
	n := len(e.activities())
	if res := c.postForm(e.ref()+"/reply", url.Values{"text": {"   "}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("empty reply: status %d, want 400", res.StatusCode)
	}
	if len(e.activities()) != n {
		t.Errorf("empty reply changed the timeline")
	}
}

func TestReplyToUnreachableContactRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.tx(func(tx storetest.Tx) error {
		e.contact.Unreachable = true
		return tx.SaveContact(context.Background(), e.contact)
	})
	c := e.login(loket.RoleAgent)
	if res := c.postForm(e.ref()+"/reply", url.Values{"text": {"hi"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("status %d, want 409", res.StatusCode)
	}
}

func TestStatusChangePushesVendorMessage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang loket.Lang
		want string
	}{
		{loket.LangID, "Tiket #1001: berkas Anda sedang kami periksa"},
		{loket.LangEN, "Ticket #1001: we are reviewing your documents"},
	}
	for _, tc := range cases {
		t.Run(string(tc.lang), func(t *testing.T) {
			e := newEnv(t)
			e.tx(func(tx storetest.Tx) error {
				e.contact.Lang = tc.lang
				return tx.SaveContact(context.Background(), e.contact)
			})
			c := e.login(loket.RoleAgent)
			if res := c.postForm(e.ref()+"/status", url.Values{"status": {"in_review"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status change: %d", res.StatusCode)
			}
			if got := e.reloadTicket().Status; got != loket.StatusInReview {
				t.Fatalf("ticket status %s", got)
			}
			var status *loket.Activity
			for _, a := range e.activities() {
				if a.Kind == loket.ActStatus {
					status = &a
				}
			}
			if status == nil {
				t.Fatal("no status activity")
			}
			var meta map[string]string
			if err := json.Unmarshal(status.Meta, &meta); err != nil || meta["from"] != "new" || meta["to"] != "in_review" {
				t.Errorf("status meta %s", status.Meta)
			}
			_, out := e.lastOut()
			if !strings.HasPrefix(out.Text, tc.want) || out.ChatID != e.contact.ChatID {
				t.Errorf("vendor message %q to %s, want %q…", out.Text, out.ChatID, tc.want)
			}
		})
	}
}

func TestStatusChangeRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	for status, code := range map[string]int{"bogus": 400, "new": 409} {
		if res := c.postForm(e.ref()+"/status", url.Values{"status": {status}}); res.StatusCode != code {
			t.Errorf("status %q: %d, want %d", status, res.StatusCode, code)
		}
	}
	if len(e.activities()) != 0 {
		t.Errorf("refused changes left activities")
	}
	// Closing sets ClosedAt; reopening clears it.
	c.postForm(e.ref()+"/status", url.Values{"status": {"closed"}})
	if e.reloadTicket().ClosedAt.IsZero() {
		t.Error("closed ticket has no ClosedAt")
	}
	c.postForm(e.ref()+"/status", url.Values{"status": {"in_review"}})
	if !e.reloadTicket().ClosedAt.IsZero() {
		t.Error("reopened ticket keeps ClosedAt")
	}
}

func TestNoteIsNeverSent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	c.postForm(e.ref()+"/note", url.Values{"text": {"NPWP checked by phone"}})
	acts := e.activities()
	if len(acts) != 1 || acts[0].Kind != loket.ActNote || acts[0].OutboundID != 0 {
		t.Fatalf("activities %+v, want one note without outbound", acts)
	}
	depth, err := e.store.QueueDepth(context.Background())
	if err != nil || depth[loket.ChannelTelegram] != 0 {
		t.Fatalf("queue depth %v (%v), want nothing queued", depth, err)
	}
	_, body := c.get(e.ref())
	if !strings.Contains(body, "never sent to the vendor") {
		t.Error("note not marked as internal on the page")
	}
}

func TestAssignClaimAndSupervisor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ag := e.login(loket.RoleAgent)
	if res := ag.postForm(e.ref()+"/assign", url.Values{"assignee": {"me"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", res.StatusCode)
	}
	if got := e.reloadTicket().AssigneeID; got != e.agents[loket.RoleAgent].ID {
		t.Fatalf("assignee %d after claim", got)
	}
	_, body := ag.get("/?assignee=mine")
	if !strings.Contains(body, "#1001") {
		t.Error("claimed ticket not in Mine")
	}
	_, body = ag.get("/?assignee=unassigned")
	if strings.Contains(body, "#1001") {
		t.Error("claimed ticket still in Unassigned")
	}
	sup := e.login(loket.RoleSupervisor)
	if res := sup.postForm(e.ref()+"/assign", url.Values{"assignee": {itoa(e.agents[loket.RoleAdmin].ID)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("supervisor assign: %d", res.StatusCode)
	}
	if got := e.reloadTicket().AssigneeID; got != e.agents[loket.RoleAdmin].ID {
		t.Fatalf("assignee %d", got)
	}
	if res := sup.postForm(e.ref()+"/assign", url.Values{"assignee": {"424242"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("assign to unknown agent: %d, want 400", res.StatusCode)
	}
}

func TestRetryFailedOutbound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	c.postForm(e.ref()+"/reply", url.Values{"text": {"hello"}})
	_, out := e.lastOut()
	path := e.ref() + "/outbound/" + itoa(out.ID) + "/retry"
	if res := c.postForm(path, url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("retry of a queued message: %d, want 409", res.StatusCode)
	}
	ctx := context.Background()
	if err := e.store.OutboundFailed(ctx, out.ID, 0, "chat not found", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, body := c.get(e.ref())
	if !strings.Contains(body, "chat not found") || !strings.Contains(body, "/retry") {
		t.Error("failed message not shown with its reason and a retry button")
	}
	if res := c.postForm(path, url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d", res.StatusCode)
	}
	if o, _ := e.store.OutboundByID(ctx, out.ID); o.Status != loket.OutQueued {
		t.Fatalf("after retry: %s, want queued", o.Status)
	}
}

func TestDocumentReview(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	doc := e.addDoc("ktp", "ktp.pdf", strings.Repeat("a", 64))
	c := e.login(loket.RoleAgent)
	path := e.ref() + "/documents/" + itoa(doc.ID) + "/review"
	if res := c.postForm(path, url.Values{"decision": {"reject"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("reject without reason: %d, want 400", res.StatusCode)
	}
	if res := c.postForm(path, url.Values{"decision": {"reject"}, "reason": {"unreadable"}, "reason_text": {"Foto terpotong"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d", res.StatusCode)
	}
	var got *loket.Document
	e.tx(func(tx storetest.Tx) error { var err error; got, err = tx.DocumentByID(ctx, doc.ID); return err })
	if got.Status != loket.DocRejected || got.RejectReason != "Dokumen tidak terbaca atau buram. Foto terpotong." {
		t.Errorf("document %s %q", got.Status, got.RejectReason)
	}
	_, out := e.lastOut()
	if !strings.Contains(out.Text, "ktp.pdf") || !strings.Contains(out.Text, "Foto terpotong") {
		t.Errorf("vendor message %q", out.Text)
	}
	// Without file storage, opening the PDF is unavailable (and nothing leaks).
	if res, _ := c.get(e.ref() + "/documents/" + itoa(doc.ID)); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("document without Files: %d, want 503", res.StatusCode)
	}
}

// TestRefusedTicketActionKeepsWhatWasTyped: a reply, note or review the
// console refuses renders the ticket page again with the reason next to
// that form and what the agent typed; before, an error page linked to the
// inbox and the text was gone.
func TestRefusedTicketActionKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc, _ := storedDocument(t, e, "ktp", "ktp.pdf")
	e.tx(func(tx storetest.Tx) error {
		e.contact.Unreachable = true
		return tx.SaveContact(context.Background(), e.contact)
	})
	c := e.login(loket.RoleAgent)
	post := func(path string, v url.Values) (*http.Response, string) {
		v.Set("csrf", c.csrf)
		return c.postFormBody(path, v)
	}
	long := "Mohon kirim ulang NPWP perusahaan, yang terkirim terpotong di halaman kedua."
	res, body := post(e.ref()+"/reply", url.Values{"text": {long}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("reply to an unreachable vendor: status %d, want 409", res.StatusCode)
	}
	for _, want := range []string{`id="reply-error"`, "cannot be reached", `autofocus>` + long + `</textarea>`, `id="timeline"`} {
		if !strings.Contains(body, want) {
			t.Errorf("refused reply: page lacks %q", want)
		}
	}
	res, body = post(e.ref()+"/note", url.Values{"text": {"   "}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="note-error"`) || !strings.Contains(body, "The text is empty.") {
		t.Errorf("empty note: status %d, or the note form does not say why", res.StatusCode)
	}
	path := fmt.Sprintf("%s/documents/%d/review", e.ref(), doc.ID)
	res, body = post(path, url.Values{"decision": {"reject"}, "reason_text": {"   "}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("reject without a reason: status %d, want 400", res.StatusCode)
	}
	_, docForm, _ := strings.Cut(body, fmt.Sprintf(`id="doc-%d"`, doc.ID))
	if !strings.Contains(docForm, `id="review-error"`) || !strings.Contains(docForm, "A rejection needs a reason.") {
		t.Errorf("reject without a reason: the document's form does not say why")
	}
	res, body = post(path, url.Values{"decision": {"reject"}, "reason": {"bogus"}, "reason_text": {"Halaman 2 buram"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `value="Halaman 2 buram"`) {
		t.Errorf("refused rejection: status %d, or the typed reason is gone", res.StatusCode)
	}
	// A refusal that is not about typed text shows under the heading.
	res, body = post(e.ref()+"/status", url.Values{"status": {"new"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `id="action-error"`) {
		t.Errorf("status to the same status: %d, or no reason under the heading", res.StatusCode)
	}
	if strings.Contains(body, `id="reply-error"`) {
		t.Errorf("a refused status change marks the reply form")
	}
}

// TestUnknownVendorSaysSo: a web chat visitor has no name or phone until
// they register; the inbox said nothing in the vendor column and the
// ticket page listed an empty name and phone.
func TestUnknownVendorSaysSo(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.visitorTicket("visitor-1") // #1002
	c := e.login(loket.RoleAgent)
	_, body := c.get("/")
	row := body[strings.Index(body, `href="/tickets/1002"`):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "not known yet") {
		t.Errorf("inbox row of an unknown vendor: %s", row)
	}
	_, body = c.get("/tickets/1002")
	contact := body[strings.Index(body, `id="ticket-vendor"`):]
	contact = contact[:strings.Index(contact, "</dl>")]
	if strings.Contains(contact, "<dd></dd>") {
		t.Errorf("the ticket page lists empty contact fields: %s", contact)
	}
}

// TestReplyToNamelessVendorWithVendorVariable: a reply or canned reply
// with {{vendor}} to a vendor whose name is not known yet is refused with
// the text kept ("Selamat siang {{vendor}}," went out as "Selamat siang
// ,"); with a known name it is filled in.
func TestReplyToNamelessVendorWithVendorVariable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.visitorTicket("visitor-2") // #1002
	c := e.login(loket.RoleAgent)
	text := "Selamat siang {{vendor}}, terima kasih telah menghubungi helpdesk."
	res, body := c.postFormBody("/tickets/1002/reply", url.Values{"csrf": {c.csrf}, "text": {text}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "name is not known yet") || !strings.Contains(body, html.EscapeString(text)+"</textarea>") {
		t.Errorf("{{vendor}} to a nameless vendor: %d, or not refused with the text kept", res.StatusCode)
	}
	if res := c.postForm("/tickets/1002/reply", url.Values{"text": {"Selamat siang Bapak/Ibu."}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a reply without {{vendor}}: %d", res.StatusCode)
	}
	if res := c.postForm(e.ref()+"/reply", url.Values{"text": {text}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("{{vendor}} to a named vendor: %d", res.StatusCode)
	}
	if _, out := e.lastOut(); !strings.HasPrefix(out.Text, "Selamat siang CV Maju Jaya,") {
		t.Errorf("the named vendor got %q", out.Text)
	}
}

// TestRejectReasonsSayTheirLanguage: the reasons to reject a document are
// listed in the vendor's language, since that is what the vendor gets; an
// agent reading the console in the other language is told so (the list
// looked like a console left half translated).
func TestRejectReasonsSayTheirLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	storedDocument(t, e, "ktp", "ktp.pdf")
	c := e.login(loket.RoleAgent) // reads the console in English
	_, body := c.get(e.ref())
	if !strings.Contains(body, `id="reasons-lang"`) || !strings.Contains(body, "sent in Indonesian") {
		t.Errorf("an English reader of an Indonesian vendor's documents is not told the reasons' language")
	}
	e.tx(func(tx storetest.Tx) error {
		e.contact.Lang = loket.LangEN
		return tx.SaveContact(context.Background(), e.contact)
	})
	if _, body := c.get(e.ref()); strings.Contains(body, `id="reasons-lang"`) {
		t.Errorf("the note shows when the vendor and the reader share a language")
	}
}

// TestClaimTakenMeanwhile: two agents claiming the same ticket from pages
// that showed it unassigned: the second is told who took it (the second
// claim silently took it from the first); claiming again from the page
// that names the colleague takes it over.
func TestClaimTakenMeanwhile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	agent := e.login(loket.RoleAgent)
	sup := e.login(loket.RoleSupervisor)
	supID := e.agents[loket.RoleSupervisor].ID
	if _, page := agent.get(e.ref()); !strings.Contains(page, `name="seen" value="0"`) {
		t.Errorf("the claim form does not say whom the page showed as assignee")
	}
	if res := sup.postForm(e.ref()+"/assign", url.Values{"assignee": {"me"}, "seen": {"0"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first claim: %d", res.StatusCode)
	}
	res, body := agent.postFormBody(e.ref()+"/assign", url.Values{"csrf": {agent.csrf}, "assignee": {"me"}, "seen": {"0"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, e.agents[loket.RoleSupervisor].Name+" has just taken this ticket") {
		t.Errorf("second claim from a stale page: %d, or not told who took it", res.StatusCode)
	}
	if got := e.reloadTicket().AssigneeID; got != supID {
		t.Fatalf("the ticket went to %d", got)
	}
	if res := agent.postForm(e.ref()+"/assign", url.Values{"assignee": {"me"}, "seen": {itoa(supID)}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("taking it over knowingly: %d", res.StatusCode)
	}
	if got := e.reloadTicket().AssigneeID; got != e.agents[loket.RoleAgent].ID {
		t.Errorf("after taking it over the ticket is with %d", got)
	}
}

// TestTicketPageJumpsToItsParts: the reply box and the side cards come
// after the whole timeline, thousands of pixels down on a phone; the
// top of the page links to each of them.
func TestTicketPageJumpsToItsParts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.bookCall(time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC), 0) // Monday 11:00 WIB
	_, body := e.login(loket.RoleAgent).get(e.ref())
	// The call card names its day once and leads to that day's calendar.
	if !strings.Contains(body, `<a href="/calendar?view=day&day=2026-03-02">02 Mar 2026 11:00–11:20</a>`) {
		t.Errorf("the call card does not show the call's time once, linked to its day on the calendar")
	}
	top := body[:strings.Index(body, `id="timeline"`)]
	for _, id := range []string{"compose", "ticket-status", "ticket-docs", "ticket-calls"} {
		if !strings.Contains(top, `href="#`+id+`"`) || !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("the top of the ticket page does not lead to #%s", id)
		}
	}
}

// TestTicketDoneNoticeOnlyItsOwnWords: the notice after a form names
// what was done from the console's own words; any other "?done=" text in
// a link sent to an agent showed in the page's green notice.
func TestTicketDoneNoticeOnlyItsOwnWords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	agent := e.login(loket.RoleAgent)
	_, body := agent.get(e.ref() + "?done=" + url.QueryEscape("System moved: log in again at evil.example"))
	if strings.Contains(body, "evil.example") {
		t.Errorf("the ticket page shows a link's own text as done")
	}
	if _, body := agent.get(e.ref() + "?done=reply"); !strings.Contains(body, "Done: reply sent.") {
		t.Errorf("the ticket page no longer says a reply was sent")
	}
}

// TestAcceptWithAReasonIsRefused: a rejection reason chosen (or written)
// and "Accept" pressed is a slip of the hand next to "Reject"; it told the
// vendor the document passed. The card says so and keeps the reason.
func TestAcceptWithAReasonIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	doc := e.addDoc("ktp", "ktp.pdf", strings.Repeat("a", 64))
	c := e.login(loket.RoleAgent)
	path := e.ref() + "/documents/" + itoa(doc.ID) + "/review"
	for _, v := range []url.Values{{"decision": {"accept"}, "reason": {"expired"}}, {"decision": {"accept"}, "reason_text": {"Masa berlaku habis"}}} {
		v.Set("csrf", c.csrf)
		res, body := c.postFormBody(path, v)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "press Reject to reject this document") || !strings.Contains(body, `id="review-error"`) {
			t.Errorf("accept with %v: %d, or not refused on the document's card", v, res.StatusCode)
		}
	}
	var got *loket.Document
	e.tx(func(tx storetest.Tx) error { var err error; got, err = tx.DocumentByID(ctx, doc.ID); return err })
	if got.Status == loket.DocAccepted {
		t.Fatalf("the document was accepted")
	}
	if res := c.postForm(path, url.Values{"decision": {"accept"}, "reason": {""}, "reason_text": {" "}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("accept without a reason: %d", res.StatusCode)
	}
}

// TestDocumentAwaitingReviewSaysSo: a document that passed the automatic
// checks and waits for an agent read "diterima", which in Indonesian also
// means accepted: an agent could take it for reviewed.
func TestDocumentAwaitingReviewSaysSo(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addDoc("ktp", "ktp.pdf", strings.Repeat("a", 64))
	e.setAgentLang(loket.RoleAgent, loket.LangID)
	_, body := e.login(loket.RoleAgent).get(e.ref())
	if !strings.Contains(body, `<span class="tag doc-received">menunggu diperiksa</span>`) {
		t.Errorf("a document awaiting review does not say so")
	}
}
