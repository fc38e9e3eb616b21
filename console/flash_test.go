package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
)

// TestFlashOnlyForItsSessionAndPage: the one-time text a redirect carries
// opens only in the session that made it and on the page it was meant
// for; that page deletes it, and another page (or another tab's live
// refresh) leaves it.
func TestFlashOnlyForItsSessionAndPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	agent := e.login(loket.RoleAgent)
	res, _ := agent.postFormBody("/account/tokens", url.Values{"name": {"crm"}, "csrf": {agent.csrf}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/account") {
		t.Fatalf("create a token: %d %q, want a redirect to /account", res.StatusCode, res.Header.Get("Location"))
	}
	var flash *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == flashCookie {
			flash = c
		}
	}
	if flash == nil || !flash.HttpOnly || strings.Contains(flash.Value, "lkt_") {
		t.Fatalf("flash cookie %+v: want one, HttpOnly, sealed", flash)
	}
	// Another session with the same cookie sees nothing.
	other := e.login(loket.RoleSupervisor)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/account", nil)
	req.AddCookie(flash)
	if _, body := other.do(req); strings.Contains(body, `id="api-token"`) {
		t.Errorf("another session opened the flash")
	}
	// Another page, and a live refresh of the page, leave it.
	agent.get("/admin/audit")
	req, _ = http.NewRequest(http.MethodGet, e.srv.URL+"/account", nil)
	req.Header.Set("X-Loket-Refresh", "1")
	if _, body := agent.do(req); strings.Contains(body, `id="api-token"`) {
		t.Errorf("a live refresh took the flash")
	}
	_, body := agent.get("/account")
	if !strings.Contains(body, `id="api-token">lkt_`) {
		t.Fatalf("the account page does not show the new token once")
	}
	if _, body := agent.get("/account"); strings.Contains(body, `id="api-token"`) {
		t.Errorf("the token's secret is shown a second time")
	}
}
