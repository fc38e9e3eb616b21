package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
)

// TestAPITokensEndWithThePassword: changing or resetting an agent's
// password, or deactivating them, revokes their API tokens for good —
// reactivating the agent does not bring them back — and leaves other
// agents' tokens alone.
func TestAPITokensEndWithThePassword(t *testing.T) {
	t.Parallel()
	agentID := func(e *env) string { return itoa(e.agents[loket.RoleAgent].ID) }
	cases := []struct {
		name   string
		change func(e *env, own, admin *client)
	}{
		{"own password change", func(e *env, own, _ *client) {
			res, body := own.postFollow("/account/password", url.Values{"current": {testPassword}, "new": {"another-long-secret"}, "repeat": {"another-long-secret"}})
			if res.StatusCode != 200 || !strings.Contains(body, "1 API token(s) revoked") {
				e.t.Fatalf("change password: %d, says it revoked the token: %t", res.StatusCode, strings.Contains(body, "revoked"))
			}
		}},
		{"admin reset", func(e *env, _, admin *client) {
			if res := admin.postForm("/admin/agents/"+agentID(e)+"/password", url.Values{}); res.StatusCode != http.StatusSeeOther {
				e.t.Fatalf("reset password: %d", res.StatusCode)
			}
		}},
		{"deactivated and reactivated", func(e *env, _, admin *client) {
			if res := admin.postForm("/admin/agents/"+agentID(e), url.Values{"name": {"Off"}, "role": {"agent"}}); res.StatusCode != http.StatusSeeOther {
				e.t.Fatalf("deactivate: %d", res.StatusCode)
			}
			if res := admin.postForm("/admin/agents/"+agentID(e), url.Values{"name": {"On"}, "role": {"agent"}, "active": {"1"}}); res.StatusCode != http.StatusSeeOther {
				e.t.Fatalf("reactivate: %d", res.StatusCode)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			own, admin, sup := e.login(loket.RoleAgent), e.login(loket.RoleAdmin), e.login(loket.RoleSupervisor)
			tok, other := own.newToken("script"), sup.newToken("report")
			if res, _ := own.apiCall("GET", "/api/v1/tokens", "", tok); res.StatusCode != 200 {
				t.Fatalf("token before: %d", res.StatusCode)
			}
			tc.change(e, own, admin)
			if res, _ := e.anon().apiCall("GET", "/api/v1/tickets", "", tok); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("the agent's token after the change: %d, want 401", res.StatusCode)
			}
			if res, _ := e.anon().apiCall("GET", "/api/v1/tickets", "", other); res.StatusCode != 200 {
				t.Errorf("another agent's token: %d, want 200", res.StatusCode)
			}
			entries := e.audits("agent:" + agentID(e))
			found := false
			for _, a := range entries {
				found = found || strings.Contains(a.Detail, "tokens=1")
			}
			if !found {
				t.Errorf("no audit entry records the revoked token: %+v", entries)
			}
		})
	}
	// The token list says so.
	e := newEnv(t)
	_, page := e.login(loket.RoleAgent).get("/account")
	if !strings.Contains(page, `id="tokens-note"`) || !strings.Contains(page, "revokes all your tokens for good") {
		t.Error("the account page does not say that a password change revokes the tokens")
	}
}
