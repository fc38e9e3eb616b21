package flows

import (
	"strings"
	"testing"
)

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

// TestForeignTaxIDAnswer: at a foreign company's tax number the whole
// answer is taken when it is a number ("GB 123 4567 89"); one typed in
// a sentence of letters and spaces ("our UEN is 201912345K", which the
// number's own rules accept as a whole) is taken without its words and
// said back.
func TestForeignTaxIDAnswer(t *testing.T) {
	for _, c := range []struct {
		in, want string
		said     bool
	}{
		{"201912345K", "201912345K", false},
		{"GB 123 4567 89", "GB 123 4567 89", false},
		{"C 2584563-05", "C 2584563-05", false},
		{"our UEN is 201912345K", "201912345K", true},
		{"UEN nya 201912345K", "201912345K", true},
		{"tax id 123-456-789", "123-456-789", true},
		{"our tax number is 200901012345 (Malaysia)", "200901012345", true},
		{"we do not have one", "", false},
	} {
		id, said, ok := foreignTaxID(c.in)
		if id != c.want || said != c.said || ok != (c.want != "") {
			t.Errorf("foreignTaxID(%q) = %q, %v, %v; want %q, %v", c.in, id, said, ok, c.want, c.said)
		}
	}
	f := newFlows(t)
	got := replyAfter(t, f, variants[1], []any{say("hello"), choose(2), choose(3), say("Lion Trading Pte Ltd")}, "our UEN is 201912345K")
	if !strings.Contains(got, "201912345K") || strings.Contains(got, "our UEN") {
		t.Errorf("the number typed in a sentence is not said back alone:\n%s", got)
	}
}
