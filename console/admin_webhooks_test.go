package console

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

func (e *env) webhooks() []loket.WebhookEndpoint {
	var eps []loket.WebhookEndpoint
	e.tx(func(tx storetest.Tx) error {
		var err error
		eps, err = loket.LoadWebhookEndpoints(context.Background(), tx)
		return err
	})
	return eps
}

// TestAdminWebhooks: an admin adds (generated secret shown once, or one
// entered), toggles, tests and deletes endpoints; bad input changes
// nothing; other roles and forged forms are refused.
func TestAdminWebhooks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	if res, body := admin.get("/admin/webhooks"); res.StatusCode != http.StatusOK || !strings.Contains(body, "No webhooks yet") {
		t.Fatalf("page: %d", res.StatusCode)
	}
	res, body := admin.postFollow("/admin/webhooks", url.Values{"url": {" https://crm.example/hook "},
		"events": {"ticket.created", "ticket.status_changed", "message.created"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("add: %d", res.StatusCode)
	}
	eps := e.webhooks()
	if len(eps) != 1 || eps[0].URL != "https://crm.example/hook" || !eps[0].Active || eps[0].Events != nil || len(eps[0].Secret) != 64 {
		t.Fatalf("saved %+v", eps)
	}
	if !strings.Contains(body, eps[0].Secret) {
		t.Error("the generated secret is not shown after adding")
	}
	if _, page := admin.get("/admin/webhooks"); strings.Contains(page, eps[0].Secret) || !strings.Contains(page, "https://crm.example/hook") {
		t.Error("the list shows the secret, or not the endpoint")
	}

	res, body = admin.postFollow("/admin/webhooks", url.Values{"url": {"http://erp.example/x"},
		"events": {"message.created"}, "secret": {"my-own-secret-0123456789"}})
	if res.StatusCode != http.StatusOK || strings.Contains(body, "my-own-secret-0123456789") {
		t.Fatalf("add with secret: %d (an entered secret is not echoed)", res.StatusCode)
	}
	eps = e.webhooks()
	if len(eps) != 2 || eps[1].Secret != "my-own-secret-0123456789" || !reflect.DeepEqual(eps[1].Events, []string{"message.created"}) {
		t.Fatalf("saved %+v", eps)
	}

	bad := []url.Values{
		{"url": {"ftp://x.example/"}, "events": {"message.created"}},
		{"url": {"/relative"}, "events": {"message.created"}},
		{"url": {"javascript:alert(1)"}, "events": {"message.created"}},
		{"url": {"https://x.example/"}},
		{"url": {"https://x.example/"}, "events": {"document.created"}},
		{"url": {"https://x.example/"}, "events": {"message.created"}, "secret": {"short"}},
	}
	for _, v := range bad {
		if res := admin.postForm("/admin/webhooks", v); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%v: %d; want 400", v, res.StatusCode)
		}
	}
	if n := len(e.webhooks()); n != 2 {
		t.Fatalf("bad input saved something: %d endpoints", n)
	}

	id := eps[0].ID
	if res := admin.postForm("/admin/webhooks/"+id+"/toggle", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("toggle: %d", res.StatusCode)
	}
	if e.webhooks()[0].Active {
		t.Error("toggle did not disable")
	}
	if res := admin.postForm("/admin/webhooks/"+id+"/test", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("test: %d", res.StatusCode)
	}
	out, err := e.store.ClaimOutbound(context.Background(), loket.ChannelWebhook, e.clock.Now().Add(time.Minute), time.Hour, 10, 0)
	if err != nil || len(out) != 1 || out[0].ChatID != id || !strings.Contains(out[0].Text, `"type":"ping"`) {
		t.Fatalf("test event queued: %+v, %v", out, err)
	}
	if res := admin.postForm("/admin/webhooks/nope/delete", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("delete unknown: %d; want 404", res.StatusCode)
	}
	if res := admin.postForm("/admin/webhooks/"+id+"/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if eps := e.webhooks(); len(eps) != 1 || eps[0].ID == id {
		t.Fatalf("after delete %+v", eps)
	}

	// Forged form (wrong CSRF token): nothing changes.
	if res := admin.postForm("/admin/webhooks/"+eps[1].ID+"/delete", url.Values{"csrf": {"forged"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("forged delete: %d; want 403", res.StatusCode)
	}
	if res := admin.postForm("/admin/webhooks", url.Values{"csrf": {"forged"}, "url": {"https://evil.example/"}, "events": {"message.created"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("forged add: %d; want 403", res.StatusCode)
	}
	if n := len(e.webhooks()); n != 1 {
		t.Fatalf("forged forms changed the endpoints: %d", n)
	}

	for _, role := range []loket.Role{loket.RoleAgent, loket.RoleSupervisor} {
		c := e.login(role)
		if res, _ := c.get("/admin/webhooks"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s GET: %d; want 403", role, res.StatusCode)
		}
		if res := c.postForm("/admin/webhooks", url.Values{"url": {"https://evil.example/"}, "events": {"message.created"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s add: %d; want 403", role, res.StatusCode)
		}
	}
	if n := len(e.webhooks()); n != 1 {
		t.Fatalf("other roles changed the endpoints: %d", n)
	}
	if _, nav := admin.get("/"); !regexp.MustCompile(`href="/admin/webhooks"`).MatchString(nav) {
		t.Error("admin nav lacks the webhooks link")
	}

	// The audit trail names the endpoint, never the secret.
	e.tx(func(tx storetest.Tx) error {
		as, err := tx.ListAudit(context.Background(), "", 100)
		if err != nil {
			return err
		}
		n := 0
		for _, a := range as {
			if strings.HasPrefix(a.Action, "webhook.") {
				n++
			}
			if strings.Contains(a.Detail, "my-own-secret") {
				t.Errorf("audit %s holds the secret", a.Action)
			}
		}
		if n != 5 {
			t.Errorf("%d webhook audit entries; want 5", n)
		}
		return nil
	})
}
