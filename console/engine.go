package console

// The console's template engine: one function map, one page list, every
// page parsed once in New (through newEngine) with errors returned.
//
// To add a console page:
//  1. write templates/console/<name>.html defining "title" and "content"
//     (layout.html wraps them, and shows the attention banner);
//  2. add "<name>" to pageNames below;
//  3. render it from a handler with c.render(w, r, status, "<name>", a, data)
//     and register the handler in routes.go with c.page(pattern, role, h).
//
// A helper a page needs goes into funcs, so every page can use it. Nothing
// else in this package parses templates: TestPagesOnlyInEngine fails if a
// page is parsed or rendered outside this list.
//
// Every page is parsed once per console language, with funcs bound to that
// language: {{t "key" "name" value …}} is the catalogue's text
// (console/catalog.go), and dates, statuses and labels read in the same
// language. A page holds no words of its own: TestPagesHoldNoText fails on
// text outside {{t}}.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"
	"time"

	"loket"
	"loket/knowledge"
	"loket/templates"
)

// pageNames are the console's pages: templates/console/<name>.html.
var pageNames = []string{
	"login", "error", "inbox", "ticket", "account", "agents", "hours", "audit",
	"calendar", "booking", "reports", "survey", "webhooks", "canned", "channels", "retention",
	"office", "answers", "answer", "unanswered", "deadletters",
}

// engine holds every console page, parsed with the layout, per language.
type engine struct {
	pages map[loket.Lang]map[string]*template.Template
}

// view is what every page template gets.
type view struct {
	Me   *loket.Agent // nil on the login and anonymous error pages
	CSRF string
	Lang loket.Lang // the reader's language
	D    any
	// Here is the address of this page when it answers a form it refused
	// (console/flash.go): the browser shows it in place of the form's, so
	// a reload shows the page instead of sending the form again.
	Here string
}

// newEngine parses the layout once per language and each page on a clone
// of it. alert is the attention banner's text for the logged-in agent, or "".
func newEngine(loc *time.Location, cat catalog, alert func(*loket.Agent, loket.Lang) string) (*engine, error) {
	e := &engine{pages: map[loket.Lang]map[string]*template.Template{}}
	for _, lang := range catalogLangs {
		layout, err := template.New("layout").Funcs(funcs(lang, loc, cat, alert)).
			ParseFS(templates.Console, "console/layout.html")
		if err != nil {
			return nil, fmt.Errorf("console: parse template layout: %w", err)
		}
		pages := make(map[string]*template.Template, len(pageNames))
		for _, name := range pageNames {
			t, err := layout.Clone()
			if err != nil {
				return nil, fmt.Errorf("console: clone layout for %s: %w", name, err)
			}
			if _, err := t.ParseFS(templates.Console, "console/"+name+".html"); err != nil {
				return nil, fmt.Errorf("console: parse template %s: %w", name, err)
			}
			pages[name] = t
		}
		e.pages[lang] = pages
	}
	return e, nil
}

// funcs is the one function map of every console page, in lang.
func funcs(lang loket.Lang, loc *time.Location, cat catalog, alert func(*loket.Agent, loket.Lang) string) template.FuncMap {
	date := func(layout string) func(time.Time) string { return dateFormat(cat, lang, loc, layout) }
	return template.FuncMap{
		"t":           func(key string, kv ...any) string { return cat.tr(lang, key, kv...) },
		"asset":       assetURL,
		"label":       func(group string, v any) string { return cat.label(lang, "label."+group, fmt.Sprint(v)) },
		"when":        date(cat.tr(lang, "date.layout.when")),
		"day":         timeIn(loc, "2006-01-02"),
		"clock":       timeIn(loc, "15:04"),
		"dayTitle":    date(cat.tr(lang, "date.layout.day_title")),
		"statusLabel": func(s loket.TicketStatus) string { return cat.label(lang, "label.status", string(s)) },
		"atLeast":     func(a *loket.Agent, role string) bool { return a != nil && a.Role.AtLeast(loket.Role(role)) },
		"statuses":    func() []loket.TicketStatus { return loket.TicketStatuses },
		"roles":       func() []loket.Role { return []loket.Role{loket.RoleAgent, loket.RoleSupervisor, loket.RoleAdmin} },
		"channels": func() []loket.Channel {
			return []loket.Channel{loket.ChannelTelegram, loket.ChannelWhatsApp, loket.ChannelWebChat}
		},
		"langs":        func() []loket.Lang { return catalogLangs },
		"channelAlert": func(a *loket.Agent) string { return alert(a, lang) },
		"gist":         func(t knowledge.Text) string { return answerGist(t, lang) },
	}
}

// answerGist is the start of an answer's text in lang (Indonesian when it
// has none in lang), for choosing among answers by what they say rather
// than by their keys alone.
func answerGist(t knowledge.Text, lang loket.Lang) string {
	s := t.ID
	if lang == loket.LangEN && t.EN != "" {
		s = t.EN
	}
	return clip(strings.Join(strings.Fields(s), " "), 70)
}

// timeIn formats a time in the office time zone; the zero time is "".
func timeIn(loc *time.Location, layout string) func(time.Time) string {
	return func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(layout)
	}
}

// execute renders page name with v in v.Lang (Indonesian when unknown)
// into w (a buffer: on an error w holds half a page).
func (e *engine) execute(w io.Writer, name string, v view) error {
	pages, ok := e.pages[v.Lang]
	if !ok {
		pages = e.pages[loket.LangID]
	}
	t, ok := pages[name]
	if !ok {
		return fmt.Errorf("console: no page %q (add it to pageNames in console/engine.go)", name)
	}
	if err := t.ExecuteTemplate(w, "layout", v); err != nil {
		return fmt.Errorf("console: render %s: %w", name, err)
	}
	return nil
}

// assetURL is the address of a static file with a digest of its content:
// a browser that cached console.js or console.css (five minutes) fetches
// the new one as soon as an upgrade changes it, instead of running the
// old script against the new pages.
func assetURL(name string) string {
	return "/static/" + name + "?v=" + assetDigests()[name]
}

var assetDigests = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for _, name := range []string{"console.css", "console.js"} {
		b, err := templates.Console.ReadFile("console/static/" + name)
		if err != nil {
			continue
		}
		sum := sha256.Sum256(b)
		out[name] = hex.EncodeToString(sum[:6])
	}
	return out
})
