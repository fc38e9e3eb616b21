package flows

import (
	"fmt"
	"slices"
	"strings"

	"loket"
)

// menuOpts are the seven main-menu entries, in the order WhatsApp numbers them.
func menuOpts() []opt {
	return []opt{
		{key: "btn.guide", action: actGuide},
		{key: "btn.register", action: actRegister},
		{key: "btn.status", action: actStatus},
		{key: "btn.call", action: actCall},
		{key: "btn.officer", action: actOfficer},
		{key: "btn.hours", action: actHours},
		{key: "btn.lang", action: actLangMenu},
	}
}

// welcome greets a new conversation, answers its first question when it
// is a clear one, and shows the menu.
func (c *conv) welcome(in input) error {
	c.st.Step = stepMenu
	c.noteLang(in.text)
	if smallTalk(in.text) == talkGreeting && greetingLang(in.text) != "" {
		c.turn.Contact.Lang = loket.LangEN // "hello" first: English asked for (flows/greeting.go)
	}
	if in.action == "" {
		// an address, an NPWP, a number or a company's name alone (the
		// name got the officers' request: "CV Maju Bersama"): the
		// greeting's place says what it is for, with the menu
		if ok, err := c.typedValue(in.text); ok || err != nil {
			return err
		}
	}
	// "Assalamualaikum pak, … caranya bagaimana?": the salam is answered
	// first, as an officer would, not after the answer with the menu
	salam := in.action == "" && salamReply(in.text) != ""
	key := "welcome"
	if smallTalk(in.text) == talkNone && in.action == "" {
		if m, ok := c.bestAnswer(in.text); ok {
			if salam {
				if err := c.say("welcome.salam", nil); err != nil {
					return err
				}
				key = "welcome.plain"
			}
			if isIntent(m.ID) {
				return c.answer(m.ID, true)
			}
			if err := c.answer(m.ID, false); err != nil {
				return err
			}
		} else if asksHelpWithProblem(in.text) {
			return c.helpWithProblem(in) // flows/help_wanted.go
		} else if isQuestion(in.text) {
			if err := c.noteQuestion(loket.QuestionUnmatched, "", in.text); err != nil {
				return err
			}
			// the greeting says the question was seen and who can answer
			// it, rather than passing over it
			return c.say("welcome.unanswered", nil, c.menuOpts()...)
		}
	}
	if smallTalk(in.text) == talkHow {
		return c.say("welcome.how", nil, c.menuOpts()...)
	}
	return c.say(key, nil, c.menuOpts()...)
}

// menuOpts are the main menu's buttons, plus "continue the registration"
// when one is half done (after the seven, so their numbers never move).
func (c *conv) menuOpts() []opt {
	opts := menuOpts()
	if c.st.In.answers() > 0 {
		opts = append(opts, opt{key: "btn.resume_intake", action: actResumeIntake})
	}
	return opts
}

func (c *conv) menuPrompt() error {
	c.st.Step = stepMenu
	return c.say("menu", nil, c.menuOpts()...)
}

// menuInput handles text typed at the menu: small talk, a question in
// the vendor's own words answered from the matcher, or an honest "not
// found".
func (c *conv) menuInput(in input) error {
	if strings.HasPrefix(in.action, prefixReq) {
		return c.reqTypeInput(in) // a request button offered with an answer
	}
	if in.kind != loket.InText || in.text == "" {
		return c.miss("miss.menu")
	}
	if handled, err := c.menuText(in); handled || err != nil {
		return err // flows/menu_words.go
	}
	if handled, err := c.offStep(in); handled || err != nil {
		return err
	}
	c.noteLang(in.text)
	m, ok := c.bestAnswer(in.text)
	if !ok {
		if _, num := typedNumber(in.text); num {
			return c.miss("miss.choose") // a number not offered ("8"): the choices again, not "no answer"
		}
		if asksHelpWithProblem(in.text) {
			return c.helpWithProblem(in) // flows/help_wanted.go
		}
		if err := c.noteQuestion(loket.QuestionUnmatched, "", in.text); err != nil {
			return err
		}
		return c.miss("faq.none")
	}
	c.st.Misses = 0
	return c.answer(m.ID, true)
}

// global runs actions that work from any step. It reports whether the
// action was one of them. Actions that only tell something (help,
// status, hours, the language) are detours: the pending question is
// asked again afterwards.
func (c *conv) global(a string) (bool, error) {
	st := c.st
	if say := sayingActions[a]; say != nil {
		return true, c.detour(func() error { return say(c) }) // the intents that only say something (flows/faq.go)
	}
	switch a {
	case actMenu:
		st.reset()
		return true, c.menuPrompt()
	case actCancel:
		return true, c.cancel()
	case actCancelYes, actCancelNo:
		return true, c.cancelAnswer(a)
	case actHelp:
		return true, c.detour(func() error {
			if pendingQuestion(st.Step) {
				return c.say("help", nil)
			}
			return c.say("help", nil, c.menuOpts()...)
		})
	case actLangMenu:
		if st.Step != stepLang {
			st.Back = ""
			if pendingQuestion(st.Step) {
				st.Back = st.Step
			}
		}
		st.Step = stepLang
		return true, c.langPrompt()
	case actLangID, actLangEN:
		return true, c.setLang(a)
	case actStatus:
		return true, c.detour(c.status)
	case actMissing:
		return true, c.detour(c.missing) // flows/missing.go
	case actPhoneChange:
		return true, c.detour(c.phoneChange) // flows/phone_change.go
	case actNoReply:
		return true, c.detour(c.noReply) // flows/noreply.go
	case actGuide:
		st.reset()
		st.Step, st.Guide = stepGuide, 1
		return true, c.guidePrompt()
	case actRegister, actResumeIntake, actRegisterNew:
		return true, c.startIntake(a)
	case actOfficer:
		st.reset()
		st.Step = stepReqType
		return true, c.reqTypePrompt()
	case actHours:
		return true, c.detour(func() error {
			if pendingQuestion(st.Step) {
				return c.say("hours", nil)
			}
			return c.say("hours", nil, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
		})
	case actInPersonYes, actStayOnline:
		return true, c.inPerson(c.tx, a) // flows/in_person.go
	case actCall, actBook:
		return true, c.detour(func() error { return c.callMenu(c.tx) }) // flows/booking.go
	}
	if strings.HasPrefix(a, prefixBook) {
		return true, c.bookAction(c.tx, a) // flows/booking_input.go
	}
	return false, nil
}

// setLang switches the language and goes back to where the vendor was.
func (c *conv) setLang(a string) error {
	st := c.st
	c.turn.Contact.Lang = loket.LangID
	if a == actLangEN {
		c.turn.Contact.Lang = loket.LangEN
	}
	if st.Step == stepLang {
		st.Step, st.Back = st.Back, ""
	}
	if err := c.say("lang.set", nil); err != nil {
		return err
	}
	if pendingQuestion(st.Step) {
		return c.resume()
	}
	return c.menuPrompt()
}

// startIntake starts the registration, or continues the one half done
// at its first unanswered question with every answer kept.
func (c *conv) startIntake(a string) error {
	st := c.st
	if st.In.answers() > 0 {
		keep := st.In
		st.reset()
		st.In = keep
		st.Step = intakeStep(keep)
		return c.resume()
	}
	if a != actRegisterNew {
		t, err := c.openRegistration()
		if err != nil {
			return err
		}
		if t != nil {
			st.reset()
			v := c.view()
			v.Ref, v.Value = t.Ref(), c.statusWords(t.Status)
			return c.say("reg.already_open", v, opt{key: "btn.status", action: actStatus},
				opt{key: "btn.register_new", action: actRegisterNew}, opt{key: "btn.menu", action: actMenu})
		}
	}
	st.reset()
	hint := st.FormHint // the form a question about documents was about (flows/bring.go)
	st.Step, st.In, st.FormHint = stepForm, &intake{}, ""
	var taken []string
	if in := c.turn.Inbound; in.Kind == loket.InText && in.Button == "" {
		var err error
		if taken, err = c.answersGiven(in.Text); err != nil {
			return err
		}
	}
	if !st.In.Form.Valid() && hint.Valid() {
		st.In.Form = hint
		if len(taken) == 0 {
			v := c.view()
			v.Form = c.formLabel(hint)
			lead, err := c.text("in.form_known", v)
			if err != nil {
				return err
			}
			return c.leading(lead, c.advance)
		}
		form, err := c.text(fieldLabel(stepForm), nil)
		if err != nil {
			return err
		}
		taken = append([]string{form + ": " + c.formLabel(hint)}, taken...)
	}
	if len(taken) > 0 {
		return c.advanceTaken(strings.Join(taken, "; ")) // the first question still open
	}
	return c.intakePrompt()
}

// answersGiven notes the answers a wish to register already gives: the
// company it names ("mau daftar verifikasi, sy dari CV Sinar Abadi": the
// form and the name) and any NPWP, address, number or labelled director.
func (c *conv) answersGiven(text string) ([]string, error) {
	var taken []string
	if _, _, named := companyNameSpan(text); !named {
		if f := formOfWish(text); f != "" {
			c.st.In.Form = f // "sy usaha perorangan, mau verifikasi", "verify my company documents"
			form, err := c.text(fieldLabel(stepForm), nil)
			if err != nil {
				return nil, err
			}
			taken = append(taken, form+": "+c.formLabel(f))
		}
	}
	if name, _, ok := companyNameSpan(text); ok {
		c.st.In.Form, c.st.In.Name = loket.FormCompany, name
		form, err := c.text(fieldLabel(stepForm), nil)
		if err != nil {
			return nil, err
		}
		label, err := c.text(fieldLabel(stepName), nil)
		if err != nil {
			return nil, err
		}
		taken = append(taken, form+": "+c.formLabel(loket.FormCompany), label+": "+name)
	}
	parts := slices.DeleteFunc(answerParts(text, ""), func(p answerPart) bool { return p.step == stepName && c.st.In.Name != "" })
	more, err := c.takeParts(parts)
	return append(taken, more...), err
}

func (c *conv) langPrompt() error {
	return c.say("lang.choose", nil, opt{key: "btn.lang_id", action: actLangID}, opt{key: "btn.lang_en", action: actLangEN})
}

// resumePrompt offers to continue a journey left for a long time.
func (c *conv) resumePrompt() error {
	v := c.view()
	where, err := c.text(whereKey(c.st.Resume), c.whereView(v))
	if err != nil {
		return err
	}
	v.Where = where
	return c.say("resume", v, opt{key: "btn.resume", action: actResume}, opt{key: "btn.restart", action: actRestart})
}

func (c *conv) whereView(v *view) *view {
	w := *v
	w.Step, w.Steps = c.st.Guide, guideSteps
	if c.st.Ticket != 0 {
		if t, err := c.tx.TicketByID(c.ctx, c.st.Ticket); err == nil {
			w.Ref = t.Ref()
		}
	}
	return &w
}

func whereKey(step string) string {
	switch {
	case step == stepGuide:
		return "where.guide"
	case step == stepTicket:
		return "where.ticket"
	case strings.HasPrefix(step, prefixBook):
		return "where.booking"
	case len(step) > 3 && step[:3] == "in.":
		return "where.intake"
	}
	return "where.request"
}

func (c *conv) resumeInput(in input) error {
	switch in.action {
	case actResume:
		c.st.Step, c.st.Resume, c.st.Acked = c.st.Resume, "", false
		return c.prompt()
	case actRestart:
		c.st.Step, c.st.Resume = c.st.Resume, ""
		return c.cancel()
	}
	return c.offStepOr(in, "miss.choose")
}

// openRegistration returns the contact's (or vendor's) registration ticket
// that is still being worked on, if any: a second one would split the
// documents and the call between two tickets.
func (c *conv) openRegistration() (*loket.Ticket, error) {
	open := []loket.TicketStatus{}
	for _, s := range loket.TicketStatuses {
		if s.Open() {
			open = append(open, s)
		}
	}
	ts, err := c.tx.ListTickets(c.ctx, loket.TicketFilter{ContactID: c.turn.Contact.ID, Statuses: open, Limit: 20})
	if err != nil {
		return nil, fmt.Errorf("flows: open registrations: %w", err)
	}
	for i := range ts {
		if ts[i].Type == loket.TypeRegistration {
			return &ts[i], nil
		}
	}
	return nil, nil
}

// statusWords is a ticket status in the conversation's language.
func (c *conv) statusWords(s loket.TicketStatus) string {
	w, _ := c.texts().render(c.lang(), "status."+string(s), &view{Office: c.profile()})
	return w
}
