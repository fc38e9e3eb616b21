package flows

import (
	"strings"

	"loket"
)

// At the NPWP question vendors say they do not know the number, lost the
// card, or have only a NIK ("saya lupa npwp nya", "I don't know my tax
// number", "npwp saya hilang", "cuma punya nik"). They got "an NPWP is
// needed; if you have it, type it", the status ("you have no ticket yet"
// for the "my") or the guide's first step (for "where"). Now they are told
// where the number is written, or whether their NIK will do, and the
// question is asked again; the answers given so far stay.

var (
	// npwpNouns name the number asked for.
	npwpNouns = wordSet("npwp", "npwpnya", "nomornya", "nomor", "number", "tax", "pajak", "pajaknya")
	// npwpUnknown say it is not at hand or not known, or ask where it is.
	npwpUnknown = wordSet("lupa", "forgot", "forget", "forgotten", "hilang", "ilang", "lost", "mana", "dimana", "dmn",
		"where", "cari", "nyari", "mencari", "find")
	// npwpLost say the card itself is gone.
	npwpLost = wordSet("hilang", "ilang", "lost")
	// knowWords, with a negation, say it is not known ("ga tau", "don't know").
	knowWords = wordSet("tau", "tahu", "know")
	// nikWords name the national identity number or its card.
	nikWords = wordSet("nik", "niknya", "ktp", "ktpnya", "e-ktp", "ektp")
	// onlyWords say it is all the vendor has ("cuma punya nik", "nik aja
	// boleh?", "I only have my KTP").
	onlyWords = wordSet("cuma", "cm", "hanya", "only", "just", "aja", "saja", "punya", "have", "pakai", "pake", "use",
		"boleh", "bisa", "can")
)

// npwpNotAtHand reports words that the NPWP is not known or not at hand,
// with no number in them; lost when the card is said to be lost.
func npwpNotAtHand(text string) (notAtHand, lost bool) {
	if strings.ContainsAny(text, "0123456789") {
		return false, false
	}
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	noun, unknown, neg, know := false, false, false, false
	for _, w := range ws {
		switch {
		case npwpNouns[w]:
			noun = true
		case npwpUnknown[w]:
			unknown = true
			lost = lost || npwpLost[w]
		case noWords[w]:
			neg = true
		case knowWords[w]:
			know = true
		}
	}
	return noun && (unknown || neg && know), lost
}

// onlyNIK reports a message that the vendor has only a NIK (or its card).
func onlyNIK(text string) bool {
	return !strings.ContainsAny(text, "0123456789") && hasWordsOf(text, nikWords, onlyWords)
}

// npwpNotGiven answers those messages at the NPWP question; false for
// any other message, or a foreign company's tax identification.
func (c *conv) npwpNotGiven(in input) (bool, error) {
	if in.kind != loket.InText || c.st.In.Form == loket.FormForeign {
		return false, nil
	}
	if onlyNIK(in.text) {
		c.noteLang(in.text)
		if c.st.In.Form == loket.FormIndividual {
			return true, c.answerDetour("npwp_nik")
		}
		return true, c.answerDetour("npwp_form")
	}
	notAtHand, lost := npwpNotAtHand(in.text)
	if !notAtHand {
		return false, nil
	}
	value := ""
	if lost {
		value = "lost"
	}
	return true, c.explainStep(in.text, "help.in.npwp_find", value) // flows/step_help.go
}
