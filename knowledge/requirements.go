package knowledge

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"loket"
)

// Purposes of a document.
const (
	PurposeVerification = "verification" // checked before the account is verified
	PurposeAssistance   = "assistance"   // for the SIKaP data-entry assistance
)

// Requirement is one document a business form sends.
type Requirement struct {
	Key      string   `json:"key"` // stored as loket.Document.Requirement
	Purpose  string   `json:"purpose"`
	Required bool     `json:"required"` // the verification waits for it
	Name     Text     `json:"name"`
	Words    []string `json:"words"` // words in a file name that say it is this document
}

// Requirements are the documents of each business form, in the order the
// bot asks for them.
type Requirements map[loket.BusinessForm][]Requirement

// Forms lists the business forms in the order pages show them.
var Forms = []loket.BusinessForm{loket.FormCompany, loket.FormIndividual, loket.FormForeign}

// DefaultRequirements are the seed's documents per business form.
func DefaultRequirements() (Requirements, error) {
	var r Requirements
	if err := readDefault("knowledge/requirements.json", &r); err != nil {
		return nil, err
	}
	return r, nil
}

// For returns the documents of form (nil for an unknown form).
func (r Requirements) For(f loket.BusinessForm) []Requirement { return r[f] }

// Find returns the requirement with key in form, or false.
func (r Requirements) Find(f loket.BusinessForm, key string) (Requirement, bool) {
	i := slices.IndexFunc(r[f], func(q Requirement) bool { return q.Key == key })
	if i < 0 {
		return Requirement{}, false
	}
	return r[f][i], true
}

// Name is a requirement's name in lang for whichever form has key (the
// console names documents without knowing the form); key itself when none
// has it.
func (r Requirements) Name(key string, lang loket.Lang) string {
	for _, f := range Forms {
		if q, ok := r.Find(f, key); ok {
			return q.Name.In(lang)
		}
	}
	return key
}

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

const (
	maxDocs  = 12
	maxWords = 20
)

// Normalize trims names, lower-cases and de-duplicates file-name words.
func (r Requirements) Normalize() {
	for f, qs := range r {
		for i := range qs {
			q := &qs[i]
			q.Key = strings.TrimSpace(q.Key)
			q.Name.ID, q.Name.EN = strings.TrimSpace(q.Name.ID), strings.TrimSpace(q.Name.EN)
			var ws []string
			for _, w := range q.Words {
				w = strings.ToLower(strings.TrimSpace(w))
				if w != "" && !slices.Contains(ws, w) {
					ws = append(ws, w)
				}
			}
			q.Words = ws
		}
		r[f] = qs
	}
}

// Check returns the problems of normalized requirements.
func (r Requirements) Check() Problems {
	var ps Problems
	for f := range r {
		if !f.Valid() {
			ps = append(ps, Problem{Field: string(f), Key: "form"})
		}
	}
	for _, f := range Forms {
		qs := r[f]
		if !slices.ContainsFunc(qs, func(q Requirement) bool { return q.Required }) {
			ps = append(ps, Problem{Field: string(f), Key: "no_required"})
		}
		if len(qs) > maxDocs {
			ps = append(ps, Problem{Field: string(f), Key: "too_many", Vars: map[string]string{"max": fmt.Sprint(maxDocs)}})
		}
		seen := map[string]bool{}
		for i, q := range qs {
			field := fmt.Sprintf("%s.%d", f, i+1)
			if !keyRE.MatchString(q.Key) {
				ps = append(ps, Problem{Field: field + ".key", Key: "doc_key", Vars: map[string]string{"value": q.Key}})
			}
			if seen[q.Key] {
				ps = append(ps, Problem{Field: field + ".key", Key: "doc_dup", Vars: map[string]string{"value": q.Key}})
			}
			seen[q.Key] = true
			if q.Purpose != PurposeVerification && q.Purpose != PurposeAssistance {
				ps = append(ps, Problem{Field: field + ".purpose", Key: "purpose"})
			}
			for _, n := range []struct{ field, v string }{{".name.id", q.Name.ID}, {".name.en", q.Name.EN}} {
				if n.v == "" {
					ps = append(ps, Problem{Field: field + n.field, Key: "required"})
				} else if utf8.RuneCountInString(n.v) > maxField {
					ps = append(ps, Problem{Field: field + n.field, Key: "too_long", Vars: map[string]string{"max": fmt.Sprint(maxField)}})
				}
			}
			if len(q.Words) > maxWords {
				ps = append(ps, Problem{Field: field + ".words", Key: "too_many", Vars: map[string]string{"max": fmt.Sprint(maxWords)}})
			}
			for _, w := range q.Words {
				if strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
					ps = append(ps, Problem{Field: field + ".words", Key: "word", Vars: map[string]string{"value": w}})
				}
			}
		}
	}
	return ps
}

// Guess returns the key of the first requirement in qs whose words appear
// in the file name, "" when none does.
func Guess(fileName string, qs []Requirement) string {
	base := strings.ToLower(strings.TrimSuffix(fileName, path.Ext(fileName)))
	words := strings.FieldsFunc(base, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, q := range qs {
		for _, w := range words {
			if slices.Contains(q.Words, w) {
				return q.Key
			}
		}
	}
	return ""
}

// Diff lists the documents that were added, removed or changed, per form.
func (r Requirements) Diff(before Requirements) []Change {
	flat := func(rs Requirements) map[string]string {
		m := map[string]string{}
		for f, qs := range rs {
			for _, q := range qs {
				for k, v := range flatten(q) {
					m[string(f)+"."+q.Key+"."+k] = v
				}
			}
		}
		return m
	}
	return diffFlat(flat(before), flat(r))
}

// diffFlat compares two flattened values field by field, sorted by field.
func diffFlat(before, after map[string]string) []Change {
	var out []Change
	for k, a := range after {
		if b, ok := before[k]; !ok || b != a {
			out = append(out, Change{Field: k, Before: before[k], After: a})
		}
	}
	for k, b := range before {
		if _, ok := after[k]; !ok {
			out = append(out, Change{Field: k, Before: b})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}
