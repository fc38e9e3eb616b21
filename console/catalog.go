package console

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"loket"
	"loket/templates"
)

// catalog holds every text of the console, per language, read from
// templates/console/messages/:
//
//   - <lang>.json: the texts the console sends to vendors (in the vendor's
//     language): status changes ("status.<status>"), document reviews
//     ("doc.accepted", "doc.rejected"), requirement names ("req.<key>"),
//     common reject reasons ("reason.<key>") and the default canned replies
//     ("canned.<key>"). Variables: {{ticket}}, {{vendor}}, {{doc}},
//     {{requirement}}, {{reason}}.
//   - <lang>.<area>.json: what agents read (in the agent's language): the
//     pages, notices, errors, chart labels and CSV headers of one area
//     ("<area>.<name>"), and shared labels ("label.<group>.<value>"),
//     dates ("date.…") and timeline events ("event.<name>").
//
// A key lives in one file; every language has every key (loadCatalog
// fails otherwise, so a missing translation fails start-up and tests, not
// a reader). A text may use {{name}} for a variable and {{name:group}} for
// a variable shown as its label "<group>.<value>" (a status, a role…).
type catalog map[loket.Lang]map[string]string

var catalogLangs = []loket.Lang{loket.LangID, loket.LangEN}

const messagesDir = "console/messages"

func loadCatalog() (catalog, error) {
	files, err := fs.Glob(templates.Console, messagesDir+"/*.json")
	if err != nil {
		return nil, fmt.Errorf("console: list catalogues: %w", err)
	}
	cat := catalog{}
	for _, lang := range catalogLangs {
		cat[lang] = map[string]string{}
	}
	from := map[string]string{} // lang/key → file, for duplicate reports
	for _, f := range files {
		lang := loket.Lang(strings.SplitN(path.Base(f), ".", 2)[0])
		m, ok := cat[lang]
		if !ok {
			return nil, fmt.Errorf("console: catalogue %s: unknown language %q (want id or en)", f, lang)
		}
		b, err := templates.Console.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("console: read catalogue %s: %w", f, err)
		}
		part := map[string]string{}
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("console: parse catalogue %s: %w", f, err)
		}
		for k, v := range part {
			if prev, dup := from[string(lang)+"/"+k]; dup {
				return nil, fmt.Errorf("console: catalogue key %q is in both %s and %s", k, prev, f)
			}
			from[string(lang)+"/"+k] = f
			m[k] = v
		}
	}
	if err := cat.check(); err != nil {
		return nil, err
	}
	return cat, nil
}

// check fails when a language misses a key another has, or a status text.
func (cat catalog) check() error {
	for _, a := range catalogLangs {
		for _, b := range catalogLangs {
			for k := range cat[a] {
				if _, ok := cat[b][k]; !ok {
					return fmt.Errorf("console: catalogue %s lacks %q (present in %s)", b, k, a)
				}
			}
		}
	}
	for _, s := range loket.TicketStatuses {
		for _, k := range []string{"status." + string(s), "label.status." + string(s)} {
			if _, ok := cat[loket.LangID][k]; !ok {
				return fmt.Errorf("console: catalogue lacks %s", k)
			}
		}
	}
	for _, k := range []string{"doc.accepted", "doc.rejected"} {
		if _, ok := cat[loket.LangID][k]; !ok {
			return fmt.Errorf("console: catalogue lacks %s", k)
		}
	}
	return nil
}

// lang returns the texts of lang, Indonesian when lang is unknown.
func (cat catalog) lang(lang loket.Lang) map[string]string {
	if m, ok := cat[lang]; ok {
		return m
	}
	return cat[loket.LangID]
}

// text returns the key's text in lang (Indonesian when lang is unknown)
// with variables filled in; "" when there is no such key.
func (cat catalog) text(lang loket.Lang, key string, vars map[string]string) string {
	s, ok := cat.lang(lang)[key]
	if !ok {
		return ""
	}
	return cat.fill(lang, s, vars)
}

// tr is text for what agents read: a missing key shows as the key itself,
// so it is noticed (TestCatalogueKeysExist catches it before that).
func (cat catalog) tr(lang loket.Lang, key string, kv ...any) string {
	s, ok := cat.lang(lang)[key]
	if !ok {
		return key
	}
	return cat.fill(lang, s, pairs(kv))
}

// label is the text of "<group>.<value>", or value itself when there is none.
func (cat catalog) label(lang loket.Lang, group, value string) string {
	if s, ok := cat.lang(lang)[group+"."+value]; ok {
		return s
	}
	return value
}

// pairs turns "name", value, … into variables.
func pairs(kv []any) map[string]string {
	if len(kv) == 0 {
		return nil
	}
	vars := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		vars[fmt.Sprint(kv[i])] = fmt.Sprint(kv[i+1])
	}
	return vars
}

// fill replaces {{name}} with vars[name] and {{name:group}} with the label
// of vars[name] in group; unknown variables stay as they are.
func (cat catalog) fill(lang loket.Lang, s string, vars map[string]string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		name, group, typed := strings.Cut(s[i+2:i+j], ":")
		v, ok := vars[name]
		switch {
		case !ok:
			b.WriteString(s[i : i+j+2])
		case typed:
			b.WriteString(cat.label(lang, group, v))
		default:
			b.WriteString(v)
		}
		s = s[i+j+2:]
	}
	b.WriteString(s)
	return b.String()
}

// fillVars replaces {{name}} with vars[name]; unknown variables stay
// (canned replies and agents' texts, which are no catalogue texts).
func fillVars(s string, vars map[string]string) string {
	pairs := make([]string, 0, 2*len(vars))
	for k, v := range vars {
		pairs = append(pairs, "{{"+k+"}}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// option is a key and its text, for pick lists.
type option struct{ Key, Text string }

// prefixed lists the entries of lang whose key starts with prefix.
func (cat catalog) prefixed(lang loket.Lang, prefix string) []option {
	var out []option
	for k, v := range cat.lang(lang) {
		if strings.HasPrefix(k, prefix) {
			out = append(out, option{Key: strings.TrimPrefix(k, prefix), Text: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
