package flows

import (
	"strings"

	"loket"
)

// intakePrompt asks the question of the current intake step.
func (c *conv) intakePrompt() error {
	st := c.st
	if st.In == nil {
		st.In = &intake{}
	}
	v := c.view()
	v.Form = c.formLabel(st.In.Form)
	switch st.Step {
	case stepForm:
		return c.say("in.form", v,
			opt{key: "btn.form_company", action: prefixForm + string(loket.FormCompany)},
			opt{key: "btn.form_individual", action: prefixForm + string(loket.FormIndividual)},
			opt{key: "btn.form_foreign", action: prefixForm + string(loket.FormForeign)},
			opt{key: "btn.menu", action: actMenu})
	case stepName:
		return c.say("in.name."+string(st.In.Form), v)
	case stepNPWP:
		return c.say("in.npwp."+string(st.In.Form), v)
	case stepUser:
		return c.say("in.user", v)
	case stepDirector:
		return c.say("in.director."+string(st.In.Form), v)
	case stepPhone:
		if p := c.turn.Contact.Phone; p != "" {
			v.Value = p
			label, err := c.text("btn.my_phone", v)
			if err != nil {
				return err
			}
			return c.say("in.phone", v, opt{label: label, action: actMyPhone})
		}
		return c.say("in.phone", v)
	case stepMode:
		return c.say("in.mode", v,
			opt{key: "btn.online", action: actOnline}, opt{key: "btn.offline", action: actOffline})
	}
	st.Step = stepForm
	return c.intakePrompt()
}

// intakeInput takes the answer of the current intake step.
func (c *conv) intakeInput(in input) error {
	st := c.st
	if st.In == nil || (st.Step != stepForm && !st.In.Form.Valid()) {
		st.Step, st.In = stepForm, &intake{}
		return c.intakePrompt()
	}
	switch st.Step {
	case stepForm:
		f := loket.BusinessForm(strings.TrimPrefix(in.action, prefixForm))
		if in.action == "" {
			f = formFromText(in.text)
		}
		if !f.Valid() {
			return c.miss("miss.form")
		}
		st.In.Form = f
		return c.advance(stepName)
	case stepName, stepDirector:
		if in.kind != loket.InText || !ValidName(in.text) {
			return c.miss("bad.name")
		}
		name := strings.Join(strings.Fields(in.text), " ")
		if st.Step == stepName {
			st.In.Name = name
			return c.advance(stepNPWP)
		}
		st.In.Director = name
		return c.advance(stepPhone)
	case stepNPWP:
		return c.npwpInput(in)
	case stepUser:
		return c.userInput(in)
	case stepPhone:
		return c.phoneInput(in)
	case stepMode:
		switch in.action {
		case actOnline:
			return c.register(true)
		case actOffline:
			return c.register(false)
		}
		return c.miss("miss.choose")
	}
	return c.intakePrompt()
}

func (c *conv) advance(step string) error {
	c.st.Step, c.st.Misses = step, 0
	return c.intakePrompt()
}

// formFromText understands a typed business form ("CV", "perorangan").
func formFromText(s string) loket.BusinessForm {
	for _, w := range tokens(s) {
		switch w {
		case "pt", "cv", "badan", "perusahaan", "company", "firma", "koperasi", "yayasan":
			return loket.FormCompany
		case "perorangan", "individu", "pribadi", "individual", "perseorangan", "personal":
			return loket.FormIndividual
		case "asing", "foreign", "luar", "overseas":
			return loket.FormForeign
		}
	}
	return ""
}

func (c *conv) npwpInput(in input) error {
	if in.kind != loket.InText {
		return c.miss("miss.text")
	}
	d, problem, n := ParseNPWP(in.text)
	if problem == NPWPOK {
		c.st.In.NPWP, c.st.In.TaxID = d, ""
		return c.advance(stepUser)
	}
	if c.st.In.Form == loket.FormForeign && validTaxID(in.text) {
		c.st.In.TaxID = strings.TrimSpace(in.text)
		return c.advance(stepUser)
	}
	v := c.view()
	v.Count, v.Value = n, in.text
	if problem == NPWPBadChar {
		v.Value = string([]rune(strings.TrimSpace(in.text))[n-1])
	}
	return c.missWith("bad.npwp_"+string(problem), v, false)
}

// validTaxID accepts a foreign tax identification: 5 to 30 letters,
// digits, dots, dashes, slashes and spaces, with at least 4 digits.
func validTaxID(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 5 || len(s) > 30 {
		return false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', strings.ContainsRune(" .-/", r):
		default:
			return false
		}
	}
	return digits >= 4
}

func (c *conv) userInput(in input) error {
	if in.kind != loket.InText {
		return c.miss("miss.text")
	}
	s := strings.TrimSpace(in.text)
	if strings.Contains(s, "@") {
		e, ok := ParseEmail(s)
		if !ok {
			return c.miss("bad.email")
		}
		c.st.In.User = e
		return c.advance(stepDirector)
	}
	if !validUserID(s) {
		return c.miss("bad.user")
	}
	c.st.In.User = s
	return c.advance(stepDirector)
}

// validUserID accepts an SPSE user id: 3 to 50 letters, digits, dots,
// dashes and underscores.
func validUserID(s string) bool {
	if len(s) < 3 || len(s) > 50 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r)) {
			return false
		}
	}
	return true
}

func (c *conv) phoneInput(in input) error {
	raw := in.text
	switch {
	case in.action == actMyPhone:
		raw = c.turn.Contact.Phone
	case in.kind == loket.InContact:
		raw = in.phone
	case in.kind != loket.InText:
		return c.miss("miss.text")
	}
	p, ok := ParsePhone(raw)
	if !ok {
		return c.miss("bad.phone")
	}
	c.st.In.Phone = p
	return c.advance(stepMode)
}
