package console

import (
	"bytes"
	"net/http"
)

// render executes a page into a buffer first, so a template error gives a
// clean 500 instead of half a page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, a *auth, data any) {
	v := view{D: data, Lang: readerLang(r, a)}
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
