package flows

import "testing"

func TestCompanyNameSpan(t *testing.T) {
	for _, tc := range []struct{ text, name, rest string }{
		{"mau daftar verifikasi berkas, sy dari CV Sinar Abadi", "CV Sinar Abadi", "mau daftar verifikasi berkas, sy dari"},
		{"we are PT Maju Jaya Abadi, where is the office?", "PT Maju Jaya Abadi", "we are where is the office?"},
		{"cv. Karya Mandiri mau tanya", "CV Karya Mandiri", "mau tanya"},
		{"mau daftar PT baru", "", "mau daftar PT baru"},
		{"npwp pribadi bisa dipake untuk CV?", "", "npwp pribadi bisa dipake untuk CV?"},
	} {
		name, rest, ok := companyNameSpan(tc.text)
		if name != tc.name || rest != tc.rest || ok != (tc.name != "") {
			t.Errorf("%q: got %q / %q / %v, want %q / %q", tc.text, name, rest, ok, tc.name, tc.rest)
		}
	}
}
