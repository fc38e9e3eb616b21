package flows

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket"
)

// requestTypes are the requests a vendor can raise with an officer.
var requestTypes = []loket.TicketType{loket.TypeAccountReset, loket.TypeDataChange, loket.TypeAppProblem, loket.TypeOther}

const maxTicketButtons = 3

// reqTypePrompt offers the vendor's open tickets (to continue talking)
// and the kinds of new request.
func (c *conv) reqTypePrompt() error {
	tickets, err := c.myTickets()
	if err != nil {
		return err
	}
	var opts []opt
	v := c.view()
	for _, t := range tickets {
		if !t.Status.Open() || len(opts) == maxTicketButtons {
			continue
		}
		v.Ref = t.Ref()
		label, err := c.text("btn.ticket", v)
		if err != nil {
			return err
		}
		opts = append(opts, opt{label: label, action: prefixTk + strconv.FormatInt(t.ID, 10)})
	}
	cv := c.view()
	cv.Count = len(opts) // the open tickets offered: none, and there is nothing to continue
	for _, typ := range requestTypes {
		opts = append(opts, opt{key: "btn.req_" + string(typ), action: prefixReq + string(typ)})
	}
	opts = append(opts, opt{key: "btn.menu", action: actMenu})
	return c.say("req.choose", cv, opts...)
}

func (c *conv) reqTypeInput(in input) error {
	switch {
	case strings.HasPrefix(in.action, prefixTk):
		id, err := strconv.ParseInt(strings.TrimPrefix(in.action, prefixTk), 10, 64)
		if err != nil {
			return c.miss("miss.choose")
		}
		return c.continueTicket(id)
	case strings.HasPrefix(in.action, prefixReq):
		typ := loket.TicketType(strings.TrimPrefix(in.action, prefixReq))
		if !slices.Contains(requestTypes, typ) {
			return c.miss("miss.choose")
		}
		c.st.Step, c.st.Req, c.st.Misses = stepReqDesc, typ, 0
		return c.reqDescPrompt()
	}
	text := strings.TrimSpace(in.text)
	if in.kind != loket.InText || text == "" || smallTalk(text) != talkNone {
		return c.offStepOr(in, "miss.choose")
	}
	if m, ok := c.bestAnswer(text); ok && m.ID != intentPrefix+"officer" {
		c.noteLang(text)
		if typ, ok := answerRequest(m.ID); ok && utf8.RuneCountInString(text) >= minRequestRunes {
			// "akun sy ke blokir gan, gabisa login" here: the answer would
			// send them to this very choice; their words open that request
			c.st.Step, c.st.Req, c.st.Misses = stepReqDesc, typ, 0
			return c.reqDescInput(in)
		}
		if !isQuestion(text) && !isIntent(m.ID) && utf8.RuneCountInString(text) >= minRequestRunes && tellsTrouble(text) {
			// "tidak bisa upload dokumen di sikap": the problem, as the
			// question invites ("atau langsung tulis masalahnya"); it got
			// the answer nearest its words and the question again
			c.st.Step, c.st.Req, c.st.Misses = stepReqDesc, loket.TypeAppProblem, 0
			return c.reqDescInput(in)
		}
		return c.answerDetour(m.ID)
	}
	if utf8.RuneCountInString(text) >= minRequestRunes {
		// Asked what an officer can help with, the vendor said it in
		// their own words: that is the request, not a wrong choice.
		c.st.Step, c.st.Req, c.st.Misses = stepReqDesc, loket.TypeOther, 0
		return c.reqDescInput(in)
	}
	return c.miss("miss.choose")
}

// answerRequest is the kind of request an answer offers as its button
// (the locked account's answer offers "Lupa password / reset akun").
func answerRequest(id string) (loket.TicketType, bool) {
	for _, e := range faqEntries() {
		if e.id != id {
			continue
		}
		for _, o := range e.opts {
			if typ, ok := strings.CutPrefix(o.action, prefixReq); ok {
				return loket.TicketType(typ), true
			}
		}
	}
	return "", false
}

// troubleWords tell that something does not work: a problem to report,
// not a question ("gagal kirim", "error terus"); so does a negation before
// "bisa" ("tidak bisa upload"), not one alone ("saya tidak punya npwp
// perusahaan" is not an application's fault).
var troubleWords = wordSet("gabisa", "gbs", "gagal", "error", "eror", "erorr", "macet", "stuck", "hang", "failed",
	"fails", "fail", "cannot", "cant", "unable", "bermasalah", "problem", "rusak", "broken", "loading", "lemot", "blank")

// tellsTrouble reports words of something not working.
func tellsTrouble(text string) bool {
	ws := tokens(text)
	for i, w := range ws {
		if troubleWords[w] || negWords[w] && i+1 < len(ws) && (ws[i+1] == "bisa" || ws[i+1] == "bs") {
			return true
		}
	}
	return false
}

// minRequestRunes is the shortest description a request is opened with.
const minRequestRunes = 10

// continueTicket enters one of the vendor's own open tickets.
func (c *conv) continueTicket(id int64) error {
	tickets, err := c.myTickets()
	if err != nil {
		return err
	}
	for i := range tickets {
		if t := &tickets[i]; t.ID == id && t.Status.Open() {
			c.enterTicket(t, true)
			c.turn.TicketID = t.ID
			return c.ticketPrompt()
		}
	}
	return c.miss("miss.choose")
}

func (c *conv) reqDescPrompt() error {
	if !slices.Contains(requestTypes, c.st.Req) {
		c.st.Step = stepReqType
		return c.reqTypePrompt()
	}
	return c.say("req.describe."+string(c.st.Req), nil, opt{key: "btn.menu", action: actMenu})
}

// reqDescInput opens a ticket of the chosen type with the description.
func (c *conv) reqDescInput(in input) error {
	if in.kind != loket.InText {
		return c.miss("miss.text")
	}
	text := strings.TrimSpace(in.text)
	if smallTalk(text) != talkNone {
		if handled, err := c.offStep(in); handled || err != nil {
			return err
		}
	}
	if utf8.RuneCountInString(text) < minRequestRunes {
		return c.miss("bad.too_short")
	}
	typ := c.st.Req
	t, err := c.openTicket(typ, loket.StatusNew, text)
	if err != nil {
		return fmt.Errorf("flows: request %s: %w", typ, err)
	}
	if err := c.activity(t.ID, loket.ActMessageIn, loket.ActorVendor, text, nil); err != nil {
		return err
	}
	// Whatever the route (account reset, data change, app problem, other),
	// the vendor ended with an officer: the office may teach the bot it.
	if err := c.noteQuestion(loket.QuestionOfficer, "", text); err != nil {
		return err
	}
	c.enterTicket(t, true)
	v := c.view()
	v.Ref = t.Ref()
	if v.Type, err = c.text("type."+string(typ), v); err != nil {
		return err
	}
	return c.say("req.done", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
}

// myTickets lists the contact's tickets, newest first, and those of its
// vendor opened from the same WhatsApp number (the same person through
// the other WhatsApp adapter, or an earlier contact of that number). Not
// every ticket of the vendor: a registration links a contact to the
// vendor of the NPWP it names, and anyone can type a company's NPWP (it
// is printed on its invoices), so the vendor's tickets opened from
// another chat stay with that chat. The number of a WhatsApp chat is
// WhatsApp's own; a web chat or Telegram contact shows no such number.
func (c *conv) myTickets() ([]loket.Ticket, error) {
	out, err := c.tx.ListTickets(c.ctx, loket.TicketFilter{ContactID: c.turn.Contact.ID, Limit: 20})
	if err != nil {
		return nil, fmt.Errorf("flows: list tickets: %w", err)
	}
	own := chatPhone(c.turn.Contact.Channel, c.turn.Contact.ChatID)
	if vid := c.turn.Contact.VendorID; vid != 0 && own != "" {
		more, err := c.tx.ListTickets(c.ctx, loket.TicketFilter{VendorID: vid, Limit: 20})
		if err != nil {
			return nil, fmt.Errorf("flows: list vendor tickets: %w", err)
		}
		phones := map[int64]string{} // contact → its chat's number
		for _, t := range more {
			if slices.ContainsFunc(out, func(o loket.Ticket) bool { return o.ID == t.ID }) {
				continue
			}
			p, ok := phones[t.ContactID]
			if !ok {
				ct, err := c.tx.ContactByID(c.ctx, t.ContactID)
				switch {
				case err == nil:
					p = chatPhone(ct.Channel, ct.ChatID)
				case !errors.Is(err, loket.ErrNotFound):
					return nil, fmt.Errorf("flows: contact of ticket %d: %w", t.ID, err)
				}
				phones[t.ContactID] = p
			}
			if p == own {
				out = append(out, t)
			}
		}
	}
	slices.SortFunc(out, func(a, b loket.Ticket) int { return int(b.ID - a.ID) })
	return out, nil
}

// myOpenTicket is the vendor's open ticket that want accepts: the one the
// conversation is in, else the newest; nil when there is none.
func (c *conv) myOpenTicket(want func(*loket.Ticket) bool) (*loket.Ticket, error) {
	tickets, err := c.myTickets()
	if err != nil {
		return nil, err
	}
	var newest *loket.Ticket
	for i := range tickets {
		t := &tickets[i]
		if !t.Status.Open() || !want(t) {
			continue
		}
		if c.st.Ticket != 0 && t.ID == c.st.Ticket {
			return t, nil
		}
		if newest == nil {
			newest = t
		}
	}
	return newest, nil
}
