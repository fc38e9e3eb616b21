package flows

import (
	"strings"

	"loket"
)

// A detour is a side trip: a global word, a question, small talk, a
// language switch or a stray file is answered, and then the bot asks the
// pending question again in one short line ("Kita lanjutkan: …") with
// every answer kept. The answer and the question go out as one message
// (conv.finish joins them), with the question's buttons.

// pendingQuestion reports whether a step waits for an answer the bot
// should come back to after a detour.
func pendingQuestion(step string) bool {
	switch {
	case strings.HasPrefix(step, "in."), strings.HasPrefix(step, prefixBook), inSurvey(step):
		return true
	}
	switch step {
	case stepReqType, stepReqDesc, stepGuide, stepLang, stepCancel, stepResume, stepDocWhich:
		return true
	}
	return false
}

// detour runs fn (which answers something) and, when the step it started
// from waits for an answer and fn did not move on, asks that again.
func (c *conv) detour(fn func() error) error {
	step := c.st.Step
	n := len(c.turn.Replies)
	c.asked = false
	if err := fn(); err != nil {
		return err
	}
	if c.st.Step != step || !pendingQuestion(step) || c.asked {
		return nil
	}
	c.stripButtons(n)
	return c.resumeBrief()
}

// resumeBrief is resume for a question the vendor saw moments ago: after
// a detour or a file's check. Where the question is long (the
// registration's summary), it is asked in short; three files sent at the
// summary would otherwise repeat the whole summary six times.
func (c *conv) resumeBrief() error {
	c.brief = true
	defer func() { c.brief = false }()
	return c.resume()
}

// resume asks the pending question again, introduced by "Kita lanjutkan:".
func (c *conv) resume() error {
	n := len(c.turn.Replies)
	if err := c.prompt(); err != nil {
		return err
	}
	if len(c.turn.Replies) > n && pendingQuestion(c.st.Step) {
		lead, err := c.text("resume.line", nil)
		if err != nil {
			return err
		}
		c.turn.Replies[n].Text = lead + " " + c.turn.Replies[n].Text
	}
	return nil
}

// offStep handles text that is not the answer the step waits for: small
// talk, a question, or something the vendor wants in their own words
// (their call, their status, an officer). It reports whether it did.
func (c *conv) offStep(in input) (bool, error) {
	if in.kind != loket.InText || in.text == "" {
		return false, nil
	}
	k := smallTalk(in.text)
	if k == talkAck && isQuestion(in.text) {
		// "udah semua ya?", "sudah lengkap kan?": asks where the
		// documents stand, as on the ticket (ticketInput), not an "ok"
		if m, ok := c.bestAnswer(in.text); ok && ticketIntent(m.ID) {
			c.noteLang(in.text)
			return true, c.answerDetour(m.ID)
		}
	}
	if k != talkNone {
		c.noteLang(in.text)
		return true, c.detour(func() error { return c.talk(k) })
	}
	m, ok := c.bestAnswer(in.text)
	if !ok {
		if !isQuestion(in.text) {
			return false, nil
		}
		c.noteLang(in.text)
		if err := c.noteQuestion(loket.QuestionUnmatched, "", in.text); err != nil {
			return true, err
		}
		return true, c.detour(func() error {
			if pendingQuestion(c.st.Step) || c.st.Step == stepTicket {
				return c.say("faq.none_short", nil) // the step's question follows with its buttons
			}
			// at the menu nothing follows: the officer in one tap, not
			// "type menu, then choose …"
			return c.say("faq.none_short", nil, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
		})
	}
	if !isQuestion(in.text) && !asksToAsk(in.text) && !isIntent(m.ID) && !c.anyStep() {
		return false, nil // "mau tanya soal pendaftaran" announces its question: answered as one
	}
	c.noteLang(in.text)
	return true, c.answerDetour(m.ID)
}

// anyStep reports a step where free text is never an answer (a choice).
func (c *conv) anyStep() bool {
	switch c.st.Step {
	case stepForm, stepMode, stepEdit, stepLang, stepCancel, stepResume, stepDocWhich, stepReqType:
		return true
	}
	return strings.HasPrefix(c.st.Step, prefixBook)
}

// offStepOr is offStep, or the miss text key when the text is neither.
func (c *conv) offStepOr(in input, key string) error {
	if handled, err := c.offStep(in); handled || err != nil {
		return err
	}
	return c.miss(key)
}

// talk answers small talk: a greeting, thanks, an acknowledgement or an
// emoji. At the menu it also says what the vendor can do next.
func (c *conv) talk(k talkKind) error {
	if k == talkAwait {
		return c.await() // flows/noreply.go
	}
	if k == talkAck && !pendingQuestion(c.st.Step) && c.st.Step != stepTicket {
		if done, err := c.ackBeforeCall(); done || err != nil {
			return err
		}
	}
	key := map[talkKind]string{talkGreeting: "talk.greeting", talkHow: "talk.how", talkThanks: "talk.thanks",
		talkAck: "talk.ack", talkEmoji: "talk.ack", talkQuery: "talk.query", talkPause: "talk.pause", talkOops: "talk.oops"}[k]
	if pendingQuestion(c.st.Step) || c.st.Step == stepTicket {
		return c.say(key, nil)
	}
	if k == talkGreeting || k == talkHow || k == talkQuery {
		return c.say(key+"_menu", nil, c.menuOpts()...)
	}
	return c.say(key+"_menu", nil, opt{key: "btn.menu", action: actMenu})
}

// noteLang switches the conversation to the other language only on a
// clear signal: the first message of a conversation clearly in it, one
// long sentence clearly in it, or the second message in a row clearly in
// it. Small talk ("ok thank you", "maaf ya kak") after the first message,
// or a product name, keeps the language the vendor has been writing. It
// counts each inbound message once.
func (c *conv) noteLang(text string) {
	if c.langNoted {
		return
	}
	c.langNoted = true
	if !c.st.Last.IsZero() && (smallTalk(text) != talkNone || navWord(text) == navDone) {
		// courtesy is formulaic ("oke makasih ya", "maaf ya kak" switched an
		// English form, "great, talk to you on monday" an Indonesian chat
		// for good): no vote either way
		return
	}
	s := langOf(text)
	switch {
	case s.lang == "" || s.lang == c.lang():
		c.st.LangVote = ""
	case c.st.Last.IsZero() || s.strong() || s.vote() && c.st.LangVote == s.lang:
		c.turn.Contact.Lang, c.st.LangVote = s.lang, ""
	case s.vote():
		c.st.LangVote = s.lang // one more like it switches
	default:
		c.st.LangVote = ""
	}
}

// media answers a photo, voice note, sticker, location or video: each
// named as what it is, a PDF asked for only where documents are expected.
func (c *conv) media(kind string) error {
	switch kind {
	case "photo", "image":
		return c.detour(func() error { return c.say("media.photo", nil) })
	case "voice", "audio":
		return c.detour(func() error { return c.say("media.voice", nil) })
	case "sticker", "animation":
		return c.detour(func() error { return c.talk(talkEmoji) })
	case "location", "venue":
		return c.detour(func() error { return c.say("media.location", nil) })
	case "video", "video_note":
		return c.detour(func() error { return c.say("media.video", nil) })
	}
	return c.detour(func() error { return c.say("media.other", nil) })
}
