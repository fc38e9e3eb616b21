package flows

import (
	"fmt"
	"strings"
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
		{"also the director is actually Lim Ah Kow", stepMode, "[{in.director Lim Ah Kow}]"},
		{"direkturnya sebenarnya Ibu Ratna Sari", stepMode, "[{in.director Ratna Sari}]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(answerParts(c.text, c.step)); got != c.want {
			t.Errorf("answerParts(%q, %s) = %s, want %s", c.text, c.step, got, c.want)
		}
	}
}

// A foreign company corrects an answer in words at the summary as a
// domestic one does; its answers were left out of that, and "the email is
// wrong, it should be …" got the answer that an officer changes vendor
// data.
func TestForeignCorrectsInWords(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(say("halo"), choose(2), choose(3), say("Tan Holdings Sdn Bhd"), say("MY-1234567-X"),
		say("tan@tanholdings.com.my"), say("Tan Wei Ming"), say("+60 12-345 6789"),
		say("emailnya salah, harusnya admin@tanholdings.com.my")))
	out := r.out.String()
	last := out[strings.LastIndex(out, "> emailnya salah"):]
	if !strings.Contains(last, "admin@tanholdings.com.my") || strings.Contains(last, "petugas") && strings.Contains(last, "Perubahan data") {
		t.Errorf("the correction at the summary:\n%s\nwant the new e-mail taken and the summary shown again", last)
	}
	if !strings.Contains(last, "MY-1234567-X") {
		t.Errorf("the foreign tax ID was lost from the summary:\n%s", last)
	}
}
