package console

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/messages"
)

// The console speaks Bahasa Indonesia unless the agent chose English
// (Agent.Lang, switched on /account). Before login, the browser's
// Accept-Language decides. Every text comes from the catalogue
// (console/catalog.go): pages call {{t "key"}}, Go code calls c.tr, and
// errors a person reads are userErr values carrying a key.

// agentLang is the console language of an agent: Indonesian unless set.
func agentLang(a *loket.Agent) loket.Lang {
	if a != nil && a.Lang == loket.LangEN {
		return loket.LangEN
	}
	return loket.LangID
}

// lang is the calling agent's console language.
func (a *auth) lang() loket.Lang {
	if a == nil {
		return loket.LangID
	}
	return agentLang(a.Agent)
}

// readerLang is the language of the page for r: the agent's choice, or
// the browser's when nobody is logged in.
func readerLang(r *http.Request, a *auth) loket.Lang {
	if a != nil {
		return a.lang()
	}
	return acceptLang(r.Header.Get("Accept-Language"))
}

// acceptLang picks Indonesian or English from an Accept-Language header
// ("en-US,en;q=0.9,id;q=0.8"): the supported language with the highest
// weight, the earlier one on a tie; Indonesian when neither is named.
func acceptLang(h string) loket.Lang {
	type pref struct {
		lang loket.Lang
		q    float64
		at   int
	}
	var prefs []pref
	for i, part := range strings.Split(h, ",") {
		if i >= 32 { // a browser sends a handful; ignore a pathological list
			break
		}
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		var lang loket.Lang
		switch base {
		case "id", "in": // "in" is the old code for Indonesian
			lang = loket.LangID
		case "en":
			lang = loket.LangEN
		default:
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		if q > 0 {
			prefs = append(prefs, pref{lang, q, i})
		}
	}
	if len(prefs) == 0 {
		return loket.LangID
	}
	sort.SliceStable(prefs, func(i, j int) bool { return prefs[i].q > prefs[j].q })
	return prefs[0].lang
}

// tr is the text of key in lang with "name", value, … filled in.
func (c *Console) tr(lang loket.Lang, key string, kv ...any) string {
	return c.catalog.tr(lang, key, kv...)
}

// userError is an error a person reads, in their language: a code (which
// becomes the HTTP status) and a catalogue key with its variables.
type userError = messages.Error

// userErr returns an error with code whose text is the catalogue's key,
// with "name", value, … filled in.
func userErr(code, key string, kv ...any) error { return messages.Err(code, key, kv...) }

// errText is what a person reads about err in lang: a userError's text,
// or the generic text of its code; an English reader also gets the
// error's own message (from another package, written in English).
func (c *Console) errText(lang loket.Lang, err error) string {
	var ue *userError
	if errors.As(err, &ue) {
		return c.catalog.fill(lang, c.catalog.tr(lang, ue.Key), ue.Vars)
	}
	code := loket.ErrorCode(err)
	s := c.tr(lang, "error.code."+code)
	if msg := loket.ErrorMessage(err); lang == loket.LangEN && msg != "internal error" && code != loket.EInternal {
		s += " (" + msg + ")"
	}
	return s
}

// dateFormat formats times in the office time zone with a Go layout
// whose day and month names come from the catalogue
// (messages.Catalog.DateFormat).
func dateFormat(cat catalog, lang loket.Lang, loc *time.Location, layout string) func(time.Time) string {
	return messages.Catalog(cat).DateFormat(lang, loc, layout)
}
