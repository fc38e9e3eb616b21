package flows

import (
	"fmt"
	"strconv"

	"loket"
)

// guideSteps is the number of steps of the SPSE registration walk-through.
const guideSteps = 8

func guideKey(n int) string      { return "guide." + strconv.Itoa(n) }
func guideTitleKey(n int) string { return "guide.title." + strconv.Itoa(n) }

// guidePrompt shows the current guide step with next / back / stuck.
func (c *conv) guidePrompt() error {
	n := c.st.Guide
	if n < 1 || n > guideSteps {
		n, c.st.Guide = 1, 1
	}
	c.st.GuideSeen = n
	v := c.view()
	v.Step, v.Steps = n, guideSteps
	body, err := c.text(guideKey(n), v)
	if err != nil {
		return err
	}
	v.Detail = body
	var opts []opt
	if n < guideSteps {
		opts = append(opts, opt{key: "btn.next", action: actNext})
	} else {
		opts = append(opts, opt{key: "btn.register", action: actRegister})
	}
	if n > 1 {
		opts = append(opts, opt{key: "btn.back", action: actBack})
	}
	opts = append(opts, opt{key: "btn.stuck", action: actStuck}, opt{key: "btn.menu", action: actMenu})
	return c.say("guide.frame", v, opts...)
}

func (c *conv) guideInput(in input) error {
	switch in.action {
	case actNext:
		if c.st.Guide < guideSteps {
			c.st.Guide++
		}
		c.st.Misses = 0
		return c.guidePrompt()
	case actBack:
		if c.st.Guide > 1 {
			c.st.Guide--
		}
		c.st.Misses = 0
		return c.guidePrompt()
	case actStuck:
		return c.guideStuck()
	}
	if in.kind == loket.InText && in.text != "" {
		if handled, err := c.menuText(in); handled || err != nil {
			return err // "selesai", "lanjut" after the last step, or a company's name or NPWP typed here
		}
		talk := smallTalk(in.text)
		if stepDone(in.text) {
			talk = talkAck // "I'm done with this step", "sudah selesai langkah ini" got the status
		}
		switch talk {
		case talkAck: // "ok", "ya", "sip" after a step: done with it
			c.st.Misses = 0
			if c.st.Guide < guideSteps {
				c.st.Guide++
				return c.guidePrompt()
			}
			c.st.reset()
			return c.say("guide.done", nil, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
		case talkThanks, talkGreeting, talkHow, talkEmoji:
			c.st.Misses = 0
			_, err := c.offStep(in) // answered, and the step again
			return err
		}
		if m, ok := c.bestAnswer(in.text); ok {
			c.st.Misses = 0
			if m.ID == guideMatchPrefix+strconv.Itoa(c.st.Guide) {
				return c.guideAgain("guide.again") // "sudah cek spam juga ga ada" on the step that says to check spam
			}
			return c.answer(m.ID, true)
		}
		if isQuestion(in.text) { // a question with no answer: said so honestly, then the step again
			c.st.Misses = 0
			_, err := c.offStep(in)
			return err
		}
	}
	switch {
	case c.st.Guide >= guideSteps:
		return c.miss("miss.guide_last") // the last step has no "next"
	case c.st.Guide <= 1:
		return c.miss("miss.guide_first") // nor the first a "back"
	}
	return c.miss("miss.guide")
}

// stepDoneWords say a step is done; stepDoneFill may stand with them.
var (
	stepDoneWords = wordSet("done", "finished", "completed", "selesai", "beres", "kelar", "sudah", "udah", "sdh", "udh")
	stepDoneFill  = wordSet("i", "im", "am", "ive", "have", "with", "this", "that", "the", "step", "one", "it", "now",
		"already", "all", "ok", "oke", "okay", "ya", "yes", "next", "lanjut", "ini", "itu", "langkah", "yang", "saya",
		"sy", "aku", "kak", "min", "pak", "bu", "juga", "semua", "dong", "nih", "deh", "ah")
)

// stepDone reports a message that only says the step is done ("I'm done
// with this step", "finished this step", "sudah selesai langkah ini").
func stepDone(text string) bool { return saysOnly(text, stepDoneWords, stepDoneFill) }

// guideAgain answers words that point at the step the vendor is on
// (key guide.again), or say its advice was tried and did not help
// (guide.tried, flows/tried.go): the step was shown already and, said
// again, it did not help. Repeating it would loop; the officer's help
// (the step goes with it) or the next step is offered instead.
func (c *conv) guideAgain(key string) error {
	v := c.view()
	v.Step, v.Steps = c.st.Guide, guideSteps
	title, err := c.text(guideTitleKey(c.st.Guide), v)
	if err != nil {
		return err
	}
	v.Value = title
	next := opt{key: "btn.next", action: actNext}
	if c.st.Guide >= guideSteps {
		next = opt{key: "btn.register", action: actRegister}
	}
	return c.say(key, v, opt{key: "btn.stuck", action: actStuck}, next, opt{key: "btn.menu", action: actMenu})
}

// guideStuck opens a guide_help ticket pre-filled with the step.
func (c *conv) guideStuck() error {
	n := c.st.Guide
	v := &view{Office: c.profile(), Step: n, Steps: guideSteps}
	title, err := c.f.texts.render(loket.LangID, guideTitleKey(n), v)
	if err != nil {
		return err
	}
	v.Value = title
	desc, err := c.f.texts.render(loket.LangID, "desc.guide_help", v)
	if err != nil {
		return err
	}
	t, err := c.openTicket(loket.TypeGuideHelp, loket.StatusNew, desc)
	if err != nil {
		return fmt.Errorf("flows: guide stuck: %w", err)
	}
	c.enterTicket(t, true)
	out := c.view()
	out.Ref, out.Step, out.Steps = t.Ref(), n, guideSteps
	return c.say("guide.stuck", out, opt{key: "btn.menu", action: actMenu})
}
