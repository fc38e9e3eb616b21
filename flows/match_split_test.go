package flows

import "testing"

func TestUnglue(t *testing.T) {
	m := NewMatcher([]MatchEntry{{ID: "a", Keywords: []string{"kirim berkas", "jam layanan"}, Texts: []string{"dimana kantor"}}})
	for q, want := range map[string]string{
		"kirimberkasdimana": "kirim berkas dimana",
		"JAMLAYANAN?":       "jam layanan",
		"kirim berkas":      "kirim berkas", // nothing glued
		"majujaya":          "majujaya",     // not made of known words
		"berkasx":           "berkasx",
	} {
		if got := m.unglue(q); got != want {
			t.Errorf("unglue(%q) = %q, want %q", q, got, want)
		}
	}
}
