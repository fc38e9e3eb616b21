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
