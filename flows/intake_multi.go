package flows

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"loket"
)

// Registration answers given together or corrected in passing: "nama CV
// Maju Jaya, npwp 01.234.567.8-901.000" answers two questions at once,
// and "eh salah, npwpnya 02.345.678.9-012.000" (or "sorry wrong email,
// it's budi@majujaya.co.id") changes an answer given before, wherever
// the registration stands. A single answer to the question asked is left
// to the step's own parser.

// answerPart is one answer found in a message: the step it answers and
// its value as stored.
type answerPart struct{ step, value string }

// labelWords start the part of a message that gives one answer.
var labelWords = wordSet("nama", "namanya", "name", "company", "perusahaan", "business", "npwp", "npwpnya", "email", "emailnya", "email-nya", "user", "userid",
	"username", "wa", "whatsapp", "hp", "telp", "telepon", "phone", "mobile", "direktur", "direkturnya",
	"direksi", "pimpinan", "pimpinannya", "pemilik", "pemiliknya", "director", "owner", "no", "nomor", "nomer")

// directorLabels name the director; nameLabels the business.
var (
	directorLabels = wordSet("direktur", "direkturnya", "direksi", "pimpinan", "pimpinannya", "pemilik",
		"pemiliknya", "director", "owner")
	nameLabels = wordSet("nama", "namanya", "name", "company", "perusahaan", "business")
	// nameLead are the words between a name's label and the name: "nama
	// perusahaannya: CV Maju", "company name is PT Sinar".
	nameLead = wordSet("nama", "namanya", "name", "perusahaan", "perusahaannya", "usaha", "usahanya", "badan", "company",
		"business", "adalah", "yaitu", "is", "our", "the", "nya", "saya", "my", "actually", "sebenarnya", "sebetulnya", "direktur", "direkturnya",
		"direksi", "pimpinan", "pimpinannya", "pemilik", "pemiliknya", "director", "owner", "cv/pt")
	// correctionWords mark a message that corrects an answer given before.
	correctionWords = wordSet("salah", "ralat", "koreksi", "keliru", "harusnya", "seharusnya", "sorry", "sori",
		"sory", "maaf", "wrong", "oops", "typo", "mistake", "correction", "tadi", "actually", "sebenarnya", "sebetulnya")
)

// clauses are the parts of a message between commas, semicolons and new
// lines.
func clauses(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

// answerSegments splits a message at commas, semicolons and new lines,
// and before a label word that follows a word that is none.
func answerSegments(text string) [][]string {
	var segs [][]string
	for _, piece := range clauses(text) {
		var cur []string
		prevLabel := false
		for _, w := range strings.Fields(piece) {
			isLabel := labelWords[strings.Trim(strings.ToLower(w), ":.")]
			if isLabel && !prevLabel && len(cur) > 0 {
				segs = append(segs, cur)
				cur = nil
			}
			cur, prevLabel = append(cur, w), isLabel
		}
		if len(cur) > 0 {
			segs = append(segs, cur)
		}
	}
	return segs
}

// answerParts are the answers a message gives, at most one per step: an
// NPWP, an e-mail address or a mobile number anywhere, and names where a
// label says whose they are. The first segment without a label answers
// the name asked (at the name or director question).
func answerParts(text, step string) []answerPart {
	var parts []answerPart
	seen := map[string]bool{}
	add := func(s, v string) {
		if !seen[s] {
			seen[s] = true
			parts = append(parts, answerPart{s, v})
		}
	}
	for i, seg := range answerSegments(text) {
		s := strings.Join(seg, " ")
		if d, ok := NPWPInSentence(s); ok {
			add(stepNPWP, d)
			continue
		}
		if e, ok := emailIn(seg); ok {
			add(stepUser, e)
			continue
		}
		if id, ok := userAfterLabel(s); ok && slices.ContainsFunc(seg, func(w string) bool { return userWord[strings.Trim(strings.ToLower(w), ":.-")] }) {
			add(stepUser, id) // "user karyamandiri", "userid: budi01"; not "saya budi"
			continue
		}
		if num, ok := PhoneInSentence(s); ok {
			if p, problem := ParseMobile(num); problem == PhoneOK {
				add(stepPhone, p)
			}
			continue
		}
		first := strings.Trim(strings.ToLower(seg[0]), ":.")
		name := nameAfterLabel(seg)
		if !ValidName(name) || aboutSelf(name) || talkOnly(name) || strings.ContainsAny(name, "0123456789") && !nameLabels[first] ||
			smallTalk(name) != talkNone || correcting(name) || isQuestion(name) {
			continue
		}
		switch {
		case directorLabels[first] || nameLabels[first] && leadNamesDirector(seg):
			add(stepDirector, withoutHonorific(name))
		case nameLabels[first] && (!nounLabels[first] || startsCapital(name)):
			add(stepName, name)
		case i == 0 && !labelWords[first] && (step == stepName || step == stepDirector):
			add(step, name)
		}
	}
	return parts
}

// userWord names a User ID among its label's words.
var userWord = wordSet("user", "userid", "username", "usernya", "useridnya")

// leadNamesDirector reports a segment whose words before the name say it
// is the director's: "nama direkturnya Hendra Wijaya".
func leadNamesDirector(seg []string) bool {
	for _, w := range seg {
		w = strings.Trim(strings.ToLower(w), ":.-")
		if !nameLead[w] {
			return false
		}
		if directorLabels[w] {
			return true
		}
	}
	return false
}

// directorNamed reports a message that names the director as a person is
// named, with a capital or an honorific ("the director is Pak Hendra
// Wijaya", "direkturnya bu sari"), not "the director is abroad".
func directorNamed(text string) bool {
	for _, seg := range answerSegments(text) {
		first := strings.Trim(strings.ToLower(seg[0]), ":.")
		if !directorLabels[first] && !(nameLabels[first] && leadNamesDirector(seg)) {
			continue
		}
		name := nameAfterLabel(seg)
		ws := strings.Fields(name)
		if len(ws) > 0 && (startsCapital(name) || len(ws) > 1 && honorifics[strings.Trim(strings.ToLower(ws[0]), ".")]) {
			return true
		}
	}
	return false
}

// nounLabels label a name only before a proper name: "company: Acme
// Trading" is one, "company without an office in Indonesia" is talk.
var nounLabels = wordSet("company", "perusahaan", "business")

// startsCapital reports a name typed with a capital first letter.
func startsCapital(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// emailIn is the one e-mail address among words, if any.
func emailIn(ws []string) (string, bool) {
	for _, w := range ws {
		if e, ok := ParseEmail(strings.Trim(w, ".,;:()\"'")); ok {
			return e, true
		}
	}
	return "", false
}

// nameAfterLabel is a segment without its label and the words that lead
// to the name ("nama perusahaannya:" → "").
func nameAfterLabel(seg []string) string {
	i := 0
	for i < len(seg) && nameLead[strings.Trim(strings.ToLower(seg[i]), ":.-")] {
		i++
	}
	return strings.Trim(strings.Join(seg[i:], " "), " :-.")
}

// correcting reports a message that says an earlier answer was wrong.
func correcting(text string) bool {
	for _, w := range tokens(text) {
		if correctionWords[w] {
			return true
		}
	}
	return false
}

// multiAnswer takes the answers of a message that gives several at once,
// or corrects one given before, and goes on to the first question still
// open (or the summary) with one line saying what it took. It reports
// false, changing nothing, for anything else.
func (c *conv) multiAnswer(in input) (bool, error) {
	st := c.st
	if in.kind != loket.InText || in.action != "" || st.In == nil || !st.In.Form.Valid() {
		return false, nil
	}
	parts := answerParts(in.text, st.Step)
	switch {
	case len(parts) >= 2:
	case len(parts) == 1 && parts[0].step != st.Step && correcting(in.text) && c.answered(parts[0].step):
	case len(parts) == 1 && parts[0].step != st.Step && shapedStep(parts[0].step) && !c.answered(parts[0].step):
		// a number or an address for a later question ("ini no wa sy 0812…" asked for the director)
	case len(parts) == 1 && parts[0].step == stepDirector && st.Step != stepDirector && !c.answered(stepDirector) && directorNamed(in.text):
		// the director named before the question ("the director is Pak
		// Hendra Wijaya" asked for the NPWP got "an NPWP is needed")
	default:
		return false, nil
	}
	taken, err := c.takeParts(parts)
	if err != nil {
		return true, err
	}
	c.noteLang(in.text)
	if len(taken) == 0 {
		return true, c.advance() // only a mistyped address: asked again
	}
	if q := questionPart(in.text); q != "" {
		return true, c.takenAndAnswered(strings.Join(taken, "; "), q)
	}
	return true, c.advanceTaken(strings.Join(taken, "; "))
}

// takeParts stores answers in the registration being filled in and
// returns them as the summary names them ("NPWP: 01.234.567.8-901.000").
func (c *conv) takeParts(parts []answerPart) ([]string, error) {
	in := c.st.In
	var taken []string
	for _, p := range parts {
		shown := p.value
		switch p.step {
		case stepName:
			in.Name = p.value
		case stepNPWP:
			in.NPWP, in.TaxID = p.value, ""
			shown = FormatNPWP(p.value)
		case stepUser:
			if meant, ok := mailTypo(p.value); ok {
				c.mailMeant = meant // "budi@gmial.com" among other answers: asked again (intakePrompt)
				in.Typo = &mailTypoAsk{Typed: p.value, Meant: meant}
				continue
			}
			in.User = p.value
		case stepDirector:
			in.Director = p.value
		case stepPhone:
			in.Phone = p.value
		}
		label, err := c.text(fieldLabel(p.step), nil)
		if err != nil {
			return nil, err
		}
		taken = append(taken, label+": "+shown)
	}
	return taken, nil
}

// shapedStep reports the questions whose answers have a shape no talk
// has (an NPWP, an e-mail address, a mobile number).
func shapedStep(step string) bool {
	return step == stepNPWP || step == stepUser || step == stepPhone
}

// questionPart is the part of a message that asks something besides the
// answers it gives ("…, btw video callnya bisa sabtu gak?"), or "".
func questionPart(text string) string {
	for _, part := range clauses(text) {
		part = strings.TrimSpace(part)
		if isQuestion(part) && !strings.ContainsAny(part, "0123456789@") {
			return part
		}
	}
	return ""
}

// withoutPart is text without one of its comma-separated parts.
func withoutPart(text, part string) string {
	var rest []string
	for _, p := range clauses(text) {
		if p = strings.TrimSpace(p); p != part {
			rest = append(rest, p)
		}
	}
	return strings.Join(rest, ", ")
}

// takenAndAnswered says what was noted, answers the question asked with
// it, and comes back to the form's next question: one message.
func (c *conv) takenAndAnswered(value, question string) error {
	v := c.view()
	v.Value = value
	if err := c.say("in.taken", v); err != nil {
		return err
	}
	if err := c.answerAside(question); err != nil {
		return err
	}
	c.st.In.Edit = false
	c.st.Step, c.st.Misses = intakeStep(c.st.In), 0
	return c.resume()
}

// answerAside answers a question asked beside an answer, without
// buttons; one the bot cannot answer is noted for /admin/unanswered.
// Wishes about the vendor's own file or call (intents that act) are left
// for when they ask them alone; those that only say something are said.
func (c *conv) answerAside(question string) error {
	m, ok := c.bestAnswer(question)
	switch {
	case ok && sayings[m.ID] != nil:
		return sayings[m.ID](c)
	case ok && isIntent(m.ID):
		return nil
	case ok:
		return c.answer(m.ID, false)
	}
	if err := c.noteQuestion(loket.QuestionUnmatched, "", question); err != nil {
		return err
	}
	return c.say("faq.none_short", nil)
}

// advanceTaken goes on to the form's next question (or its summary),
// opening that reply with what was noted ("Baik, saya catat — …").
func (c *conv) advanceTaken(value string) error {
	v := c.view()
	v.Value = value
	lead, err := c.text("in.taken", v)
	if err != nil {
		return err
	}
	return c.leading(lead, c.advance)
}

// leading runs next and opens its first reply with lead, so the two
// arrive as one message ("Baik, saya catat — …" above the next question).
func (c *conv) leading(lead string, next func() error) error {
	n := len(c.turn.Replies)
	if err := next(); err != nil {
		return err
	}
	if len(c.turn.Replies) > n {
		c.turn.Replies[n].Text = lead + "\n\n" + c.turn.Replies[n].Text
	}
	return nil
}

// answered reports whether the answer of step was given already.
func (c *conv) answered(step string) bool {
	in := c.st.In
	switch step {
	case stepName:
		return in.Name != ""
	case stepNPWP:
		return in.NPWP != "" || in.TaxID != ""
	case stepUser:
		return in.User != ""
	case stepDirector:
		return in.Director != ""
	case stepPhone:
		return in.Phone != ""
	}
	return false
}

// fieldLabel is the summary's name of a step's answer.
func fieldLabel(step string) string {
	for _, f := range intakeFields {
		if f.step == step {
			return f.label
		}
	}
	return "sum.name"
}

// pauseWords (kept stricter than smallTalk's holdWords, which only count
// when every word is small talk) say the vendor will answer later ("nanti saya lanjut, mau
// cari email dulu", "wait, let me find it").
var pauseWords = wordSet("nanti", "ntar", "entar", "sebentar", "bentar", "tunggu", "dulu", "later", "wait", "moment", "minute",
	"hold", "brb", "check")

// pausing reports a message that puts the answer off: a pause word, or
// only a hesitation ("hmm", "emm kak"), and no value (no digit, no
// address) that could be the answer itself.
func pausing(text string) bool {
	if strings.ContainsAny(text, "0123456789@") || isQuestion(text) {
		return false
	}
	heard, only := false, true // a sound of thinking, with filler alone: "HM" in "PT HM Sampoerna" is a name
	for _, w := range tokens(text) {
		if pauseWords[w] {
			return true
		}
		h := hesitantWords[squeeze(w)]
		heard = heard || h
		only = only && (h || fillerWords[w] || ackWords[w])
	}
	return heard && only
}

// textStep reports the registration questions answered by typing.
func textStep(step string) bool {
	switch step {
	case stepName, stepNPWP, stepUser, stepDirector, stepPhone:
		return true
	}
	return false
}
