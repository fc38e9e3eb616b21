package flows

import (
	"unicode/utf8"

	"loket"
)

// "Selamat pagi pak, saya sudah 3 hari kirim email ke lpse tapi tidak
// ada balasan, padahal tender sudah mau tutup, tolong dibantu pak": a
// problem told in full and help asked for, which no answer is about. It
// got the office hours once, then "no answer found": the vendor asked
// for a person and has already said what for. Such a message opens a
// request to the officers with those words (the request "other"), as
// the request's own question would have.

// helpWords ask for a person's help ("tolong dibantu", "mohon
// bantuannya", "please help").
var helpWords = wordSet("tolong", "tlg", "mohon", "bantu", "dibantu", "bantuan", "bantuannya", "bantuin", "help",
	"assist", "assistance", "urgent", "darurat", "segera")

// minProblemRunes is how long a message must be to tell a problem, not
// only ask for help ("tolong", "help me" go to the help text).
const minProblemRunes = 60

// asksHelpWithProblem reports a long message that asks for help.
func asksHelpWithProblem(text string) bool {
	return utf8.RuneCountInString(text) >= minProblemRunes && hasWordsOf(text, helpWords)
}

// helpWithProblem opens the officers' request with the vendor's words;
// the caller found no answer to them.
func (c *conv) helpWithProblem(in input) error {
	c.st.reset()
	c.st.Step, c.st.Req = stepReqDesc, loket.TypeOther
	return c.reqDescInput(in) // flows/request.go
}
