package flows

import (
	"math"
	"slices"
	"strings"
)

// MatchEntry is one answer the matcher can find: its keywords (phrases,
// both languages) and its own texts.
type MatchEntry struct {
	ID       string
	Keywords []string
	Texts    []string
	// Needs, when set, are words one of which a question must have for
	// the entry to rank at all: the call's length answers "how long is
	// the video call?", not "how long does the verification take?",
	// though both ask "how long".
	Needs []string
}

// Match is a ranked answer.
type Match struct {
	ID    string
	Score float64
	// Covered is the share of the question's words (weighted by how rare
	// they are; a word no answer knows counts as the rarest) that the
	// answer has.
	Covered float64
	// Lacks is what the question asks for (a fee, a duration: see
	// Matcher.ask) that the answer does not speak of; "" when nothing.
	Lacks string
}

// Matcher ranks answers for a question typed in the vendor's own words:
// normalised tokens (informal spellings folded, light Indonesian
// stemming), keyword and text weights, inverse document frequency,
// keyword bigrams, and character-trigram similarity for typos.
type Matcher struct {
	docs    []matchDoc
	idf     map[string]float64
	min     float64
	phrases map[string]string // a phrasing an office taught, normalised → answer id
	rarest  float64           // the weight of a word only one answer has
	asks    [][]string        // what a question may ask for that only an answer saying it answers
	fuzzy   fuzzyIndex        // every term long enough to match fuzzily, whichever answer has it
	vocab   map[string]bool   // the answers' words as written, to split words typed without spaces
}

// fuzzyIndex finds terms by their trigrams: a word's near spellings are
// the terms that share enough of its trigrams, counted from the postings
// of the word's own trigrams rather than by comparing it with every term.
type fuzzyIndex struct {
	terms    []string
	grams    []int            // each term's count of distinct trigrams
	postings map[uint64][]int // trigram → the terms that have it
	known    map[string]bool  // the terms indexed
}

func (x *fuzzyIndex) add(t string) {
	if x.known[t] || len(t) < 5 {
		return
	}
	if x.known == nil {
		x.known, x.postings = map[string]bool{}, map[uint64][]int{}
	}
	x.known[t] = true
	g := trigrams(t)
	for _, k := range g {
		x.postings[k] = append(x.postings[k], len(x.terms))
	}
	x.terms, x.grams = append(x.terms, t), append(x.grams, len(g))
}

// phrase is a keyword's distinct content words, and all its words.
type phrase struct{ content, all []string }

type matchDoc struct {
	id      string
	terms   map[string]float64 // stem → weight
	pairs   map[string]float64 // "stem stem" → weight
	phrases []phrase           // the keywords' words
	says    [][]string         // the stems of each keyword and text, in order
	needs   map[string]bool    // the stems of MatchEntry.Needs; nil: none
}

const (
	weightKeyword = 3.0
	weightText    = 1.0
	weightPair    = 2.5
	// weightWhole is added per word of the longest keyword a question
	// contains whole: "mendaftar" said alone is "how to register", not
	// "NPWP already registered at another LPSE", whose keyword shares one
	// of its three words.
	weightWhole = 1.5
	// weightExact is added when that keyword's little words are in the
	// question too.
	weightExact = 0.5
	// weightLonger, per word of an exact keyword, only parts answers that
	// tie otherwise.
	weightLonger  = 0.001
	minMatchScore = 3.5
	fuzzyMinDice  = 0.6
)

// exact teaches the matcher a phrasing that must find id as it is
// written (a question an admin attached to an answer): the next vendor
// asking it in the same words gets that answer.
func (m *Matcher) exact(phrase, id string) {
	if m.phrases == nil {
		m.phrases = map[string]string{}
	}
	if n := normal(phrase); n != "" {
		m.phrases[n] = id
	}
}

// exactly is the answer taught for text as written, if any.
func (m *Matcher) exactly(text string) (string, bool) {
	id, ok := m.phrases[normal(text)]
	return id, ok
}

// NewMatcher indexes the entries.
func NewMatcher(entries []MatchEntry) *Matcher {
	m := &Matcher{idf: map[string]float64{}, min: minMatchScore}
	df := map[string]int{}
	for _, e := range entries {
		d := matchDoc{id: e.ID, terms: map[string]float64{}, pairs: map[string]float64{}}
		for _, w := range e.Needs {
			if d.needs == nil {
				d.needs = map[string]bool{}
			}
			ts := stems(w)
			if len(ts) == 0 { // a stopword ("when", "apa"): the question's own words have it
				d.needs[stopNeed+w] = true
			}
			for _, t := range ts {
				d.needs[t] = true
			}
		}
		for _, kw := range e.Keywords {
			m.vocabulary(kw)
			ts := stems(kw)
			d.says = append(d.says, ts)
			if len(ts) > 0 {
				d.phrases = append(d.phrases, phrase{distinctWords(ts), distinctWords(words(kw, true))})
			}
			for i, t := range ts {
				d.add(t, weightKeyword)
				if i > 0 {
					d.pairs[ts[i-1]+" "+t] = weightPair
				}
			}
		}
		for _, tx := range e.Texts {
			m.vocabulary(tx)
			ts := stems(tx)
			d.says = append(d.says, ts)
			for _, t := range ts {
				d.add(t, weightText)
			}
		}
		for t := range d.terms {
			df[t]++
			m.fuzzy.add(t)
		}
		m.docs = append(m.docs, d)
	}
	n := float64(len(entries))
	for t, c := range df {
		m.idf[t] = math.Log(1 + n/float64(c))
	}
	m.rarest = math.Log(1 + n)
	return m
}

func (d *matchDoc) add(t string, w float64) {
	if d.terms[t] < w {
		d.terms[t] = w
	}
}

// ask names what a question may ask for that an answer must say to
// answer it ("biaya", "berapa lama"): the texts speak of no fee and no
// duration, and "biaya verifikasi berapa?" shares "verifikasi" and
// "berapa" with the opening hours, which would be a wrong answer.
func (m *Matcher) ask(phrases ...string) {
	for _, p := range phrases {
		if ts := stems(p); len(ts) > 0 {
			m.asks = append(m.asks, ts)
		}
	}
}

// lacks is the first of the asked phrases that none of d's keywords and
// texts says, or "".
func (d *matchDoc) lacks(asked [][]string) string {
	for _, a := range asked {
		if !slices.ContainsFunc(d.says, func(s []string) bool { return hasRun(s, a) }) {
			return strings.Join(a, " ")
		}
	}
	return ""
}

// stopNeed marks a needed word that is a stopword in matchDoc.needs: it
// is looked for among the question's words, stopwords kept.
const stopNeed = "\x00"

// fits reports whether a question with stems qs, and words ws (stopwords
// kept, each behind stopNeed), has one of the words the entry needs (all
// do when it needs none).
func (d *matchDoc) fits(qs, ws []string) bool {
	if d.needs == nil {
		return true
	}
	for _, q := range qs {
		if d.needs[q] {
			return true
		}
	}
	for _, w := range ws {
		if d.needs[w] {
			return true
		}
	}
	return false
}

// hasRun reports whether ws holds run as consecutive words.
func hasRun(ws, run []string) bool {
	for i := 0; i+len(run) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// Rank scores every entry for q, best first; entries that share nothing
// with q are left out.
func (m *Matcher) Rank(q string) []Match {
	q = m.mend(m.unglue(q)) // flows/match_split.go
	qs := stems(q)
	if len(qs) == 0 {
		return nil
	}
	w := queryWords{qs: qs, near: make([][]nearTerm, len(qs)), pairs: make([]string, len(qs)), again: make([]bool, len(qs))}
	var common []int32 // near's counts, one per fuzzy term, zero between words
	for i, q := range qs {
		if len(q) >= 5 {
			if common == nil {
				common = make([]int32, len(m.fuzzy.terms))
			}
			w.near[i] = m.near(q, common) // each word's near spellings among all answers' terms, once
		}
		if i > 0 {
			w.pairs[i] = qs[i-1] + " " + q
		}
		w.again[i] = slices.Contains(qs[:i], q)
	}
	stops := map[string]bool{} // the question's words, its stopwords too: a keyword is exact with its own ("mau daftar")
	var needs []string         // the same, as matchDoc.needs has them
	for _, w := range words(q, true) {
		if !stops[w] {
			stops[w] = true
			needs = append(needs, stopNeed+w)
		}
	}
	var asked [][]string
	for _, a := range m.asks {
		if hasRun(qs, a) {
			asked = append(asked, a)
		}
	}
	var out []Match
	var has [][]float64                // per match, the weight of each question word it has (0: not)
	weight := make([]float64, len(qs)) // each question word's weight: its rarity where some answer has it
	gots := make([]float64, len(qs)*len(m.docs))
	for i := range m.docs {
		if !m.docs[i].fits(qs, needs) {
			continue
		}
		got := gots[i*len(qs) : (i+1)*len(qs) : (i+1)*len(qs)]
		if s := m.score(&m.docs[i], &w, stops, got); s > 0 {
			out = append(out, Match{ID: m.docs[i].id, Score: s, Lacks: m.docs[i].lacks(asked)})
			has = append(has, got)
			for j, w := range got {
				weight[j] = max(weight[j], w)
			}
		}
	}
	total := 0.0
	for j, w := range weight {
		if w == 0 {
			weight[j] = m.rarest // a word no answer knows
		}
		total += weight[j]
	}
	for i := range out {
		c := 0.0
		for j, w := range has[i] {
			if w > 0 {
				c += weight[j]
			}
		}
		out[i].Covered = c / total
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return out
}

// Best returns the top answer when it is confident enough.
func (m *Matcher) Best(q string) (Match, bool) {
	r := m.Rank(q)
	if !m.confident(r) {
		return Match{}, false
	}
	return r[0], true
}

// maxTied is how many answers may share the top score: more, and the
// words the question shares with them are ones every answer uses
// ("verifikasinya bayar gak?" ties the confirmation e-mail, cancelling a
// call and the guide's last step), so no answer is better than a wrong one.
const maxTied = 2

// minCovered is the least share of a question the top answer must
// account for: "penawaran tender kemarin tidak terkirim sebelum batas
// waktu" shares "terkirim" with the confirmation e-mail, and that is all;
// "direkturnya pakai kacamata hitam gpp?" shares "direktur" with the ID
// card answer (0.27: 0.25 let it through; no phrased question sat between).
const minCovered = 0.28

// confident reports whether the ranking's top answer may be given.
func (m *Matcher) confident(r []Match) bool {
	if len(r) == 0 || r[0].Score < m.min || r[0].Covered < minCovered || r[0].Lacks != "" {
		return false
	}
	tied := 0
	for _, x := range r {
		if x.Score < r[0].Score {
			break
		}
		tied++
	}
	return tied <= maxTied
}

// nearTerm is a term spelled close to a question's word.
type nearTerm struct {
	term string
	sim  float64
}

// near lists the terms of all answers within fuzzyMinDice of q (the
// Sørensen–Dice coefficient of their trigrams): computed
// once per question word, not once per answer that has the term.
// common counts each term's trigrams shared with q: it must hold a zero
// per term of the fuzzy index, and does again on return.
func (m *Matcher) near(q string, common []int32) []nearTerm {
	qg := trigrams(q)
	var seen []int // the terms counted, each once
	for _, k := range qg {
		for _, t := range m.fuzzy.postings[k] {
			if common[t] == 0 {
				seen = append(seen, t)
			}
			common[t]++
		}
	}
	var out []nearTerm
	for _, t := range seen {
		if sim := 2 * float64(common[t]) / float64(len(qg)+m.fuzzy.grams[t]); sim >= fuzzyMinDice {
			out = append(out, nearTerm{m.fuzzy.terms[t], sim})
		}
		common[t] = 0
	}
	return out
}

// queryWords is what Rank works out once of a question for every
// answer it scores.
type queryWords struct {
	qs    []string     // the question's stems
	near  [][]nearTerm // each stem's near spellings (long stems only)
	pairs []string     // "previous stem", " ", "stem" from the second on
	again []bool       // the stem came earlier in the question
}

// score is d's score for the question words w.qs; got[i] is set to the
// rarity of the term w.qs[i] matched in d.
func (m *Matcher) score(d *matchDoc, w *queryWords, stops map[string]bool, got []float64) float64 {
	s := 0.0
	found := map[string]bool{} // the entry's terms the question has (fuzzily too)
	for i, q := range w.qs {
		if w.again[i] {
			continue
		}
		best, bestTerm := 0.0, ""
		if t, ok := d.terms[q]; ok {
			best, bestTerm = t, q
		} else {
			for _, n := range w.near[i] {
				t, ok := d.terms[n.term]
				if ok && (t*n.sim > best || t*n.sim == best && n.term < bestTerm) {
					best, bestTerm = t*n.sim, n.term
				}
			}
		}
		if bestTerm != "" {
			s += best * m.idf[bestTerm]
			found[bestTerm] = true
			got[i] = m.idf[bestTerm]
		}
		if i > 0 {
			s += d.pairs[w.pairs[i]]
		}
	}
	if s == 0 {
		return 0
	}
	whole, exact := 0, 0.0
	for _, p := range d.phrases {
		// a keyword's content words are distinct: more of them than terms
		// found cannot all be found
		if len(p.content) < whole || len(p.content) > len(found) || !allFound(p.content, found, nil) {
			continue
		}
		e := 0.0
		if allFound(p.all, found, stops) {
			// "cara verifikasi berkas" is closer to "verifikasi berkas gmn
			// caranya" than "mau verifikasi berkas"; and of two exact
			// keywords the longer says more of the question: "is this the
			// lpse helpdesk" over "helpdesk" for "is this the LPSE helpdesk?"
			e = weightExact + weightLonger*float64(len(p.all))
		}
		if len(p.content) > whole || e > exact {
			whole, exact = len(p.content), e
		}
	}
	return s + weightWhole*float64(whole) + exact
}

func allFound(ws []string, found, stops map[string]bool) bool {
	for _, w := range ws {
		if !found[w] && !stops[w] {
			return false
		}
	}
	return true
}

// distinctWords is ws without repeats, in order.
func distinctWords(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}
