package knowledge

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"loket"
)

// Answer is one answer the bot gives to a question in the vendor's own
// words: its text in both languages and example phrasings the matcher
// learns from. Texts may quote the office profile with {placeholders}
// (Office.Vars).
type Answer struct {
	Key       string    `json:"key"`
	Text      Text      `json:"text"`
	Phrasings Phrasings `json:"phrasings"`
	// Deleted hides the answer: a custom one removed, or a built-in one an
	// office does not want.
	Deleted bool `json:"deleted,omitempty"`
}

// Phrasings are example questions per language.
type Phrasings struct {
	ID []string `json:"id"`
	EN []string `json:"en"`
}

// In returns the phrasings of lang.
func (p Phrasings) In(lang loket.Lang) []string {
	if lang == loket.LangEN {
		return p.EN
	}
	return p.ID
}

// Add appends phrasings of lang that are not there yet (case and spaces
// ignored) and reports how many it added.
func (p *Phrasings) Add(lang loket.Lang, ss ...string) int {
	dst := &p.ID
	if lang == loket.LangEN {
		dst = &p.EN
	}
	n := 0
	for _, s := range ss {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" || slices.ContainsFunc(*dst, func(x string) bool { return strings.EqualFold(x, s) }) {
			continue
		}
		*dst = append(*dst, s)
		n++
	}
	return n
}

var answerKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_.]{0,59}$`)

// Limits of an answer.
const (
	MaxAnswerText = 1500
	MaxPhrasings  = 100
	MaxPhrasing   = 200
)

// Normalize trims the texts and phrasings and drops empty or repeated
// phrasings.
func (a *Answer) Normalize() {
	a.Key = strings.TrimSpace(a.Key)
	a.Text.ID = strings.TrimSpace(strings.ReplaceAll(a.Text.ID, "\r\n", "\n"))
	a.Text.EN = strings.TrimSpace(strings.ReplaceAll(a.Text.EN, "\r\n", "\n"))
	p := Phrasings{ID: []string{}, EN: []string{}}
	p.Add(loket.LangID, a.Phrasings.ID...)
	p.Add(loket.LangEN, a.Phrasings.EN...)
	a.Phrasings = p
}

// Check returns the problems of a normalized answer.
func (a *Answer) Check() Problems {
	var ps Problems
	if !answerKeyRE.MatchString(a.Key) {
		ps = append(ps, Problem{Field: "key", Key: "answer_key", Vars: map[string]string{"value": a.Key}})
	}
	if a.Deleted {
		return ps
	}
	for _, t := range []struct{ field, v string }{{"text.id", a.Text.ID}, {"text.en", a.Text.EN}} {
		switch {
		case t.v == "":
			ps = append(ps, Problem{Field: t.field, Key: "required"})
		case utf8.RuneCountInString(t.v) > MaxAnswerText:
			ps = append(ps, Problem{Field: t.field, Key: "too_long", Vars: map[string]string{"max": fmt.Sprint(MaxAnswerText)}})
		}
	}
	if ph := DocListPlaceholder(a.Key); ph != "" {
		for _, t := range []struct{ field, v string }{{"text.id", a.Text.ID}, {"text.en", a.Text.EN}} {
			if t.v != "" && !strings.Contains(t.v, ph) {
				ps = append(ps, Problem{Field: t.field, Key: "doc_list", Vars: map[string]string{"placeholder": ph}})
			}
		}
	}
	if len(a.Phrasings.ID)+len(a.Phrasings.EN) == 0 {
		ps = append(ps, Problem{Field: "phrasings", Key: "no_phrasing"})
	}
	if len(a.Phrasings.ID) > MaxPhrasings || len(a.Phrasings.EN) > MaxPhrasings {
		ps = append(ps, Problem{Field: "phrasings", Key: "too_many", Vars: map[string]string{"max": fmt.Sprint(MaxPhrasings)}})
	}
	for _, s := range append(slices.Clone(a.Phrasings.ID), a.Phrasings.EN...) {
		if utf8.RuneCountInString(s) > MaxPhrasing {
			ps = append(ps, Problem{Field: "phrasings", Key: "too_long", Vars: map[string]string{"max": fmt.Sprint(MaxPhrasing)}})
			break
		}
	}
	return ps
}

// Merge lays the stored answers over the built-in ones: a stored answer
// replaces the built-in one with its key, a deleted one hides it, others
// are added. The result is sorted by key, deleted ones left out.
func Merge(builtIn, stored []Answer) []Answer {
	byKey := map[string]Answer{}
	for _, a := range builtIn {
		byKey[a.Key] = a
	}
	for _, a := range stored {
		byKey[a.Key] = a
	}
	out := make([]Answer, 0, len(byKey))
	for _, a := range byKey {
		if !a.Deleted {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Vars are the office's facts as {placeholders} for answer texts.
func (o Office) Vars(lang loket.Lang) map[string]string {
	return map[string]string{
		"office": o.Name, "portal": o.PortalURL, "contact_page": o.ContactURL, "helpdesk": o.HelpdeskURL,
		"phone": o.Phone, "whatsapp": o.WhatsApp, "emails": strings.Join(o.Emails, ", "),
		"call_center": o.CallCenter, "place": o.Counter.Place, "address": o.Counter.Address,
		"map": o.Counter.MapURL, "bring": o.Counter.Bring.In(lang), "call_number": o.CallNumber, "zone": o.ZoneLabel,
	}
}

// Placeholders are the names Office.Vars fills, for the answers page.
func Placeholders() []string {
	var o Office
	ks := make([]string, 0, 16)
	for k := range o.Vars(loket.LangID) {
		ks = append(ks, "{"+k+"}")
	}
	ks = append(ks, "{hours}") // the office hours (/admin/hours), filled by the bot
	for _, f := range docListForms {
		ks = append(ks, "{"+DocListName(f)+"}") // a form's documents as the requirements say, filled by the bot
	}
	sort.Strings(ks)
	return ks
}

// docListForms are the business forms with a document-list answer.
var docListForms = []loket.BusinessForm{loket.FormCompany, loket.FormIndividual, loket.FormForeign}

// DocListName is the placeholder of a form's document list, and the key
// of the built-in answer that gives it: "docs_company". The bot fills it
// from the requirements when it answers, so an edited answer follows
// every later change of the requirements.
func DocListName(f loket.BusinessForm) string { return "docs_" + string(f) }

// DocListPlaceholder is the placeholder an answer with key must keep
// ("{docs_company}"), "" for answers that are no document list.
func DocListPlaceholder(key string) string {
	for _, f := range docListForms {
		if key == DocListName(f) {
			return "{" + key + "}"
		}
	}
	return ""
}

// Fill replaces {name} with vars[name]; unknown names stay as they are.
func Fill(s string, vars map[string]string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, 2*len(vars))
	for k, v := range vars {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
