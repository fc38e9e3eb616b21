package console

import (
	"bytes"
	"net/http"
	"net/url"
)

// render executes a page into a buffer first, so a template error gives a
// clean 500 instead of half a page. What a redirect carried for the page
// to say once (console/flash.go) joins a map's data.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, a *auth, data any) {
	if m, ok := data.(map[string]any); ok {
		for k, v := range c.takeFlash(w, r, a) {
			if cur, set := m[k]; !set || cur == nil || cur == "" {
				m[k] = v
			}
		}
	}
	v := view{D: data, Lang: readerLang(r, a)}
	if r.Method == http.MethodPost {
		v.Here = pageAddress(r, name)
	}
	if a != nil {
		v.Me, v.CSRF = a.Agent, a.csrf()
	}
	var buf bytes.Buffer
	if err := c.tmpl.execute(&buf, name, v); err != nil {
		c.log.ErrorContext(r.Context(), "console: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// pagePaths are the addresses of the pages forms are refused on.
var pagePaths = map[string]string{
	"account": "/account", "agents": "/admin/agents", "hours": "/admin/hours", "booking": "/admin/booking",
	"survey": "/admin/survey", "webhooks": "/admin/webhooks", "canned": "/admin/canned", "office": "/admin/office",
	"answers": "/admin/answers", "unanswered": "/admin/unanswered", "retention": "/admin/retention",
	"channels": "/admin/channels", "deadletters": "/admin/deadletters",
}

// pageAddress is where page name, shown in answer to the form r, lives
// ("" = nowhere to show instead: an error page).
func pageAddress(r *http.Request, name string) string {
	switch name {
	case "ticket":
		return "/tickets/" + url.PathEscape(r.PathValue("number"))
	case "answer":
		return "/admin/answers/" + url.PathEscape(r.PathValue("key"))
	case "calendar":
		return safeNext(backTo(r))
	case "login":
		if next := safeNext(r.PostFormValue("next")); next != "/" {
			return "/login?next=" + url.QueryEscape(next)
		}
		return "/login"
	}
	return pagePaths[name]
}
