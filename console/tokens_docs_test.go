package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

func (e *env) audits(object string) []loket.Audit {
	var out []loket.Audit
	e.tx(func(tx storetest.Tx) error {
		var err error
		out, err = tx.ListAudit(context.Background(), object, 50)
		return err
	})
	return out
}

func TestAPIDocumentsListAndDownload(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sha := strings.Repeat("c", 64)
	e.con.files = memFiles{sha: []byte("%PDF-1.7 akta")}
	ctx := context.Background()
	doc := &loket.Document{TicketID: e.ticket.ID, Requirement: "akta", FileName: "akta pendirian.pdf", SHA256: sha, Size: 13, Pages: 2, CreatedAt: e.clock.Now()}
	lost := &loket.Document{TicketID: e.ticket.ID, Requirement: "ktp", FileName: "ktp.pdf", SHA256: strings.Repeat("d", 64), Size: 5, Pages: 1, CreatedAt: e.clock.Now()}
	e.tx(func(tx storetest.Tx) error {
		if err := tx.AddDocument(ctx, doc); err != nil {
			return err
		}
		return tx.AddDocument(ctx, lost)
	})
	c := e.login(loket.RoleAgent)
	tok := c.newToken("dms sync")

	res, body := c.apiCall("GET", "/api/v1"+e.ref()+"/documents", "", tok)
	var list struct {
		Documents []apiDocument `json:"documents"`
	}
	if err := json.Unmarshal([]byte(body), &list); res.StatusCode != 200 || err != nil || len(list.Documents) != 2 {
		t.Fatalf("list: %d %v %s", res.StatusCode, err, body)
	}
	got := list.Documents[0]
	if got.ID != doc.ID || got.FileName != "akta pendirian.pdf" || got.Pages != 2 || got.Status != loket.DocReceived || got.URL != "/api/v1/documents/"+itoa(doc.ID) {
		t.Errorf("document metadata %+v", got)
	}
	if strings.Contains(body, sha) {
		t.Error("the listing leaks the storage hash")
	}

	cases := []struct {
		name   string
		path   string
		status int
		pdf    string
	}{
		{"download", got.URL, 200, "%PDF-1.7 akta"},
		{"bytes missing from storage", "/api/v1/documents/" + itoa(lost.ID), 404, ""},
		{"unknown document", "/api/v1/documents/99999", 404, ""},
		{"not a number", "/api/v1/documents/abc", 404, ""},
	}
	for _, tc := range cases {
		res, body := c.apiCall("GET", tc.path, "", tok)
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, res.StatusCode, tc.status, body)
			continue
		}
		if tc.pdf == "" {
			if !strings.Contains(body, `"error"`) || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Errorf("%s: not the API error shape: %q %s", tc.name, res.Header.Get("Content-Type"), body)
			}
			continue
		}
		h := res.Header
		if body != tc.pdf || h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(h.Get("Content-Disposition"), "akta pendirian.pdf") || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("%s: headers %v body %q", tc.name, h, body)
		}
	}
	// Every download is audited like a console view, with who and from where.
	views := e.audits("document:" + itoa(doc.ID))
	if len(views) != 1 || views[0].Action != "document.view" || views[0].AgentID != e.agents[loket.RoleAgent].ID || !strings.Contains(views[0].Detail, "#1001") {
		t.Fatalf("audit of the download = %+v", views)
	}
	// The documents of a ticket that does not exist are not found.
	if res, _ := c.apiCall("GET", "/api/v1/tickets/4242/documents", "", tok); res.StatusCode != 404 {
		t.Errorf("documents of a missing ticket: %d", res.StatusCode)
	}
}

func TestAPITokensListAndRevoke(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ana, sup := e.login(loket.RoleAgent), e.login(loket.RoleSupervisor)
	first, second := ana.newToken("reporting"), ana.newToken("crm <sync>")
	other := sup.newToken("supervisor's")

	list := func(bearer string) []apiToken {
		t.Helper()
		res, body := ana.apiCall("GET", "/api/v1/tokens", "", bearer)
		if res.StatusCode != 200 {
			t.Fatalf("list tokens: %d %s", res.StatusCode, body)
		}
		for _, secret := range []string{first, second, other, tokenHash(first), tokenHash(second)} {
			if strings.Contains(body, secret) {
				t.Fatalf("the token list leaks a secret or hash: %s", body)
			}
		}
		var out struct {
			Tokens []apiToken `json:"tokens"`
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out.Tokens
	}
	toks := list(second)
	if len(toks) != 2 || toks[0].Name != "reporting" || toks[0].Current || toks[1].Name != "crm <sync>" || !toks[1].Current {
		t.Fatalf("ana's tokens = %+v", toks)
	}
	supTokens := list(other) // the bearer decides whose tokens are listed
	if len(supTokens) != 1 || supTokens[0].Name != "supervisor's" || !supTokens[0].Current {
		t.Fatalf("supervisor's tokens = %+v", supTokens)
	}

	cases := []struct {
		name   string
		id     int64
		with   string
		status int
	}{
		{"another agent's token", supTokens[0].ID, first, 404},
		{"own token", toks[0].ID, second, 204},
		{"already revoked", toks[0].ID, second, 404},
	}
	for _, tc := range cases {
		if res, body := ana.apiCall("DELETE", "/api/v1/tokens/"+itoa(tc.id), "", tc.with); res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, res.StatusCode, tc.status, body)
		}
	}
	if res, _ := ana.apiCall("GET", "/api/v1/tokens", "", first); res.StatusCode != 401 {
		t.Errorf("a revoked token still works: %d", res.StatusCode)
	}
	if res, _ := sup.apiCall("GET", "/api/v1/tokens", "", other); res.StatusCode != 200 {
		t.Errorf("the supervisor's token stopped working: %d", res.StatusCode)
	}

	// The account page lists the rest (escaped) and revokes with a form.
	_, page := ana.get("/account")
	if !strings.Contains(page, "crm &lt;sync&gt;") || strings.Contains(page, ">reporting<") || strings.Contains(page, second) {
		t.Fatalf("account page token list wrong:\n%s", page)
	}
	if res := ana.postForm("/account/tokens/"+itoa(toks[1].ID)+"/revoke", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke on /account: %d", res.StatusCode)
	}
	if res, _ := ana.apiCall("GET", "/api/v1/tokens", "", second); res.StatusCode != 401 {
		t.Errorf("a token revoked on /account still works: %d", res.StatusCode)
	}
	// Without the CSRF token the form is refused.
	if res, _ := ana.postFormBody("/account/tokens/"+itoa(supTokens[0].ID)+"/revoke", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("revoke without CSRF: %d", res.StatusCode)
	}
	revoked := 0
	for _, a := range e.audits("agent:" + itoa(e.agents[loket.RoleAgent].ID)) {
		if a.Action == "apitoken.revoke" {
			revoked++
		}
	}
	if revoked != 2 {
		t.Errorf("audit has %d apitoken.revoke entries, want 2", revoked)
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// change changes the agent's password; it gets the agent's own
		// session and the admin's.
		change     func(e *env, own, admin *client)
		ownSurvive bool
	}{
		{"own change keeps the session it was made in", func(e *env, own, _ *client) {
			res := own.postForm("/account/password", url.Values{"current": {testPassword}, "new": {"another-long-secret"}, "repeat": {"another-long-secret"}})
			if res.StatusCode != http.StatusSeeOther {
				e.t.Fatalf("change password: %d", res.StatusCode)
			}
		}, true},
		{"admin reset ends them all", func(e *env, _, admin *client) {
			if res := admin.postForm("/admin/agents/"+itoa(e.agents[loket.RoleAgent].ID)+"/password", url.Values{}); res.StatusCode != http.StatusSeeOther {
				e.t.Fatalf("reset password: %d", res.StatusCode)
			}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			own, phone, admin := e.login(loket.RoleAgent), e.login(loket.RoleAgent), e.login(loket.RoleAdmin)
			other := e.login(loket.RoleSupervisor)
			tc.change(e, own, admin)
			for _, x := range []struct {
				who   string
				c     *client
				alive bool
			}{{"own", own, tc.ownSurvive}, {"phone", phone, false}, {"admin", admin, true}, {"supervisor", other, true}} {
				res, _ := x.c.get("/")
				if alive := res.StatusCode == 200; alive != x.alive {
					t.Errorf("%s session: status %d, alive %t, want %t", x.who, res.StatusCode, alive, x.alive)
				}
			}
			entries := e.audits("agent:" + itoa(e.agents[loket.RoleAgent].ID))
			if len(entries) == 0 || entries[0].Action != "agent.password" || !strings.Contains(entries[0].Detail, "ended") {
				t.Errorf("audit = %+v", entries)
			}
		})
	}
}
