package flows

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"loket"
	"loket/knowledge"
)

// KnowledgeTx reads the knowledge an admin edits on the console (package
// knowledge): the office profile every text quotes, the documents of each
// business form and the answers. A turn reads the configuration stamp
// once (the store, once per transaction); the rest is read again only
// when an admin saved something since (see settled).
type KnowledgeTx interface {
	KnowledgeCurrent(ctx context.Context, kind string) ([]loket.KnowledgeVersion, error)
	ConfigStamp(ctx context.Context) (int64, error)
}

// stamped reads the knowledge at a configuration stamp read before.
type stamped struct {
	KnowledgeTx
	stamp int64
}

func (s stamped) KnowledgeStamp(context.Context) (int64, error) { return s.stamp, nil }

// Office is the office profile as the texts quote it: knowledge.Office
// flattened for the templates ({{.Office.Place}}), plus the upload limit.
type Office struct {
	Name          string
	ZoneLabel     string // "WIB"
	PortalURL     string // SPSE portal
	ContactURL    string // the portal's contact page for verification questions
	HelpdeskURL   string // web helpdesk, if any
	Phone         string // direct line
	WhatsApp      string // helpdesk WhatsApp
	CallCenter    string // national call centre
	LKPPDirectory string // who runs the call centre
	Emails        []string
	Place         string         // verification counter
	Address       string         // its address, as the office writes it
	MapURL        string         // may be empty
	Bring         knowledge.Text // what to bring to the counter
	CallNumber    string         // the number verification calls come from
	MaxUploadMB   int
}

func officeOf(o knowledge.Office) *Office {
	return &Office{
		Name: o.Name, ZoneLabel: o.ZoneLabel, PortalURL: o.PortalURL, ContactURL: o.ContactURL,
		HelpdeskURL: o.HelpdeskURL, Phone: o.Phone, WhatsApp: o.WhatsApp, CallCenter: o.CallCenter,
		LKPPDirectory: o.CallCenterBy, Emails: o.Emails, Place: o.Counter.Place, Address: o.Counter.Address,
		MapURL: o.Counter.MapURL, Bring: o.Counter.Bring, CallNumber: o.CallNumber,
		MaxUploadMB: loket.MaxDocumentBytes >> 20,
	}
}

// Requirement is one document a business form sends (knowledge.Requirement
// as the flows use it).
type Requirement struct {
	Key    string // checklist key, stored as loket.Document.Requirement
	Assist bool   // optional: the verification does not wait for it
	Name   knowledge.Text
	Words  []string // words in a file name that say it is this document
	// Verification is false for a document only for the SIKaP data-entry
	// assistance (named apart in the document lists).
	Verification bool
}

// label is the requirement's name in l, as a list item or button.
func (r Requirement) label(l loket.Lang) string { return capFirst(r.Name.In(l)) }

// phrase is the requirement's name as written inside a sentence ("send the
// right company NPWP"); label capitalises it for a button or a list.
func (r Requirement) phrase(l loket.Lang) string { return r.Name.In(l) }

func capFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// known is what the flows derive from one knowledge set: built once per
// set, shared by every turn that reads the same stamp.
type known struct {
	set     *knowledge.Set
	office  *Office
	match   *Matcher
	answers map[string]knowledge.Answer // stored answers in force, by key (deleted ones included)
	reqs    map[loket.BusinessForm][]Requirement
	// docWords are the words that name a document of any form
	// (Requirement.Words; flows/doc_need.go reads questions with them).
	docWords map[string]bool
	choices  map[string][]string // phrases that pick a document: prefixDocReq+"*."+key
	lists    map[loket.Lang]map[string]docList
	// docTexts are the answers' document lists (opt.doclist) per language
	// and form: what {docs_<form>} stands for in an answer.
	docTexts map[loket.Lang]map[string]string
	// cfg holds the office hours, closed days and settings read at the
	// same stamp (flows/settled.go).
	cfg *settled
}

// buildKnown derives the flows' view of a knowledge set.
func (f *Flows) buildKnown(s *knowledge.Set) (*known, error) {
	k := &known{set: s, office: officeOf(s.Office), answers: map[string]knowledge.Answer{},
		reqs: map[loket.BusinessForm][]Requirement{}, docWords: map[string]bool{}, choices: map[string][]string{}, cfg: &settled{}}
	for _, a := range s.Answers {
		k.answers[a.Key] = a
	}
	for _, form := range allForms {
		k.reqs[form] = requirementsOf(s.Requirements, form)
		for _, r := range k.reqs[form] {
			k.addChoice(r, f.docSynonyms(r.Key))
			for _, w := range r.Words {
				k.docWords[w] = true
			}
		}
	}
	k.lists = map[loket.Lang]map[string]docList{}
	k.docTexts = map[loket.Lang]map[string]string{}
	for _, l := range langs {
		k.lists[l] = k.docLists(l)
		k.docTexts[l] = map[string]string{}
		for _, form := range allForms {
			s, err := f.texts.render(l, "opt.doclist", &view{Office: k.office, Docs: k.lists[l], Form: string(form)})
			if err != nil {
				return nil, err
			}
			k.docTexts[l][string(form)] = s
		}
	}
	var err error
	if k.match, err = f.buildMatcher(k); err != nil {
		return nil, err
	}
	return k, nil
}

// requirementsOf converts the documents of a form.
func requirementsOf(rs knowledge.Requirements, form loket.BusinessForm) []Requirement {
	var out []Requirement
	for _, q := range rs.For(form) {
		out = append(out, Requirement{Key: q.Key, Assist: !q.Required, Name: q.Name, Words: q.Words,
			Verification: q.Purpose != knowledge.PurposeAssistance})
	}
	return out
}

// addChoice indexes the phrases that name a document when the bot asks
// which one a file is: its names, its file-name words and the built-in
// synonyms of its key.
func (k *known) addChoice(r Requirement, syn []string) {
	action := prefixDocReq + "*." + r.Key
	for _, p := range append(append([]string{r.Name.ID, r.Name.EN}, r.Words...), syn...) {
		if n := normal(p); n != "" && !contains(k.choices[action], n) {
			k.choices[action] = append(k.choices[action], n)
		}
	}
}

// docSynonyms are the built-in synonyms of a document key (syn.req.<key>
// in every language), none for a key an office made up.
func (f *Flows) docSynonyms(key string) []string {
	if !f.texts.has("syn.req." + key) {
		return nil
	}
	var out []string
	for _, l := range langs {
		s, err := f.texts.render(l, "syn.req."+key, &view{})
		if err == nil {
			out = append(out, strings.Split(s, ",")...)
		}
	}
	return out
}

// requirements are the documents of a business form in the order the bot
// asks for them.
func (k *known) requirements(form loket.BusinessForm) []Requirement { return k.reqs[form] }

// allRequirements are the documents of every form, each key once (for a
// file sent before the form is known).
func (k *known) allRequirements() []Requirement {
	var out []Requirement
	seen := map[string]bool{}
	for _, form := range allForms {
		for _, r := range k.reqs[form] {
			if !seen[r.Key] {
				seen[r.Key] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// docName names a stored document's requirement in l, for whichever form
// has the key ("" when none has it).
func (k *known) docName(key string, l loket.Lang) string {
	for _, r := range k.allRequirements() {
		if r.Key == key {
			return r.label(l)
		}
	}
	return ""
}

// refresh returns the knowledge in force as of tx: the same *known while
// nothing was saved, a new one (matcher rebuilt) after an admin's edit.
func (f *Flows) refresh(ctx context.Context, tx KnowledgeTx) (*known, error) {
	stamp, err := tx.ConfigStamp(ctx)
	if err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	s, err := f.kcache.Get(ctx, stamped{tx, stamp})
	if err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	cur := f.known.Load()
	if cur != nil && cur.set == s {
		return cur, nil
	}
	k, err := f.buildKnown(s)
	if err != nil {
		return nil, fmt.Errorf("flows: knowledge stamp %d: %w", s.Stamp, err)
	}
	for {
		cur = f.known.Load()
		if (cur != nil && cur.set.Stamp > s.Stamp) || f.known.CompareAndSwap(cur, k) {
			return k, nil
		}
	}
}

// Warm reads the knowledge in force and builds what turns use of it (the
// document lists, the answer matcher), as the first turn would: called at
// start, the first vendors after a restart do not wait for it.
func (f *Flows) Warm(ctx context.Context, tx KnowledgeTx) error {
	_, err := f.refresh(ctx, tx)
	return err
}

// latest is the newest knowledge any turn or job has read (the defaults
// before the first): for texts rendered outside a conversation.
func (f *Flows) latest() *known { return f.known.Load() }

// known returns the knowledge this conversation read.
func (c *conv) known() *known {
	if c.k == nil {
		c.k = c.f.latest()
	}
	return c.k
}

// profile is the office profile the conversation quotes.
func (c *conv) profile() *Office { return c.known().office }

// requirements are the documents of a business form.
func (c *conv) requirements(form loket.BusinessForm) []Requirement {
	return c.known().requirements(form)
}

// docLabel names a document key in the conversation's language.
// labelIn names a document as the ticket's own checklist does (an
// individual business's "KTP pemilik usaha", not the company's "KTP
// Direksi"); docLabel for a key not on it.
func (c *conv) labelIn(cl *checklist, key string) string {
	if cl != nil {
		if r, ok := cl.requirement(key); ok {
			return r.label(c.lang())
		}
	}
	return c.docLabel(key)
}

// phraseIn is labelIn as written inside a sentence ("send the company
// NPWP").
func (c *conv) phraseIn(cl *checklist, key string) string {
	if cl != nil {
		if r, ok := cl.requirement(key); ok {
			return r.phrase(c.lang())
		}
	}
	return c.docLabel(key)
}

func (c *conv) docLabel(key string) string {
	if s := c.known().docName(key, c.lang()); s != "" {
		return s
	}
	return key
}
