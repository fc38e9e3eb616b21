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
		j := i + 1
		for j < len(ws) && j-i <= maxCompanyWords && capitalised(ws[j]) {
			j++
			if strings.ContainsAny(ws[j-1], ",.;:!?") {
				break // the name ends with its punctuation
			}
		}
		if j == i+1 {
			continue
		}
		parts := append([]string{strings.ToUpper(strings.Trim(w, ".,;:"))}, ws[i+1:j]...)
		name = strings.TrimRight(strings.Join(parts, " "), ",.;:!?")
		rest = strings.Join(append(append([]string(nil), ws[:i]...), ws[j:]...), " ")
		return name, rest, true
	}
	return "", text, false
}

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
