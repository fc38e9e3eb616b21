package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
)

// Webhook targets on loopback, link-local and private addresses are
// refused when saved (the sender refuses them again when connecting).
func TestWebhookToPrivateAddressRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	for _, target := range []string{"http://127.0.0.1:8080/admin", "http://169.254.169.254/latest/meta-data/",
		"https://localhost/hook", "http://[::1]/x", "http://10.0.0.5/hook", "http://192.168.1.1/"} {
		res, body := admin.postFormBody("/admin/webhooks", url.Values{"csrf": {admin.csrf}, "url": {target},
			"events": {"ticket.created"}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "LOKET_WEBHOOK_ALLOW_NETS") {
			t.Errorf("%s: status %d, want 400 naming LOKET_WEBHOOK_ALLOW_NETS", target, res.StatusCode)
		}
	}
	if eps := e.webhooks(); len(eps) != 0 {
		t.Fatalf("saved %+v", eps)
	}
}

// TestWebhookRefusalInTheAdminsLanguage: an Indonesian admin is told in
// Indonesian why a private address is refused (it read only "Masukan
// tidak valid"), and the form keeps the URL and the events ticked.
func TestWebhookRefusalInTheAdminsLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.setAgentLang(loket.RoleAdmin, loket.LangID)
	admin := e.login(loket.RoleAdmin)
	res, body := admin.postFormBody("/admin/webhooks", url.Values{"csrf": {admin.csrf}, "url": {"http://192.168.1.20/loket"},
		"events": {"ticket.created", "message.created"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Alamat 192.168.1.20 menuju mesin ini atau jaringan lokal/privat") {
		t.Errorf("private address for an Indonesian admin: %d, or not told why in Indonesian", res.StatusCode)
	}
	for _, want := range []string{`value="http://192.168.1.20/loket"`, `value="ticket.created" checked`, `value="message.created" checked`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lost %s", want)
		}
	}
	if strings.Contains(body, `value="ticket.status_changed" checked`) {
		t.Errorf("the refused form ticks an event the admin had not")
	}
	// A fresh page ticks every event and has no URL.
	_, body = admin.get("/admin/webhooks")
	if !strings.Contains(body, `value="ticket.status_changed" checked`) || strings.Contains(body, `value="http`) || strings.Contains(body, "no value") {
		t.Errorf("the new-endpoint form of a fresh page is not empty with every event ticked")
	}
}
