package flows

import (
	"strings"
	"unicode"
)

// NPWPProblem says exactly what is wrong with a typed NPWP, so the
// vendor can be told in one sentence.
type NPWPProblem string

// NPWP problems.
const (
	NPWPOK        NPWPProblem = ""
	NPWPEmpty     NPWPProblem = "empty"
	NPWPBadChar   NPWPProblem = "bad_char"   // a letter or symbol other than . - and space
	NPWPLength    NPWPProblem = "length"     // not 15 or 16 digits
	NPWPAllZeroes NPWPProblem = "all_zeroes" // the placeholder 00.000.000.0-000.000
)

// ParseNPWP reads a tax number: 15 digits (old format, dots and dashes
// allowed, e.g. 01.234.567.8-901.000) or 16 digits (NIK-based). It
// returns the digits only, or the problem and, for NPWPLength, the
// number of digits found (for NPWPBadChar, the offending rune's
// position + 1).
func ParseNPWP(s string) (digits string, problem NPWPProblem, detail int) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", NPWPEmpty, 0
	}
	var b strings.Builder
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.' || r == '-' || unicode.IsSpace(r):
		default:
			return "", NPWPBadChar, pos
		}
	}
	d := b.String()
	if len(d) != 15 && len(d) != 16 {
		return "", NPWPLength, len(d)
	}
	if strings.Trim(d, "0") == "" {
		return "", NPWPAllZeroes, 0
	}
	return d, NPWPOK, 0
}

// FormatNPWP shows 15 digits in the familiar 01.234.567.8-901.000 form;
// anything else is returned as is.
func FormatNPWP(d string) string {
	if len(d) != 15 {
		return d
	}
	return d[0:2] + "." + d[2:5] + "." + d[5:8] + "." + d[8:9] + "-" + d[9:12] + "." + d[12:15]
}

// NPWPInSentence finds a tax number written inside a sentence ("npwp
// saya 01.234.567.8-901.000", "NPWP: 3201…"): exactly one run of digits
// (dots, dashes and spaces between them allowed) that parses as an NPWP,
// and no other digit in the text. Anything less clear is left to
// ParseNPWP's precise complaint.
func NPWPInSentence(s string) (string, bool) {
	runs := numberRuns(s, "", ".- ", ".- ")
	if len(runs) != 1 {
		return "", false
	}
	d, problem, _ := ParseNPWP(runs[0])
	return d, problem == NPWPOK
}

// numberRuns are the numbers written in s: runs that hold a digit, may
// begin with a rune of lead and go on with digits and runes of inner,
// with the runes of trim cut from their ends.
func numberRuns(s, lead, inner, trim string) []string {
	var runs []string
	start := -1
	for i, r := range s + "x" {
		in := r >= '0' && r <= '9' || start < 0 && strings.ContainsRune(lead, r) ||
			start >= 0 && strings.ContainsRune(inner, r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			if run := strings.TrimRight(s[start:i], trim); strings.ContainsAny(run, "0123456789") {
				runs = append(runs, run)
			}
			start = -1
		}
	}
	return runs
}
