package flows

import (
	"slices"
	"strings"

	"loket"
)

// After an officer rejected a document (the ticket needs a fix; the
// console's status message told the vendor why and what to send), the
// vendor answers that message from the menu: "ok saya kirim ulang" is
// told to send the new file here, naming it; words about the rejected
// document or the officer's note ("npwp nya sudah benar kok", "maksudnya
// tidak terbaca gimana?") are for the officer who wrote it and go on the
// ticket. They got the file rules with the Registration button, the KSWP
// check's answer and a guide step. "kenapa ditolak?" keeps the status,
// which gives the officer's note.

// noteWords speak of a rejection or an officer's note.
var noteWords = wordSet("ditolak", "tolak", "menolak", "terbaca", "catatan", "catatannya", "maksudnya", "maksud",
	"alasan", "alasannya", "kenapa", "mengapa", "salahnya", "rejected", "reject", "rejection", "note", "reason",
	"why", "unreadable", "readable", "mean")

// fixWords say the vendor fixes or sends a file again ("saya perbaiki",
// "kirim ulang", "I'll resend it").
var fixWords = wordSet("ulang", "perbaiki", "diperbaiki", "revisi", "resend", "again", "fix", "new", "baru")

// rejectedWords answers the vendor's words about a rejection, at the
// menu, while their registration ticket needs a fix.
func (c *conv) rejectedWords(text string) (bool, error) {
	if c.textIsData() || c.st.Step != stepMenu && c.st.Step != "" {
		return false, nil
	}
	ws := tokens(text)
	docs := c.known().docWords
	if !slices.ContainsFunc(ws, func(w string) bool { return noteWords[w] || fixWords[w] || sendWords[w] || docs[w] }) {
		return false, nil // no word this could be about: no look at the tickets (every menu message passes here)
	}
	t, err := c.bookingTicket()
	if err != nil || t == nil || t.Status != loket.StatusNeedsFix {
		return false, err
	}
	if m, ok := c.bestAnswer(text); ok && ticketIntent(m.ID) &&
		(isQuestion(text) || !hasWordsOf(text, fixWords) && !hasWordsOf(text, sendWords)) {
		// "kenapa ditolak?", "status": the status says why; "ok saya
		// kirim ulang" says what the vendor will do, whatever its words
		// rank (it lost the resend's answer to "what is missing")
		return false, nil
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return false, err
	}
	named := wordsOf(ws)
	var labels []string
	mentioned := false
	for _, r := range cl.reqs {
		if d := cl.current(r.Key); d != nil && d.Status == loket.DocRejected {
			labels = append(labels, r.phrase(c.lang()))
			mentioned = mentioned || hasAny(named, r.Words)
		}
	}
	if len(labels) == 0 {
		return false, nil
	}
	resend := !isQuestion(text) && (hasWordsOf(text, fixWords) || hasWordsOf(text, sendWords) && !mentioned)
	if !resend && !mentioned && !hasWordsOf(text, noteWords) {
		return false, nil
	}
	c.noteLang(text)
	c.turn.TicketID = t.ID
	v := c.view()
	v.Ref, v.Value = t.Ref(), strings.Join(labels, ", ")
	opts := []opt{{key: "btn.status", action: actStatus}, {key: "btn.menu", action: actMenu}}
	if resend { // "ok saya kirim ulang", "siap, saya perbaiki dulu"
		return true, c.say("docs.rejected_resend", v, opts...)
	}
	// for the officer who rejected it: on the ticket, and from now on the
	// vendor's messages go there
	if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, text, nil); err != nil {
		return true, err
	}
	c.enterTicket(t, true)
	return true, c.say("docs.rejected_to_officer", v, opts...)
}
