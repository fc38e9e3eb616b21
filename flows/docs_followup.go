package flows

import (
	"strconv"
	"strings"

	"loket"
)

// docsFollowUp says lead (the outcomes, may be "") followed by what comes
// next: which document an unknown file is, the next required document,
// or — once every required document has passed the automatic checks —
// the earliest free video-call slot in one tap (officers can still
// review before the call).
func (c *conv) docsFollowUp(itx IntakeTx, t *loket.Ticket, cl *checklist, lead string) error {
	if err := c.docsStatus(t, cl); err != nil {
		return err
	}
	if lead != "" {
		if err := c.sayText(lead); err != nil {
			return err
		}
	}
	if len(cl.unknown()) > 0 {
		return c.askWhichOf(t)
	}
	if c.st.Step == stepDocWhich {
		c.leaveDocWhich()
	}
	if len(cl.reqs) == 0 {
		return nil
	}
	v := c.view()
	v.Ref = t.Ref()
	if next := cl.nextRequired(); next != "" {
		v.Detail = c.phraseIn(cl, next) // "Next, please send the company NPWP"
		return c.say("docs.next", v)
	}
	assist, err := c.assistMissing(cl)
	if err != nil {
		return err
	}
	a, err := activeAppointment(c, c.tx, t.ID)
	if err != nil {
		return err
	}
	if a != nil || t.Status == loket.StatusVerified {
		v.Detail = assist
		return c.say("docs.complete", v)
	}
	if strings.HasPrefix(c.st.Step, prefixBook) {
		v.Detail = assist
		return c.say("docs.complete_booking", v) // complete (again, after a swap, or now, the vendor booking already): the detour asks the booking question again
	}
	if err := c.mark(t, "call.offer"); err != nil { // the sweep (flows/reminders_sweep.go) need not offer again
		return err
	}
	return c.offerEarliest(c.tx, t, assist)
}

// nextRequired is the first verification document (not one only for the
// SIKaP assistance) still to send.
func (cl *checklist) nextRequired() string {
	for _, r := range cl.reqs {
		if !r.Assist && !cl.has(r.Key) {
			return r.Key
		}
	}
	return ""
}

// assistMissing is the sentence naming the SIKaP-assistance documents not
// sent yet ("" when none is missing).
func (c *conv) assistMissing(cl *checklist) (string, error) {
	var missing []string
	for _, r := range cl.reqs {
		if r.Assist && !cl.has(r.Key) {
			missing = append(missing, r.Name.In(c.lang())) // as a sentence names them: "business licence …", not "Business licence …"
		}
	}
	if len(missing) == 0 {
		return "", nil
	}
	v := c.view()
	v.Docs = map[string]docList{"missing": {Assist: missing}} // a map of its own: the view's is shared
	return c.text("docs.assist_missing", v)
}

// docsStatus moves a registration ticket as its documents come in: every
// required document passed the automatic checks → in_review (or
// call_scheduled when a call is booked); a rejected one replaced while
// others are still missing → waiting_documents.
func (c *conv) docsStatus(t *loket.Ticket, cl *checklist) error {
	if t.Type != loket.TypeRegistration || len(cl.reqs) == 0 || cl.stillRejected() {
		return nil
	}
	switch t.Status {
	case loket.StatusNew, loket.StatusWaitingDocuments, loket.StatusNeedsFix:
	default:
		return nil
	}
	if cl.nextRequired() != "" {
		if t.Status == loket.StatusNeedsFix {
			return c.setStatus(t, loket.StatusWaitingDocuments)
		}
		return nil
	}
	a, err := activeAppointment(c, c.tx, t.ID)
	if err != nil {
		return err
	}
	if a != nil {
		return c.setStatus(t, loket.StatusCallScheduled)
	}
	return c.setStatus(t, loket.StatusInReview)
}

// hold keeps a file checked before any registration for the registration
// to come and returns the sentence that tells the vendor.
func (c *conv) hold(f heldFile) (string, error) {
	d := c.docs()
	v := c.view()
	v.Value = f.Name
	for _, h := range d.Held {
		if h.SHA == f.SHA {
			v.Detail, _ = c.text("docs.label.file", nil)
			return c.text("docs.refused.identical", v)
		}
	}
	if len(d.Held) >= maxHeld {
		return c.text("docs.held_full", v)
	}
	d.Held = append(d.Held, f)
	if g := guessRequirement(f.Name, c.known().allRequirements()); g != "" {
		v.Detail = c.docLabel(g)
		return c.text("docs.held", v)
	}
	return c.text("docs.held_unknown", v)
}

// heldFollowUp tells the outcomes of files sent before any registration
// and offers the registration (or goes on with the one being filled in).
func (c *conv) heldFollowUp(lead string) error {
	if lead != "" {
		if err := c.sayText(lead); err != nil {
			return err
		}
	}
	st := c.st
	if pendingQuestion(st.Step) {
		return c.resumeBrief()
	}
	if len(c.docs().Held) == 0 {
		return c.say("docs.held_none", nil, opt{key: "btn.menu", action: actMenu})
	}
	if st.In.answers() > 0 {
		return c.say("docs.held_continue", nil, opt{key: "btn.resume_intake", action: actResumeIntake},
			opt{key: "btn.menu", action: actMenu})
	}
	return c.say("docs.held_offer", nil, opt{key: "btn.register", action: actRegister},
		opt{key: "btn.menu", action: actMenu})
}

// attachHeld puts the files kept before the registration on its ticket,
// named from their file names where possible, and returns what to tell.
func (c *conv) attachHeld(itx IntakeTx, t *loket.Ticket) (string, error) {
	if c.st.Docs == nil || len(c.st.Docs.Held) == 0 {
		return "", nil
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return "", err
	}
	var lines []string
	for _, h := range c.st.Docs.Held {
		req := h.Req // what the vendor said it is, when that form asks for it
		if _, ok := cl.requirement(req); !ok {
			req = guessRequirement(h.Name, cl.reqs)
		}
		if req == "" || cl.has(req) {
			req = unknownReq + h.SHA[:12]
		}
		line, err := c.fileAs(itx, t, cl, h, req)
		if err != nil {
			return "", err
		}
		lines = append(lines, line)
	}
	c.st.Docs.Held = nil
	c.tidyDocs()
	v := c.view()
	v.Count = len(lines)
	head, err := c.text("docs.held_attached", v)
	if err != nil {
		return "", err
	}
	return head + "\n" + strings.Join(lines, "\n"), nil
}

// sizeWords is a file size in MB with one decimal: rounded up for a
// file over the limit (4,200,000 bytes is "4,1 MB", over 4 MB) and down
// for one under it, so a size is never shown on the wrong side of the
// limit (and a 4.2 MB file is never "about 5 MB").
func (c *conv) sizeWords(size int64) string {
	tenths := size * 10 >> 20
	if size > loket.MaxDocumentBytes && tenths*(1<<20) < size*10 {
		tenths++
	}
	s := strconv.FormatInt(tenths/10, 10)
	if r := tenths % 10; r != 0 {
		sep := ","
		if c.lang() == loket.LangEN {
			sep = "."
		}
		s += sep + strconv.FormatInt(r, 10)
	}
	return s + " MB"
}
