package flows

import (
	"slices"
	"strings"
)

// A vendor who says the bot answered something else ("jawabannya tidak
// nyambung", "bukan itu yang saya tanya", "that's not what I asked") is
// told so plainly and offered to ask again in other words or to talk to
// an officer. Before, the words were matched as a question of their own:
// "nyambung" is a call that connects, "bukan itu" named nothing.

var (
	// answerWords name the bot's reply.
	answerWords = wordSet("jawaban", "jawabannya", "jawabanmu", "jawabnya", "balasan", "balasannya", "balesan",
		"balesannya", "answer", "answers", "reply", "replies", "response")
	// badAnswerWords say a reply is off by themselves.
	badAnswerWords = wordSet("ngaco", "ngawur", "aneh", "salah", "keliru", "wrong", "irrelevant", "weird", "unrelated",
		"useless", "nonsense")
	// fitWords say a reply fits; with a negation, that it does not.
	fitWords = wordSet("nyambung", "sesuai", "cocok", "tepat", "relevan", "membantu", "menjawab", "relevant", "match",
		"matches", "fit", "fits", "help", "helps", "helpful", "helped")
	missNot = wordSet("tidak", "tdk", "ga", "gak", "gk", "nggak", "ngga", "enggak", "kurang", "bukan", "not", "doesnt",
		"didnt", "isnt", "dont", "no")
	// misreadPhrases say it without naming the reply.
	misreadPhrases = []string{"salah paham", "salah tangkap", "salah mengerti", "tidak paham maksud saya",
		"gak paham maksud saya", "ga paham maksud saya", "misunderstood", "misunderstand", "not what i asked",
		"not what i meant", "not what i m asking", "not what im asking", "not my question", "didnt answer my question",
		"doesnt answer my question", "not answering my question", "you didnt understand", "you dont understand"}
	// notThatFill may follow "bukan itu" ("bukan itu yang saya tanya").
	notThatFill = wordSet("yang", "saya", "sy", "aku", "tanya", "tanyakan", "ditanyakan", "tanyain", "maksud",
		"maksudnya", "maksudku", "pertanyaan", "pertanyaannya", "min", "kak", "pak", "bu", "mas", "mbak", "dong", "sih",
		"kok", "ya", "loh", "lho")
)

// saysMisread reports a short message saying the bot's reply answered
// something else.
func saysMisread(text string) bool {
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	if len(ws) == 0 || len(ws) > 12 {
		return false
	}
	if hasPhrase(text, misreadPhrases) {
		return true
	}
	for i := 0; i+1 < len(ws); i++ {
		// "bukan itu" with nothing after it but "yang saya tanya": not
		// "bukan itu filenya", a file
		if ws[i] == "bukan" && ws[i+1] == "itu" && !slices.ContainsFunc(ws[i+2:], func(w string) bool { return !notThatFill[w] }) {
			return true
		}
	}
	if !slices.ContainsFunc(ws, func(w string) bool { return answerWords[w] }) {
		return false
	}
	for i, w := range ws {
		if badAnswerWords[w] || fitWords[w] && i > 0 && slices.ContainsFunc(ws[max(0, i-3):i], func(n string) bool { return missNot[n] }) {
			return true
		}
	}
	return false
}

// misreadWords answers such a message outside a ticket (where it is for
// the officers) and a survey (a comment); on a form's step only right
// after an answer (else it is the step's answer); on a pending step the
// step follows.
func (c *conv) misreadWords(text string) (bool, error) {
	if c.st.Step == stepTicket || inSurvey(c.st.Step) || c.textIsData() && c.st.Ans == "" || !saysMisread(text) {
		return false, nil
	}
	c.noteLang(text)
	if pendingQuestion(c.st.Step) {
		return true, c.detour(func() error { return c.say("answer.misread", nil) })
	}
	return true, c.say("answer.misread", nil, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
}
