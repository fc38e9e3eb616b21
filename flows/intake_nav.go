package flows

import (
	"strings"

	"loket"
)

// Moving inside the registration form in words: "kembali" goes back to
// the question before (its answer shown, to keep or retype), "ulangi"
// asks the current question again.

var (
	backWords   = wordSet("kembali", "balik", "back", "sebelumnya", "previous", "mundur")
	repeatWords = wordSet("ulangi", "ulang", "repeat", "pardon")
	// navFillWords may stand around them: "kembali ke pertanyaan sebelumnya", "please repeat the question".
	navFillWords = wordSet("ke", "to", "the", "go", "pertanyaan", "pertanyaannya", "question", "tolong", "please",
		"bisa", "could", "can", "you", "lagi", "again", "maaf", "sorry", "min", "kak", "pak", "bu", "dong", "ya",
		"nya", "satu", "one", "step", "langkah")
)

// formNav reads a message that is only "back" or only "repeat" (with
// filler words): "back", "repeat", or "" for anything else.
func formNav(text string) string {
	got := ""
	for _, w := range tokens(text) {
		kind := ""
		switch {
		case backWords[w]:
			kind = "back"
		case repeatWords[w]:
			kind = "repeat"
		case navFillWords[w]:
			continue
		default:
			return ""
		}
		if got != "" && got != kind {
			return ""
		}
		got = kind
	}
	return got
}

// intakeNav goes back one question or repeats the current one; it
// reports false when the message is neither.
func (c *conv) intakeNav(in input) (bool, error) {
	st := c.st
	if in.kind != loket.InText || in.action != "" || !(textStep(st.Step) || st.Step == stepMode) {
		return false, nil
	}
	if st.Step == stepMode && confirming(in.text) {
		return true, c.say("in.confirm_mode", nil, opt{key: "btn.online", action: actOnline},
			opt{key: "btn.offline", action: actOffline}, opt{key: "btn.edit", action: actEdit})
	}
	prev := stepPhone
	for i, f := range intakeFields {
		if f.step == st.Step && i > 0 {
			prev = intakeFields[i-1].step
		}
	}
	if textStep(st.Step) && restartAsked(in.text) {
		// "ulang dari awal": the registration's answers dropped, its first
		// question again (it was checked as an answer: "a User ID has
		// only letters, …")
		lead, err := c.text("in.restart", nil)
		if err != nil {
			return true, err
		}
		st.Step, st.In, st.Misses = stepForm, &intake{}, 0
		return true, c.leading(lead, c.intakePrompt)
	}
	if done, err := c.fixEarlier(in); done || err != nil {
		return done, err
	}
	nav := formNav(in.text)
	if nav == "" && textStep(st.Step) && st.Misses == 0 && c.answerShown(prev) != "" && saysTypo(in.text) {
		// "maaf salah ketik" right after an answer was taken: that answer,
		// to type again (it was "no problem" and the next question)
		nav = "back"
	}
	switch nav {
	case "repeat":
		return true, c.intakePrompt()
	case "back":
	default:
		return false, nil
	}
	v := c.view()
	v.Value = c.answerShown(prev)
	lead, err := c.text("in.back", v)
	if err != nil {
		return true, err
	}
	st.Step, st.In.Edit, st.Misses = prev, true, 0
	return true, c.leading(lead, c.intakePrompt)
}

// restartPhrases ask to start the registration over.
var restartPhrases = []string{"dari awal", "dari awal lagi", "from the beginning", "from the start", "start over",
	"start again", "mulai ulang"}

// restartAsked reports "ulang dari awal", "can we start over?": a restart
// phrase and words of navigation alone.
func restartAsked(text string) bool {
	if !hasPhrase(text, restartPhrases) {
		return false
	}
	for _, w := range tokens(text) {
		if !navFillWords[w] && !repeatWords[w] && !restartWords[w] {
			return false
		}
	}
	return true
}

// restartWords make up the restart phrases.
var restartWords = wordSet("dari", "awal", "from", "beginning", "start", "over", "again", "mulai", "isi", "we", "lets",
	"let", "us", "s")

// correctionCuesBefore end the words that name a wrong answer and start
// its right value: "nama perusahaannya salah ketik, harusnya CV Maju Jaya
// Abadi".
var correctionCuesBefore = []string{"seharusnya", "harusnya", "yang benar", "yg benar", "should be", "the right one is",
	"the correct one is", "it is", "its"}

// fixEarlier takes "npwp tadi salah", "sorry the company name was wrong"
// at a later question of the registration: that answer's question again,
// its old answer shown (they were taken as the answer to the question
// asked: a director named "npwp tadi salah", a WhatsApp number refused);
// "nama direkturnya salah" at the director's question asks it again (it
// was stored as the name). A right name said after "harusnya" / "should
// be" is taken at once and said back; a number or address after it is
// read by multiAnswer, as it was.
func (c *conv) fixEarlier(in input) (bool, error) {
	st := c.st
	if !textStep(st.Step) {
		return false, nil
	}
	left, value := splitCorrection(in.text)
	step, current := editWord(left), st.Step
	if step == "" || step != current && step != stepForm && c.answerShown(step) == "" {
		return false, nil
	}
	named := step == stepName || step == stepDirector
	if value != "" && (!named || !ValidName(value)) {
		return false, nil // "npwp salah, harusnya 02.…": the value's own reading (multiAnswer)
	}
	st.Step, st.In.Edit, st.Misses = step, true, 0
	if value != "" {
		// the right name given with it: taken, and said back
		if step == stepDirector {
			value = withoutHonorific(value)
			st.In.Director = value
		} else {
			st.In.Name = value
		}
		label, err := c.text(fieldLabel(step), nil)
		if err != nil {
			return true, err
		}
		return true, c.advanceTaken(label + ": " + value)
	}
	v := c.view()
	if v.Value = c.answerShown(step); v.Value == "" && step == current {
		return true, c.intakePrompt()
	}
	lead, err := c.text("in.fix", v)
	if err != nil {
		return true, err
	}
	return true, c.leading(lead, c.intakePrompt)
}

// splitCorrection cuts a message at a correction cue: the words naming
// what was wrong, and the right value after the cue ("" without one).
func splitCorrection(text string) (string, string) {
	low := strings.ToLower(text)
	if len(low) != len(text) {
		return text, "" // a letter whose lower case is longer: the indexes would not match
	}
	for _, cue := range correctionCuesBefore {
		i := strings.Index(low, " "+cue+" ")
		if i < 0 {
			continue
		}
		value := strings.Trim(strings.TrimSpace(text[i+len(cue)+2:]), ":,-. ")
		return strings.Trim(strings.TrimSpace(text[:i]), ",;:- "), value
	}
	return text, ""
}

// answerShown is the answer given to step as the summary shows it, "" for
// the business form (its buttons say it) or none.
func (c *conv) answerShown(step string) string {
	in := c.st.In
	switch step {
	case stepName:
		return in.Name
	case stepNPWP:
		if in.NPWP != "" {
			return FormatNPWP(in.NPWP)
		}
		return in.TaxID
	case stepUser:
		return in.User
	case stepDirector:
		return in.Director
	case stepPhone:
		return in.Phone
	}
	return ""
}

// confirmWords say the summary is right: "ya benar semua", "sudah sesuai",
// "yes that's all correct"; sureWords must be among them.
var (
	sureWords    = wordSet("benar", "betul", "bener", "sesuai", "correct", "right")
	confirmWords = wordSet("ya", "iya", "sudah", "udah", "udh", "sdh", "semua", "semuanya", "data", "datanya", "nya",
		"sudah", "ok", "oke", "sip", "min", "kak", "pak", "bu", "gan", "mas", "mbak", "bang", "smua", "sm", "dah", "siap", "yes", "all", "is", "its", "that", "thats", "s",
		"everything", "it", "the", "details", "are", "looks", "good", "fine")
)

// confirming reports a message that only says the summary is right.
func confirming(text string) bool { return saysOnly(text, sureWords, confirmWords) }

// typoWords say a mistake was in the typing.
var typoWords = wordSet("ketik", "ngetik", "tulis", "nulis", "typo", "typed", "typing", "spelling", "spelled")

// saysTypo reports an apology for a typing mistake: "maaf salah ketik",
// "sorry, typo".
func saysTypo(text string) bool {
	return smallTalk(text) == talkOops && hasWordsOf(text, typoWords)
}
