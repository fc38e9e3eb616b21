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

// "Sudah cek spam juga" or "terus gimana dong?" right after advice (a
// guide step, an answer) says the advice did not help: the way to a
// person comes next, not the same advice again nor, for "terus", the
// application-problem answer ("loading terus").
func TestTriedAdviceGetsAPerson(t *testing.T) {
	f := newFlows(t)
	labels := func(r *runner) string {
		var s []string
		for _, rp := range r.last {
			for _, row := range rp.Buttons {
				for _, b := range row {
					s = append(s, b.Label)
				}
			}
		}
		return strings.Join(s, " | ")
	}
	r := &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	r.play([]act{say("halo"), choose(1), say("lanjut"), say("lanjut"), say("lanjut"), say("emailnya gak masuk")})
	for _, text := range []string{"sudah cek spam juga", "terus gimana dong?"} {
		got := ask(r, text)
		if !strings.Contains(labels(r), "Saya macet di sini") || !strings.Contains(got, "langkah 3") ||
			strings.Contains(got, "Panduan pendaftaran — langkah") || strings.Contains(got, "aplikasi SPSE") {
			t.Errorf("on the guide, %q got:\n%s\n[%s]\nwant the officer's help with step 3 offered", text, got, labels(r))
		}
	}
	r.do(choose(1)) // "Saya macet di sini": a ticket with the step
	if got := lastText(r); !strings.Contains(got, "langkah 3") {
		t.Errorf("stuck at step 3 got %q", got)
	}

	r = &runner{t: t, f: f, b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	r.play([]act{say("halo"), say("lupa password spse")})
	if got := ask(r, "sudah saya coba, tetap gak bisa"); !strings.Contains(got, "belum menyelesaikannya") ||
		!strings.Contains(labels(r), "Lupa password / reset akun") {
		t.Errorf("after the password answer got:\n%s\n[%s]\nwant the reset request offered", got, labels(r))
	}
	// Not right after an answer, the same words are not taken for it.
	if got := ask(r, "terus gimana dong?"); strings.Contains(got, "belum menyelesaikannya") || strings.Contains(got, "aplikasi SPSE") {
		t.Errorf("with no answer just given, %q got %q", "terus gimana dong?", got)
	}
}

func TestTriedIt(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"sudah cek spam juga", true},
		{"udah dicoba tetap gagal", true},
		{"tetap gak ada min", true},
		{"masih belum masuk", true},
		{"gak berhasil", true},
		{"terus gimana dong?", true},
		{"lalu saya harus apa?", true},
		{"then what?", true},
		{"what now?", true},
		{"I already checked the spam folder", true},
		{"still nothing", true},
		{"it didn't work", true},
		{"we checked spam", true},
		{"I tried that", true},
		{"we will check", false},
		{"sudah daftar", false},
		{"terus kirim berkasnya kemana?", false},
		{"gimana caranya daftar?", false},
		{"masih bisa daftar hari ini?", false},
		{"sudah cek spam juga, tapi kalau email saya salah ketik bagaimana cara menggantinya ya?", false},
	} {
		if got := triedIt(c.text); got != c.want {
			t.Errorf("triedIt(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
