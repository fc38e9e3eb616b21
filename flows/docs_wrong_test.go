package flows

import "testing"

// TestWrongFile: a statement that a file sent was the wrong one, in
// either language; a typo in data, a question or a wrong number is not.
func TestWrongFile(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"maaf tadi file npwp nya salah, saya kirim ulang ya", true},
		{"npwp yang saya kirim salah", true},
		{"salah upload ktp kak", true},
		{"sorry, wrong file", true},
		{"I sent the wrong document, will send again", true},
		{"npwp nya salah ketik", false},
		{"nomor wa nya salah", false},
		{"file yang mana yang salah?", false},
		{"berkasnya sudah benar semua", false},
	} {
		if got := wrongFile(c.in); got != c.want {
			t.Errorf("wrongFile(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
