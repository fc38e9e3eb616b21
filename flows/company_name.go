package flows

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A company named in passing ("sy dari CV Sinar Abadi", "we are PT Maju
// Jaya Abadi"): "CV" or "PT" and the capitalised words after it. It fills
// the registration's form and name when the vendor asks to register with
// it, and its words are no part of the question the matcher reads.

// companyPrefixes start an Indonesian company's name.
var companyPrefixes = wordSet("cv", "pt")

// maxCompanyWords is how many capitalised words a name takes at most.
const maxCompanyWords = 6

// companyNameSpan finds a company's name in text: the words from "CV"/"PT"
// on, and whether there is one. A name needs at least one capitalised
// word after the prefix ("daftar PT baru" names none).
func companyNameSpan(text string) (name string, rest string, ok bool) {
	ws := strings.Fields(text)
	for i, w := range ws {
		if !companyPrefixes[strings.ToLower(strings.Trim(w, ".,;:"))] || strings.HasSuffix(w, ",") {
			continue
		}
		ns, j := ws, i+1
		if j < len(ns) && calledWords[strings.ToLower(strings.Trim(ns[j], ".,;:"))] {
			// "a CV called Maju Bersama", "PT bernama Sinar Terang": the
			// name after the word that introduces it
			ns = append(append([]string(nil), ns[:j]...), ns[j+1:]...)
		}
		for j < len(ns) && j-i <= maxCompanyWords && capitalised(ns[j]) {
			j++
			if strings.ContainsAny(ns[j-1], ",.;:!?") {
				break // the name ends with its punctuation
			}
		}
		if j == i+1 {
			continue
		}
		parts := append([]string{strings.ToUpper(strings.Trim(w, ".,;:"))}, ns[i+1:j]...)
		name = strings.TrimRight(strings.Join(parts, " "), ",.;:!?")
		rest = strings.Join(append(append([]string(nil), ns[:i]...), ns[j:]...), " ")
		return name, rest, true
	}
	return "", text, false
}

// calledWords introduce a company's name after its form.
var calledWords = wordSet("called", "named", "bernama", "namanya")

// capitalised reports a word that starts with a capital letter and has
// no digit (a name's word, not a number or an address).
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && !strings.ContainsAny(w, "0123456789@")
}

// withoutCompanyName is text without the company it names, for the
// matcher: "Maju Jaya Abadi" says nothing about what is asked.
func withoutCompanyName(text string) string {
	if _, rest, ok := companyNameSpan(text); ok && strings.TrimSpace(rest) != "" {
		return rest
	}
	return text
}

// withoutValues is text without the parts that only give a value (an
// NPWP, an e-mail address, a mobile number, with at most a label before
// it) or only greet: "good afternoon, …, npwp 01.234.567.8-901.000" says
// nothing about what is asked besides. A part that also says something
// ("npwp 01.… sudah terdaftar") stays.
func withoutValues(text string) string {
	var keep []string
	dropped := false
	for _, part := range clauses(text) {
		if k := smallTalk(part); valueOnly(part) || k == talkGreeting || k == talkHow {
			dropped = true
			continue
		}
		keep = append(keep, part)
	}
	if !dropped || len(keep) == 0 {
		return text
	}
	return strings.Join(keep, ",")
}

// valueOnly reports a part of a message that is a value and its label.
func valueOnly(part string) bool {
	rest := strings.ToLower(part)
	if e, ok := emailIn(strings.Fields(part)); ok {
		rest = strings.Replace(rest, strings.ToLower(e), " ", 1)
	} else if _, ok := NPWPInSentence(part); !ok {
		if _, ok := PhoneInSentence(part); !ok {
			return false
		}
	}
	words := 0
	for _, w := range tokens(rest) {
		if !strings.ContainsAny(w, "0123456789") && !labelWords[w] && !chatFiller[w] {
			words++
		}
	}
	return words <= 1
}

// formKindWords say what kind of company, not which one ("pt baru", "cv
// biasa").
var formKindWords = wordSet("baru", "new", "lama", "old", "lain", "lainnya", "other", "others", "biasa", "kecil",
	"besar", "swasta", "asing", "lokal", "local", "foreign", "private", "juga", "also")

// formAnswerName is the company a vendor names when asked for the
// business form ("CV Maju Jaya", also typed in lower case, "cv maju
// jaya"): the capitalised name inside the answer, or an answer that is
// only "CV"/"PT" and words no sentence is made of. The prefix is written
// in capitals; the rest as typed.
func formAnswerName(text string) (string, bool) {
	if name, _, ok := companyNameSpan(text); ok {
		return name, true
	}
	ws := strings.Fields(strings.TrimSpace(text))
	if len(ws) < 2 || len(ws) > 1+maxCompanyWords || !companyPrefixes[strings.ToLower(strings.Trim(ws[0], ".,"))] {
		return "", false
	}
	for _, w := range ws[1:] {
		lw := strings.ToLower(w)
		_, form := formWords[lw]
		if form || formKindWords[lw] || fillerWords[lw] || navFiller[lw] || selfWords[lw] || chatFiller[lw] || idWords[lw] || enWords[lw] {
			return "", false // "pt aja kak", "cv saya", "pt atau cv", "pt baru"
		}
		for _, r := range lw {
			if !isLetter(r) {
				return "", false
			}
		}
	}
	return strings.ToUpper(strings.Trim(ws[0], ".,")) + " " + strings.Join(ws[1:], " "), true
}
