package flows

import "testing"

// Without a ticket, a question about the documents themselves is answered
// documents first; one about what is still missing, or where things
// stand, says first that there is no ticket here.
func TestNamesDocuments(t *testing.T) {
	for text, want := range map[string]bool{
		"apa saja syaratnya?":                 true,
		"mohon info syarat pendaftaran":       true,
		"which files do you need":             true,
		"dokumen apa saja yang harus dikirim": true,
		"what are the requirements?":          true,
		"apa yang masih kurang":               false,
		"what is still missing":               false,
		"sudah semua?":                        false,
		"dokumen apa lagi yg harus dikirim":   false,
		"sy udh kirim berkas blm ada kabar":   false,
		"berkas saya sudah lengkap belum":     false,
		"jam layanan":                         false,
	} {
		if got := namesDocuments(text); got != want {
			t.Errorf("namesDocuments(%q) = %v, want %v", text, got, want)
		}
	}
}
