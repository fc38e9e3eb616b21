package flows

import "testing"

func TestWantsInPerson(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"gak jadi vc, mau datang langsung ke MPP aja", true},
		{"saya mau verifikasi tatap muka saja", true},
		{"ganti ke offline aja min", true},
		{"bisa datang langsung aja?", true},
		{"tidak jadi daring, saya datang ke kantor saja", true},
		{"mending sy dtg langsung aja deh", true},
		{"I'd rather come in person", true},
		{"can I switch to in-person verification?", true},
		{"no video call please, I will come to the office instead", true},
		{"I'd rather come to the office", true},
		// questions about coming in person, and not being able to
		{"harus datang langsung gak?", false},
		{"datang langsung bawa apa?", false},
		{"alamat mpp dimana", false},
		{"jam berapa bisa datang langsung?", false},
		{"saya tidak bisa datang langsung", false},
		{"sy gak bisa ke mpp, vc aja", false},
		{"do I have to come in person?", false},
		{"what should I bring when I come in person?", false},
		{"I cannot come in person", false},
		{"datang langsung", false}, // no wish: the answers say where and how
		{"tatap muka", false},
		{"mau ganti jadwal", false},
	} {
		if got := wantsInPerson(c.text); got != c.want {
			t.Errorf("wantsInPerson(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestWantsOnline(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"mau ganti jadi online aja", true},
		{"bisa lewat video call saja?", true},
		{"I'd rather do it online", true},
		{"online itu gimana caranya?", false},
		{"saya tidak bisa vc", false},
		{"harus online ya?", false},
	} {
		if got := wantsOnline(c.text); got != c.want {
			t.Errorf("wantsOnline(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
