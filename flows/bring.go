package flows

import (
	"errors"
	"fmt"
	"strings"

	"loket"
)

// docsOfflineID is the answer to "what do I bring when I come in
// person?": the originals (and photocopies) of the vendor's own business
// form when the bot knows it, else of every form. It used to get the
// counter's address and "originals plus photocopies" without naming a
// single document.
const docsOfflineID = "docs_offline"

// knownForm is the business form the vendor has told the bot: the
// registration being filled in, a form their question was about
// (state.FormHint), or the vendor their registration is filed under; ""
// when none.
func (c *conv) knownForm() (loket.BusinessForm, error) {
	if in := c.st.In; in != nil && in.Form.Valid() {
		return in.Form, nil
	}
	if c.st.FormHint.Valid() {
		return c.st.FormHint, nil
	}
	if id := c.turn.Contact.VendorID; id != 0 {
		v, err := c.tx.VendorByID(c.ctx, id)
		switch {
		case err == nil && v.Form.Valid():
			return v.Form, nil
		case err != nil && !errors.Is(err, loket.ErrNotFound):
			return "", fmt.Errorf("flows: vendor form: %w", err)
		}
	}
	return "", nil
}

// formAskedAbout is the business form a question is about: the one it
// names ("PT bawa apa aja?" asks about a PT, whatever was said before),
// else the one known (knownForm).
func (c *conv) formAskedAbout() (loket.BusinessForm, error) {
	if f := formNamed(c.turn.Inbound.Text); f != "" {
		return f, nil
	}
	return c.knownForm()
}

// docsOffline answers what to bring to the counter: the vendor's own
// form's originals when known (and the question named no other form),
// else every form's list.
func (c *conv) docsOffline(withButtons bool, opts []opt) error {
	form, err := c.formAskedAbout()
	if err != nil {
		return err
	}
	v := c.view()
	v.Quiet = !withButtons
	key := "faq." + docsOfflineID
	if form.Valid() {
		detail, err := c.text("docs.offline."+string(form), v)
		if err != nil {
			return err
		}
		key, v.Form, v.Detail = "faq.docs_offline_form", c.formLabel(form), detail
	}
	if !withButtons {
		opts = nil
	}
	return c.say(key, v, opts...)
}

// formAnswers are the answers about one business form's documents.
var formAnswers = map[string]loket.BusinessForm{
	"docs_company": loket.FormCompany, "docs_individual": loket.FormIndividual, "docs_foreign": loket.FormForeign,
}

// noteFormAsked remembers the business form a question about documents
// was about (an answer for one form, or a form named in the question),
// so that a registration started next does not ask it again: "we are a
// foreign company, what do we need?" then "register us" was asked the
// business form once more.
func (c *conv) noteFormAsked(id string) {
	f, ok := formAnswers[id]
	switch {
	case ok:
	case id == docsOfflineID:
		f = formNamed(c.turn.Inbound.Text)
	default:
		f = ownFormSaid(c.turn.Inbound.Text)
	}
	if f.Valid() {
		c.st.FormHint = f
	}
}

// ownFormWords say that what follows is about the vendor's own business.
// Unlike ownWords (flows/understand.go) they leave out "punya": "harus
// punya cv?" asks whether one is needed, it says no CV is theirs.
var ownFormWords = wordSet("saya", "sy", "aku", "kami", "we", "i", "im", "our", "my")

// ownFormSaid is the business form a vendor says is theirs in passing
// ("saya usaha perorangan jualan atk, mau ikut tender bisa?", "kami CV",
// "I'm a sole proprietor"): a word that names one form for sure, at most
// three words after a word of their own, and no other form named. "Direktur
// warga negara asing" is about a person, "perorangan dan CV" about two
// forms: neither is theirs.
func ownFormSaid(text string) loket.BusinessForm {
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	var form loket.BusinessForm
	own := -1 // the index of the last word of their own
	said := false
	for i, w := range ws {
		if ownFormWords[w] {
			own = i
			continue
		}
		f, ok := formWords[w]
		if !ok {
			continue
		}
		if form != "" && f.form != form {
			return "" // two forms
		}
		if f.sure && own >= 0 && i-own <= 3 {
			said = true
		}
		form = f.form
	}
	if !said {
		return ""
	}
	return form
}
