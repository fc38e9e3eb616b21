package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLoginNextStaysOnSite: every redirect payload sends the agent to
// "/" after login; same-site paths are kept.
func TestLoginNextStaysOnSite(t *testing.T) {
	t.Parallel()
	refused := []string{
		"/%09/evil.example", "/\t/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example",
		"//evil.example", "///evil.example", "/\\evil.example", "/%5Cevil.example", "/%5c%5cevil.example",
		"/%2F/evil.example", "/%2f%2fevil.example", "https://evil.example/", "http:/evil.example",
		"javascript:alert(1)", "evil.example", " /x", "/ /evil.example", "/%20/evil.example",
		"/\u3000/evil.example", "/%E3%80%80/evil.example", "/%00/x", "/\x7f/x", "/%ff/x", "\\\\evil.example",
		"https:\\\\evil.example", "//user@evil.example", "/" + strings.Repeat("a", 3000),
	}
	for _, next := range refused {
		if got := safeNext(next); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", next, got)
		}
	}
	kept := map[string]string{
		"/":                        "/",
		"/tickets/1001":            "/tickets/1001",
		"/?q=cv+maju&status=open":  "/?q=cv+maju&status=open",
		"/admin/answers/caf%C3%A9": "/admin/answers/caf%C3%A9",
		"/tickets/1001#docs":       "/tickets/1001",
	}
	for next, want := range kept {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}

	// Through the login form, as a browser sends it.
	e := newEnv(t)
	for _, next := range []string{"/%09/evil.example", "/\\evil.example", "/%5Cevil.example"} {
		res := e.anon().postForm("/login", url.Values{"username": {"agent"}, "password": {testPassword}, "next": {next}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Errorf("login with next=%q: status %d Location %q, want 303 to /", next, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// The login page does not carry a refused next into its form.
	_, body := e.anon().get("/login?next=" + url.QueryEscape("/%09/evil.example"))
	if strings.Contains(body, "evil.example") {
		t.Error("login page echoes a refused next")
	}
	res := e.anon().postForm("/login", url.Values{"username": {"agent"}, "password": {testPassword}, "next": {"/tickets/1001"}})
	if res.Header.Get("Location") != "/tickets/1001" {
		t.Errorf("same-site next: Location %q", res.Header.Get("Location"))
	}
}
