package flows

// actModeCompare answers which way of verifying is faster, or how the two
// differ ("mana yang lebih cepat, online atau datang langsung?", "which
// one is faster?" at the choice between them). Both verify the same; what
// differs is when: in person on the spot, any service day; online at the
// video call the vendor books once the PDFs pass, the earliest free time
// of which the calendar knows. It got the in-person answer, or the guide's
// last step, neither of which compares.
const actModeCompare = "i.mode_compare"

// modeCompare compares the two ways, with the earliest free call time.
func (c *conv) modeCompare() error {
	v, err := c.earliestView() // flows/process_length.go
	if err != nil {
		return err
	}
	if pendingQuestion(c.st.Step) {
		return c.say("mode.compare", v)
	}
	return c.say("mode.compare", v, opt{key: "btn.register", action: actRegister}, opt{key: "btn.menu", action: actMenu})
}

// comparisonWords ask which of two is faster, better or how they differ.
var comparisonWords = wordSet("cepat", "lebih", "faster", "quicker", "quickest", "fastest", "beda", "bedanya",
	"perbedaan", "difference", "differ", "better", "best", "bagus", "baik", "mana", "which", "recommend", "sarankan",
	"saran", "sebaiknya", "should")

// comparesModes reports a question that compares, asked where the two
// ways are the choice: "which one is faster?", "lebih baik yang mana?".
func comparesModes(text string) bool {
	if !isQuestion(text) {
		return false
	}
	for _, w := range tokens(text) {
		if comparisonWords[w] {
			return true
		}
	}
	return false
}

// comparesWays reports a sentence that compares the two ways by name: a
// comparison word, and each way named by its button's phrases.
func (c *conv) comparesWays(text string) bool {
	if !hasWordsOf(text, comparisonWords) {
		return false
	}
	online, offline := c.modesIn(text) // flows/intake.go
	return online && offline
}
