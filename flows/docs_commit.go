package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"loket"
	"loket/flows/pdfcheck"
)

// commit puts the outcome of a check on the ticket and answers the
// vendor, inside the job's transaction, with the conversation locked.
func (d *Docs) commit(ctx context.Context, tx DocsTx, p *CheckPayload, o *outcome, now time.Time) error {
	var t *loket.Ticket // nil: sent before any registration
	var form loket.BusinessForm
	var docs []loket.Document
	gone := false // the ticket the file was sent for
	if p.Ticket != 0 {
		// The conversation's lock, the ticket and its checklist in one
		// round trip where the store pipelines, the lock first (the reads
		// see what the chat's last turn committed).
		if err := tx.OpenConversationAhead(ctx, p.Channel, p.Chat); err != nil {
			return fmt.Errorf("flows: doc.check: %w", err)
		}
		var err error
		t, form, docs, err = tx.TicketChecklist(ctx, p.Ticket)
		switch {
		case errors.Is(err, loket.ErrNotFound):
			gone = true
		case err != nil:
			return fmt.Errorf("flows: doc.check: load ticket: %w", err)
		}
	}
	c, err := d.f.jobConv(ctx, tx, p.Channel, p.Chat, now)
	if err != nil {
		return err
	}
	if gone {
		d.log.WarnContext(ctx, "flows: doc.check: ticket gone", "ticket", p.Ticket)
		c.landed(p.flightID())
		return d.f.saveJobConv(ctx, tx, c)
	}
	var cl *checklist // the ticket's, the file to be filed on it
	if t != nil {
		c.turn.TicketID = t.ID
		cl = c.newChecklist(t, form, docs)
	}
	if err := c.checked(tx, t, cl, p, o); err != nil {
		return err
	}
	return d.f.saveJobConv(ctx, tx, c)
}

// checked decides what a checked file means and answers the vendor
// once the last check of a burst is done (one message for the files
// sent together): refused (one sentence and what to do), identical to
// one received, on the checklist, on the ticket as "type unknown", or
// kept for the registration to come (no ticket yet).
func (c *conv) checked(itx IntakeTx, t *loket.Ticket, cl *checklist, p *CheckPayload, o *outcome) error {
	more := c.landed(p.flightID())
	line, cl, err := c.checkedLine(itx, t, cl, p, o)
	if err != nil {
		return err
	}
	if line != "" {
		c.docs().Report = append(c.docs().Report, line)
	}
	if more {
		return nil // the others' outcomes follow; one message for all
	}
	lead := strings.Join(c.docs().Report, "\n")
	c.docs().Report = nil
	c.tidyDocs()
	if t == nil {
		return c.heldFollowUp(lead)
	}
	if cl == nil {
		if cl, err = c.loadChecklist(t); err != nil {
			return err
		}
	}
	return c.detour(func() error { return c.docsFollowUp(itx, t, cl, lead) })
}

// checkedLine puts one checked file where it belongs and returns the
// sentence that tells the vendor, with the ticket's checklist as it
// stands now: cl (nil: not read yet), read when the file is to be filed
// or compared, the file filed on it.
func (c *conv) checkedLine(itx IntakeTx, t *loket.Ticket, cl *checklist, p *CheckPayload, o *outcome) (string, *checklist, error) {
	v := c.view()
	v.Value = p.FileName
	if t != nil {
		v.Ref = t.Ref()
	}
	if o.expired {
		line, err := c.refuseLate(t, "docs.refused.expired", v, "expired", pdfcheck.Unknown)
		return line, cl, err
	}
	if r := o.refusal; r != nil {
		line, err := c.refuseLate(t, c.refusalKey(r, v), v, string(r.Reason), r.LooksLike)
		return line, cl, err
	}
	f := heldFile{SHA: o.sha, Name: p.FileName, Size: o.size, Pages: o.pages}
	if t == nil {
		line, err := c.hold(f)
		return line, nil, err
	}
	if cl == nil {
		var err error
		if cl, err = c.loadChecklist(t); err != nil {
			return "", nil, err
		}
	}
	if dup := cl.withSHA(o.sha); dup != nil {
		v.Detail = c.fileLabel(dup)
		line, err := c.refuseLate(t, "docs.refused.identical", v, "identical", pdfcheck.Unknown)
		return line, cl, err
	}
	if err := c.flagActive(t, p.FileName, o.active); err != nil {
		return "", nil, err
	}
	if len(cl.reqs) == 0 {
		line, err := c.attach(itx, t, cl, f)
		return line, cl, err
	}
	req := guessRequirement(p.FileName, cl.reqs)
	if req == "" && p.Asked != "" && (p.Asked == cl.next() || p.Again) && len(cl.unknown()) == 0 && len(c.docs().Flight) == 0 &&
		len(c.docs().Report) == 0 {
		req = p.Asked // the one file sent after the bot asked for it (or for it again)
	}
	if req == "" {
		req = unknownReq + o.sha[:12]
	}
	line, err := c.fileAs(itx, t, cl, f, req) // files it on cl too, as the database has it now
	return line, cl, err
}

// refusalKey picks the sentence for a refusal and fills its numbers.
func (c *conv) refusalKey(r *pdfcheck.Refusal, v *view) string {
	switch r.Reason {
	case pdfcheck.NotPDF:
		if r.LooksLike.IsImage() {
			return "docs.refused.photo"
		}
		return "docs.refused.not_pdf"
	case pdfcheck.TooLarge:
		v.Type = c.sizeWords(r.Size)
		return "docs.refused.too_large"
	case pdfcheck.TooManyPages:
		v.Count, v.Step = r.Pages, int(r.Limit)
		return "docs.refused.too_many_pages"
	case pdfcheck.NeedsPassword, pdfcheck.Empty, pdfcheck.Timeout:
		return "docs.refused." + string(r.Reason)
	}
	return "docs.refused.broken"
}

// refuseLate notes a file refused after the check on the ticket (when
// there is one) and returns the sentence that tells the vendor; nothing
// is stored.
func (c *conv) refuseLate(t *loket.Ticket, key string, v *view, reason string, looks pdfcheck.Kind) (string, error) {
	if t != nil {
		if err := c.refusedActivity(t, v.Value, reason, looks); err != nil {
			return "", err
		}
	}
	return c.text(key, v)
}

// fileLabel names a document for the vendor: its requirement, or "file".
func (c *conv) fileLabel(d *loket.Document) string {
	if d != nil {
		if s := c.known().docName(d.Requirement, c.lang()); s != "" {
			return s
		}
	}
	s, _ := c.text("docs.label.file", nil)
	return s
}

// attach puts a file on a ticket without requirements (and on cl, the
// ticket's documents, as the database has them now).
func (c *conv) attach(itx IntakeTx, t *loket.Ticket, cl *checklist, f heldFile) (string, error) {
	doc, err := c.addDocument(itx, t, nil, f, "attachment:"+f.SHA[:12])
	if err != nil {
		return "", err
	}
	cl.filed(doc)
	v := c.view()
	v.Ref, v.Value, v.Count = t.Ref(), doc.FileName, doc.Pages
	return c.text("docs.attached", v)
}

// addDocument stores the document row (an earlier one of the same
// requirement becomes replaced, history kept) and its timeline entry.
func (c *conv) addDocument(itx IntakeTx, t *loket.Ticket, cl *checklist, f heldFile, req string) (*loket.Document, error) {
	doc := &loket.Document{TicketID: t.ID, Requirement: req, FileName: f.Name, SHA256: f.SHA, Size: f.Size,
		Pages: f.Pages, Status: loket.DocReceived, CreatedAt: c.turn.Now}
	if err := itx.AddDocument(c.ctx, doc); err != nil {
		return nil, fmt.Errorf("flows: add document: %w", err)
	}
	key := "docs.act.got"
	label := req
	switch {
	case isUnknownReq(req):
		key = "docs.act.unknown"
	case c.known().docName(req, loket.LangID) != "":
		label = c.actLabel(cl, req)
	}
	err := c.docActivity(t.ID, key, f.Name, label, map[string]any{
		"document_id": doc.ID, "requirement": req, "sha256": f.SHA, "pages": f.Pages, "size": f.Size})
	return doc, err
}

// fileAs puts a file on the ticket under a requirement (or as unknown)
// and returns the sentence that tells the vendor, with the progress.
func (c *conv) fileAs(itx IntakeTx, t *loket.Ticket, cl *checklist, f heldFile, req string) (string, error) {
	replaced := cl.current(req) != nil
	doc, err := c.addDocument(itx, t, cl, f, req)
	if err != nil {
		return "", err
	}
	cl.filed(doc)
	v := c.view()
	v.Ref, v.Value, v.Count = t.Ref(), f.Name, f.Pages
	if isUnknownReq(req) {
		return c.text("docs.got_unknown", v)
	}
	v.Detail = c.labelIn(cl, req)
	// how far the required documents are, the ones the call waits for;
	// an optional one is said to be optional, and what it is for
	tail := "docs.tail.count"
	switch r, _ := cl.requirement(req); {
	case r.Assist && !r.Verification:
		tail = "docs.tail.assist"
	case r.Assist:
		tail = "docs.tail.optional"
	default:
		v.Step, v.Steps = cl.required()
	}
	if v.Tail, err = c.text(tail, v); err != nil {
		return "", err
	}
	key := "docs.got"
	if replaced {
		key = "docs.got_replaced"
	}
	return c.text(key, v)
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

// flagActive warns the agents on the ticket, in an internal note, that
// an accepted file carries active content (scripts, launch actions,
// embedded files); the vendor is not told.
func (c *conv) flagActive(t *loket.Ticket, file string, active []string) error {
	if len(active) == 0 {
		return nil
	}
	kinds := make([]string, 0, len(active))
	for _, a := range active {
		s, err := c.f.texts.render(loket.LangID, "docs.active."+a, &view{Office: c.profile()})
		if err != nil {
			s = a
		}
		kinds = append(kinds, s)
	}
	body, err := c.f.texts.render(loket.LangID, "docs.act.active", &view{Office: c.profile(), Value: file,
		Detail: strings.Join(kinds, ", ")})
	if err != nil {
		return err
	}
	return c.activity(t.ID, loket.ActNote, loket.ActorSystem, body, map[string]any{
		"event": "doc_active", "file": file, "file_name": file, "active": active})
}
