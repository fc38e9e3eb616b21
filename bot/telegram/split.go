package telegram

import (
	"strings"
	"unicode/utf8"
)

// utf16Len counts s the way Telegram measures text: in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// prefixWithin returns the byte length of the longest prefix of s that
// fits in limit UTF-16 units, ending on a rune boundary.
func prefixWithin(s string, limit int) int {
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > limit {
			return i
		}
		n += w
	}
	return len(s)
}

// splitText cuts s into parts of at most limit units, at a paragraph
// break when one lies in the second half of the window, else at a line
// break, else at a space, else at a rune boundary. Blank parts are
// dropped (Telegram refuses empty messages).
func splitText(s string, limit int) []string {
	var parts []string
	add := func(p string) {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, strings.TrimRight(p, " \n\t"))
		}
	}
	for utf16Len(s) > limit {
		cut := prefixWithin(s, limit)
		if cut == 0 { // limit smaller than one rune: take the rune anyway
			_, cut = utf8.DecodeRuneInString(s)
		}
		head, skip := s[:cut], 0
		for _, sep := range []string{"\n\n", "\n", " "} {
			if i := strings.LastIndex(head, sep); i > 0 && i >= len(head)/2 {
				head, skip = s[:i], len(sep)
				break
			}
		}
		add(head)
		s = strings.TrimLeft(s[len(head)+skip:], "\n")
	}
	add(s)
	return parts
}
