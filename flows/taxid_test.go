package flows

import "testing"

// TestTaxIDInSentence: a foreign company's tax number typed in a
// sentence is found ("our tax number is 200901012345 (Malaysia)" was
// refused as not a tax number); labels before it are not part of it, a
// short capital prefix is; a sentence without one finds nothing.
func TestTaxIDInSentence(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"our tax number is 200901012345 (Malaysia)", "200901012345"},
		{"TIN: C 2584563-05", "C 2584563-05"},
		{"tax id 123-456-789, phone +60 12-345 6789", "123-456-789"},
		{"ID 12345 thanks", "12345"},
		{"nomor pajak kami 91-2345678 (Singapura)", "91-2345678"},
		{"we do not have one", ""},
		{"no 12", ""},
		{"", ""},
	} {
		got, ok := taxIDInSentence(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("taxIDInSentence(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

// FuzzTaxIDInSentence: whatever is typed, a number found is one the
// tax-number step accepts on its own.
func FuzzTaxIDInSentence(f *testing.F) {
	for _, s := range []string{"our tax number is 200901012345 (Malaysia)", "TIN: C 2584563-05", "ID 12345", "((", "A 1 2 3 4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if id, ok := taxIDInSentence(s); ok && !validTaxID(id) {
			t.Errorf("taxIDInSentence(%q) = %q, which validTaxID refuses", s, id)
		}
	})
}
