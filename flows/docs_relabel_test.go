package flows

import "testing"

// TestReadRelabel: what a vendor says when the bot filed a file under
// the wrong document, and what is not that (a document said to be wrong,
// a question, a document merely mentioned).
func TestReadRelabel(t *testing.T) {
	f := newFlows(t)
	c := &conv{f: f, k: f.latest()}
	reqs := f.latest().reqs["company"]
	for _, tc := range []struct {
		text     string
		to, from string
		ok       bool
	}{
		{"itu bukan ktp, itu npwp", "npwp_company", "ktp", true},
		{"file tadi salah, harusnya akta", "deed", "", true},
		{"ktp-direktur.pdf itu bukan ktp, harusnya akta", "deed", "ktp", true},
		{"salah kirim, yang tadi npwp bukan ktp", "npwp_company", "ktp", true},
		{"bukan ktp tapi npwp", "npwp_company", "ktp", true},
		{"eh maaf itu bukan ktp", "", "ktp", true},
		{"that file is the NPWP, not the KTP", "npwp_company", "ktp", true},
		{"wrong file earlier, it should be the deed", "deed", "", true},
		{"npwp salah, nanti saya kirim ulang", "", "", false},
		{"kalau ktp salah gimana?", "", "", false},
		{"ktp sudah saya kirim", "", "", false},
		{"eh salah, npwpnya 02.345.678.9-012.000", "", "", false},
	} {
		a, ok := c.readRelabel(tc.text, reqs)
		if ok != tc.ok || a.to != tc.to || a.from != tc.from {
			t.Errorf("%q: got %+v %v, want to=%q from=%q %v", tc.text, a, ok, tc.to, tc.from, tc.ok)
		}
	}
}
