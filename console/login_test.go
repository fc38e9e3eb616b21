package console

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/internal/clientaddr"
	"loket/templates"
)

func TestLoginDeactivatedAgentRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	sess := e.login(loket.RoleAgent)
	id := itoa(e.agents[loket.RoleAgent].ID)
	if res := admin.postForm("/admin/agents/"+id, url.Values{"name": {"Gone"}, "role": {"agent"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: status %d", res.StatusCode)
	}
	if res, _ := sess.get("/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("existing session of a deactivated agent: status %d, want 303 to login", res.StatusCode)
	}
	if res, _ := e.anon().postFormBody("/login", url.Values{"username": {"agent"}, "password": {testPassword}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("login of a deactivated agent: status %d, want 401", res.StatusCode)
	}
}

func TestSessionCookieExpiryAndLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.anon()
	res := c.postForm("/login", url.Values{"username": {"agent"}, "password": {testPassword}, "next": {"//evil.example/"}})
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Errorf("open redirect: Location %q, want /", loc)
	}
	ck := res.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode || len(ck[0].Value) < 40 {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, long random value", ck)
	}
	if r, _ := c.get("/"); r.StatusCode != 200 {
		t.Fatalf("inbox after login: %d", r.StatusCode)
	}
	e.clock.Advance(12*time.Hour + time.Second)
	if r, _ := c.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("after expiry: status %d Location %q, want redirect to /login", r.StatusCode, r.Header.Get("Location"))
	}

	c = e.login(loket.RoleAgent)
	if r := c.postForm("/logout", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	if r, _ := c.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("after logout: %d, want 303", r.StatusCode)
	}
}

// TestSecureCookieFlag: the session cookie is Secure when configured,
// when the public URL is https://, or when a trusted proxy says the
// client came over HTTPS; not for a forged X-Forwarded-Proto.
func TestSecureCookieFlag(t *testing.T) {
	t.Parallel()
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	cases := []struct {
		name   string
		set    func(e *env)
		proto  string
		secure bool
	}{
		{"configured", func(e *env) { e.con.cfg.SecureCookies = true }, "", true},
		{"https public URL", func(e *env) { e.con.cfg.Clients = clientaddr.New(nil, "https://loket.example") }, "", true},
		{"trusted proxy says https", func(e *env) { e.con.cfg.Clients = clientaddr.New(loopback, "") }, "https", true},
		{"trusted proxy says http", func(e *env) { e.con.cfg.Clients = clientaddr.New(loopback, "") }, "http", false},
		{"untrusted X-Forwarded-Proto", func(e *env) { e.con.cfg.Clients = clientaddr.New(nil, "http://loket.example") }, "https", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			tc.set(e)
			for _, path := range []string{"/login", "/logout"} {
				c := e.login(loket.RoleAgent)
				v := url.Values{"username": {"agent"}, "password": {testPassword}, "csrf": {c.csrf}}
				req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(v.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if tc.proto != "" {
					req.Header.Set("X-Forwarded-Proto", tc.proto)
				}
				res, _ := c.do(req)
				if ck := res.Cookies(); len(ck) != 1 || ck[0].Secure != tc.secure {
					t.Errorf("%s: cookie %+v, want Secure=%t", path, ck, tc.secure)
				}
			}
		})
	}
}

func TestCSRFRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	before := len(e.activities())
	cases := []struct {
		name   string
		csrf   string
		origin string
	}{
		{"missing token", "-", ""},
		{"wrong token", "forged", ""},
		{"cross-site origin", "", "http://evil.example"},
	}
	for _, tc := range cases {
		v := url.Values{"text": {"hello"}}
		if tc.csrf == "-" {
			v.Set("csrf", "")
		} else if tc.csrf != "" {
			v.Set("csrf", tc.csrf)
		} else {
			v.Set("csrf", c.csrf)
		}
		req, _ := http.NewRequest("POST", e.srv.URL+e.ref()+"/reply", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tc.origin != "" {
			req.Header.Set("Origin", tc.origin)
		}
		if tc.csrf == "-" {
			req.URL.RawQuery = ""
		}
		res, _ := c.do(req)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tc.name, res.StatusCode)
		}
	}
	// A session-authenticated API call without the header is refused too.
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1"+e.ref()+"/note", strings.NewReader(`{"text":"x"}`))
	res, body := c.do(req)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `"forbidden"`) {
		t.Errorf("API without CSRF header: %d %s", res.StatusCode, body)
	}
	if n := len(e.activities()); n != before {
		t.Fatalf("refused requests changed the timeline: %d → %d activities", before, n)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, p := range []string{"/login", "/api/v1/openapi.json", "/static/console.js"} {
		res, _ := e.anon().get(p)
		h := res.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Frame-Options %q, X-Content-Type-Options %q", p, h.Get("X-Frame-Options"), h.Get("X-Content-Type-Options"))
		}
	}
	_, body := e.anon().get("/login")
	if strings.Contains(body, "<script>") || strings.Contains(body, " onclick=") {
		t.Errorf("login page has inline script")
	}
}

func TestPasswords(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("a-long-password")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "a-long-password") || CheckPassword(h, "a-long-passwore") || CheckPassword("", "") {
		t.Fatal("CheckPassword gives wrong answers")
	}
	if _, err := HashPassword("short"); loket.ErrorCode(err) != loket.EInvalid {
		t.Fatalf("short password: %v, want invalid", err)
	}
	a, b := GeneratePassword(), GeneratePassword()
	if len(a) != 16 || a == b {
		t.Fatalf("GeneratePassword: %q %q", a, b)
	}
	if _, err := HashPassword(a); err != nil {
		t.Fatalf("generated password refused: %v", err)
	}
}

// TestFormAfterSessionEndedLeadsBack: a form sent after the session ended
// offers to log in again and come back to the page the form was on (it
// led to the inbox, away from the ticket being answered); a Referer from
// elsewhere leads to the inbox.
func TestFormAfterSessionEndedLeadsBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login(loket.RoleAgent)
	csrf := c.csrf
	if res := c.postForm("/logout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	post := func(referer string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+e.ref()+"/reply", strings.NewReader(url.Values{"csrf": {csrf}, "text": {"halo"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", referer)
		res, body := c.do(req)
		return res.StatusCode, body
	}
	code, body := post(e.srv.URL + e.ref())
	want := `href="/login?next=` + url.QueryEscape(e.ref()) + `"`
	if code != http.StatusUnauthorized || !strings.Contains(body, want) {
		t.Errorf("reply after the session ended: %d, or no login link back to the ticket (want %s)", code, want)
	}
	if _, body := post("https://evil.example/tickets/1001"); !strings.Contains(body, `href="/login?next=%2F"`) {
		t.Errorf("a foreign Referer is followed after login")
	}
}

// TestStaticFilesCarryTheirDigest: pages load console.css and console.js
// at an address with a digest of their content, so an upgrade is not met
// by the browser's cached copy (kept five minutes: old script, new pages).
func TestStaticFilesCarryTheirDigest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, page := e.anon().get("/login")
	for _, name := range []string{"console.css", "console.js"} {
		want, err := templates.Console.ReadFile("console/static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(want)
		url := "/static/" + name + "?v=" + hex.EncodeToString(sum[:6])
		if !strings.Contains(page, `"`+url+`"`) {
			t.Errorf("the login page does not load %s", url)
			continue
		}
		if res, body := e.anon().get(url); res.StatusCode != 200 || body != string(want) {
			t.Errorf("%s: %d, or not the file", url, res.StatusCode)
		}
	}
}
