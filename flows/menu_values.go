package flows

import (
	"strings"

	"loket"
)

// An e-mail address, an NPWP or a WhatsApp number typed alone at the
// menu: taken into the half-filled registration when that is the
// question it asks next, else told where it belongs (what the bot does
// with it), with the menu (not "no answer" or the office's contacts).
func (c *conv) typedValue(text string) (bool, error) {
	text = withoutValueLabel(strings.TrimSpace(text)) // "npwp: 01.234…", "wa sy 0813…"
	step, key, value, shown := "", "", "", ""
	if name, rest, ok := companyNameSpan(text); ok && strings.Trim(rest, " .,:;-") == "" && !isQuestion(text) {
		step, key, value, shown = stepName, "nav.company", name, name // "PT Sinar Terang Abadi"
	} else if addr, ok := ParseEmail(text); ok {
		step, key, value, shown = stepUser, "nav.email", addr, addr
	} else if d, problem, _ := ParseNPWP(text); problem == NPWPOK {
		step, key, value, shown = stepNPWP, "nav.npwp", d, FormatNPWP(d)
	} else if p, problem := ParseMobile(text); problem == PhoneOK {
		step, key, value, shown = stepPhone, "nav.phone", p, p
	} else {
		return false, nil
	}
	c.st.Misses = 0
	if c.st.Step == stepGuide {
		c.st.reset() // typed in the guide: told where it belongs, with the menu
	}
	in := c.st.In
	// The NPWP and the number only on an Indonesian business form (a
	// foreign company gives a tax id of its own).
	if in.answers() > 0 && intakeStep(in) == step && (step == stepUser || step == stepName || in.Form.Valid() && in.Form != loket.FormForeign) {
		switch step {
		case stepUser:
			in.User = value
			v := c.view()
			v.Value = shown
			if err := c.say("nav.email_taken", v); err != nil {
				return true, err
			}
			return true, c.advance()
		case stepNPWP:
			in.NPWP = value
		case stepName:
			in.Name = value
		default:
			in.Phone = value
		}
		label, err := c.text(fieldLabel(step), nil)
		if err != nil {
			return true, err
		}
		return true, c.advanceTaken(label + ": " + shown)
	}
	v := c.view()
	v.Value = shown
	return true, c.say(key, v, c.menuOpts()...)
}

// valueLabels may stand before a value typed at the menu ("npwp:
// 01.234…", "no wa sy 0813…", "email saya budi@…").
var valueLabels = wordSet("npwp", "npwpnya", "nya", "no", "nomor", "nomer", "nmr", "wa", "whatsapp", "hp", "sy",
	"saya", "aku", "email", "e-mail", "emailnya", "surel", "adalah", "ini", "yaitu", "my", "is", "number", "tax", "id",
	"perusahaan", "kami", "ku", "kantor", "pribadi", "personal")

// withoutValueLabel is text without the label words before its value;
// the text itself when nothing but labels would be left.
func withoutValueLabel(text string) string {
	ws := strings.Fields(text)
	i := 0
	for i < len(ws)-1 && valueLabels[strings.Trim(strings.ToLower(ws[i]), ":.,-=")] {
		i++
	}
	return strings.TrimLeft(strings.Join(ws[i:], " "), ":=- ")
}
