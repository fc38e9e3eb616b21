package flows

import (
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
