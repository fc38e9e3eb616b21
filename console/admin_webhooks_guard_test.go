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
