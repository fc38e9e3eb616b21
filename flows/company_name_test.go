package flows

import (
	"strings"
	"testing"
)

// TestNamePendingOrCalled: at a company's name "namanya masih proses di
// notaris" and "the name is still being processed at the notary" were
// stored as the name, and "it's a CV called Maju Bersama" was asked
// again. A name not settled yet is told the deed's name is the one (the
// answers kept); a name introduced by "called" is taken with its form.
func TestNamePendingOrCalled(t *testing.T) {
	f := newFlows(t)
	en := []any{say("hi"), say("english"), choose(2), choose(1)}
	rest := []any{say("01.234.567.8-901.000"), say("info@majubersama.co.id"), say("Budi Santoso")}
	runReplyCases(t, f, []replyCase{
		{name: "at the notary", v: variants[0], before: []any{intakeTo(0)}, text: "namanya masih proses di notaris",
			want:    []string{"nama resmi sesuai akta pendirian", "Kita lanjutkan: Apa nama badan usaha Anda?"},
			notWant: []string{"Ketik NPWP"}},
		{name: "at the notary, english", v: variants[1], before: en, text: "the name is still being processed at the notary",
			want: []string{"official one in the deed of establishment", "your answers so far are kept"}, notWant: []string{"Type the company's NPWP"}},
		{name: "called", v: variants[1], before: append(append(append([]any{}, en...), say("it's a CV called Maju Bersama")), rest...),
			text: "0812 3456 7890", want: []string{"• Name: CV Maju Bersama"}},
		{name: "bernama", v: variants[0], before: append(append([]any{intakeTo(0)}, say("PT bernama Sinar Terang")), rest...),
			text: "0812 3456 7890", want: []string{"• Nama: PT Sinar Terang"}},
	})
}

// FuzzCompanyNameSpan: any text; a name found starts with its form, in
// capitals, and is part of the text's words.
func FuzzCompanyNameSpan(f *testing.F) {
	for _, s := range []string{"it's a CV called Maju Bersama", "PT bernama", "cv Maju, PT Jaya", "CV called", "PT. ABADI JAYA, Tbk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, _, ok := companyNameSpan(s)
		if !ok {
			return
		}
		first, _, _ := strings.Cut(name, " ")
		if !companyPrefixes[strings.ToLower(first)] || first != strings.ToUpper(first) || !strings.Contains(name, " ") {
			t.Fatalf("companyNameSpan(%q) = %q", s, name)
		}
	})
}
