package flows

import "strings"

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
