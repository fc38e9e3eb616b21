// Package messages is the console's message catalogue, read from
// templates/console/messages: what agents read (in the agent's language)
// and what agents' actions say to vendors (in the vendor's language). The
// console renders its pages with it; the ticket operations (package ops),
// which the console and the Telegram staff group both call, take their
// vendor texts and timeline events from it, so a vendor hears the same
// words whichever way an agent acted.
//
// It imports only the root package and templates.
package messages

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/templates"
)

// Catalog holds every text per language:
//
//   - <lang>.json: the texts sent to vendors (in the vendor's language):
//     status changes ("status.<status>"), document reviews ("doc.accepted",
//     "doc.rejected"), requirement names ("req.<key>"), common reject
//     reasons ("reason.<key>") and the default canned replies
//     ("canned.<key>"). Variables: {{ticket}}, {{vendor}}, {{doc}},
//     {{requirement}}, {{reason}}.
//   - <lang>.<area>.json: what agents read (in the agent's language): the
//     pages, notices, errors, chart labels and CSV headers of one area
//     ("<area>.<name>"), and shared labels ("label.<group>.<value>"),
//     dates ("date.…") and timeline events ("event.<name>").
//
// A key lives in one file; every language has every key (Load fails
// otherwise, so a missing translation fails start-up and tests, not a
// reader). A text may use {{name}} for a variable and {{name:group}} for a
// variable shown as its label "<group>.<value>" (a status, a role…).
type Catalog map[loket.Lang]map[string]string

// Langs are the catalogue's languages, Indonesian first (the default).
var Langs = []loket.Lang{loket.LangID, loket.LangEN}

const dir = "console/messages"

// Load reads and checks the catalogue.
func Load() (Catalog, error) {
	files, err := fs.Glob(templates.Console, dir+"/*.json")
	if err != nil {
		return nil, fmt.Errorf("console: list catalogues: %w", err)
	}
	cat := Catalog{}
	for _, lang := range Langs {
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
	if err := cat.Check(); err != nil {
		return nil, err
	}
	return cat, nil
}

// Check fails when a language misses a key another has, or a text the
// ticket operations send.
func (cat Catalog) Check() error {
	for _, a := range Langs {
		for _, b := range Langs {
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

// Lang returns the texts of lang, Indonesian when lang is unknown.
func (cat Catalog) Lang(lang loket.Lang) map[string]string {
	if m, ok := cat[lang]; ok {
		return m
	}
	return cat[loket.LangID]
}

// Text returns the key's text in lang (Indonesian when lang is unknown)
// with variables filled in; "" when there is no such key.
func (cat Catalog) Text(lang loket.Lang, key string, vars map[string]string) string {
	s, ok := cat.Lang(lang)[key]
	if !ok {
		return ""
	}
	return cat.Fill(lang, s, vars)
}

// Tr is Text for what agents read: a missing key shows as the key
// itself, so it is noticed (a console test catches it before that).
func (cat Catalog) Tr(lang loket.Lang, key string, kv ...any) string {
	s, ok := cat.Lang(lang)[key]
	if !ok {
		return key
	}
	return cat.Fill(lang, s, Pairs(kv))
}

// Label is the text of "<group>.<value>", or value itself when there is none.
func (cat Catalog) Label(lang loket.Lang, group, value string) string {
	if s, ok := cat.Lang(lang)[group+"."+value]; ok {
		return s
	}
	return value
}

// Pairs turns "name", value, … into variables.
func Pairs(kv []any) map[string]string {
	if len(kv) == 0 {
		return nil
	}
	vars := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		vars[fmt.Sprint(kv[i])] = fmt.Sprint(kv[i+1])
	}
	return vars
}

// Fill replaces {{name}} with vars[name] and {{name:group}} with the label
// of vars[name] in group; unknown variables stay as they are.
func (cat Catalog) Fill(lang loket.Lang, s string, vars map[string]string) string {
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
			b.WriteString(cat.Label(lang, group, v))
		default:
			b.WriteString(v)
		}
		s = s[i+j+2:]
	}
	b.WriteString(s)
	return b.String()
}

// FillVars replaces {{name}} with vars[name]; unknown variables stay
// (canned replies and agents' texts, which are no catalogue texts).
func FillVars(s string, vars map[string]string) string {
	pairs := make([]string, 0, 2*len(vars))
	for k, v := range vars {
		pairs = append(pairs, "{{"+k+"}}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// Option is a key and its text, for pick lists.
type Option struct{ Key, Text string }

// Prefixed lists the entries of lang whose key starts with prefix.
func (cat Catalog) Prefixed(lang loket.Lang, prefix string) []Option {
	var out []Option
	for k, v := range cat.Lang(lang) {
		if strings.HasPrefix(k, prefix) {
			out = append(out, Option{Key: strings.TrimPrefix(k, prefix), Text: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// DateFormat formats times in loc with Go layouts whose day and month
// names ("Monday", "Mon", "January", "Jan") come from the catalogue
// ("date.weekday.<0-6>", "date.wd.<0-6>", "date.month.<1-12>",
// "date.mon.<1-12>"); a zero time is "".
func (cat Catalog) DateFormat(lang loket.Lang, loc *time.Location, layout string) func(time.Time) string {
	const dayLong, dayShort, monLong, monShort = "\x01", "\x02", "\x03", "\x04"
	l := strings.NewReplacer("Monday", dayLong, "Mon", dayShort, "January", monLong, "Jan", monShort).Replace(layout)
	return func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		t = t.In(loc)
		wd, mo := strconv.Itoa(int(t.Weekday())), strconv.Itoa(int(t.Month()))
		return strings.NewReplacer(
			dayLong, cat.Text(lang, "date.weekday."+wd, nil), dayShort, cat.Text(lang, "date.wd."+wd, nil),
			monLong, cat.Text(lang, "date.month."+mo, nil), monShort, cat.Text(lang, "date.mon."+mo, nil),
		).Replace(t.Format(l))
	}
}
