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
// returns nil when it cannot be cut into known words entirely.
func (m *Matcher) split(w string) []string {
	r := []rune(w)
	best := make([]int, len(r)+1) // fewest pieces for r[:i]; 0 when impossible (except at 0)
	from := make([]int, len(r)+1)
	for i := 3; i <= len(r); i++ {
		for j := 0; j+3 <= i; j++ {
			if (j == 0 || best[j] > 0) && m.vocab[string(r[j:i])] && (best[i] == 0 || best[j]+1 < best[i]) {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[len(r)] == 0 {
		return nil
	}
	var parts []string
	for i := len(r); i > 0; i = from[i] {
		parts = append([]string{string(r[from[i]:i])}, parts...)
	}
	return parts
}
