package flows

import "slices"

// "Maksudnya apa?", "ini diisi apa kak?", "what should I write here?" at
// a question of the registration ask what that question wants. They got
// whatever answer their words matched: SIKaP (for "diisi"), what an NPWP
// is, the other-LPSE answer (for "here"). The question is explained in a
// sentence and asked again.

var (
	// fillWords ask what to put in: one must be there.
	fillWords = wordSet("maksud", "maksudnya", "diisi", "isi", "isinya", "diisikan", "ditulis", "tulis", "nulis", "ngisi",
		"mengisi", "write", "fill", "mean", "meant", "enter", "put", "type")
	// fillAround may stand with them.
	fillAround = wordSet("apa", "apaan", "ini", "itu", "kak", "min", "pak", "bu", "ya", "yg", "yang", "harus", "hrs",
		"saya", "sy", "gimana", "bagaimana", "gmn", "dong", "sih", "di", "sini", "disini", "nih", "tuh", "dengan", "dgn",
		"kolom", "pertanyaan", "what", "should", "do", "does", "did", "i", "we", "here", "this", "you", "it", "is", "the",
		"field", "question", "in", "by", "that", "am", "supposed", "to", "in", "exactly", "maaf", "sorry")
)

// asksWhatToFill reports a question made only of fillWords and
// fillAround.
func asksWhatToFill(text string) bool {
	return isQuestion(text) && wordsOnly(tokens(text), fillAround, fillWords)
}

// "Nama apa?", "nama yang mana?", "nama siapa?", "what name?", "which
// number?" ask which of its kind the question wants: the question's own
// noun and a word of which. "Nama apa?" got where the User ID is written,
// "nama siapa?" who the bot is.
var (
	stepNouns = map[string]map[string]bool{
		stepName:     wordSet("nama", "namanya", "name"),
		stepDirector: wordSet("nama", "namanya", "name", "direktur", "direkturnya", "direksi", "pimpinan", "director"),
		stepNPWP:     wordSet("npwp", "npwpnya", "nomor", "number", "pajak", "tax"),
		stepUser:     wordSet("user", "id", "userid", "username", "usernya", "email", "akun", "account"),
		stepPhone:    wordSet("nomor", "nomornya", "number", "no", "wa", "whatsapp", "hp", "telepon", "phone"),
	}
	whichOneWords = wordSet("siapa", "mana", "apa", "apaan", "which", "whose", "what")
)

// asksWhichOne reports a question made only of the step's nouns, words of
// which and fillAround, with one of each of the first two.
func asksWhichOne(step, text string) bool {
	nouns := stepNouns[step]
	return nouns != nil && isQuestion(text) && wordsOnly(tokens(text), fillAround, nouns, whichOneWords)
}

// "Do you need the user id or the email?", "user id atau email?" ask
// which of the question's own alternatives it wants (the first got what a
// User ID is, not that either will do): the step's nouns, a word of
// choice and words of asking alone.
var (
	orWords = wordSet("or", "atau", "ato", "atw")
	// eitherFiller may stand with them.
	eitherFiller = unionSet(fillAround, orWords, wordSet("need", "needed", "want", "perlu", "butuh", "diminta", "minta",
		"pakai", "pake", "use", "kirim", "send", "give", "kasih", "mau", "tulis", "ketik", "type", "better", "mending",
		"sebaiknya", "enough", "cukup"))
)

// asksEitherOr reports such a question.
func asksEitherOr(step, text string) bool {
	nouns := stepNouns[step]
	if nouns == nil || !isQuestion(text) {
		return false
	}
	ws := tokens(text)
	return slices.ContainsFunc(ws, func(w string) bool { return orWords[w] }) && wordsOnly(ws, eitherFiller, nouns)
}

// stepHelp explains the registration's current text question, then asks
// it again (detour); it reports false elsewhere.
func (c *conv) stepHelp(in input) (bool, error) {
	if in.action != "" || !textStep(c.st.Step) || !asksWhatToFill(in.text) && !asksWhichOne(c.st.Step, in.text) &&
		!asksEitherOr(c.st.Step, in.text) {
		return false, nil
	}
	return true, c.explainStep(in.text, "help."+c.st.Step, "")
}

// explainStep says key about the registration's current question, in the
// language text was written in, with the business form (and value) for
// the text to follow, then asks the question again (detour).
func (c *conv) explainStep(text, key, value string) error {
	c.noteLang(text)
	v := c.view()
	if c.st.In != nil {
		v.Form = string(c.st.In.Form)
	}
	v.Value = value
	c.gaveAnswer = key // "bukan itu maksud saya" next says it missed (flows/misread.go)
	return c.detour(func() error { return c.say(key, v) })
}

// stepHelpKeys are the texts of this file (flows/keys.go).
func stepHelpKeys() []string {
	return []string{"help." + stepName, "help." + stepNPWP, "help." + stepUser, "help." + stepDirector, "help." + stepPhone}
}
