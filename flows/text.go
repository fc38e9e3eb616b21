package flows

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"text/template"

	"loket"
)

// langs are the languages every key must exist in; files are <lang>.tmpl
// plus any <lang>.<part>.tmpl (one part per feature: docs, booking, …).
var langs = [...]loket.Lang{loket.LangID, loket.LangEN}

// catalogue is the parsed text set: one template tree per language.
type catalogue struct {
	byLang map[loket.Lang]*template.Template
	keys   []string // sorted, identical in every language
}

var tmplFuncs = template.FuncMap{
	"join": strings.Join,
	"inc":  func(i int) int { return i + 1 },
	// numbered lists items one a line: "1. KTP\n2. NPWP".
	"numbered": func(items []string) string {
		var b strings.Builder
		for i, s := range items {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%d. %s", i+1, s)
		}
		return b.String()
	},
	// list joins items with sep, the last two with last: "a, b dan c".
	"list": func(items []string, sep, last string) string {
		if len(items) < 2 {
			return strings.Join(items, "")
		}
		return strings.Join(items[:len(items)-1], sep) + last + items[len(items)-1]
	},
}

// parseCatalogue parses <lang>.tmpl from fsys (the root or a "bot"
// directory) and checks that every language defines the same keys.
func parseCatalogue(fsys fs.FS) (*catalogue, error) {
	if sub, err := fs.Sub(fsys, "bot"); err == nil {
		if _, err := fs.Stat(sub, string(loket.LangID)+".tmpl"); err == nil {
			fsys = sub
		}
	}
	c := &catalogue{byLang: map[loket.Lang]*template.Template{}}
	for _, l := range langs {
		name := string(l) + ".tmpl"
		parts, err := fs.Glob(fsys, string(l)+".*.tmpl")
		if err != nil {
			return nil, fmt.Errorf("flows: list texts %s: %w", l, err)
		}
		t, err := template.New(name).Funcs(tmplFuncs).Option("missingkey=error").ParseFS(fsys, append([]string{name}, parts...)...)
		if err != nil {
			return nil, fmt.Errorf("flows: parse texts %s: %w", name, err)
		}
		c.byLang[l] = t
		var keys []string
		for _, d := range t.Templates() {
			if !strings.HasSuffix(d.Name(), ".tmpl") {
				keys = append(keys, d.Name())
			}
		}
		slices.Sort(keys)
		if c.keys == nil {
			c.keys = keys
			continue
		}
		if missing := diff(c.keys, keys); len(missing) > 0 {
			return nil, fmt.Errorf("flows: texts %s lack keys %v", name, missing)
		}
		if extra := diff(keys, c.keys); len(extra) > 0 {
			return nil, fmt.Errorf("flows: texts %s have keys missing in %s: %v", name, langs[0], extra)
		}
	}
	return c, nil
}

// diff returns the elements of a that are not in b (both sorted).
func diff(a, b []string) []string {
	var out []string
	for _, k := range a {
		if _, ok := slices.BinarySearch(b, k); !ok {
			out = append(out, k)
		}
	}
	return out
}

func (c *catalogue) has(key string) bool {
	_, ok := slices.BinarySearch(c.keys, key)
	return ok
}

// render executes one key in one language; the result is trimmed.
func (c *catalogue) render(l loket.Lang, key string, v *view) (string, error) {
	t := c.byLang[l]
	if t == nil {
		t = c.byLang[loket.LangID]
	}
	if !c.has(key) {
		return "", fmt.Errorf("flows: text %q not defined", key)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, key, v); err != nil {
		return "", fmt.Errorf("flows: render text %q (%s): %w", key, l, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// checkAll renders every key in every language with sample data, so a
// template that cannot render fails New, not a vendor's message.
func (c *catalogue) checkAll(sample *view) error {
	for _, l := range langs {
		for _, k := range c.keys {
			s, err := c.render(l, k, sample)
			if err != nil {
				return err
			}
			if s == "" && !strings.HasPrefix(k, "opt.") {
				return fmt.Errorf("flows: text %q (%s) renders empty", k, l)
			}
		}
	}
	return nil
}
