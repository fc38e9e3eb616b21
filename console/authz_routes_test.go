package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket"
)

// allowed marks a role that may use a route: any answer but 401, 403 or
// a redirect to the login page (a 404 for a missing id, a 400 for an
// empty form, a 303 back to a page all mean the role check passed).
const allowed = -1

// by is the want of a route whose least role is min: anonymous callers
// are sent to log in (303 for a page GET, 401 otherwise), lower roles 403.
func by(min loket.Role, method, path string) want {
	w := want{anon: http.StatusUnauthorized}
	if method == "GET" && !strings.HasPrefix(path, "/api/") {
		w.anon = http.StatusSeeOther
	}
	pick := func(r loket.Role) int {
		if r.AtLeast(min) {
			return allowed
		}
		return http.StatusForbidden
	}
	w.agent, w.supervisor, w.admin = pick(loket.RoleAgent), pick(loket.RoleSupervisor), pick(loket.RoleAdmin)
	return w
}

// routeCase is one request of the matrix and the least role it needs.
type routeCase struct {
	method, path string
	min          loket.Role
	form         url.Values // a page POST (sent with the session's CSRF token)
	json         string     // an API call
}

// matrixRoutes are the routes TestAuthorisationPerRouteAndRole does not
// already try, each with the least role routes.go is meant to give it.
// Ids, numbers and keys that do not exist keep the calls from changing
// what later calls see; the role check comes first either way.
func matrixRoutes(tk string) []routeCase {
	const ag, sup, adm = loket.RoleAgent, loket.RoleSupervisor, loket.RoleAdmin
	empty := url.Values{}
	return []routeCase{
		{"GET", "/events", ag, nil, ""},
		{"GET", tk + "/documents/99999", ag, nil, ""},
		{"POST", "/tickets/99999/reply", ag, url.Values{"text": {"x"}}, ""},
		{"POST", "/tickets/99999/status", ag, url.Values{"status": {"open"}}, ""},
		{"POST", "/tickets/99999/call-phone", ag, url.Values{"phone": {"081234567890"}}, ""},
		{"POST", "/tickets/99999/outbound/99999/retry", ag, empty, ""},
		{"POST", "/tickets/99999/documents/99999/review", ag, empty, ""},
		{"POST", "/account/tokens", ag, url.Values{"name": {"matrix"}}, ""},
		{"POST", "/account/password", ag, empty, ""},
		{"POST", "/account/language", ag, url.Values{"lang": {"en"}}, ""},
		{"POST", "/admin/agents", adm, empty, ""},
		{"POST", "/admin/agents/99999", adm, empty, ""},
		{"POST", "/admin/holidays/2026-04-01/delete", adm, empty, ""},
		{"POST", "/calendar/99999/mark", ag, empty, ""},
		{"POST", "/calendar/99999/assign", ag, empty, ""},
		{"POST", "/admin/booking", adm, empty, ""},
		{"POST", "/admin/booking/schedules", adm, empty, ""},
		{"GET", "/reports", sup, nil, ""},
		{"GET", "/reports/nope.csv", sup, nil, ""},
		{"GET", "/admin/survey", adm, nil, ""},
		{"POST", "/admin/survey", adm, url.Values{"version": {"999"}}, ""},
		{"GET", "/admin/webhooks", adm, nil, ""},
		{"POST", "/admin/webhooks", adm, empty, ""},
		{"POST", "/admin/webhooks/99999/toggle", adm, empty, ""},
		{"POST", "/admin/webhooks/99999/test", adm, empty, ""},
		{"POST", "/admin/webhooks/99999/delete", adm, empty, ""},
		{"GET", "/admin/office", adm, nil, ""},
		{"POST", "/admin/office", adm, empty, ""},
		{"POST", "/admin/office/requirements", adm, empty, ""},
		{"POST", "/admin/office/rollback", adm, empty, ""},
		{"GET", "/admin/office/export", adm, nil, ""},
		{"POST", "/admin/office/import", adm, empty, ""},
		{"GET", "/admin/answers", adm, nil, ""},
		{"POST", "/admin/answers", adm, empty, ""},
		{"GET", "/admin/answers/no-such-answer", adm, nil, ""},
		{"POST", "/admin/answers/no-such-answer", adm, empty, ""},
		{"POST", "/admin/answers/no-such-answer/rollback", adm, empty, ""},
		{"POST", "/admin/answers/no-such-answer/reset", adm, empty, ""},
		{"GET", "/admin/unanswered", adm, nil, ""},
		{"POST", "/admin/unanswered/attach", adm, empty, ""},
		{"POST", "/admin/unanswered/dismiss", adm, empty, ""},
		{"GET", "/admin/deadletters", adm, nil, ""},
		{"POST", "/admin/deadletters/jobs/99999/retry", adm, empty, ""},
		{"POST", "/admin/webhooks/deliveries/99999/retry", adm, empty, ""},
		{"GET", "/admin/channels", sup, nil, ""},
		{"GET", "/admin/channels/events", sup, nil, ""},
		{"POST", "/admin/channels/whatsapp/pair", adm, empty, ""},
		{"GET", "/admin/channels/whatsapp/pair", sup, nil, ""},
		{"POST", "/admin/channels/whatsapp/phone", adm, empty, ""},
		{"GET", "/admin/channels/whatsapp/phone", sup, nil, ""},
		{"GET", "/admin/channels/whatsapp/qr.png", adm, nil, ""},
		{"POST", "/admin/channels/whatsapp/templates", adm, empty, ""},
		{"GET", "/admin/channels/whatsapp/templates", sup, nil, ""},
		{"GET", "/admin/retention", adm, nil, ""},
		{"POST", "/admin/retention", adm, empty, ""},
		{"GET", "/tickets/99999/personal-data.zip", adm, nil, ""},
		{"POST", "/tickets/99999/personal-data/erase", adm, empty, ""},
		{"POST", "/api/v1/tickets/99999/reply", ag, nil, `{"text":"x"}`},
		{"POST", "/api/v1/tickets/99999/assign", ag, nil, `{"assignee_id":1}`},
		{"POST", "/api/v1/tickets/99999/status", ag, nil, `{"status":"open"}`},
		{"POST", "/api/v1/tickets/99999/call-phone", ag, nil, `{"phone":"081234567890"}`},
		{"POST", "/api/v1/tickets/99999/documents/99999/review", ag, nil, `{"decision":"accept"}`},
		{"POST", "/api/v1/appointments/99999/mark", ag, nil, `{}`},
		{"POST", "/api/v1/appointments/99999/assign", ag, nil, `{}`},
		{"GET", "/api/v1/tickets/99999/personal-data", adm, nil, ""},
		{"POST", "/api/v1/tickets/99999/personal-data/erase", adm, nil, `{}`},
		{"GET", "/api/v1/vendors/99999/personal-data", adm, nil, ""},
		{"POST", "/api/v1/vendors/99999/personal-data/erase", adm, nil, `{}`},
	}
}

// statusOf sends one matrix request and returns its status and where a
// redirect points; only the head is read (/events streams never end).
func (c *client) statusOf(rc routeCase) (int, string) {
	c.e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var body *strings.Reader
	switch {
	case rc.form != nil:
		v := url.Values{}
		for k, x := range rc.form {
			v[k] = x
		}
		if c.csrf != "" {
			v.Set("csrf", c.csrf)
		}
		body = strings.NewReader(v.Encode())
	default:
		body = strings.NewReader(rc.json)
	}
	req, _ := http.NewRequestWithContext(ctx, rc.method, c.e.srv.URL+rc.path, body)
	if rc.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else if rc.method != "GET" {
		req.Header.Set("Content-Type", "application/json")
		if c.csrf != "" {
			req.Header.Set("X-CSRF-Token", c.csrf)
		}
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", rc.method, rc.path, err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

// TestAuthorisationEveryRoute: every route not in the first matrix
// refuses callers below its least role, and — the point of this test —
// every route the console registers is tried by one of the two matrices
// (a new route without a row here fails the test).
func TestAuthorisationEveryRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tk := e.ref()
	clients := []struct {
		name string
		c    *client
		pick func(w want) int
	}{
		{"anonymous", e.anon(), func(w want) int { return w.anon }},
		{"agent", e.login(loket.RoleAgent), func(w want) int { return w.agent }},
		{"supervisor", e.login(loket.RoleSupervisor), func(w want) int { return w.supervisor }},
		{"admin", e.login(loket.RoleAdmin), func(w want) int { return w.admin }},
	}
	for _, rc := range matrixRoutes(tk) {
		w := by(rc.min, rc.method, rc.path)
		for _, cl := range clients {
			got, loc := cl.c.statusOf(rc)
			want := cl.pick(w)
			toLogin := got == http.StatusSeeOther && strings.HasPrefix(loc, "/login")
			switch {
			case want == allowed && (got == 401 || got == 403 || toLogin):
				t.Errorf("%s %s as %s: status %d (%s), want the role let through", rc.method, rc.path, cl.name, got, loc)
			case want != allowed && got != want:
				t.Errorf("%s %s as %s: status %d, want %d", rc.method, rc.path, cl.name, got, want)
			}
		}
	}
	// Logging out needs a session; done last, with sessions of its own.
	if got, _ := e.anon().statusOf(routeCase{"POST", "/logout", loket.RoleAgent, url.Values{}, ""}); got != http.StatusUnauthorized {
		t.Errorf("POST /logout anonymous: %d, want 401", got)
	}
	if got, loc := e.login(loket.RoleAgent).statusOf(routeCase{"POST", "/logout", loket.RoleAgent, url.Values{}, ""}); got != http.StatusSeeOther || loc != "/login" {
		t.Errorf("POST /logout as agent: %d %s, want 303 to /login", got, loc)
	}

	// Every registered route is in a matrix.
	tried := map[string]bool{"POST /logout": true, "POST /login": true} // login: login_limits_test.go
	for _, rc := range append(matrixRoutes(tk), firstMatrix(e, tk)...) {
		req, _ := http.NewRequest(rc.method, rc.path, nil)
		_, pattern := e.con.mux.Handler(req)
		tried[pattern] = true
	}
	for _, p := range e.con.mux.patterns {
		if !tried[p] {
			t.Errorf("route %q is in no authorisation matrix: add it to matrixRoutes (console/authz_routes_test.go) with its least role", p)
		}
	}
}

// firstMatrix is TestAuthorisationPerRouteAndRole's requests, for the
// coverage check.
func firstMatrix(e *env, tk string) []routeCase {
	var out []routeCase
	for _, c := range authzCases(e, tk, "99999") {
		out = append(out, routeCase{method: c.method, path: c.path})
	}
	return out
}
