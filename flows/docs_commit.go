package flows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"loket"
	"loket/flows/pdfcheck"
)

// commit puts the outcome of a check on the ticket and answers the
// vendor, inside the job's transaction, with the conversation locked.
func (d *Docs) commit(ctx context.Context, tx DocsTx, p *CheckPayload, o *outcome, now time.Time) error {
	c, err := d.f.jobConv(ctx, tx, p.Channel, p.Chat, now)
	if err != nil {
		return err
	}
	t, err := tx.TicketByID(ctx, p.Ticket)
	if errors.Is(err, loket.ErrNotFound) {
		d.log.WarnContext(ctx, "flows: doc.check: ticket gone", "ticket", p.Ticket)
		return nil
	}
	if err != nil {
		return fmt.Errorf("flows: doc.check: load ticket: %w", err)
	}
	c.turn.TicketID = t.ID
	if err := c.checked(tx, t, p, o); err != nil {
		return err
	}
	return d.f.saveJobConv(ctx, tx, c)
}

// checked decides what a checked file means: refused (one sentence and
// what to do), identical to one received, put on the checklist, or kept
// until the vendor says which requirement it is.
func (c *conv) checked(itx IntakeTx, t *loket.Ticket, p *CheckPayload, o *outcome) error {
	v := c.view()
	v.Ref, v.Value = t.Ref(), p.FileName
	if o.expired {
		return c.refuseLate(t, "docs.refused.expired", v, "expired")
	}
	if r := o.refusal; r != nil {
		reason := string(r.Reason)
		if r.LooksLike != pdfcheck.Unknown {
			reason += ", " + string(r.LooksLike)
		}
		return c.refuseLate(t, refusalKey(r, v), v, reason)
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return err
	}
	if dup := cl.withSHA(o.sha); dup != nil || c.pendingSHA(o.sha) != nil {
		v.Detail = c.fileLabel(dup)
		return c.refuseLate(t, "docs.refused.identical", v, "identical")
	}
	if err := c.flagActive(t, p.FileName, o.active); err != nil {
		return err
	}
	pd := pendingDoc{Ticket: t.ID, SHA: o.sha, Name: p.FileName, Size: o.size, Pages: o.pages}
	if len(cl.reqs) == 0 {
		return c.attach(itx, t, pd)
	}
	pd.Guess = guessRequirement(p.FileName, cl.reqs)
	asked := p.Asked
	if asked != cl.next() {
		asked = "" // another file answered that request meanwhile
	}
	if asked != "" && (pd.Guess == "" || pd.Guess == asked) && len(c.pending()) == 0 {
		return c.fileAs(itx, t, cl, pd, asked)
	}
	return c.holdForChoice(t, pd)
}

// refusalKey picks the sentence for a refusal and fills its numbers.
func refusalKey(r *pdfcheck.Refusal, v *view) string {
	switch r.Reason {
	case pdfcheck.NotPDF:
		if r.LooksLike.IsImage() {
			return "docs.refused.photo"
		}
		return "docs.refused.not_pdf"
	case pdfcheck.TooLarge:
		v.Count = int((r.Size + (1<<20 - 1)) >> 20)
		return "docs.refused.too_large"
	case pdfcheck.TooManyPages:
		v.Count, v.Step = r.Pages, int(r.Limit)
		return "docs.refused.too_many_pages"
	case pdfcheck.NeedsPassword, pdfcheck.Empty, pdfcheck.Timeout:
		return "docs.refused." + string(r.Reason)
	}
	return "docs.refused.broken"
}

// refuseLate answers a file refused after the check; nothing is stored.
func (c *conv) refuseLate(t *loket.Ticket, key string, v *view, reason string) error {
	if err := c.docActivity(t.ID, "docs.act.refused", v.Value, reason, map[string]any{
		"file_name": v.Value, "refused": reason}); err != nil {
		return err
	}
	return c.say(key, v)
}

// fileLabel names a document for the vendor: its requirement, or "file".
func (c *conv) fileLabel(d *loket.Document) string {
	key := "docs.label.file"
	if d != nil && c.f.texts.has("req."+d.Requirement) {
		key = "req." + d.Requirement
	}
	s, _ := c.text(key, nil)
	return s
}

// attach puts a file on a ticket without a checklist.
func (c *conv) attach(itx IntakeTx, t *loket.Ticket, pd pendingDoc) error {
	doc, err := c.addDocument(itx, t, pd, "attachment:"+pd.SHA[:12])
	if err != nil {
		return err
	}
	v := c.view()
	v.Ref, v.Value, v.Count = t.Ref(), doc.FileName, doc.Pages
	return c.say("docs.attached", v)
}

// addDocument stores the document row (an earlier one of the same
// requirement becomes replaced, history kept) and its timeline entry.
func (c *conv) addDocument(itx IntakeTx, t *loket.Ticket, pd pendingDoc, req string) (*loket.Document, error) {
	doc := &loket.Document{TicketID: t.ID, Requirement: req, FileName: pd.Name, SHA256: pd.SHA, Size: pd.Size,
		Pages: pd.Pages, Status: loket.DocReceived, CreatedAt: c.turn.Now}
	if err := itx.AddDocument(c.ctx, doc); err != nil {
		return nil, fmt.Errorf("flows: add document: %w", err)
	}
	label := req
	if c.f.texts.has("req." + req) {
		label, _ = c.f.texts.render(loket.LangID, "req."+req, &view{Office: &c.f.cfg.Office})
	}
	err := c.docActivity(t.ID, "docs.act.got", pd.Name, label, map[string]any{
		"document_id": doc.ID, "requirement": req, "sha256": pd.SHA, "pages": pd.Pages, "size": pd.Size})
	return doc, err
}

// fileAs files a document under a requirement, tells the vendor the
// progress and asks for what comes next.
func (c *conv) fileAs(itx IntakeTx, t *loket.Ticket, cl *checklist, pd pendingDoc, req string) error {
	replaced := cl.current(req) != nil
	doc, err := c.addDocument(itx, t, pd, req)
	if err != nil {
		return err
	}
	cl.docs = slices.DeleteFunc(cl.docs, func(d loket.Document) bool { return d.Requirement == req })
	cl.docs = append(cl.docs, *doc)
	if t.Status == loket.StatusNeedsFix && !cl.stillRejected() {
		if err := c.setStatus(t, loket.StatusWaitingDocuments); err != nil {
			return err
		}
	}
	v := c.view()
	v.Ref, v.Value = t.Ref(), pd.Name
	v.Detail, _ = c.text("req."+req, nil)
	v.Step, v.Steps = cl.done(), len(cl.reqs)
	key := "docs.got"
	if replaced {
		key = "docs.got_replaced"
	}
	got, err := c.text(key, v)
	if err != nil {
		return err
	}
	return c.docsFollowUp(t, cl, got)
}

// stillRejected reports whether a rejected document still waits for a
// new upload (the current document of some requirement is rejected).
func (cl *checklist) stillRejected() bool {
	for _, r := range cl.reqs {
		if d := cl.current(r.Key); d != nil && d.Status == loket.DocRejected {
			return true
		}
	}
	return false
}

// docsFollowUp says lead (may be "") followed by the next question: which
// requirement a waiting file is, the next document to send, or that
// everything is in.
func (c *conv) docsFollowUp(t *loket.Ticket, cl *checklist, lead string) error {
	join := func(s string) string {
		if lead == "" {
			return s
		}
		return lead + "\n" + s
	}
	if ps := c.pending(); len(ps) > 0 {
		if lead != "" {
			if err := c.sayText(lead); err != nil {
				return err
			}
		}
		return c.askWhich(cl, ps[0])
	}
	v := c.view()
	v.Ref = t.Ref()
	next := cl.next()
	if next == "" {
		s, err := c.text("docs.complete", v)
		if err != nil {
			return err
		}
		return c.sayText(join(s))
	}
	r, _ := cl.requirement(next)
	v.Detail, _ = c.text("req."+next, nil)
	key := "docs.next"
	if r.Assist {
		key = "docs.next_assist"
	}
	s, err := c.text(key, v)
	if err != nil {
		return err
	}
	return c.sayText(join(s))
}

// flagActive warns the agents on the ticket, in an internal note, that
// an accepted file carries active content (scripts, launch actions,
// embedded files); the vendor is not told.
func (c *conv) flagActive(t *loket.Ticket, file string, active []string) error {
	if len(active) == 0 {
		return nil
	}
	kinds := make([]string, 0, len(active))
	for _, a := range active {
		s, err := c.f.texts.render(loket.LangID, "docs.active."+a, &view{Office: &c.f.cfg.Office})
		if err != nil {
			s = a
		}
		kinds = append(kinds, s)
	}
	body, err := c.f.texts.render(loket.LangID, "docs.act.active", &view{Office: &c.f.cfg.Office, Value: file,
		Detail: strings.Join(kinds, ", ")})
	if err != nil {
		return err
	}
	return c.activity(t.ID, loket.ActNote, loket.ActorSystem, body, map[string]any{"file_name": file, "active": active})
}
