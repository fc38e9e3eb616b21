package console

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"loket"
	"loket/templates"
)

// pageNames are the console's pages: templates/console/<name>.html, each
// defining "title" and "content" for layout.html.
var pageNames = []string{"login", "error", "inbox", "ticket", "account", "agents", "hours", "audit"}

// view is what every page template gets.
type view struct {
	Me   *loket.Agent // nil on the login and anonymous error pages
	CSRF string
	D    any
}

// parsePages parses every page with the layout at start-up, so a broken
// template stops the process instead of a request.
func parsePages(loc *time.Location) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("02 Jan 2006 15:04")
		},
		"day": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2006-01-02")
		},
		"statusLabel": statusLabel,
		"atLeast":     func(a *loket.Agent, role string) bool { return a != nil && a.Role.AtLeast(loket.Role(role)) },
		"statuses":    func() []loket.TicketStatus { return loket.TicketStatuses },
		"roles":       func() []loket.Role { return []loket.Role{loket.RoleAgent, loket.RoleSupervisor, loket.RoleAdmin} },
		"channels": func() []loket.Channel {
			return []loket.Channel{loket.ChannelTelegram, loket.ChannelWhatsApp, loket.ChannelWebChat}
		},
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templates.Console, "console/layout.html", "console/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("console: parse template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// statusLabel is a status as people read it ("waiting_documents" →
// "Waiting documents").
func statusLabel(s loket.TicketStatus) string {
	t := strings.ReplaceAll(string(s), "_", " ")
	if t == "" {
		return ""
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// render executes a page into a buffer first, so a template error gives a
// clean 500 instead of half a page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, a *auth, data any) {
	v := view{D: data}
	if a != nil {
		v.Me, v.CSRF = a.Agent, a.csrf()
	}
	var buf bytes.Buffer
	if err := c.pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		c.log.ErrorContext(r.Context(), "console: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
