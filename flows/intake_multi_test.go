package flows

import (
	"fmt"
	"testing"
)

func TestAnswerParts(t *testing.T) {
	cases := []struct{ text, step, want string }{
		{"nama CV Maju Jaya, npwp 01.234.567.8-901.000", stepName, "[{in.name CV Maju Jaya} {in.npwp 012345678901000}]"},
		{"CV Maju Jaya npwp 01.234.567.8-901.000 email info@majujaya.co.id", stepName,
			"[{in.name CV Maju Jaya} {in.npwp 012345678901000} {in.user info@majujaya.co.id}]"},
		{"ralat, npwp yang benar 02.345.678.9-012.000", stepDirector, "[{in.npwp 023456789012000}]"},
		{"sorry wrong email, it's budi@majujaya.co.id", stepMode, "[{in.user budi@majujaya.co.id}]"},
		{"ini no wa nya 0812 3456 7890", stepPhone, "[{in.phone +6281234567890}]"},
		{"halo, selamat pagi", stepName, "[]"},
		{"direkturnya sy sendiri", stepDirector, "[]"},
		{"eh salah", stepDirector, "[]"},
		{"salah, namanya CV Maju Jaya Abadi", stepMode, "[{in.name CV Maju Jaya Abadi}]"},
		{"sorry wrong number, it's 0813 1111 2222", stepMode, "[{in.phone +6281311112222}]"},
		{"PT. Sinar Abadi, Tbk", stepName, "[{in.name PT. Sinar Abadi}]"},
		{"CV Maju Jaya, Budi Santoso", stepUser, "[]"}, // names without labels answer only the name asked
	}
	for _, c := range cases {
		if got := fmt.Sprint(answerParts(c.text, c.step)); got != c.want {
			t.Errorf("answerParts(%q, %s) = %s, want %s", c.text, c.step, got, c.want)
		}
	}
}
