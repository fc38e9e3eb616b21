package console

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"loket"
	"loket/templates"
)

// catalog holds the texts the console sends to vendors, per language:
// status changes ("status.<status>"), document reviews ("doc.accepted",
// "doc.rejected"), common reject reasons ("reason.<key>") and canned
// replies ("canned.<key>"). Variables: {{ticket}}, {{vendor}}, {{doc}},
// {{reason}}.
type catalog map[loket.Lang]map[string]string

var catalogLangs = []loket.Lang{loket.LangID, loket.LangEN}

func loadCatalog() (catalog, error) {
	cat := catalog{}
	for _, lang := range catalogLangs {
		b, err := templates.Console.ReadFile("console/messages/" + string(lang) + ".json")
		if err != nil {
			return nil, fmt.Errorf("console: read catalogue %s: %w", lang, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("console: parse catalogue %s: %w", lang, err)
		}
		cat[lang] = m
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
		if _, ok := cat[loket.LangID]["status."+string(s)]; !ok {
			return fmt.Errorf("console: catalogue lacks status.%s", s)
		}
	}
	for _, k := range []string{"doc.accepted", "doc.rejected"} {
		if _, ok := cat[loket.LangID][k]; !ok {
			return fmt.Errorf("console: catalogue lacks %s", k)
		}
	}
	return nil
}

// text returns the key's text in lang (Indonesian when lang is unknown)
// with variables filled in.
func (cat catalog) text(lang loket.Lang, key string, vars map[string]string) string {
	m, ok := cat[lang]
	if !ok {
		m = cat[loket.LangID]
	}
	return fillVars(m[key], vars)
}

// fillVars replaces {{name}} with vars[name]; unknown variables stay.
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
	m, ok := cat[lang]
	if !ok {
		m = cat[loket.LangID]
	}
	var out []option
	for k, v := range m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, option{Key: strings.TrimPrefix(k, prefix), Text: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
