package flows

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"

	"loket"
)

// checklist is a ticket's documents against its requirements: the
// registration checklist of the vendor's business form, in order.
type checklist struct {
	t    *loket.Ticket
	reqs []Requirement    // empty for tickets without a checklist
	docs []loket.Document // current documents (replaced ones left out)
}

// checklistOf is loadChecklist of t, nil when there is no ticket.
func (c *conv) checklistOf(t *loket.Ticket) (*checklist, error) {
	if t == nil {
		return nil, nil
	}
	return c.loadChecklist(t)
}

// loadChecklist reads a ticket's current documents and, for a
// registration ticket, the requirements of the vendor's form (company
// when unknown, like the status page).
func (c *conv) loadChecklist(t *loket.Ticket) (*checklist, error) {
	vendor := int64(0) // the form matters for a registration's requirements only
	if t.Type == loket.TypeRegistration {
		vendor = t.VendorID
	}
	form, docs, err := c.tx.ChecklistDocuments(c.ctx, t.ID, vendor)
	if err != nil {
		return nil, fmt.Errorf("flows: checklist documents: %w", err)
	}
	return c.newChecklist(t, form, docs), nil
}

// newChecklist is the checklist of t from its documents and its
// vendor's form as the store read them.
func (c *conv) newChecklist(t *loket.Ticket, form loket.BusinessForm, docs []loket.Document) *checklist {
	cl := &checklist{t: t}
	if t.Type == loket.TypeRegistration {
		if !form.Valid() {
			form = loket.FormCompany
		}
		cl.reqs = c.requirements(form)
	}
	for _, d := range docs {
		if d.Status != loket.DocReplaced {
			cl.docs = append(cl.docs, d)
		}
	}
	return cl
}

// filed puts a document just added on the checklist as AddDocument put
// it in the database: the current one of its requirement, the earlier
// ones replaced (and so left out).
func (cl *checklist) filed(doc *loket.Document) {
	cl.docs = slices.DeleteFunc(cl.docs, func(d loket.Document) bool { return d.Requirement == doc.Requirement })
	cl.docs = append(cl.docs, *doc)
}

// current returns the current document of a requirement, or nil.
func (cl *checklist) current(key string) *loket.Document {
	for i := len(cl.docs) - 1; i >= 0; i-- {
		if cl.docs[i].Requirement == key {
			return &cl.docs[i]
		}
	}
	return nil
}

// has reports whether a requirement has a document that is received or
// accepted (a rejected one must be sent again).
func (cl *checklist) has(key string) bool {
	d := cl.current(key)
	return d != nil && d.Status != loket.DocRejected
}

// next is the first requirement still to send ("" when none): the one
// the bot asks for.
func (cl *checklist) next() string {
	for _, r := range cl.reqs {
		if !cl.has(r.Key) {
			return r.Key
		}
	}
	return ""
}

// lastFiled is the requirement of the document filed last ("" when none
// is filed under one of the checklist's requirements).
func (cl *checklist) lastFiled() string {
	var last loket.Document
	for _, d := range cl.docs {
		if _, ok := cl.requirement(d.Requirement); ok && d.ID > last.ID {
			last = d
		}
	}
	return last.Requirement
}

// required counts the required documents (not Assist) and those of
// them that are in.
func (cl *checklist) required() (done, of int) {
	for _, r := range cl.reqs {
		if r.Assist {
			continue
		}
		of++
		if cl.has(r.Key) {
			done++
		}
	}
	return done, of
}

// requirement returns the requirement with key, if it is on the checklist.
func (cl *checklist) requirement(key string) (Requirement, bool) {
	i := slices.IndexFunc(cl.reqs, func(r Requirement) bool { return r.Key == key })
	if i < 0 {
		return Requirement{}, false
	}
	return cl.reqs[i], true
}

// withSHA returns the current document with these bytes, or nil.
func (cl *checklist) withSHA(sha string) *loket.Document {
	for i := range cl.docs {
		if cl.docs[i].SHA256 == sha {
			return &cl.docs[i]
		}
	}
	return nil
}

// allAccepted reports whether every verification document (not those
// only for the SIKaP assistance) is accepted by an officer.
func (cl *checklist) allAccepted() bool {
	if len(cl.reqs) == 0 {
		return false
	}
	for _, r := range cl.reqs {
		if r.Assist {
			continue
		}
		if d := cl.current(r.Key); d == nil || d.Status != loket.DocAccepted {
			return false
		}
	}
	return true
}

// anyRejected reports whether a current document is rejected.
func (cl *checklist) anyRejected() bool {
	return slices.ContainsFunc(cl.docs, func(d loket.Document) bool { return d.Status == loket.DocRejected })
}

// guessRequirement guesses a checklist key from a file name: the first
// document of reqs (in the order the office lists them) whose file-name
// words appear in it ("" when the name says nothing or names something not
// on the checklist). "KTP2.pdf" counts as "ktp".
func guessRequirement(name string, reqs []Requirement) string {
	base := strings.ToLower(strings.TrimSuffix(name, path.Ext(name)))
	words := strings.FieldsFunc(base, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	words = append(words, strings.FieldsFunc(base, func(r rune) bool { return !unicode.IsLetter(r) })...)
	for _, r := range reqs {
		for _, w := range words {
			if slices.Contains(r.Words, w) {
				return r.Key
			}
		}
	}
	return ""
}

// cleanFileName keeps a printable base name of at most 120 characters.
func cleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if r := []rune(strings.TrimSpace(name)); len(r) > 120 {
		name = string(r[:120])
	}
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || name == "/" {
		return "dokumen.pdf"
	}
	return name
}
