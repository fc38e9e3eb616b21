package flows

import (
	"strings"

	"loket"
)

// actMissing runs "what is still missing?" asked in the vendor's own
// words (the intent intent.missing); no button carries it.
const actMissing = "i.missing"

// missing answers "what is still missing?": the vendor's tickets with
// what they lack, after a line on the files whose check still runs
// (they are not missing); without a ticket, the documents to prepare
// and an offer to start (or continue) the registration.
func (c *conv) missing() error {
	if ok, err := c.preparingForCall(); ok || err != nil { // flows/call_questions.go
		return err
	}
	tickets, err := c.myTickets()
	if err != nil {
		return err
	}
	if len(tickets) == 0 {
		return c.docsNeeded()
	}
	c.tidyDocs()
	if d := c.st.Docs; d != nil && len(d.Flight) > 0 {
		var names []string
		for _, f := range d.Flight {
			names = append(names, f.Name)
		}
		v := c.view()
		v.Value, v.Count = strings.Join(names, ", "), len(names)
		if err := c.say("missing.checking", v); err != nil {
			return err
		}
	}
	// "what else do I need to send?" with every required document in: the
	// status says nothing is missing, yet the SIKaP assistance's documents
	// may not be here; they are named, as after the last upload.
	if t, err := c.bookingTicket(); err != nil {
		return err
	} else if t != nil && t.Status.Open() {
		cl, err := c.loadChecklist(t)
		if err != nil {
			return err
		}
		if len(cl.reqs) > 0 && cl.nextRequired() == "" {
			line, err := c.assistMissing(cl) // flows/docs_followup.go
			if err != nil {
				return err
			}
			if line != "" {
				if err := c.say("missing.assist", &view{Value: line}); err != nil {
					return err
				}
			}
		}
	}
	return c.status()
}

// docsNeeded lists the documents to prepare before there is a ticket:
// the form's own list when the registration half filled in names it,
// else every form's.
func (c *conv) docsNeeded() error {
	if asksProcedure(c.turn.Inbound.Text) {
		// "apa saja persyaratannya dan bagaimana prosedurnya?": the steps
		// first, then the documents with the offer to start (the steps
		// were left out)
		if err := c.plainAnswerQuiet("process_overview"); err != nil {
			return err
		}
	}
	v := c.view()
	menu := opt{key: "btn.menu", action: actMenu}
	if d := c.st.Docs; d != nil && len(d.Held) > 0 {
		// "udh sy kirim semua" after files sent before any registration:
		// they are kept, and the request is what is missing (it listed
		// every form's documents as if none had come)
		var names []string
		for _, h := range d.Held {
			names = append(names, h.Name)
		}
		v.Value, v.Count = strings.Join(names, ", "), len(names)
		if c.st.In.answers() > 0 {
			return c.say("missing.held_intake", v, opt{key: "btn.resume_intake", action: actResumeIntake}, menu)
		}
		return c.say("missing.held", v, opt{key: "btn.register", action: actRegister}, menu)
	}
	if in := c.st.In; in.answers() > 0 && in.Form.Valid() {
		v.Form, v.Detail = c.formLabel(in.Form), v.DocText[string(in.Form)]
		return c.say("missing.none_form", v, opt{key: "btn.resume_intake", action: actResumeIntake}, menu)
	}
	f := c.formSaid()
	if !f.Valid() && namesDocuments(c.turn.Inbound.Text) {
		// "we are a Malaysian company" said before "what documents do we
		// need?"; "what is still missing?" is told there is no ticket first
		f = c.st.FormHint
	}
	if f.Valid() {
		// "saya Budi dari CV Maju Bersama, … dokumen apa saja?": that
		// form's list, kept for the registration to come (bring.go)
		c.st.FormHint = f
		v.Form, v.Detail = c.formLabel(f), v.DocText[string(f)]
		return c.say("missing.form_named", v, opt{key: "btn.register", action: actRegister}, menu)
	}
	key := "missing.none"
	if text := c.turn.Inbound.Text; namesDocuments(text) || asksNeeds(text) || asksPrepare(text) {
		// "perlu siapin apa?", "what do we need?" ask what is needed, not
		// what is missing: no "nothing is missing, there is no ticket" first
		key = "missing.docs_first"
	}
	return c.say(key, v, opt{key: "btn.register", action: actRegister}, menu)
}

// plainAnswerQuiet says an answer that has no reply of its own (no
// personalReplies) beside another, without buttons: the office's text
// when it edited it, else the built-in one.
func (c *conv) plainAnswerQuiet(id string) error {
	if a, edited := c.storedAnswer(id); edited {
		return c.sayAnswerQuiet(a)
	}
	v := c.view()
	v.Quiet = true
	return c.say("faq."+id, v)
}

// procedureWords ask for the steps of the whole process.
var procedureWords = wordSet("prosedur", "prosedurnya", "alur", "alurnya", "tahapan", "tahapannya", "mekanisme",
	"mekanismenya", "langkahlangkah", "langkahlangkahnya", "procedure", "procedures", "steps")

// asksProcedure reports a message that also asks how the process goes
// ("… dan bagaimana prosedurnya", "tata caranya", "what are the steps").
func asksProcedure(text string) bool {
	return hasWordsOf(text, procedureWords) || hasPhrase(text, []string{"tata cara", "tata caranya"})
}

// formSaid is the business form the vendor's message names: in so many
// words, or by a company's name ("CV Maju Bersama").
func (c *conv) formSaid() loket.BusinessForm {
	text := c.turn.Inbound.Text
	if f := formNamed(text); f != "" {
		return f
	}
	if _, _, ok := companyNameSpan(text); ok {
		return loket.FormCompany
	}
	return ""
}

// stillWords ask what is still missing or where things stand, not
// which documents there are.
var stillWords = wordSet("kurang", "kekurangan", "lagi", "kabar", "lengkap", "semua", "sudah", "udah", "udh",
	"sdh", "belum", "blm", "masih", "missing", "still", "yet", "else", "everything", "complete", "left")

// namesDocuments reports a question about the documents themselves
// ("apa saja syaratnya?", "mohon info syarat pendaftaran", "which files
// do you need"): without a ticket the answer leads with them. "Apa yang
// masih kurang?", "sudah semua?" or "udh kirim berkas blm ada kabar" ask
// where things stand: that there is no ticket here leads.
func namesDocuments(text string) bool {
	names, still := false, false
	for _, w := range tokens(text) {
		names = names || docWords[w] || fileWords[w] // fileWords: flows/docs_swap.go
		still = still || stillWords[w]
	}
	return names && !still
}

// missingKeys are the texts of this file (flows/keys.go).
func missingKeys() []string {
	return []string{"missing.checking", "missing.assist", "missing.none", "missing.docs_first", "missing.every_form", "missing.none_form", "missing.held", "missing.held_intake", "missing.form_named", "next.checking"}
}
