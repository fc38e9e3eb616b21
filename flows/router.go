package flows

import (
	"strings"

	"loket"
)

// Actions carried by buttons (after the nonce) and by global words.
const (
	actMenu         = "menu"
	actCancel       = "x.cancel"
	actCancelYes    = "x.cancel.yes"
	actCancelNo     = "x.cancel.no"
	actHelp         = "m.help"
	actLangMenu     = "m.lang"
	actStatus       = "m.status"
	actGuide        = "m.guide"
	actRegister     = "m.reg"
	actRegisterNew  = "m.reg.new"
	actResumeIntake = "m.reg.go"
	actCall         = "m.call"
	actOfficer      = "m.officer"
	actHours        = "m.hours"
	actLangID       = "lang.id"
	actLangEN       = "lang.en"
	actNext         = "g.next"
	actBack         = "g.back"
	actStuck        = "g.stuck"
	actMyPhone      = "in.myphone"
	actEdit         = "in.edit"
	prefixEdit      = "in.edit."
	actOnline       = "mode.online"
	actOffline      = "mode.offline"
	actResume       = "resume.go"
	actRestart      = "resume.new"
	prefixForm      = "form."
	prefixReq       = "req."
	prefixTk        = "tk."
)

// run handles one inbound message: buttons, typed numbers and typed
// labels are resolved against what was offered; words that work
// anywhere run as detours that come back to the pending question; the
// rest goes to the current step.
func (c *conv) run() error {
	in := c.parse()
	st := c.st
	if !st.Last.IsZero() && c.turn.Now.Sub(st.Last) >= c.f.cfg.IdleAfter {
		st.FormHint = "" // a form asked about long ago is no answer to a registration started now (bring.go)
	}
	if in.kind == loket.InText && in.action == "" && LooksLikePassword(in.text) {
		if st.Step == "" {
			st.Step = stepMenu
		}
		return c.passwordWarning()
	}
	first := st.Step == ""
	if first {
		st.Step = stepMenu
	}
	if in.kind == loket.InText && !dataStep(st.Step) {
		c.noteLang(in.text) // answer in the language the message is clearly written in
	}
	if in.kind == loket.InText && in.action == "" {
		in.action = c.typedChoice(in.text)
		if in.action == "" {
			in.action = globalWord(in.text)
		}
		if in.action == "" && (st.Step == stepMenu || st.Step == stepTicket || strings.HasPrefix(st.Step, prefixBook)) {
			in.action = bookWord(in.text) // flows/booking.go
		}
		if in.action == "" && (st.Step == stepMenu || st.Step == stepTicket) {
			in.action = c.oldMenuButton(in.text)
		}
		if in.action == "" && (st.Step == stepMenu || st.Step == stepTicket) && callDayWish(in.text) {
			in.action = actBookChange // "bisa besok aja?": the call to that day (flows/call_day_wish.go)
		}
		if in.action == "" && !dataStep(st.Step) {
			in.action = commandSlip(in.text) // "mnu", "bntuan": a command one slip away
		}
	}
	if in.stale {
		if handled, err := c.staleBooking(in.staleAction); handled || err != nil {
			return err
		}
		if err := c.say("stale", nil); err != nil {
			return err
		}
		return c.prompt()
	}
	if handled, err := c.surveyTurn(c.tx, in); handled || err != nil {
		return err // flows/survey_turn.go
	}
	if c.idle() && (in.kind == loket.InText || in.kind == loket.InButton) &&
		!(in.action != "" && (safeAction(in.action) || in.action == actCancel)) { // a file is never swallowed
		if st.Step == stepTicket {
			st.Acked = false // the message still goes to the ticket; confirm it again
		} else {
			st.Resume, st.Step = st.Step, stepResume
			if in.kind == loket.InText && in.action == "" && smallTalk(in.text) == talkNone {
				// "kalau datang jam 13.30 masih bisa?" after days away: the
				// answer, then where they were (the question went unanswered
				// behind "continue or start over?")
				if m, ok := c.bestAnswer(in.text); ok && (!isIntent(m.ID) || sayings[m.ID] != nil) {
					c.noteLang(in.text)
					if err := c.answerAside(in.text); err != nil {
						return err
					}
				}
			}
			return c.prompt()
		}
	}
	if first && in.kind == loket.InText && (in.action == "" || in.action == actMenu) {
		return c.welcome(in) // "/start", "menu" or anything typed first: the greeting and the menu
	}
	if in.action == actReqCancelYes || in.action == actReqCancelKeep {
		return c.cancelRequestAnswer(in.action) // flows/cancel_request.go
	}
	st.Drop = 0 // the cancel question was not answered: a yes typed later is no answer to it
	if in.kind == loket.InText && (in.action == "" || in.action == actCancel) {
		if handled, err := c.cancelRequestWords(in.text); handled || err != nil {
			return err // "batalkan permohonan", "tolong tiket saya dibatalkan" (flows/cancel_request.go)
		}
	}
	if in.action != "" {
		if handled, err := c.global(in.action); handled || err != nil {
			return err
		}
	}
	if strings.HasPrefix(in.action, prefixDocReq) {
		return c.docChoice(c.tx, in.action) // flows/docs_state.go
	}
	if strings.HasPrefix(in.action, prefixRelabel) {
		return c.relabelChoice(c.tx, in.action) // flows/docs_relabel.go
	}
	if strings.HasPrefix(in.action, prefixSwap) {
		return c.swapChoice(c.tx, in.action) // flows/docs_swap.go
	}
	if in.kind == loket.InText && in.action == "" {
		if handled, err := c.swapWords(c.tx, in.text); handled || err != nil {
			return err // "ktp sama npwp ketuker" (flows/docs_swap.go)
		}
		if handled, err := c.relabelWords(c.tx, in.text); handled || err != nil {
			return err // "itu bukan ktp, itu npwp" (flows/docs_relabel.go)
		}
		if handled, err := c.labelHeld(in.text); handled || err != nil {
			return err // "itu ktp direktur saya" of a file sent before any request (flows/docs_relabel.go)
		}
		if handled, err := c.inPersonWords(in.text); handled || err != nil {
			return err // "gak jadi vc, mau datang langsung aja" (flows/in_person.go)
		}
		if handled, err := c.triedWords(in.text); handled || err != nil {
			return err // "sudah cek spam juga", "terus gimana dong?" (flows/tried.go)
		}
		if handled, err := c.misreadWords(in.text); handled || err != nil {
			return err // "jawabannya tidak nyambung", "that's not what I asked" (flows/misread.go)
		}
		if handled, err := c.laterWordsAnswer(in.text); handled || err != nil {
			return err // "ok I will send the business licence later" (flows/tried.go)
		}
		if handled, err := c.wrongFileAnswer(in.text); handled || err != nil {
			return err // "maaf tadi file npwp nya salah, saya kirim ulang" (flows/docs_wrong.go)
		}
		if handled, err := c.rejectedWords(in.text); handled || err != nil {
			return err // "ok saya kirim ulang", "npwp nya sudah benar kok" after a rejection (flows/docs_rejected.go)
		}
	}
	switch in.kind {
	case loket.InMedia:
		return c.media(in.mediaType)
	case loket.InDocument:
		return c.document(c.tx, in) // flows/docs_intake.go
	case loket.InContact:
		if st.Step != stepPhone {
			return c.detour(func() error { return c.say("miss.contact", nil) })
		}
	}
	return c.handleStep(in)
}

// dataStep reports a step whose typed answer is data (a name, a number,
// a description): its words say nothing about the vendor's language.
func dataStep(step string) bool {
	switch step {
	case stepName, stepNPWP, stepUser, stepDirector, stepPhone, stepReqDesc, stepSurveyComment:
		return true
	}
	return false
}

// idle reports whether the vendor comes back to an unfinished journey
// after a long pause.
func (c *conv) idle() bool {
	st := c.st
	return resumable(st.Step) && !st.Last.IsZero() && c.turn.Now.Sub(st.Last) >= c.f.cfg.IdleAfter
}

// handleStep gives the input to the current step.
func (c *conv) handleStep(in input) error {
	switch s := c.st.Step; {
	case s == stepMenu:
		return c.menuInput(in)
	case s == stepLang:
		return c.offStepOr(in, "miss.choose")
	case s == stepCancel:
		return c.offStepOr(in, "miss.choose")
	case s == stepGuide:
		return c.guideInput(in)
	case strings.HasPrefix(s, "in."):
		return c.intakeInput(in)
	case s == stepReqType:
		return c.reqTypeInput(in)
	case s == stepReqDesc:
		return c.reqDescInput(in)
	case s == stepTicket:
		return c.ticketInput(in)
	case s == stepResume:
		return c.resumeInput(in)
	case s == stepDocWhich:
		return c.docWhichInput(c.tx, in) // flows/docs_state.go
	case inSurvey(s):
		return c.surveyPrompt(c.tx)
	case strings.HasPrefix(s, prefixBook):
		return c.bookInput(c.tx, in) // flows/booking_input.go
	}
	c.st.reset()
	return c.prompt()
}

// prompt asks the current step's question again. It changes nothing
// but the step itself when the step is unknown.
func (c *conv) prompt() error {
	c.asked = true
	switch s := c.st.Step; {
	case s == stepLang:
		return c.langPrompt()
	case s == stepCancel:
		return c.cancelPrompt()
	case s == stepGuide:
		return c.guidePrompt()
	case strings.HasPrefix(s, "in."):
		return c.intakePrompt()
	case s == stepReqType:
		return c.reqTypePrompt()
	case s == stepReqDesc:
		return c.reqDescPrompt()
	case s == stepTicket:
		return c.ticketPrompt()
	case s == stepResume:
		return c.resumePrompt()
	case s == stepDocWhich:
		return c.docWhichPrompt() // flows/docs_state.go
	case inSurvey(s):
		return c.surveyPrompt(c.tx)
	case strings.HasPrefix(s, prefixBook):
		return c.bookPrompt(c.tx) // flows/booking.go: days and times are recomputed
	}
	c.st.Step = stepMenu
	return c.menuPrompt()
}

// miss answers input the step cannot use: one sentence and the question
// again; after two misses in a row the question also offers an officer
// and the menu (the answers so far are kept either way).
func (c *conv) miss(key string) error { return c.missWith(key, nil, true) }

// missWith is miss with data for the text, and without asking the
// step's question again when the text already says what to send.
func (c *conv) missWith(key string, v *view, reprompt bool) error {
	c.st.Misses++
	if in := c.turn.Inbound; in != nil && in.Kind == loket.InText && in.Button == "" {
		// Text the step could not take is talk, not a value: a clear
		// sentence in the other language ("saya tidak tahu harus isi apa")
		// is answered in it, even at a data step (the router weighs the
		// language only outside them, where a name or NPWP is no signal).
		c.noteLang(in.Text)
	}
	if err := c.say(key, v); err != nil {
		return err
	}
	if c.st.Misses >= 2 {
		c.st.Misses = 0
		if c.st.Step == stepMenu {
			return c.say("miss.offer", nil, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
		}
		if err := c.say("miss.offer", nil); err != nil {
			return err
		}
		c.extra = []opt{{key: "btn.officer", action: actOfficer}, {key: "btn.menu", action: actMenu}}
		return c.resume()
	}
	if !reprompt {
		return nil
	}
	return c.prompt()
}

// passwordWarning answers a message that looks like a password. The text
// is not stored anywhere by the flows.
func (c *conv) passwordWarning() error {
	key := "pwd.warning"
	if c.st.Step == stepUser {
		key = "pwd.warning_user"
	}
	if err := c.say(key, nil); err != nil {
		return err
	}
	return c.prompt()
}
