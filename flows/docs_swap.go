package flows

import (
	"slices"
	"strconv"
	"strings"

	"loket"
)

// Two files filed under each other's document are swapped in chat: "ktp
// sama npwp ketuker", "file KTP dan NPWP tertukar", "I swapped the KTP
// and NPWP files". When the words name exactly two documents of the
// ticket's checklist and both have a current file no officer has
// reviewed, the bot files each under the other's document (two
// doc_relabelled entries on the timeline), says in one sentence what is
// now what and shows the checklist and the next step. Otherwise nothing
// changes and the bot asks: with one document named, which file it was
// swapped with (one button per file); with a document that has no file,
// which file really is that document (the relabelling question); with
// none or more than two named, which two documents, listing the files.

// prefixSwap starts the action of a "swapped with which file?" button:
// "sw.<document id>.<document id>".
const prefixSwap = "sw."

// swapCues mark a message that says files were swapped.
var swapCues = wordSet("ketuker", "ketukar", "tertukar", "ketuke", "tuker", "tukar", "dituker", "ditukar", "kebalik",
	"terbalik", "kebalikan", "kewalik", "swap", "swaped", "swapped", "switched", "mixed", "mixup", "reversed")

// weakSwapCues say a swap only with two documents named: alone they mean
// something else as well ("ktp sudah saya tukar" is a new KTP, "ktp nya
// terbalik" an upside-down scan).
var weakSwapCues = wordSet("tuker", "tukar", "dituker", "ditukar", "kebalik", "terbalik", "kebalikan", "kewalik", "reversed")

// swapAsk is what a swap message names: the checklist's documents, in
// the order said, and whether a word named a document of two kinds.
type swapAsk struct {
	keys  []string
	vague bool
}

// readSwap reads a swap message; ok is false for anything else (a
// question, a message without a swap word or without any document).
func (c *conv) readSwap(text string, reqs []Requirement) (swapAsk, bool) {
	if isQuestion(text) || strings.Contains(text, "@") || digitRun(text) >= 6 {
		return swapAsk{}, false
	}
	ws := strings.Fields(normal(text))
	if len(ws) > 20 || !slices.ContainsFunc(ws, func(w string) bool { return swapCues[w] }) {
		return swapAsk{}, false
	}
	strong := slices.ContainsFunc(ws, func(w string) bool { return swapCues[w] && !weakSwapCues[w] })
	var a swapAsk
	for i := 0; i < len(ws); {
		key, n := c.docAt(ws, i, reqs)
		switch {
		case key != "":
			a.keys = appendNew(a.keys, key)
		case n > 0:
			a.vague = true // "npwp" where two documents are NPWPs
		}
		i += max(n, 1)
	}
	if !strong && (len(a.keys) != 2 || a.vague) {
		return swapAsk{}, false
	}
	// "filenya ketuker" names no document but is still about files.
	if len(a.keys) == 0 && !a.vague && !slices.ContainsFunc(ws, func(w string) bool { return fileWords[w] }) {
		return swapAsk{}, false
	}
	return a, true
}

// fileWords say a message is about files even when no document is named.
var fileWords = wordSet("file", "filenya", "files", "berkas", "berkasnya", "dokumen", "dokumennya", "documents",
	"document", "pdf", "pdfnya", "upload", "uploads", "scan")

// swapWords handles a message that says two files were swapped; it
// reports whether the message was one (and the vendor has a
// registration ticket with files).
func (c *conv) swapWords(itx IntakeTx, text string) (bool, error) {
	if c.textIsData() { // flows/docs_relabel.go
		return false, nil
	}
	if ws := strings.Fields(normal(text)); !slices.ContainsFunc(ws, func(w string) bool { return swapCues[w] }) {
		return false, nil // the cheap test before any look-up
	}
	t, cl, err := c.docsChecklist()
	if err != nil {
		return false, err
	}
	if t == nil || len(cl.docs) == 0 {
		if !c.anyForm(func(reqs []Requirement) bool { _, ok := c.readSwap(text, reqs); return ok }) {
			return false, nil
		}
		return true, c.noFilesHere(t)
	}
	ask, ok := c.readSwap(text, cl.reqs)
	if !ok || len(cl.reqs) == 0 {
		return false, nil
	}
	c.turn.TicketID = t.ID
	return true, c.detour(func() error { return c.swap(itx, t, cl, ask, text) })
}

// swap swaps the two files named, or asks which.
func (c *conv) swap(itx IntakeTx, t *loket.Ticket, cl *checklist, ask swapAsk, text string) error {
	if t.Status == loket.StatusVerified {
		return c.relabelRefused(t, "docs.relabel_verified", nil, text)
	}
	if ask.vague || len(ask.keys) == 0 || len(ask.keys) > 2 {
		return c.swapWhich(t, cl)
	}
	for _, k := range ask.keys {
		if cl.current(k) == nil {
			return c.swapMissing(t, cl, k, ask.keys)
		}
	}
	a := cl.current(ask.keys[0])
	if len(ask.keys) == 1 {
		return c.swapWith(t, cl, *a)
	}
	return c.swapDocs(itx, t, cl, *a, *cl.current(ask.keys[1]), text)
}

// swapDocs files a under b's document and b under a's.
func (c *conv) swapDocs(itx IntakeTx, t *loket.Ticket, cl *checklist, a, b loket.Document, text string) error {
	for _, d := range []loket.Document{a, b} {
		if d.Status != loket.DocReceived {
			return c.relabelRefused(t, "docs.relabel_reviewed", &d, text)
		}
	}
	v := c.view()
	v.Value, v.Detail = a.FileName, c.filedAs(cl, &b)
	v.Other, v.Type = b.FileName, c.filedAs(cl, &a)
	na, err := c.moveDoc(itx, t, cl, a, b.Requirement)
	if err != nil {
		return err
	}
	nb, err := c.moveDoc(itx, t, cl, b, a.Requirement)
	if err != nil {
		return err
	}
	cl.docs = slices.DeleteFunc(cl.docs, func(x loket.Document) bool { return x.ID == a.ID || x.ID == b.ID })
	cl.docs = append(cl.docs, *na, *nb)
	if err := c.reopenForDocs(t, cl); err != nil {
		return err
	}
	lead, err := c.text("docs.swapped", v)
	if err != nil {
		return err
	}
	return c.docsFollowUp(itx, t, cl, lead+"\n"+c.checklistText(cl))
}

// swapWith asks which file d was swapped with, one button per other file.
func (c *conv) swapWith(t *loket.Ticket, cl *checklist, d loket.Document) error {
	var opts []opt
	for _, o := range c.newestFirst(cl) {
		if o.ID != d.ID {
			opts = append(opts, opt{label: o.FileName + " — " + c.filedAs(cl, &o),
				action: prefixSwap + strconv.FormatInt(d.ID, 10) + "." + strconv.FormatInt(o.ID, 10)})
		}
	}
	if len(opts) == 0 {
		return c.swapWhich(t, cl)
	}
	c.asked = true // this message's question, with its buttons
	opts = append(opts, opt{key: "btn.menu", action: actMenu})
	v := c.view()
	v.Value, v.Detail = d.FileName, c.filedAs(cl, &d)
	return c.say("docs.swap_with", v, opts...)
}

// swapMissing says a document named has no file to swap, and asks which
// file really is that document (as a relabelling would).
func (c *conv) swapMissing(t *loket.Ticket, cl *checklist, key string, keys []string) error {
	v := c.view()
	v.Ref, v.Detail = t.Ref(), c.labelIn(cl, key)
	lead, err := c.text("docs.swap_missing", v)
	if err != nil {
		return err
	}
	files := slices.DeleteFunc(c.newestFirst(cl), func(d loket.Document) bool { return d.Requirement == key })
	if len(files) == 0 {
		return c.swapWhich(t, cl)
	}
	if err := c.sayText(lead); err != nil {
		return err
	}
	return c.relabelWhich(cl, files, relabelAsk{to: key})
}

// swapWhich asks which two documents were swapped and lists the files
// (or says that the only file has nothing to be swapped with).
func (c *conv) swapWhich(t *loket.Ticket, cl *checklist) error {
	v := c.view()
	v.Ref = t.Ref()
	if len(cl.docs) == 1 {
		d := cl.docs[0]
		v.Value, v.Detail = d.FileName, c.filedAs(cl, &d)
		return c.say("docs.swap_one", v) // nothing to swap it with
	}
	lead, err := c.text("docs.swap_which", v)
	if err != nil {
		return err
	}
	var lines []string
	for _, d := range c.newestFirst(cl) {
		lines = append(lines, "• "+d.FileName+" — "+c.filedAs(cl, &d))
	}
	return c.sayText(lead + "\n" + strings.Join(lines, "\n"))
}

// newestFirst are the ticket's current files, the newest first.
func (c *conv) newestFirst(cl *checklist) []loket.Document {
	docs := slices.Clone(cl.docs)
	slices.SortFunc(docs, func(a, b loket.Document) int { return int(b.ID - a.ID) })
	return docs
}

// swapChoice takes the file chosen after swapWith.
func (c *conv) swapChoice(itx IntakeTx, action string) error {
	aText, bText, _ := strings.Cut(strings.TrimPrefix(action, prefixSwap), ".")
	aID, _ := strconv.ParseInt(aText, 10, 64)
	bID, _ := strconv.ParseInt(bText, 10, 64)
	return c.detour(func() error {
		t, cl, err := c.docsChecklist()
		if err != nil {
			return err
		}
		var a, b *loket.Document
		if cl != nil {
			for i := range cl.docs {
				switch cl.docs[i].ID {
				case aID:
					a = &cl.docs[i]
				case bID:
					b = &cl.docs[i]
				}
			}
		}
		if a == nil || b == nil || t.Status == loket.StatusVerified {
			return c.say("docs.which_gone", nil) // replaced or verified since
		}
		c.turn.TicketID = t.ID
		return c.swapDocs(itx, t, cl, *a, *b, "")
	})
}
