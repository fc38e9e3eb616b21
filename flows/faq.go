package flows

import (
	"strconv"
	"strings"

	"loket"
)

// faqEntry is an answer to a question typed in the vendor's own words:
// texts faq.<id> (answer) and kw.<id> (keywords, comma-separated) in
// every language, and the buttons offered with the answer.
type faqEntry struct {
	id     string
	opts   []opt
	action string // an intent: the action it runs instead of a text (the vendor's own data)
}

// intentPrefix starts the ids of intents: things the vendor wants done
// with their own data, said in their own words (texts kw.intent.<name>).
const intentPrefix = "intent."

func isIntent(id string) bool { return strings.HasPrefix(id, intentPrefix) }

func faqEntries() []faqEntry {
	menu := opt{key: "btn.menu", action: actMenu}
	guide := opt{key: "btn.guide", action: actGuide}
	reg := opt{key: "btn.register", action: actRegister}
	officer := opt{key: "btn.officer", action: actOfficer}
	status := opt{key: "btn.status", action: actStatus}
	req := func(t loket.TicketType) opt { return opt{key: "btn.req_" + string(t), action: prefixReq + string(t)} }
	return []faqEntry{
		{"confirm_email", []opt{guide, officer, menu}, ""},
		{"npwp_registered", []opt{officer, menu}, ""},
		{"hours", []opt{reg, menu}, ""},
		{"location", []opt{reg, menu}, ""},
		{"docs_company", []opt{reg, menu}, ""},
		{"docs_individual", []opt{reg, menu}, ""},
		{"docs_foreign", []opt{reg, menu}, ""},
		{"password_rules", []opt{guide, menu}, ""},
		{"forgot_password", []opt{req(loket.TypeAccountReset), menu}, ""},
		{"online_verification", []opt{reg, menu}, ""},
		{"video_call", []opt{status, menu}, ""},
		{"register_how", []opt{guide, menu}, ""},
		{"second_email", []opt{reg, menu}, ""},
		{"contact", []opt{officer, menu}, ""},
		{"file_format", []opt{reg, menu}, ""},
		{"user_id", []opt{guide, menu}, ""},
		{"sikap", []opt{guide, menu}, ""},
		{"data_change", []opt{req(loket.TypeDataChange), menu}, ""},
		{"app_problem", []opt{req(loket.TypeAppProblem), menu}, ""},
		{intentPrefix + "status", nil, actStatus},
		{intentPrefix + "missing", nil, actStatus},
		{intentPrefix + "my_call", nil, actCall},
		{intentPrefix + "reschedule", nil, actBookChange},
		{intentPrefix + "cancel_call", nil, actBookCancel},
		{intentPrefix + "officer", nil, actOfficer},
		{intentPrefix + "register", nil, actRegister},
	}
}

const guideMatchPrefix = "guide."

// buildMatcher indexes the answers and the guide's own steps in both
// languages.
func (f *Flows) buildMatcher() (*Matcher, error) {
	sample := sampleView(&f.cfg.Office)
	var entries []MatchEntry
	add := func(id, kwKey, textKey string) error {
		e := MatchEntry{ID: id}
		for _, l := range langs {
			kw, err := f.texts.render(l, kwKey, sample)
			if err != nil {
				return err
			}
			for _, k := range strings.Split(kw, ",") {
				if k = strings.TrimSpace(k); k != "" {
					e.Keywords = append(e.Keywords, k)
				}
			}
			t, err := f.texts.render(l, textKey, sample)
			if err != nil {
				return err
			}
			e.Texts = append(e.Texts, t)
		}
		entries = append(entries, e)
		return nil
	}
	for _, e := range faqEntries() {
		text := "faq." + e.id
		if e.action != "" {
			text = "kw." + e.id // an intent has no answer text: its keywords are all it has
		}
		if err := add(e.id, "kw."+e.id, text); err != nil {
			return nil, err
		}
	}
	for n := 1; n <= guideSteps; n++ {
		if err := add(guideMatchPrefix+strconv.Itoa(n), "kw."+guideKey(n), guideKey(n)); err != nil {
			return nil, err
		}
	}
	return NewMatcher(entries), nil
}

// answer replies with a matched answer. A guide step opens the guide at
// that step; with quiet only the text is sent (no buttons, no change).
func (c *conv) answer(id string, withButtons bool) error {
	if n, ok := strings.CutPrefix(id, guideMatchPrefix); ok {
		step, _ := strconv.Atoi(n)
		if !withButtons {
			v := c.view()
			v.Step, v.Steps = step, guideSteps
			return c.say(guideKey(step), v)
		}
		c.st.reset()
		c.st.Step, c.st.Guide = stepGuide, step
		return c.guidePrompt()
	}
	for _, e := range faqEntries() {
		if e.id != id {
			continue
		}
		if e.action != "" {
			_, err := c.global(e.action)
			return err
		}
		if id == "video_call" && withButtons {
			if t, err := c.bookingTicket(); err != nil || t != nil {
				if err != nil {
					return err
				}
				return c.callMenu(c.tx) // their own call, not the general text
			}
		}
		if !withButtons {
			return c.say("faq."+id, nil)
		}
		return c.say("faq."+id, nil, e.opts...)
	}
	return c.miss("faq.none")
}

// answerDetour answers a matched question or intent as a detour: the
// pending question, if any, is asked again afterwards.
func (c *conv) answerDetour(id string) error {
	pending := pendingQuestion(c.st.Step)
	return c.detour(func() error { return c.answer(id, !pending || isIntent(id) || id == "video_call") })
}
