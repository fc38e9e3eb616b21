package flows

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"loket"
)

// openTicket creates a ticket of the contact (and its vendor when
// linked) with a "ticket opened" entry on its timeline.
func (c *conv) openTicket(typ loket.TicketType, status loket.TicketStatus, desc string) (*loket.Ticket, error) {
	title := loket.RegistrationTitle
	if typ != loket.TypeRegistration {
		var err error
		if title, err = c.f.texts.render(loket.LangID, "title."+string(typ), &view{Office: c.profile()}); err != nil {
			return nil, err
		}
	}
	now := c.turn.Now
	t := &loket.Ticket{
		VendorID: c.turn.Contact.VendorID, ContactID: c.turn.Contact.ID, Channel: c.turn.Inbound.Channel,
		Title: title, Description: desc, Type: typ, Status: status, CreatedAt: now, UpdatedAt: now,
	}
	if err := c.tx.CreateTicket(c.ctx, t); err != nil {
		return nil, fmt.Errorf("flows: create ticket: %w", err)
	}
	body, err := c.f.texts.render(loket.LangID, "act.opened", &view{Office: c.profile(), Ref: t.Ref(), Value: string(c.turn.Inbound.Channel)})
	if err != nil {
		return nil, err
	}
	if err := c.activity(t.ID, loket.ActSystem, loket.ActorBot, body, map[string]any{
		"event": "opened", "ref": t.Ref(), "channel": string(c.turn.Inbound.Channel), "type": typ, "status": status}); err != nil {
		return nil, err
	}
	c.turn.TicketID = t.ID
	return t, nil
}

// activity adds one entry to a ticket's timeline.
func (c *conv) activity(ticketID int64, kind loket.ActivityKind, actor loket.ActorType, body string, meta map[string]any) error {
	a := &loket.Activity{TicketID: ticketID, Kind: kind, Actor: actor, Body: body, CreatedAt: c.turn.Now}
	if meta != nil {
		b, err := json.Marshal(meta)
		if err != nil {
			return fmt.Errorf("flows: activity meta: %w", err)
		}
		a.Meta = b
	}
	if err := c.tx.NoteActivity(c.ctx, a); err != nil {
		return fmt.Errorf("flows: add activity: %w", err)
	}
	return nil
}

// enterTicket makes free text go to t from now on.
func (c *conv) enterTicket(t *loket.Ticket, acked bool) {
	c.st.reset()
	c.st.Step, c.st.Ticket, c.st.Acked = stepTicket, t.ID, acked
}

// ticketPrompt reminds the vendor that messages go to the ticket.
func (c *conv) ticketPrompt() error {
	t, err := c.currentTicket()
	if err != nil || t == nil {
		return err
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return err
	}
	if len(cl.unknown()) > 0 {
		return c.askWhichOf(t) // files still waiting to be named come first
	}
	v := c.view()
	v.Ref = t.Ref()
	return c.say("ticket.enter", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}

// currentTicket loads the ticket free text goes to; when it is gone or
// no longer open it tells the vendor, returns to the menu and gives nil.
func (c *conv) currentTicket() (*loket.Ticket, error) {
	t, err := c.tx.TicketByID(c.ctx, c.st.Ticket)
	if errors.Is(err, loket.ErrNotFound) || err == nil && !t.Status.Open() {
		v := c.view()
		if t != nil {
			v.Ref = t.Ref()
		}
		c.st.reset()
		if err := c.say("ticket.closed", v); err != nil {
			return nil, err
		}
		return nil, c.menuPrompt()
	}
	if err != nil {
		return nil, fmt.Errorf("flows: load ticket: %w", err)
	}
	return t, nil
}

// ticketInput puts the vendor's text or file on the ticket. The bot
// confirms once per visit, not on every message.
func (c *conv) ticketInput(in input) error {
	t, err := c.currentTicket()
	if err != nil || t == nil {
		return err
	}
	c.turn.TicketID = t.ID
	if in.kind == loket.InDocument && in.doc != nil {
		return c.ticketDocument(t, in.doc)
	}
	if in.kind != loket.InText || in.text == "" {
		return c.miss("miss.ticket")
	}
	talk := smallTalk(in.text)
	waitsFiles := t.Type == loket.TypeRegistration && t.Status == loket.StatusWaitingDocuments
	if t.Type == loket.TypeRegistration && c.laterForAllOf(in.text, waitsFiles) { // flows/tried.go
		// "npwp nya masih diurus, nanti saya kirim": on the ticket for the
		// officers, and where the file goes (it got the status, and the
		// officers never saw it)
		if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, in.text, nil); err != nil {
			return err
		}
		c.noteLang(in.text)
		v := c.view()
		v.Ref = t.Ref()
		return c.say("docs.later", v)
	}
	if m, ok := c.bestAnswer(in.text); ok && ticketIntent(m.ID) && (talk == talkNone || talk == talkQuery) {
		// their status or call, from their own data; "ok makasih infonya"
		// is thanks, though "info" is a word of "no news yet"
		switch own, err := c.registrationAsked(t, m.ID); {
		case err != nil:
			return err
		case m.ID == intentPrefix+"process_length" && t.Type != loket.TypeRegistration:
			// "berapa lama resetnya?" on a password reset got how long
			// verification takes: where this request stands, who has it
			// and when officers answer
			c.noteLang(in.text)
			return c.noReply()
		case own:
			c.noteLang(in.text)
			return c.answer(m.ID, true)
		}
	}
	if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, in.text, nil); err != nil {
		return err
	}
	if k := talk; k != talkNone && k != talkQuery && k != talkHow {
		// on the ticket, and a short answer: "oke" is not a message the
		// office must answer; a lone "?" asks the office for news, and
		// "apa kabar, pak?" greets the officer, not the bot
		return c.talk(k)
	}
	if m, ok := c.bestAnswer(in.text); ok && m.ID == intentPrefix+"officer" {
		// "mau ngomong sama petugas aja" inside the ticket: they are
		// talking to the officers already; said so (it got no reply once
		// told where messages go)
		c.noteLang(in.text)
		c.st.Acked = true
		v := c.view()
		v.Ref = t.Ref()
		return c.say("ticket.officer", v)
	}
	answered := false
	_, clockQ := clockAsked(in.text)                                // "kalau datang jam 13.30 masih bisa?": the hours at that time, from the settings
	dayQ := func() bool { _, ok := c.dayAsked(in.text); return ok } // read only for an in-person ticket's hours
	// an in-person registration's vendor asks where, when and what to
	// bring in their own words ("lokasinya di mana tepatnya?", "kalau saya
	// datang hari ini masih bisa?" went to the officers unanswered); a
	// visit announced ("saya datang besok jam 10 ya") gets that day's hours
	visiting := t.Type == loket.TypeRegistration && t.Status == loket.StatusNew
	m, ok := c.bestAnswer(in.text)
	if waitsFiles && hasWordsOf(in.text, mailWords, sendWords) {
		// "ktp direktur sudah saya kirim kemarin lewat email": files do
		// not go by e-mail (its document's words left the e-mail answer
		// below the threshold, and the vendor waited on a mailbox)
		m, ok = Match{ID: "docs_by_email", Score: math.Inf(1), Covered: 1}, true
	}
	if ok && !isIntent(m.ID) &&
		(isQuestion(in.text) || waitsFiles && (fileAnswers[m.ID] || m.ID == docNeedID) ||
			visiting && m.ID == "hours" && (clockQ || dayQ())) &&
		(ticketAnswerable(m) || m.ID == "hours" && clockQ || visiting && visitAnswers[m.ID]) {
		// a question the bot can answer now ("boleh kirim foto?"), a
		// document said to be lacking ("belum punya akta": whether it is
		// needed, flows/doc_need.go), or
		// what the files waited for need said as a plan or a problem
		// ("berkasnya saya kirim lewat email aja ya", "file ktp nya
		// kebesaran 6mb": they got "your message is on the ticket", and
		// waited for an e-mail no one reads or a file that could not
		// come); the office still sees it on the ticket
		c.noteLang(in.text)
		if err := c.answer(m.ID, false); err != nil {
			return err
		}
		answered = true
	}
	key := "ticket.ack"
	switch {
	case !c.st.Acked:
		c.st.Acked = true
	case isQuestion(in.text) && !answered:
		// Told once where messages go, the vendor is not told again for
		// each; but a question gets a reply: who answers it, and when.
		key = "ticket.ack_question"
	case thanksFirst(in.text):
		// "terima kasih sudah bisa login" got nothing back ("makasih,
		// cepat sekali" is praise, not a hurry)
		return c.say("talk.thanks", nil)
	case urgentAsked(in.text):
		// "tolong dipercepat ya", "saya butuh cepat karena tender tutup
		// besok" got nothing back: said where the urgency went, once
		// more, honestly
		key = "ticket.ack_urgent"
	default:
		return nil
	}
	v := c.view()
	v.Ref = t.Ref()
	return c.say(key, v)
}

// callIntents are the intents about a registration's call and its
// outcome: on another kind of ticket they are the vendor's own only when
// a registration is there too ("tolong dipercepat ya" on a password reset
// got how the video call works).
var callIntents = wordSet(intentPrefix+"my_call", intentPrefix+"reschedule", intentPrefix+"cancel_call",
	intentPrefix+"emails", intentPrefix+"call_away", intentPrefix+"after_call")

// registrationAsked reports whether an intent asked inside ticket t is
// about something the vendor has: any intent on a registration, a call
// intent elsewhere only with a registration of theirs open.
func (c *conv) registrationAsked(t *loket.Ticket, id string) (bool, error) {
	if t.Type == loket.TypeRegistration || !callIntents[id] {
		return true, nil
	}
	reg, err := c.bookingTicket()
	return reg != nil, err
}

// urgentWords press for speed on a ticket; "cepat" does only after a
// word of asking or needing ("butuh cepat", "tolong cepat"): "cepat
// sekali" is praise, and "segera saya kirim" a promise.
var (
	urgentWords = wordSet("dipercepat", "percepat", "secepatnya", "urgent", "urgently", "asap", "mendesak", "darurat",
		"deadline", "tenggat", "terburu", "hurry", "faster")
	urgentAsking = wordSet("butuh", "perlu", "tolong", "mohon", "minta", "harus", "need", "please")
)

// urgentAsked reports a message that presses for speed.
func urgentAsked(text string) bool {
	ws := tokens(text)
	for i, w := range ws {
		if urgentWords[w] || (w == "cepat" || w == "quickly" || w == "quick") && i > 0 && urgentAsking[ws[i-1]] {
			return true
		}
	}
	return false
}

// thanksFirst reports a message that opens with thanks ("terima kasih
// sudah bisa login", "thanks, it works now").
func thanksFirst(text string) bool {
	ws := tokens(text)
	return len(ws) > 0 && (thankWords[squeeze(ws[0])] || len(ws) > 1 && ws[0] == "ok" && thankWords[squeeze(ws[1])])
}

// mailWords name e-mail as a way of sending.
var mailWords = wordSet("email", "mail", "surel", "gmail", "imel")

// visitAnswers are the answers about coming to the office: given on an
// in-person registration's ticket as confidently as at the menu.
var visitAnswers = wordSet("location", "hours", docsOfflineID)

// fileAnswers are the answers about sending the files: given on a
// ticket waiting for them to a statement as well as a question.
var fileAnswers = wordSet("file_format", "docs_by_email", "docs_one_file")

// ticketAnswerScore is how sure the matcher must be before the bot
// answers a question sent to a ticket itself: well above its threshold,
// since a vague "selamat pagi, bagaimana?" is for the officer.
const ticketAnswerScore = 20

// ticketAnswerable reports a match sure enough to answer on a ticket: a
// strong one that covers most of the question, or a weaker one that
// covers all of it ("file nya kegedean gmn": every word is the file
// size answer's, though few and common).
func ticketAnswerable(m Match) bool {
	return m.Score >= ticketAnswerScore && m.Covered >= 0.6 || m.Score >= ticketAnswerScore/2 && m.Covered >= 0.95 ||
		m.ID == docsOfflineID && m.Covered >= 0.95 // "what should I bring?": one content word, answered from their own form
}

// ticketDocument takes a file sent inside the ticket conversation: the
// document intake pipeline (flows/docs_intake.go) checks it.
func (c *conv) ticketDocument(_ *loket.Ticket, d *loket.DocumentRef) error {
	return c.document(c.tx, input{kind: loket.InDocument, doc: d})
}
