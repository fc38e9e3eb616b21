package flows

import "testing"

// FuzzShiftAsked: any text gives a span of at most four hours either way,
// and none without a word of direction.
func FuzzShiftAsked(f *testing.F) {
	for _, s := range []string{"bisa diundur 30 menit?", "majukan setengah jam", "push it back an hour", "mundur 999 jam",
		"diundur ke jam 11 jam", "half an hour", "later 0 minutes", "mundur -5 menit"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := shiftAsked(s)
		if m < -240 || m > 240 {
			t.Fatalf("shiftAsked(%q) = %d, beyond four hours", s, m)
		}
		if m != 0 && !hasWordsOf(s, laterShiftWords) && !hasWordsOf(s, earlierShiftWords) {
			t.Fatalf("shiftAsked(%q) = %d without a word of direction", s, m)
		}
	})
}
