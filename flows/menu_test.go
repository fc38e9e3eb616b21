package flows

import (
	"strings"
	"testing"
)

// A request type's label typed whole starts that request even when its
// button is not offered: the answer on a locked account tells the vendor
// to choose "Lupa password / reset akun", and typing it used to give the
// same answer again.
func TestRequestLabelTypedWhole(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct{ first, label, want string }{
		{"pagi min, akun spse saya terkunci gara2 salah password 3x", "Lupa password / reset akun", "Tulis User ID atau email SPSE"},
		{"halo", "Perubahan data", "Data apa yang ingin diubah"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			r := newDocRunner(t, f, variants[0], mondayMorning)
			r.play(steps(say(tc.first), say(tc.label)))
			out := r.out.String()
			last := out[strings.LastIndex(out, "> "+tc.label):]
			if !strings.Contains(last, tc.want) {
				t.Errorf("after %q typed:\n%s\nwant the request's question (%q)", tc.label, last, tc.want)
			}
		})
	}
}

// Words that point at the guide step the vendor is on ("sudah cek spam
// juga ga ada" on the step that says to check spam) get the officer's
// help and the next step offered, not the same step again (a loop).
func TestGuideStepSaidAgain(t *testing.T) {
	f := newFlows(t)
	r := newDocRunner(t, f, variants[0], mondayMorning)
	r.play(steps(say("halo"), say("saya sudah daftar online tapi belum dapat email konfirmasi"), say("sudah cek spam juga ga ada")))
	out := r.out.String()
	last := out[strings.LastIndex(out, "> sudah cek spam"):]
	if strings.Contains(last, "Panduan pendaftaran — langkah 3") || !strings.Contains(last, "Saya macet di sini") {
		t.Errorf("the step said again:\n%s\nwant the officer's help offered, not the step repeated", last)
	}
}

// A reply the guide cannot use names only the choices its step offers:
// the first step has no "back" (it named "Kembali", which was not there).
func TestGuideMissNamesItsChoices(t *testing.T) {
	f := newFlows(t)
	r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	r.do(say("halo"))
	r.do(choose(1)) // the guide, step 1
	if got := ask(r, "99"); strings.Contains(got, "Kembali") || !strings.Contains(got, "Lanjut") {
		t.Errorf("step 1 answered %q, want Lanjut without Kembali", got)
	}
	r.do(say("lanjut")) // step 2
	if got := ask(r, "99"); !strings.Contains(got, "Kembali") {
		t.Errorf("step 2 answered %q, want Kembali among the choices", got)
	}
}
