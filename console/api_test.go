package console

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// newToken creates an API token on the agent's account page and returns it.
func (c *client) newToken(name string) string {
	c.e.t.Helper()
	_, body := c.postFollow("/account/tokens", url.Values{"name": {name}})
	m := regexp.MustCompile(`id="api-token">([^<]+)<`).FindStringSubmatch(body)
	if m == nil {
		c.e.t.Fatalf("token not shown on the account page")
	}
	return m[1]
}

func decodeErr(t *testing.T, body string) apiErrorBody {
	t.Helper()
	var e apiError
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("error body %q is not {\"error\":{\"code\",\"message\"}}: %v", body, err)
	}
	return e.Error
}

func TestAPITokenAuthAndErrorShape(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(loket.RoleAgent).newToken("script")
	api := e.anon()

	res, body := api.apiCall("GET", "/api/v1/tickets?status=all", "", tok)
	if res.StatusCode != 200 {
		t.Fatalf("list with token: %d %s", res.StatusCode, body)
	}
	var list struct {
		Tickets []struct {
			Number int64  `json:"number"`
			Status string `json:"status"`
			Vendor string `json:"vendor_name"`
		} `json:"tickets"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Tickets) != 1 || list.Tickets[0].Vendor != "CV Maju Jaya" {
		t.Fatalf("list %s (%v)", body, err)
	}

	// The reply needs no CSRF token with a bearer token.
	res, body = api.apiCall("POST", "/api/v1"+e.ref()+"/reply", `{"text":"Dari API"}`, tok)
	if res.StatusCode != 200 {
		t.Fatalf("reply: %d %s", res.StatusCode, body)
	}
	if _, out := e.lastOut(); out.Text != "Dari API" {
		t.Fatalf("outbox %q", out.Text)
	}
	res, body = api.apiCall("POST", "/api/v1"+e.ref()+"/status", `{"status":"waiting_documents"}`, tok)
	if res.StatusCode != 200 || !strings.Contains(body, `"waiting_documents"`) {
		t.Fatalf("status: %d %s", res.StatusCode, body)
	}
	// the agent's note goes to the vendor with the notice
	res, body = api.apiCall("POST", "/api/v1"+e.ref()+"/status", `{"status":"in_review","note":"Kami periksa hari ini."}`, tok)
	if _, out := e.lastOut(); res.StatusCode != 200 || !strings.HasSuffix(out.Text, "Catatan petugas: Kami periksa hari ini.") {
		t.Fatalf("status with a note: %d %s, vendor told %q", res.StatusCode, body, out.Text)
	}
	res, body = api.apiCall("POST", "/api/v1"+e.ref()+"/status", `{"status":"waiting_documents"}`, tok)
	if res.StatusCode != 200 {
		t.Fatalf("status back: %d %s", res.StatusCode, body)
	}
	res, body = api.apiCall("GET", "/api/v1"+e.ref(), "", tok)
	if res.StatusCode != 200 || !strings.Contains(body, `"npwp": "012345678901234"`) || !strings.Contains(body, `"delivery"`) {
		t.Fatalf("detail: %d %s", res.StatusCode, body)
	}

	cases := []struct {
		name, method, path, body, tok string
		status                        int
		code                          string
	}{
		{"no credentials", "GET", "/api/v1/tickets", "", "", 401, "unauthorized"},
		{"unknown token", "GET", "/api/v1/tickets", "", "lkt_nope", 401, "unauthorized"},
		{"unknown ticket", "GET", "/api/v1/tickets/4242", "", tok, 404, "not_found"},
		{"bad filter", "GET", "/api/v1/tickets?status=bogus", "", tok, 400, "invalid"},
		{"bad json", "POST", "/api/v1" + e.ref() + "/note", `{"txt":1}`, tok, 400, "invalid"},
		{"reply with a variable nobody fills", "POST", "/api/v1" + e.ref() + "/reply", `{"text":"Halo {{nama}}"}`, tok, 400, "invalid"},
		{"bad status", "POST", "/api/v1" + e.ref() + "/status", `{"status":"done"}`, tok, 400, "invalid"},
		{"same status", "POST", "/api/v1" + e.ref() + "/status", `{"status":"waiting_documents"}`, tok, 409, "conflict"},
		{"needs fix without a note", "POST", "/api/v1" + e.ref() + "/status", `{"status":"needs_fix"}`, tok, 400, "invalid"},
		{"admin only", "POST", "/api/v1/agents", `{"username":"x1","name":"X","role":"agent"}`, tok, 403, "forbidden"},
		{"unknown route", "GET", "/api/v1/nothing", "", tok, 404, "not_found"},
		{"wrong method", "PUT", "/api/v1/tickets", "", tok, 404, "not_found"},
	}
	for _, tc := range cases {
		res, body := api.apiCall(tc.method, tc.path, tc.body, tc.tok)
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, res.StatusCode, tc.status, body)
			continue
		}
		if got := decodeErr(t, body); got.Code != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, got.Code, tc.code)
		}
	}

	// A deactivated agent's token stops working.
	e.tx(func(tx storetest.Tx) error {
		a := e.agents[loket.RoleAgent]
		a.Active = false
		return tx.SaveAgent(context.Background(), a)
	})
	if res, _ := api.apiCall("GET", "/api/v1/tickets", "", tok); res.StatusCode != 401 {
		t.Fatalf("token of deactivated agent: %d, want 401", res.StatusCode)
	}
}

func TestAPIAdminHolidaysAgentsAppointments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(loket.RoleAdmin).newToken("admin")
	api := e.anon()
	res, body := api.apiCall("POST", "/api/v1/agents", `{"username":"siti","name":"Siti","role":"supervisor"}`, tok)
	if res.StatusCode != 201 || !strings.Contains(body, `"password"`) {
		t.Fatalf("create agent: %d %s", res.StatusCode, body)
	}
	var created struct{ Password string }
	json.Unmarshal([]byte(body), &created)
	if r := e.anon().postForm("/login", url.Values{"username": {"siti"}, "password": {created.Password}}); r.StatusCode != 303 {
		t.Fatalf("new agent cannot log in with the generated password: %d", r.StatusCode)
	}
	if res, _ := api.apiCall("POST", "/api/v1/agents", `{"username":"siti","name":"Siti","role":"agent"}`, tok); res.StatusCode != 409 {
		t.Errorf("duplicate username: %d, want 409", res.StatusCode)
	}
	if res, body := api.apiCall("POST", "/api/v1/holidays", `{"date":"2026-03-20","name":"Nyepi"}`, tok); res.StatusCode != 201 {
		t.Fatalf("holiday: %d %s", res.StatusCode, body)
	}
	_, body = api.apiCall("GET", "/api/v1/holidays?from=2026-03-01&to=2026-04-01", "", tok)
	if !strings.Contains(body, `"date": "2026-03-20"`) {
		t.Fatalf("holidays %s", body)
	}
	api.apiCall("DELETE", "/api/v1/holidays/2026-03-20", "", tok)
	if _, body = api.apiCall("GET", "/api/v1/holidays?from=2026-03-01&to=2026-04-01", "", tok); strings.Contains(body, "Nyepi") {
		t.Fatalf("holiday not deleted: %s", body)
	}
	ctx := context.Background()
	start := time.Date(2026, 3, 3, 3, 0, 0, 0, time.UTC)
	e.tx(func(tx storetest.Tx) error {
		return tx.BookAppointment(ctx, &loket.Appointment{TicketID: e.ticket.ID, StartsAt: start, EndsAt: start.Add(30 * time.Minute), Phone: "+628123456789", Status: loket.ApptBooked, CreatedAt: start, UpdatedAt: start}, 2)
	})
	_, body = api.apiCall("GET", "/api/v1/appointments?from=2026-03-01&to=2026-03-10", "", tok)
	if !strings.Contains(body, `"phone": "+628123456789"`) {
		t.Fatalf("appointments %s", body)
	}
	// An appointment names its ticket by the number the ticket routes take.
	var appts struct {
		Appointments []struct {
			Ticket int64 `json:"ticket"`
		} `json:"appointments"`
	}
	if err := json.Unmarshal([]byte(body), &appts); err != nil || len(appts.Appointments) != 1 || appts.Appointments[0].Ticket != e.ticket.Number {
		t.Fatalf("appointment's ticket number: %s (%v), want %d", body, err, e.ticket.Number)
	}
	if res, body := api.apiCall("GET", fmt.Sprintf("/api/v1/tickets/%d", appts.Appointments[0].Ticket), "", tok); res.StatusCode != 200 {
		t.Fatalf("the appointment's ticket: %d %s", res.StatusCode, body)
	}
	if res, _ := api.apiCall("GET", "/api/v1/appointments?from=2026-03-10&to=2026-03-01", "", tok); res.StatusCode != 400 {
		t.Errorf("reversed range: %d, want 400", res.StatusCode)
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	res, body := e.anon().get("/api/v1/openapi.json")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("not an OpenAPI 3.1 JSON document: %v", err)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented[strings.ToUpper(m)+" /api/v1"+p] = true
		}
	}
	registered := map[string]bool{"GET /api/v1/openapi.json": true}
	for _, r := range e.con.apiRoutes {
		registered[r] = true
	}
	var missing, extra []string
	for r := range registered {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !registered[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing)+len(extra) > 0 {
		t.Fatalf("openapi.json out of step: undocumented %v, documented but not registered %v", missing, extra)
	}
}

// memFiles is a tiny Files for the document-view test.
type memFiles map[string][]byte

func (m memFiles) Open(_ context.Context, sha string) (io.ReadCloser, int64, error) {
	b, ok := m[sha]
	if !ok {
		return nil, 0, loket.ErrNotFound
	}
	return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
}

func TestDocumentViewIsAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sha := strings.Repeat("b", 64)
	e.con.files = memFiles{sha: []byte("%PDF-1.4 test")}
	ctx := context.Background()
	doc := &loket.Document{TicketID: e.ticket.ID, Requirement: "npwp_company", FileName: "npwp.pdf", SHA256: sha, Size: 13, Pages: 1, CreatedAt: e.clock.Now()}
	e.tx(func(tx storetest.Tx) error { return tx.AddDocument(ctx, doc) })
	c := e.login(loket.RoleAgent)
	res, body := c.get(e.ref() + "/documents/" + itoa(doc.ID))
	if res.StatusCode != 200 || body != "%PDF-1.4 test" || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("document: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var entries []loket.Audit
	e.tx(func(tx storetest.Tx) error {
		var err error
		entries, err = tx.ListAudit(ctx, "document:"+itoa(doc.ID), 10)
		return err
	})
	if len(entries) != 1 || entries[0].Action != "document.view" || entries[0].AgentID != e.agents[loket.RoleAgent].ID || entries[0].RemoteIP == "" {
		t.Fatalf("audit %+v, want one document.view by the agent", entries)
	}
	// A supervisor sees it in the audit log.
	_, page := e.login(loket.RoleSupervisor).get("/admin/audit?object=document:" + itoa(doc.ID))
	if !strings.Contains(page, "document.view") {
		t.Error("audit page lacks the view")
	}
	// A document of another ticket is not reachable through this one.
	if res, _ := c.get("/tickets/999/documents/" + itoa(doc.ID)); res.StatusCode != 404 {
		t.Errorf("foreign ticket: %d, want 404", res.StatusCode)
	}
}

func TestLiveEventsStream(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sc := openEvents(ctx, t, c, e.srv.URL+"/events?ticket="+itoa(e.ticket.Number))
	got := make(chan string, 1)
	go func() {
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: change") {
				got <- sc.Text()
				return
			}
		}
	}()
	// A change made behind the console's back (as the engine does) is
	// found by the poll.
	e.tx(func(tx storetest.Tx) error {
		return tx.AddActivity(context.Background(), &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: "halo", CreatedAt: e.clock.Now()})
	})
	select {
	case <-got:
	case <-ctx.Done():
		t.Fatal("no change event")
	}
}

// openEvents opens a live-update stream as c, checks it is one, and
// returns its lines; the stream ends with ctx.
func openEvents(ctx context.Context, t *testing.T, c *client, url string) *bufio.Scanner {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	return bufio.NewScanner(res.Body)
}

// curl -d labels its body a URL-encoded form; the README's examples send
// JSON that way. The body reaches the API's decoder all the same, and an
// empty one is told what to send.
func TestAPIBodyWhateverItsLabel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.login(loket.RoleAgent).newToken("curl")
	api := e.anon()
	post := func(body, ctype string) (*http.Response, string) {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1"+e.ref()+"/reply", strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		return api.do(req)
	}
	for _, ctype := range []string{"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", ""} {
		res, body := post(`{"text":"Berkas sudah kami terima."}`, ctype)
		if res.StatusCode != 200 {
			t.Errorf("JSON labelled %q: %d %s", ctype, res.StatusCode, body)
		}
	}
	res, body := post("", "application/json")
	if res.StatusCode != 400 || !strings.Contains(decodeErr(t, body).Message, "JSON") || strings.Contains(body, "EOF") {
		t.Errorf("empty body: %d %s", res.StatusCode, body)
	}
}

// An integration reviews documents as the ticket page does: the vendor is
// told which document and why, and the refusals say what to send.
func TestAPIDocumentReview(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	doc := e.addDoc("ktp", "ktp.pdf", strings.Repeat("b", 64))
	tok := e.login(loket.RoleAgent).newToken("review")
	api := e.anon()
	path := "/api/v1" + e.ref() + "/documents/" + itoa(doc.ID) + "/review"
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"no decision", `{}`, 400},
		{"odd decision", `{"decision":"maybe"}`, 400},
		{"reject without a reason", `{"decision":"reject"}`, 400},
		{"unknown reason", `{"decision":"reject","reason":"ugly"}`, 400},
		{"unknown field", `{"decision":"accept","note":"x"}`, 400},
	} {
		if res, body := api.apiCall("POST", path, tc.body, tok); res.StatusCode != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, res.StatusCode, body, tc.status)
		} else if decodeErr(t, body).Message == "" {
			t.Errorf("%s: no message", tc.name)
		}
	}
	if res, body := api.apiCall("POST", "/api/v1"+e.ref()+"/documents/99999/review", `{"decision":"accept"}`, tok); res.StatusCode != 404 {
		t.Errorf("unknown document: %d %s", res.StatusCode, body)
	}
	res, body := api.apiCall("POST", path, `{"decision":"reject","reason":"expired","reason_text":"Masa berlaku KTP habis"}`, tok)
	if res.StatusCode != 200 || !strings.Contains(body, `"ticket"`) {
		t.Fatalf("reject: %d %s", res.StatusCode, body)
	}
	var got *loket.Document
	e.tx(func(tx storetest.Tx) error { var err error; got, err = tx.DocumentByID(ctx, doc.ID); return err })
	if got.Status != loket.DocRejected || got.RejectReason != "Dokumen sudah tidak berlaku. Masa berlaku KTP habis." {
		t.Errorf("document %s %q", got.Status, got.RejectReason)
	}
	if _, out := e.lastOut(); !strings.Contains(out.Text, "ktp.pdf") || !strings.Contains(out.Text, "Masa berlaku KTP habis") {
		t.Errorf("vendor message %q", out.Text)
	}
	// Not verified while the document stands rejected; the refusal names it.
	res, body = api.apiCall("POST", "/api/v1"+e.ref()+"/status", `{"status":"verified"}`, tok)
	if got := decodeErr(t, body); res.StatusCode != 409 || got.Code != "conflict" || !strings.Contains(got.Message, "ktp.pdf") {
		t.Errorf("verified with a rejected document: %d %s", res.StatusCode, body)
	}
	if res, body := api.apiCall("POST", path, `{"decision":"accept"}`, tok); res.StatusCode != 200 {
		t.Fatalf("accept: %d %s", res.StatusCode, body)
	}
	if res, body := api.apiCall("POST", "/api/v1"+e.ref()+"/status", `{"status":"verified"}`, tok); res.StatusCode != 200 {
		t.Errorf("verified once the document is accepted: %d %s", res.StatusCode, body)
	}
	_, body = api.apiCall("GET", "/api/v1"+e.ref()+"/documents", "", tok)
	if !strings.Contains(body, `"status": "accepted"`) {
		t.Errorf("documents after the accept: %s", body)
	}
}

// TestLiveStreamCatchesUpWithItsPage: a change that lands between a page's
// rendering and its event stream's start (the reply's "sent" mark, under
// load) refreshes the page at once; it used to wait for the next change,
// which might never come. A page that is current gets no refresh.
func TestLiveStreamCatchesUpWithItsPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	mark := func(page string) string {
		m := regexp.MustCompile(`data-live="/events\?ticket=\d+&amp;fp=([0-9a-z]+)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the ticket page carries no mark of what it shows")
		}
		return m[1]
	}
	// first is the stream's first event or comment line: a change, or the
	// poll's ping when nothing changed.
	first := func(fp string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		sc := openEvents(ctx, t, c, e.srv.URL+"/events?ticket="+itoa(e.ticket.Number)+"&fp="+fp)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "event: ") || strings.HasPrefix(l, ": ping") {
				return l
			}
		}
		return "nothing: " + fmt.Sprint(sc.Err())
	}
	_, page := c.get("/tickets/" + itoa(e.ticket.Number))
	shown := mark(page)
	e.tx(func(tx storetest.Tx) error {
		return tx.AddActivity(context.Background(), &loket.Activity{TicketID: e.ticket.ID, Kind: loket.ActMessageIn, Actor: loket.ActorVendor, Body: "sudah saya kirim", CreatedAt: e.clock.Now()})
	})
	if got := first(shown); got != "event: change" {
		t.Errorf("a stream opened after a change its page did not show began with %q, want a change", got)
	}
	_, page = c.get("/tickets/" + itoa(e.ticket.Number))
	if got := first(mark(page)); got != ": ping" {
		t.Errorf("a stream of a current page began with %q, want the poll's ping", got)
	}
}
