package flows

// What the matcher reads of a text: words, stems and character trigrams.

import (
	"slices"
	"strings"
	"unicode"
)

// grams is a word's distinct trigrams (of " word "), each packed into
// one number (three runes of 21 bits), sorted: comparing two words is a
// merge, without building strings or maps.
type grams []uint64

func trigrams(s string) grams {
	r := []rune(" " + s + " ")
	out := make(grams, 0, len(r))
	for i := 0; i+3 <= len(r); i++ {
		out = append(out, uint64(r[i])<<42|uint64(r[i+1])<<21|uint64(r[i+2]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// tokens lower-cases s and splits it into words; hyphens join ("e-mail").
func tokens(s string) []string {
	s = strings.ToLower(strings.ReplaceAll(s, "-", ""))
	return strings.FieldsFunc(s, func(r rune) bool { return !isLetter(r) && !unicode.IsDigit(r) })
}

func isLetter(r rune) bool { return unicode.IsLetter(r) }

// contractionHeads are what an English "…n't" leaves before its "t".
var contractionHeads = wordSet("don", "doesn", "didn", "isn", "aren", "wasn", "weren", "haven", "hasn", "can",
	"couldn", "won", "wouldn", "shouldn")

// stems returns the normalised, stemmed content words of s.
func stems(s string) []string { return words(s, false) }

// words returns the normalised, stemmed words of s, the stopwords too
// when withStop is set.
func words(s string, withStop bool) []string {
	var out []string
	ts := tokens(s)
	for i := 0; i < len(ts); i++ {
		w := ts[i]
		if (w == "tanggal" || w == "tgl") && i+1 < len(ts) && ts[i+1] == "merah" {
			w, i = "libur", i+1 // "tanggal merah" is a public holiday, not a colour one typo from "cerah"
		}
		if i+1 < len(ts) && ts[i+1] == "t" && contractionHeads[w] {
			// "don't" is "dont" (a "not"), not "don": "I don't understand"
			// matched "we don't have an NPWP" on "don"
			w, i = w+"t", i+1
		}
		if c, ok := informal[w]; ok {
			w = c
		}
		if w == "" || len(w) < 2 || stopwords[w] && !withStop {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// stem strips common Indonesian affixes and the English plural, enough to
// make "pendaftaran", "terdaftar" and "daftar" meet.
func stem(w string) string {
	if strings.HasPrefix(w, "perorang") {
		return "perorangan" // a sole proprietorship, not "orang" (a person: "ada orang?", "orang lain")
	}
	for _, suf := range []string{"nya", "lah", "kah"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			w = strings.TrimSuffix(w, suf)
		}
	}
	for _, suf := range []string{"kan", "an"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 5 {
			w = strings.TrimSuffix(w, suf)
			break
		}
	}
	for _, pre := range []string{"meng", "peng", "mem", "men", "pem", "pen", "per", "ter", "ber", "me", "di", "ke"} {
		if strings.HasPrefix(w, pre) && len(w)-len(pre) >= 4 {
			w = strings.TrimPrefix(w, pre)
			break
		}
	}
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 4 {
		w = strings.TrimSuffix(w, "s")
	}
	return w
}
