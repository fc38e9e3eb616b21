package flows

import (
	"strings"
	"testing"
)

// TestMendMisspelled: misspelled words reach the answers their right
// spelling does ("how do i regster as a vender" got the tender answer,
// "i forgt my pasword" the password rules, "whre is ur ofice" nothing);
// words the answers know, and real words near a chat spelling, stay.
func TestMendMisspelled(t *testing.T) {
	m := newFlows(t).latest().match
	for w, want := range map[string]string{
		"regster": "register", "docments": "documents", "forgt": "forget", "ofice": "office", "vender": "vendor",
		"verfication": "verification", "adress": "address", "confrm": "confirm",
		"kontrak": "kontrak", "masak": "masak", "bekas": "bekas", "tender": "tender", "hotel": "hotel",
	} {
		if got := m.mend(w); got != want {
			t.Errorf("mend(%q) = %q, want %q", w, got, want)
		}
	}
}

// FuzzEditDistance: the cut-off distance on stack rows agrees with a
// plain one for words short and long.
func FuzzEditDistance(f *testing.F) {
	for _, p := range [][2]string{{"regster", "register"}, {"forgt", "forget"}, {"ab", "ba"}, {"", "abc"}, {"kontrak", "kontak"},
		{"é", "e"}, {strings.Repeat("a", 40), strings.Repeat("a", 39) + "b"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		want := plainDistance([]rune(a), []rune(b))
		for _, limit := range []int{1, 2} {
			if got := editDistance(a, b, limit); min(got, limit+1) != min(want, limit+1) {
				t.Fatalf("editDistance(%q, %q, %d) = %d, plain %d", a, b, limit, got, want)
			}
		}
	})
}

// plainDistance is the optimal string alignment distance, uncut.
func plainDistance(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
