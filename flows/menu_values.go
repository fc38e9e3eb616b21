package flows

import (
	"strings"

	"loket"
)

// An NPWP or a WhatsApp number typed alone at the menu: taken into the
// half-filled registration when that is the question it asks next, else
// told where it belongs, with the menu (not "no answer").
func (c *conv) typedValue(text string) (bool, error) {
	text = strings.TrimSpace(text)
	step, key, value, shown := "", "", "", ""
	if d, problem, _ := ParseNPWP(text); problem == NPWPOK {
		step, key, value, shown = stepNPWP, "nav.npwp", d, FormatNPWP(d)
	} else if p, problem := ParseMobile(text); problem == PhoneOK {
		step, key, value, shown = stepPhone, "nav.phone", p, p
	} else {
		return false, nil
	}
	c.st.Misses = 0
	if in := c.st.In; in.answers() > 0 && in.Form.Valid() && in.Form != loket.FormForeign && intakeStep(in) == step {
		if step == stepNPWP {
			in.NPWP = value
		} else {
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
