package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

func TestRetentionPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.withCustody()
	// The ticket was closed 100 days ago: its document is due.
	e.tx(func(tx storetest.Tx) error {
		return loket.SetStatus(context.Background(), tx, e.ticket, loket.StatusClosed, loket.ActorAgent, 0, "",
			e.clock.Now().Add(-100*24*time.Hour))
	})
	admin := e.login(loket.RoleAdmin)
	if res, _ := e.login(loket.RoleSupervisor).get("/admin/retention"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("supervisor: %d", res.StatusCode)
	}
	res, body := admin.get("/admin/retention")
	if res.StatusCode != 200 {
		t.Fatalf("page: %d", res.StatusCode)
	}
	for _, want := range []string{`value="90"`, `value="365"`, `value="30"`, `value="0 2 * * *"`, "Next run: 03 Mar 2026 02:00",
		`href="/tickets/` + itoa(e.ticket.Number) + `">#` + itoa(e.ticket.Number), "ktp"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}

	bad := url.Values{"documents_days": {"120"}, "messages_days": {"365"}, "webchat_days": {"30"}, "schedule": {"every night"}}
	res, body = admin.postFormBody("/admin/retention", withCSRF(admin, bad))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "five fields") || !strings.Contains(body, `value="every night"`) {
		t.Fatalf("bad schedule: %d", res.StatusCode)
	}
	good := url.Values{"documents_days": {"200"}, "messages_days": {"0"}, "webchat_days": {"30"}, "schedule": {"30 3 * * 1-5"}}
	res, body = admin.postFollow("/admin/retention", good)
	if res.StatusCode != 200 || !strings.Contains(body, "saved") || !strings.Contains(body, "Next run: 03 Mar 2026 03:30") ||
		!strings.Contains(body, "Nothing would be removed") {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	e.tx(func(tx storetest.Tx) error {
		as, err := tx.ListAudit(context.Background(), "custody.retention", 10)
		if err == nil && (len(as) != 1 || as[0].Action != "retention.settings" || as[0].AgentID != e.agents[loket.RoleAdmin].ID) {
			t.Errorf("audit = %+v", as)
		}
		return err
	})
}

func withCSRF(c *client, v url.Values) url.Values {
	v.Set("csrf", c.csrf)
	return v
}

func TestTicketPagePersonalData(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.withCustody()
	admin, agent := e.login(loket.RoleAdmin), e.login(loket.RoleAgent)
	if _, body := agent.get(e.ref()); strings.Contains(body, "personal-data") {
		t.Fatal("an agent sees the personal data card")
	}
	if res, _ := agent.get(e.ref() + "/personal-data.zip"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("agent export: %d", res.StatusCode)
	}
	_, body := admin.get(e.ref())
	if !strings.Contains(body, `id="export-personal-data"`) || !strings.Contains(body, `id="erase-personal-data"`) {
		t.Fatal("the admin's ticket page lacks the personal data card")
	}
	res, zip := admin.get(e.ref() + "/personal-data.zip")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" || !strings.HasPrefix(zip, "PK") {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	erase := e.ref() + "/personal-data/erase"
	res, body = admin.postFormBody(erase, withCSRF(admin, url.Values{"confirm": {"1"}}))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "nothing was erased") {
		t.Fatalf("erase with a wrong confirmation: %d", res.StatusCode)
	}
	if _, body := admin.get(e.ref()); !strings.Contains(body, "CV Maju Jaya") {
		t.Fatal("erased without confirmation")
	}
	res = admin.postForm(erase, url.Values{"confirm": {"#" + itoa(e.ticket.Number)}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=erased") {
		t.Fatalf("erase: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = admin.get(e.ref())
	if strings.Contains(body, "CV Maju Jaya") || strings.Contains(body, "ktp-budi.pdf") || !strings.Contains(body, "File removed") {
		t.Fatal("the ticket page still shows the erased vendor")
	}
}
