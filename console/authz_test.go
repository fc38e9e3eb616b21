package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket"
	"loket/store/storetest"
)

// apiCall sends a JSON API request with the session cookie and, for
// state-changing methods, the CSRF header; or with a bearer token.
func (c *client) apiCall(method, path, body, bearer string) (*http.Response, string) {
	var rd *strings.Reader
	if body == "" {
		rd = strings.NewReader("")
	} else {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	} else if c.csrf != "" && method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	return c.do(req)
}

func TestAuthorisationPerRouteAndRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.ref()
	// A password reset ends the agent's sessions: reset one nobody in the table is logged in as.
	spare := &loket.Agent{Username: "spare", Name: "Spare", Role: loket.RoleAgent, PasswordHash: "x", Active: true, CreatedAt: e.clock.Now()}
	e.tx(func(tx storetest.Tx) error { return tx.SaveAgent(context.Background(), spare) })
	agentID := itoa(spare.ID)
	cases := authzCases(e, tk, agentID)
	clients := []struct {
		name string
		c    *client
		pick func(want) int
	}{
		{"anonymous", e.anon(), func(w want) int { return w.anon }},
		{"agent", e.login(loket.RoleAgent), func(w want) int { return w.agent }},
		{"supervisor", e.login(loket.RoleSupervisor), func(w want) int { return w.supervisor }},
		{"admin", e.login(loket.RoleAdmin), func(w want) int { return w.admin }},
	}
	for _, tc := range cases {
		for _, cl := range clients {
			var res *http.Response
			switch {
			case tc.form != nil:
				v := url.Values{}
				for k, x := range tc.form {
					v[k] = x
				}
				res = cl.c.postForm(tc.path, v)
			case tc.method == "GET" && !strings.HasPrefix(tc.path, "/api/"):
				res, _ = cl.c.get(tc.path)
			default:
				res, _ = cl.c.apiCall(tc.method, tc.path, tc.json, "")
			}
			if got, w := res.StatusCode, cl.pick(tc.want); got != w {
				t.Errorf("%s %s as %s: status %d, want %d", tc.method, tc.path, cl.name, got, w)
			}
		}
	}
}

type want struct{ anon, agent, supervisor, admin int }

type authzCase struct {
	method, path string
	form         url.Values
	json         string
	want         want
}

// authzCases is the first matrix: exact statuses per caller.
func authzCases(e *env, tk, agentID string) []authzCase {
	return []authzCase{
		{"GET", "/", nil, "", want{303, 200, 200, 200}},
		{"GET", "/?status=all&assignee=mine&waiting=us&channel=telegram&age=1d&q=Maju", nil, "", want{303, 200, 200, 200}},
		{"GET", tk, nil, "", want{303, 200, 200, 200}},
		{"GET", "/tickets/99999", nil, "", want{303, 404, 404, 404}},
		{"GET", "/account", nil, "", want{303, 200, 200, 200}},
		{"GET", "/admin/agents", nil, "", want{303, 403, 403, 200}},
		{"GET", "/admin/hours", nil, "", want{303, 403, 403, 200}},
		{"GET", "/admin/audit", nil, "", want{303, 403, 200, 200}},
		{"GET", "/static/console.css", nil, "", want{200, 200, 200, 200}},
		{"GET", "/login", nil, "", want{200, 303, 303, 303}},
		{"GET", "/calendar", nil, "", want{303, 200, 200, 200}},
		{"GET", "/admin/booking", nil, "", want{303, 403, 403, 200}},
		{"GET", "/admin/canned", nil, "", want{303, 403, 403, 200}},
		{"POST", "/admin/canned/thanks", url.Values{"text_id": {"Terima kasih."}, "text_en": {"Thank you."}}, "", want{401, 403, 403, 303}},
		{"POST", "/admin/canned", url.Values{"key": {"authz"}, "text_id": {"Halo"}, "text_en": {"Hello"}}, "", want{401, 403, 403, 303}},
		{"POST", "/admin/canned/authz/delete", url.Values{}, "", want{401, 403, 403, 303}},
		{"POST", tk + "/note", url.Values{"text": {"checked"}}, "", want{401, 303, 303, 303}},
		{"POST", tk + "/assign", url.Values{"assignee": {itoa(e.agents[loket.RoleSupervisor].ID)}}, "", want{401, 403, 303, 303}},
		{"POST", "/admin/holidays", url.Values{"date": {"2026-04-01"}, "name": {"Test"}}, "", want{401, 403, 403, 303}},
		{"POST", "/admin/hours", url.Values{"windows": {"mon 10:00-14:00"}}, "", want{401, 403, 403, 303}},
		{"POST", "/admin/agents/" + agentID + "/password", url.Values{}, "", want{401, 403, 403, 303}},
		{"GET", "/api/v1/openapi.json", nil, "", want{200, 200, 200, 200}},
		{"GET", "/api/v1/tickets", nil, "", want{401, 200, 200, 200}},
		{"GET", "/api/v1" + tk, nil, "", want{401, 200, 200, 200}},
		{"GET", "/api/v1/agents", nil, "", want{401, 200, 200, 200}},
		{"GET", "/api/v1/holidays", nil, "", want{401, 200, 200, 200}},
		{"GET", "/api/v1/appointments", nil, "", want{401, 200, 200, 200}},
		{"POST", "/api/v1" + tk + "/note", nil, `{"text":"via api"}`, want{401, 200, 200, 200}},
		{"POST", "/api/v1/agents", nil, `{"username":"newbie","name":"New","role":"agent"}`, want{401, 403, 403, 201}},
		{"POST", "/api/v1/holidays", nil, `{"date":"2026-05-01","name":"Labour day"}`, want{401, 403, 403, 201}},
		{"DELETE", "/api/v1/holidays/2026-05-01", nil, "", want{401, 403, 403, 204}},
		{"GET", "/api/v1" + tk + "/documents", nil, "", want{401, 200, 200, 200}},
		{"GET", "/api/v1/tickets/99999/documents", nil, "", want{401, 404, 404, 404}},
		{"GET", "/api/v1/documents/99999", nil, "", want{401, 404, 404, 404}},
		{"GET", "/api/v1/tokens", nil, "", want{401, 200, 200, 200}},
		{"DELETE", "/api/v1/tokens/99999", nil, "", want{401, 404, 404, 404}},
		{"POST", "/account/tokens/99999/revoke", url.Values{}, "", want{401, 404, 404, 404}},
		{"GET", "/api/v1/nope", nil, "", want{404, 404, 404, 404}},
	}
}
