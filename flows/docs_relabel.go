package flows

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket"
)

// A file filed under the wrong requirement is relabelled in chat: "itu
// bukan ktp, itu npwp", "file tadi salah, harusnya akta", "that file is
// the NPWP, not the KTP". While the registration ticket still takes
// documents (not once verified) and no officer has reviewed the file,
// the file named (by its name, or by the document it was filed as) or
// else the most recent one is filed under the document the vendor
// names, in one sentence with the updated checklist. The old row stays
// on the ticket as replaced and the timeline gets a doc_relabelled entry,
// so officers see the change. When it is unclear which file is meant
// (several came together) the bot asks, by button or number; when only
// "not the KTP" is said, it asks which document the file is.

// prefixRelabel starts the action of a "which file did you mean?"
// button: "rl.<document id>.<requirement key>".
const prefixRelabel = "rl."

// burstGap is how close in time files count as sent together: "the
// file I just sent" is ambiguous among them.
const burstGap = 2 * time.Minute

// relabelAsk is what a relabelling message says: the document the file
// really is (to; "" when only what it is not is said) and the one it was
// filed as (from; "" when not said).
type relabelAsk struct {
	to, from string
}

// correctionCues mark a message that corrects what a file was filed as.
var correctionCues = wordSet("salah", "harusnya", "seharusnya", "mestinya", "sebenarnya", "sebenernya", "ternyata",
	"keliru", "ralat", "maaf", "eh", "wrong", "should", "actually", "instead", "sorry", "oops", "mislabelled", "mislabeled")

// negations put a document named right after them on the "from" side.
var negations = wordSet("bukan", "bkn", "bukannya", "not", "isnt", "instead")

// targetCues put a document named right after them on the "to" side:
// "harusnya akta", "itu npwp", "is the NPWP", "should be the deed".
var targetCues = wordSet("harusnya", "seharusnya", "mestinya", "sebenarnya", "sebenernya", "itu", "ini", "adalah", "jadi",
	"tapi", "yaitu", "benar", "betul", "is", "be", "the", "its", "but", "correct", "right", "actually")

// readRelabel reads a relabelling message against the checklist's
// requirements; ok is false for anything else (a question, an NPWP
// number, "npwp salah, nanti saya kirim ulang": a document said to be
// wrong is not a document said to be another).
func (c *conv) readRelabel(text string, reqs []Requirement) (relabelAsk, bool) {
	return c.readDocNamed(text, reqs, true)
}

// readDocNamed is readRelabel; without corrected, a message that only
// names what a file is ("itu ktp direktur saya") reads too.
func (c *conv) readDocNamed(text string, reqs []Requirement, corrected bool) (relabelAsk, bool) {
	if isQuestion(text) || strings.Contains(text, "@") || digitRun(text) >= 6 {
		return relabelAsk{}, false // a question, an address or a number: not a correction of a file
	}
	if hasWordsOf(text, ownsWords) {
		return relabelAsk{}, false // "I only have the NIB, not the deed": what they own, not what a file is
	}
	ws := strings.Fields(normal(text))
	cue := !corrected
	var to, from []string
	last := 0 // words after the last document named: a negation before it belongs to that one
	for i := 0; i < len(ws); {
		if correctionCues[ws[i]] {
			cue = true
		}
		key, n := c.docAt(ws, i, reqs)
		if key == "" {
			i += max(n, 1)
			continue
		}
		negated, aimed := false, false
		for j := max(last, i-2); j < i; j++ {
			negated = negated || negations[ws[j]]
			aimed = aimed || targetCues[ws[j]]
		}
		if i+n < len(ws) && negations[ws[i+n]] {
			aimed = true // "npwp bukan ktp"
		}
		switch {
		case negated:
			cue = true
			from = appendNew(from, key)
		case aimed:
			to = appendNew(to, key)
		}
		i += n
		last = i
	}
	to = slices.DeleteFunc(to, func(k string) bool { return slices.Contains(from, k) })
	if !cue || len(to) > 1 || len(from) > 1 || len(to) == 0 && len(from) == 0 {
		return relabelAsk{}, false
	}
	a := relabelAsk{}
	if len(to) == 1 {
		a.to = to[0]
	}
	if len(from) == 1 {
		a.from = from[0]
	}
	return a, true
}

// docAt reports the requirement named by the words starting at ws[i]
// (the longest phrase wins; a phrase naming two documents, like "npwp"
// on a form with two NPWPs, names none) and how many words it took.
func (c *conv) docAt(ws []string, i int, reqs []Requirement) (string, int) {
	best, bestN, tie := "", 0, false
	for _, r := range reqs {
		for _, p := range c.known().choices[prefixDocReq+"*."+r.Key] {
			pw := strings.Fields(p)
			if len(pw) == 0 || i+len(pw) > len(ws) {
				continue
			}
			match := true
			for k, w := range pw {
				match = match && (ws[i+k] == w || ws[i+k] == w+"nya")
			}
			switch {
			case !match || len(pw) < bestN:
			case len(pw) > bestN:
				best, bestN, tie = r.Key, len(pw), false
			case r.Key != best:
				tie = true
			}
		}
	}
	if tie {
		return "", bestN
	}
	return best, bestN
}

func appendNew(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// digitRun is the longest run of digits in s (dots, dashes and spaces
// inside a number do not break it).
func digitRun(s string) int {
	best, n := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n++
			best = max(best, n)
		case r == '.' || r == '-' || r == ' ':
		default:
			n = 0
		}
	}
	return best
}

// relabelWords handles a message that relabels a file; it reports
// whether the message was one (and the vendor has a registration ticket
// with files to relabel).
func (c *conv) relabelWords(itx IntakeTx, text string) (bool, error) {
	if !c.mayRelabel(text) {
		return false, nil
	}
	t, cl, err := c.docsChecklist()
	if err != nil {
		return false, err
	}
	if t == nil || len(cl.docs) == 0 {
		if !c.anyForm(func(reqs []Requirement) bool { _, ok := c.readRelabel(text, reqs); return ok }) {
			return false, nil
		}
		return true, c.noFilesHere(t)
	}
	ask, ok := c.readRelabel(text, cl.reqs)
	if !ok {
		return false, nil
	}
	c.turn.TicketID = t.ID
	return true, c.detour(func() error { return c.relabel(itx, t, cl, ask, text) })
}

// mayRelabel is the cheap test before any look-up: a message of a few
// words at a step where text is not data, with a correction or a
// negation and a word that names some document.
func (c *conv) mayRelabel(text string) bool {
	if c.textIsData() {
		return false
	}
	ws := strings.Fields(normal(text))
	if len(ws) < 2 || len(ws) > 20 || !slices.ContainsFunc(ws, func(w string) bool { return correctionCues[w] || negations[w] }) {
		return false
	}
	reqs := c.known().allRequirements()
	for i := range ws {
		if _, n := c.docAt(ws, i, reqs); n > 0 {
			return true // a document, or a word two documents share ("npwp")
		}
	}
	return false
}

// docsTicket is the vendor's open registration ticket (the one the
// conversation is in first), or nil.
func (c *conv) docsTicket() (*loket.Ticket, error) {
	return c.myOpenTicket(func(t *loket.Ticket) bool { return t.Type == loket.TypeRegistration })
}

// anyForm reports whether read accepts a message by the requirements of
// some business form: a chat without a ticket has no form yet, and one
// word can name documents of two forms at once ("npwp").
func (c *conv) anyForm(read func(reqs []Requirement) bool) bool {
	for _, form := range []loket.BusinessForm{loket.FormCompany, loket.FormIndividual, loket.FormForeign} {
		if read(c.requirements(form)) {
			return true
		}
	}
	return false
}

// labelHeld takes "itu ktp direktur saya", "ini npwp perusahaan", said of
// a file kept before any registration (its name told nothing): the
// newest kept file is noted as that document and filed under it when the
// request is made (attachHeld). A correction ("itu bukan ktp") of kept
// files goes to relabelWords, which says they are filed first.
func (c *conv) labelHeld(text string) (bool, error) {
	if c.st.Docs == nil || len(c.st.Docs.Held) == 0 || c.textIsData() {
		return false, nil
	}
	if ws := strings.Fields(normal(text)); len(ws) < 2 || len(ws) > 12 {
		return false, nil
	}
	var key string
	c.anyForm(func(reqs []Requirement) bool {
		if a, ok := c.readDocNamed(text, reqs, false); ok && a.to != "" && a.from == "" {
			key = a.to
		}
		return key != ""
	})
	if key == "" {
		return false, nil
	}
	h := &c.st.Docs.Held[len(c.st.Docs.Held)-1]
	h.Req = key
	v := c.view()
	v.Value, v.Detail = h.Name, c.labelIn(nil, key)
	return true, c.detour(func() error {
		return c.say("docs.held_labelled", v, c.registerOrResume(), opt{key: "btn.menu", action: actMenu})
	})
}

// registerOrResume is the button that goes on to the registration:
// resume it when answers are kept, else start it.
func (c *conv) registerOrResume() opt {
	if c.st.In.answers() > 0 {
		return opt{key: "btn.resume_intake", action: actResumeIntake}
	}
	return opt{key: "btn.register", action: actRegister}
}

// textIsData reports a step where typed text is an answer (a form's
// value, a survey's) and is never read as talk about files.
func (c *conv) textIsData() bool {
	return dataStep(c.st.Step) || strings.HasPrefix(c.st.Step, "in.") || inSurvey(c.st.Step)
}

// noFilesHere answers a vendor who corrects or swaps the type of files
// this chat has none of (no registration ticket, or one without files):
// nothing to change, and how files come in.
func (c *conv) noFilesHere(t *loket.Ticket) error {
	v := c.view()
	if t == nil && c.st.Docs != nil && len(c.st.Docs.Held) > 0 {
		// files sent before any registration are kept for it: saying
		// there are none contradicted the "kept for your request" just
		// said; they are filed (and can be corrected) once it is made
		var names []string
		for _, h := range c.st.Docs.Held {
			names = append(names, `"`+h.Name+`"`)
		}
		v.Value = strings.Join(names, ", ")
		return c.say("docs.held_relabel", v, c.registerOrResume(), opt{key: "btn.menu", action: actMenu})
	}
	if t == nil {
		return c.say("docs.none_here", v, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
	}
	c.turn.TicketID, v.Ref = t.ID, t.Ref()
	return c.say("docs.none_here", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}

// docsChecklist is docsTicket with its checklist (both nil without one).
func (c *conv) docsChecklist() (*loket.Ticket, *checklist, error) {
	t, err := c.docsTicket()
	if err != nil || t == nil {
		return nil, nil, err
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return nil, nil, err
	}
	return t, cl, nil
}

// relabel picks the file a relabelling message means and files it
// under the document named, or asks which file (or which document).
func (c *conv) relabel(itx IntakeTx, t *loket.Ticket, cl *checklist, ask relabelAsk, text string) error {
	if t.Status == loket.StatusVerified {
		return c.relabelRefused(t, "docs.relabel_verified", nil, text)
	}
	files := c.relabelCandidates(cl, ask, text)
	if len(files) == 0 {
		v := c.view()
		v.Ref, v.Detail = t.Ref(), c.labelIn(cl, ask.from)
		return c.say("docs.relabel_none", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
	}
	if len(files) > 1 {
		return c.relabelWhich(cl, files, ask)
	}
	d := files[0]
	if d.Status != loket.DocReceived {
		return c.relabelRefused(t, "docs.relabel_reviewed", &d, text)
	}
	if ask.to == "" {
		return c.relabelUnknown(itx, t, cl, d)
	}
	return c.relabelTo(itx, t, cl, d, ask.to, text)
}

// relabelCandidates are the files a relabelling message may mean: the
// one whose name it quotes, else the current file of the document it
// says the file is not, else the files of the last burst.
func (c *conv) relabelCandidates(cl *checklist, ask relabelAsk, text string) []loket.Document {
	low := strings.ToLower(text)
	for _, d := range cl.docs {
		name := strings.ToLower(d.FileName)
		base := strings.TrimSuffix(name, ".pdf")
		if strings.Contains(low, name) || len(base) >= 4 && strings.Contains(low, base) {
			return []loket.Document{d}
		}
	}
	if ask.from != "" {
		if d := cl.current(ask.from); d != nil {
			return []loket.Document{*d}
		}
		return nil
	}
	docs := c.newestFirst(cl)
	var out []loket.Document
	for _, d := range docs {
		if len(out) > 0 && docs[0].CreatedAt.Sub(d.CreatedAt) > burstGap {
			break
		}
		if d.Requirement != ask.to {
			out = append(out, d)
		}
	}
	return out
}

// relabelWhich asks which of several files the vendor means, one button
// per file (its name and what it is filed as).
func (c *conv) relabelWhich(cl *checklist, files []loket.Document, ask relabelAsk) error {
	c.asked = true // the question of this message, with its buttons: the detour does not ask the step's again
	var opts []opt
	for _, d := range files {
		label := d.FileName + " — " + c.filedAs(cl, &d)
		to := ask.to
		if to == "" {
			to = docSkip // only "not the KTP": ask what it is next
		}
		opts = append(opts, opt{label: label, action: prefixRelabel + strconv.FormatInt(d.ID, 10) + "." + to})
	}
	opts = append(opts, opt{key: "btn.menu", action: actMenu})
	v := c.view()
	v.Count = len(files)
	if ask.to != "" {
		v.Detail = c.labelIn(cl, ask.to)
	}
	return c.say("docs.relabel_which", v, opts...)
}

// relabelChoice takes the file chosen after relabelWhich.
func (c *conv) relabelChoice(itx IntakeTx, action string) error {
	idText, key, _ := strings.Cut(strings.TrimPrefix(action, prefixRelabel), ".")
	id, _ := strconv.ParseInt(idText, 10, 64)
	return c.detour(func() error {
		t, cl, err := c.docsChecklist()
		if err != nil {
			return err
		}
		i := -1
		if cl != nil {
			i = slices.IndexFunc(cl.docs, func(d loket.Document) bool { return d.ID == id })
		}
		if i < 0 || t.Status == loket.StatusVerified || cl.docs[i].Status != loket.DocReceived {
			return c.say("docs.which_gone", nil) // replaced, reviewed or verified since
		}
		c.turn.TicketID = t.ID
		if key == docSkip {
			return c.relabelUnknown(itx, t, cl, cl.docs[i])
		}
		if _, ok := cl.requirement(key); !ok {
			return c.say("docs.which_gone", nil)
		}
		return c.relabelTo(itx, t, cl, cl.docs[i], key, "")
	})
}

// relabelTo files d under key: the old row replaced, a new row under
// key (an earlier file of key becomes replaced, as with any new upload),
// a doc_relabelled entry on the timeline, and one sentence with the
// checklist followed by what comes next.
func (c *conv) relabelTo(itx IntakeTx, t *loket.Ticket, cl *checklist, d loket.Document, key, text string) error {
	v := c.view()
	v.Value, v.Detail, v.Type = d.FileName, c.labelIn(cl, key), c.filedAs(cl, &d)
	if d.Requirement == key {
		lead, err := c.text("docs.relabel_same", v)
		if err != nil {
			return err
		}
		return c.docsFollowUp(itx, t, cl, lead+"\n"+c.checklistText(cl))
	}
	// The file the document had is kept, not silently replaced: it waits
	// as "type unknown" and the bot asks what it is (the document d leaves
	// comes first). One an officer accepted stays; a rejected one is
	// replaced, as a new upload would replace it.
	var kept string
	if prev := cl.current(key); prev != nil && prev.SHA256 != d.SHA256 {
		switch prev.Status {
		case loket.DocAccepted:
			return c.relabelRefused(t, "docs.relabel_reviewed", prev, text)
		case loket.DocReceived:
			np, err := c.moveDoc(itx, t, cl, *prev, unknownReq+prev.SHA256[:12])
			if err != nil {
				return err
			}
			pv := c.view()
			pv.Value, pv.Detail = prev.FileName, v.Detail
			if kept, err = c.text("docs.relabel_kept", pv); err != nil {
				return err
			}
			prevID := prev.ID
			cl.docs = slices.DeleteFunc(cl.docs, func(x loket.Document) bool { return x.ID == prevID })
			cl.docs = append(cl.docs, *np)
		}
	}
	nd, err := c.moveDoc(itx, t, cl, d, key)
	if err != nil {
		return err
	}
	cl.docs = slices.DeleteFunc(cl.docs, func(x loket.Document) bool { return x.ID == d.ID || x.Requirement == key })
	cl.docs = append(cl.docs, *nd)
	if err := c.reopenForDocs(t, cl); err != nil {
		return err
	}
	lead, err := c.text("docs.relabelled", v)
	if err != nil {
		return err
	}
	lead += "\n" + c.checklistText(cl)
	if kept != "" {
		lead += "\n\n" + kept
	}
	return c.docsFollowUp(itx, t, cl, lead)
}

// relabelUnknown is "that is not the KTP" without saying what it is: the
// file becomes "type unknown" and the bot asks which document it is.
func (c *conv) relabelUnknown(itx IntakeTx, t *loket.Ticket, cl *checklist, d loket.Document) error {
	nd, err := c.moveDoc(itx, t, cl, d, unknownReq+d.SHA256[:12])
	if err != nil {
		return err
	}
	cl.docs = slices.DeleteFunc(cl.docs, func(x loket.Document) bool { return x.ID == d.ID })
	cl.docs = append(cl.docs, *nd)
	if err := c.reopenForDocs(t, cl); err != nil {
		return err
	}
	return c.docsFollowUp(itx, t, cl, "")
}

// moveDoc replaces d by a row of the same file under req and records
// the change on the timeline (event doc_relabelled).
func (c *conv) moveDoc(itx IntakeTx, t *loket.Ticket, cl *checklist, d loket.Document, req string) (*loket.Document, error) {
	old := d
	old.Status = loket.DocReplaced
	if err := itx.UpdateDocument(c.ctx, &old); err != nil {
		return nil, fmt.Errorf("flows: relabel document: %w", err)
	}
	nd := &loket.Document{TicketID: t.ID, Requirement: req, FileName: d.FileName, SHA256: d.SHA256, Size: d.Size,
		Pages: d.Pages, Status: loket.DocReceived, CreatedAt: c.turn.Now}
	if err := itx.AddDocument(c.ctx, nd); err != nil {
		return nil, fmt.Errorf("flows: relabel document: %w", err)
	}
	from, to := c.actLabel(cl, d.Requirement), c.actLabel(cl, req)
	err := c.docActivity(t.ID, "docs.act.relabelled", d.FileName, from+" → "+to, map[string]any{
		"document_id": nd.ID, "replaces": d.ID, "from_requirement": d.Requirement, "requirement": req, "sha256": d.SHA256,
		"pages": d.Pages, "size": d.Size})
	return nd, err
}

// actLabel names a requirement for the officers' timeline (Indonesian),
// as the ticket's checklist names it (an individual business's KTP is the
// owner's, not the director's) when cl has it.
func (c *conv) actLabel(cl *checklist, req string) string {
	if cl != nil {
		if r, ok := cl.requirement(req); ok {
			return r.label(loket.LangID)
		}
	}
	if s := c.known().docName(req, loket.LangID); s != "" {
		return s
	}
	s, _ := c.f.texts.render(loket.LangID, "docs.act.type_unknown", &view{Office: c.profile()})
	return s
}

// reopenForDocs moves a ticket in review back to waiting for documents
// when a relabelling left a required document missing, and leaves a
// booking in progress: no time is offered while a document is missing.
func (c *conv) reopenForDocs(t *loket.Ticket, cl *checklist) error {
	if cl.nextRequired() == "" {
		return nil
	}
	if strings.HasPrefix(c.st.Step, prefixBook) {
		c.st.reset()
	}
	if t.Status == loket.StatusInReview {
		return c.setStatus(t, loket.StatusWaitingDocuments)
	}
	return nil
}

// relabelRefused says why a file cannot be relabelled in chat (reviewed
// by an officer, or the ticket is verified) and puts the message on the
// ticket for the officer.
func (c *conv) relabelRefused(t *loket.Ticket, key string, d *loket.Document, text string) error {
	if text != "" { // "" for a button: the choice is no message to pass on
		if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, text, nil); err != nil {
			return err
		}
	}
	v := c.view()
	v.Ref = t.Ref()
	if d != nil {
		v.Value, v.Type = d.FileName, c.fileLabel(d)
		if cl, err := c.loadChecklist(t); err == nil {
			v.Type = c.filedAs(cl, d)
		}
	}
	return c.say(key, v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}

// checklistText is the ticket's checklist, one line per document: ✓ when
// a file is on it, ☐ when still missing.
func (c *conv) checklistText(cl *checklist) string {
	lines := make([]string, 0, len(cl.reqs))
	for _, r := range cl.reqs {
		mark := "☐"
		if cl.has(r.Key) {
			mark = "✓"
		}
		lines = append(lines, mark+" "+r.label(c.lang()))
	}
	return strings.Join(lines, "\n")
}

// filedAs names what a file is filed as, as the ticket's checklist
// names it ("berkas" for a file of unknown type).
func (c *conv) filedAs(cl *checklist, d *loket.Document) string {
	if _, ok := cl.requirement(d.Requirement); ok {
		return c.labelIn(cl, d.Requirement)
	}
	return c.fileLabel(d)
}
