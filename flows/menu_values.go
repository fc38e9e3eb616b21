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
		v := c.view()
		v.Value = label + ": " + shown
		lead, err := c.text("in.taken", v)
		if err != nil {
			return true, err
		}
		n := len(c.turn.Replies)
		if err := c.advance(); err != nil {
			return true, err
		}
		if len(c.turn.Replies) > n {
			c.turn.Replies[n].Text = lead + "\n\n" + c.turn.Replies[n].Text
		}
		return true, nil
	}
	v := c.view()
	v.Value = shown
	return true, c.say(key, v, c.menuOpts()...)
}
