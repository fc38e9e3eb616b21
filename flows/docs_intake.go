package flows

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"path"
	"strings"

	"loket"
	"loket/flows/pdfcheck"
)

// document takes a file the vendor sent in a turn. Only cheap checks on
// what the platform declared run here (size, obviously not a PDF); the
// download and the real check run in a doc.check job outside the turn.
// A file sent before any registration is checked the same way and kept
// for the registration. The vendor hears "checking…" once per burst of
// files; the outcomes follow in one message when the last check is done.
func (c *conv) document(itx IntakeTx, in input) error {
	d := in.doc
	if d == nil {
		return c.miss("miss.ticket")
	}
	t, cl, err := c.docTicket()
	if err != nil {
		return err
	}
	name := cleanFileName(d.FileName)
	v := c.view()
	v.Value = name
	if t != nil {
		c.turn.TicketID = t.ID
		v.Ref = t.Ref()
	}
	if photo, not := obviouslyNotPDF(d); not {
		if photo {
			return c.refuseEarly(t, "docs.refused.photo", v, "photo")
		}
		return c.refuseEarly(t, "docs.refused.not_pdf", v, "not_pdf")
	}
	if d.Size > loket.MaxDocumentBytes {
		v.Type = c.sizeWords(d.Size)
		return c.refuseEarly(t, "docs.refused.too_large", v, "too_large")
	}
	asked, likely, again := "", "", false
	if t != nil && t.Type == loket.TypeRegistration {
		if cl == nil {
			if cl, err = c.loadChecklist(t); err != nil {
				return err
			}
		}
		asked = cl.next()
		if d := c.st.Docs; d != nil && d.Again != "" && c.turn.Now.Unix() < d.AgainUntil {
			asked, again = d.Again, true // the right file after "the NPWP was the wrong file"
		}
		if d := c.st.Docs; d != nil {
			d.Again, d.AgainUntil = "", 0
		}
		if likely = guessRequirement(name, cl.reqs); likely == "" && (c.st.Docs == nil || len(c.st.Docs.Flight) == 0) {
			likely = asked // as the check's commit files the one file sent after the bot asked for it
		}
	}
	p := CheckPayload{Contact: c.turn.Contact.ID, Channel: c.turn.Inbound.Channel,
		Chat: c.turn.Inbound.ChatID, Ref: *d, Asked: asked, Again: again, FileName: name, Msg: c.turn.Inbound.ExternalID}
	if t != nil {
		p.Ticket = t.ID
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("flows: doc.check payload: %w", err)
	}
	job := &loket.Job{Kind: JobDocCheck, Key: "doc.check:" + string(p.Channel) + ":" + c.turn.Inbound.ExternalID,
		Payload: b, DueAt: c.turn.Now, CreatedAt: c.turn.Now}
	if err := itx.ScheduleJob(c.ctx, job); err != nil {
		return fmt.Errorf("flows: schedule doc.check: %w", err)
	}
	if c.takeOff(flight{ID: p.flightID(), Name: name, Req: likely}) {
		return nil // "checking…" was said for the first file of this burst
	}
	return c.detour(func() error { return c.say("docs.checking", v) })
}

// docTicket is the ticket a file goes to: the one the conversation is
// in, else the vendor's open registration ticket (the conversation then
// enters it, unless a question is pending). nil: no registration yet.
func (c *conv) docTicket() (*loket.Ticket, *checklist, error) {
	if c.st.Step == stepTicket {
		// With its checklist, read in the same round trip: a file for a
		// registration is filed on it.
		t, form, docs, err := c.tx.TicketChecklist(c.ctx, c.st.Ticket)
		if err == nil && t.Status.Open() {
			return t, c.newChecklist(t, form, docs), nil
		}
		if err != nil && !errors.Is(err, loket.ErrNotFound) {
			return nil, nil, fmt.Errorf("flows: load ticket: %w", err)
		}
	}
	tickets, err := c.myTickets()
	if err != nil {
		return nil, nil, err
	}
	for i := range tickets {
		t := &tickets[i]
		if t.Type == loket.TypeRegistration && t.Status.Open() {
			if !pendingQuestion(c.st.Step) {
				c.enterTicket(t, true)
			}
			return t, nil, nil
		}
	}
	return nil, nil, nil
}

// refuseEarly answers a file refused from its declared metadata and notes
// it on the timeline (when there is a ticket); nothing is downloaded or
// stored. The pending question, if any, is asked again.
func (c *conv) refuseEarly(t *loket.Ticket, key string, v *view, reason string) error {
	if t != nil {
		if err := c.refusedActivity(t, v.Value, reason, pdfcheck.Unknown); err != nil {
			return err
		}
	}
	return c.detour(func() error { return c.say(key, v) })
}

// refusedActivity notes a refused file on the timeline: the event keeps
// the reason's code ("refused", and "looks_like" for a file that is no
// PDF), the Indonesian body says it in words (docs.reason.<code>,
// docs.looks.<kind>).
func (c *conv) refusedActivity(t *loket.Ticket, file, reason string, looks pdfcheck.Kind) error {
	ov := &view{Office: c.profile()}
	words, err := c.f.texts.render(loket.LangID, "docs.reason."+reason, ov)
	if err != nil {
		return err
	}
	meta := map[string]any{"file_name": file, "refused": reason}
	if looks != pdfcheck.Unknown {
		like, err := c.f.texts.render(loket.LangID, "docs.looks."+string(looks), ov)
		if err != nil {
			return err
		}
		words += ", " + like
		meta["looks_like"] = string(looks)
	}
	return c.docActivity(t.ID, "docs.act.refused", file, words, meta)
}

// docActivity puts a document entry on a ticket's timeline: an event
// ("doc_got", "doc_unknown", "doc_refused" with the file's name and the
// meta's fields) that the console shows in each reader's language, and
// its Indonesian text as the body for readers without the catalogue.
func (c *conv) docActivity(ticketID int64, key, file, detail string, meta map[string]any) error {
	body, err := c.f.texts.render(loket.LangID, key, &view{Office: c.profile(), Value: file, Detail: detail,
		Count: intMeta(meta, "pages")})
	if err != nil {
		return err
	}
	meta["event"], meta["file"] = "doc_"+strings.TrimPrefix(key, "docs.act."), file
	return c.activity(ticketID, loket.ActDocument, loket.ActorVendor, body, meta)
}

func intMeta(meta map[string]any, k string) int {
	n, _ := meta[k].(int)
	return n
}

// obviouslyNotPDF reports a file whose declared type or name says it is
// not a PDF, and whether it is a photo. An unknown or generic type
// (application/octet-stream, no extension) goes on to the real check.
func obviouslyNotPDF(d *loket.DocumentRef) (photo, not bool) {
	ext := strings.ToLower(path.Ext(d.FileName))
	mt, _, _ := mime.ParseMediaType(strings.ToLower(d.MimeType))
	if ext == ".pdf" || mt == "application/pdf" || mt == "application/x-pdf" {
		return false, false
	}
	switch ext {
	case ".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".gif", ".bmp", ".tif", ".tiff":
		return true, true
	}
	if strings.HasPrefix(mt, "image/") {
		return true, true
	}
	switch ext {
	case ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".rtf", ".txt", ".zip", ".rar", ".7z", ".html", ".htm":
		return false, true
	}
	generic := mt == "" || mt == "application/octet-stream" || mt == "binary/octet-stream"
	return false, !generic
}
