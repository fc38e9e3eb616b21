package flows

import "testing"

// TestFormAnswerName: a company named at the form question is its name
// too; a form alone, or a sentence about it, is not.
func TestFormAnswerName(t *testing.T) {
	for text, want := range map[string]string{
		"CV Maju Jaya":              "CV Maju Jaya",
		"PT. Sinar Abadi Sejahtera": "PT Sinar Abadi Sejahtera",
		"cv maju jaya":              "CV maju jaya",
		"pt sinar abadi":            "PT sinar abadi",
		"saya dari CV Maju Jaya":    "CV Maju Jaya",
		"cv":                        "",
		"pt aja kak":                "",
		"cv saya":                   "",
		"pt atau cv":                "",
		"pt baru":                   "",
		"cv 123":                    "",
		"perusahaan":                "",
	} {
		got, ok := formAnswerName(text)
		if ok != (want != "") || got != want {
			t.Errorf("formAnswerName(%q) = %q, %v; want %q", text, got, ok, want)
		}
	}
}

// TestCompanyNamedAtTheFormQuestion: "CV Maju Jaya" typed when asked for
// the business form sets the form and the name, and the NPWP is asked
// next (it asked for the name it had just been given).
func TestCompanyNamedAtTheFormQuestion(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "capitalised", v: variants[0], before: []any{say("halo"), choose(2)}, text: "CV Maju Jaya",
			want: []string{"Nama usaha: CV Maju Jaya", "Ketik NPWP perusahaan"}, notWant: []string{"Apa nama badan usaha"}},
		{name: "lower case", v: variants[1], before: []any{say("hi"), choose(2)}, text: "pt sinar abadi",
			want: []string{"Business name: PT sinar abadi", "company's NPWP"}},
		{name: "the form alone", v: variants[0], before: []any{say("halo"), choose(2)}, text: "cv",
			want: []string{"Apa nama badan usaha Anda?"}},
	})
}

// TestOwnBusinessWishRegisters: "I run a small catering business on my
// own, I want to get verified" starts the registration as an individual
// business (it got the guide's last step and the menu: "verified" was no
// word of verifying, "on my own" no form).
func TestOwnBusinessWishRegisters(t *testing.T) {
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "english", v: variants[1], text: "hello, I run a small catering business on my own, I want to get verified",
			want: []string{"Business form: Individual business", "the owner's full name"}},
		{name: "indonesian", v: variants[0], text: "halo, saya punya usaha sendiri jualan katering, mau diverifikasi",
			want: []string{"Bentuk usaha: Usaha perorangan", "nama lengkap pemilik usaha"}},
	})
}
