package flows

import (
	"slices"
	"strings"
)

// Words typed without spaces ("kirimberkasdimana", "jamlayanan"): a long
// word no answer knows is read as the known words it is made of, when it
// splits into them completely.

// minGlued is the shortest typed word the matcher tries to split.
const minGlued = 7

// vocabulary records the words of a keyword or answer text as written.
func (m *Matcher) vocabulary(s string) {
	if m.vocab == nil {
		m.vocab = map[string]bool{}
	}
	for _, w := range tokens(s) {
		m.vocab[w] = true
	}
}

// unglue returns q with each long unknown word replaced by the known
// words it splits into; q itself when there is none.
func (m *Matcher) unglue(q string) string {
	ws := tokens(q)
	changed := false
	for i, w := range ws {
		if len(w) < minGlued || m.vocab[w] || informal[w] != "" {
			continue
		}
		if parts := m.split(w); len(parts) >= 2 {
			ws[i], changed = strings.Join(parts, " "), true
		}
	}
	if !changed {
		return q
	}
	return strings.Join(ws, " ")
}

// split cuts w into the fewest known words of three letters or more, or
// returns nil when it cannot be cut into known words entirely. The
// pieces are looked up as slices of w (no copy per candidate).
func (m *Matcher) split(w string) []string {
	at := make([]int, 0, len(w)+1) // byte offset of each rune, and the end
	for i := range w {
		at = append(at, i)
	}
	at = append(at, len(w))
	n := len(at) - 1         // runes
	best := make([]int, n+1) // fewest pieces for the first i runes; 0 when impossible (except at 0)
	from := make([]int, n+1)
	for i := 3; i <= n; i++ {
		for j := 0; j+3 <= i; j++ {
			if (j == 0 || best[j] > 0) && (best[i] == 0 || best[j]+1 < best[i]) && m.vocab[w[at[j]:at[i]]] {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[n] == 0 {
		return nil
	}
	parts := make([]string, best[n])
	for i, k := n, best[n]-1; i > 0; i, k = from[i], k-1 {
		parts[k] = w[at[from[i]]:at[i]]
	}
	return parts
}

// Misspelled words the chat spellings know: "regster", "docments",
// "pasword", "forgt", "ofice" reach no answer, since the answers index
// the words they fold to ("daftar", "berkas", "password", "lupa",
// "kantor"), whose spellings are too far for the fuzzy match. A word of
// five letters or more that no answer or keyword has, one edit from a
// chat spelling (two from one of nine letters or more), is read as it.

// informalKeys are the chat spellings worth mending to, in order.
var informalKeys = func() []string {
	var ks []string
	for k, v := range informal {
		if len(k) >= 5 && v != "" {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}()

// realWords are words one edit from a chat spelling that mean something
// else: a contract is no contact, cooking no "masuk".
var realWords = wordSet("kontrak", "masak", "bekas", "berkat", "kontras")

// mend returns q with each misspelled unknown word replaced by the chat
// spelling it is nearest, q itself when there is none.
func (m *Matcher) mend(q string) string {
	ws := tokens(q)
	changed := false
	for i, w := range ws {
		if len(w) < 5 || m.vocab[w] || stopwords[w] || realWords[w] {
			continue
		}
		if _, ok := informal[w]; ok {
			continue
		}
		if k := nearestKey(w); k != "" {
			ws[i], changed = k, true
		}
	}
	if !changed {
		return q
	}
	return strings.Join(ws, " ")
}

// nearestKey is the chat spelling within reach of w (see mend), the
// first of the nearest; "" for none.
func nearestKey(w string) string {
	best, bestD := "", 3
	for _, k := range informalKeys {
		limit := 1
		if len(k) >= 9 {
			limit = 2
		}
		if d := len(k) - len(w); d > limit || -d > limit {
			continue
		}
		if d := editDistance(w, k, limit); d <= limit && d < bestD { // flows/understand.go
			best, bestD = k, d
		}
	}
	return best
}
