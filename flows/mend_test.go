package flows

import "testing"

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

// FuzzShortDistance: the allocation-free distance agrees with
// editDistance.
func FuzzShortDistance(f *testing.F) {
	for _, p := range [][2]string{{"regster", "register"}, {"forgt", "forget"}, {"ab", "ba"}, {"", "abc"}, {"kontrak", "kontak"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, limit := range []int{1, 2} {
			if got, want := shortDistance(a, b, limit), editDistance(a, b, limit); min(got, limit+1) != min(want, limit+1) && isASCII(a+b) {
				t.Fatalf("shortDistance(%q, %q, %d) = %d, editDistance %d", a, b, limit, got, want)
			}
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
