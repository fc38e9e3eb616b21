package staff

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"loket"
	"loket/templates"
)

// Texts for the staff group live in templates/staff, apart from
// templates/bot: the flows catalogue renders every key of templates/bot
// against the vendor conversation's data, which these texts (for agents)
// do not use.
var textFS = templates.Staff

// view is the data of every staff text.
type view struct {
	Ref, Name, Title, Channel, Status, Link string // the ticket
	Who, Body, Value, List                  string
}

var sampleView = view{Ref: "#1001", Name: "CV Maju Jaya", Title: "Registrasi", Channel: "telegram", Status: "new",
	Link: "http://127.0.0.1:8080/tickets/1001", Who: "Budi", Body: "body", Value: "x", List: "new, closed"}

type catalogue struct {
	byLang map[loket.Lang]*template.Template
	keys   []string
}

// loadTexts parses templates/staff/<lang>.tmpl, checks both languages define the
// same keys and renders every key once, so a broken text fails New.
func loadTexts() (*catalogue, error) {
	c := &catalogue{byLang: map[loket.Lang]*template.Template{}}
	for _, l := range []loket.Lang{loket.LangID, loket.LangEN} {
		t, err := template.New(string(l)).Option("missingkey=error").ParseFS(textFS, "staff/"+string(l)+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("staff: parse texts %s: %w", l, err)
		}
		var keys []string
		for _, d := range t.Templates() {
			if !strings.HasSuffix(d.Name(), ".tmpl") && d.Name() != string(l) {
				keys = append(keys, d.Name())
			}
		}
		slices.Sort(keys)
		if c.keys != nil && !slices.Equal(c.keys, keys) {
			return nil, fmt.Errorf("staff: texts %s have keys %v, want %v", l, keys, c.keys)
		}
		c.keys, c.byLang[l] = keys, t
	}
	for l := range c.byLang {
		for _, k := range c.keys {
			if s, err := c.render(l, k, sampleView); err != nil || s == "" {
				return nil, fmt.Errorf("staff: text %q (%s) does not render: %v", k, l, err)
			}
		}
	}
	return c, nil
}

func (c *catalogue) render(l loket.Lang, key string, v view) (string, error) {
	if _, ok := slices.BinarySearch(c.keys, key); !ok {
		return "", fmt.Errorf("staff: text %q not defined", key)
	}
	var b bytes.Buffer
	if err := c.byLang[l].ExecuteTemplate(&b, key, v); err != nil {
		return "", fmt.Errorf("staff: render %q: %w", key, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// text renders a key in the group's language.
func (s *Staff) text(key string, v view) (string, error) { return s.texts.render(s.cfg.Lang, key, v) }
