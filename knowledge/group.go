package knowledge

import (
	"strings"
	"unicode"

	"loket"
)

// QuestionGroup is a set of unanswered questions that say much the same.
type QuestionGroup struct {
	IDs      []int64             // every question of the group, newest first
	Latest   loket.BotQuestion   // the newest
	Examples []loket.BotQuestion // different wordings, newest first, at most maxExamples
	Count    int
}

const (
	maxExamples    = 5
	groupThreshold = 0.5 // Jaccard similarity of the words that carry meaning
)

// Group puts questions (newest first) into groups: a question joins the
// first group whose newest question shares at least half of its
// meaningful words (or has the same ones); groups are returned largest
// first, then newest first.
func Group(qs []loket.BotQuestion) []QuestionGroup {
	var groups []QuestionGroup
	var heads []map[string]bool
	for _, q := range qs {
		ws := meaningWords(q.Text)
		gi := -1
		for i, h := range heads {
			if similar(ws, h) {
				gi = i
				break
			}
		}
		if gi < 0 {
			groups = append(groups, QuestionGroup{Latest: q})
			heads = append(heads, ws)
			gi = len(groups) - 1
		}
		g := &groups[gi]
		g.IDs = append(g.IDs, q.ID)
		g.Count++
		if len(g.Examples) < maxExamples && !sameWording(g.Examples, q.Text) {
			g.Examples = append(g.Examples, q)
		}
	}
	stableSortGroups(groups)
	return groups
}

func stableSortGroups(gs []QuestionGroup) {
	for i := 1; i < len(gs); i++ { // insertion sort: stable, and groups are few
		for j := i; j > 0 && gs[j].Count > gs[j-1].Count; j-- {
			gs[j], gs[j-1] = gs[j-1], gs[j]
		}
	}
}

func sameWording(qs []loket.BotQuestion, s string) bool {
	n := normalize(s)
	for _, q := range qs {
		if normalize(q.Text) == n {
			return true
		}
	}
	return false
}

func similar(a, b map[string]bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == 0 && len(b) == 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter)/float64(len(a)+len(b)-inter) >= groupThreshold
}

// normalize lower-cases and keeps letters and digits, words single-spaced.
func normalize(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// meaningWords are the words of s that are not filler, lightly folded
// (doubled letters, Indonesian -nya/-kah/-lah endings).
func meaningWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(normalize(s)) {
		w = fold(w)
		if len([]rune(w)) < 2 || filler[w] {
			continue
		}
		out[w] = true
	}
	return out
}

func fold(w string) string {
	for _, suf := range []string{"nya", "kah", "lah"} {
		if len(w) > len(suf)+2 {
			w = strings.TrimSuffix(w, suf)
		}
	}
	var b strings.Builder
	var last rune
	for _, r := range w {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// filler words carry no meaning for grouping, in both languages.
var filler = wordSet(`yang dan di ke dari saya aku sy apa apakah bagaimana gimana gmn cara mau ingin
		bisa tidak tdk gak ga nggak ada itu ini untuk utk dengan dgn kak min admin pak bu ibu bapak ya dong kah
		mohon tolong info informasi tanya nanya halo hai sudah udah belum blm kalau kalo kok sih juga lagi
		the a an is are am how do does i to my me can what for of in on it be we you please hello hi`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
