package flows

import (
	"strings"
	"testing"
)

func TestPasswordInSentence(t *testing.T) {
	yes := []string{
		"password saya Rahasia123!", "Password SPSE saya: Budi_2024", "sandi: abc12345", "kata sandi saya rahasia!!",
		"pass saya Abcd1234", "my password is Secret-2024", "The password: hunter22", "password:Rahasia123",
		"pwd = Tr0ub4dor&3", "Kata sandinya? kata sandi baru saya \"Maju#Jaya1\" tolong dicek",
	}
	no := []string{
		"password saya lupa, tolong reset", "lupa password", "kata sandi minimal 8 karakter", "syarat password apa",
		"password untuk user budi123 salah", "password email saya tidak bisa", "password SPSE saya tidak bisa login",
		"I forgot my password", "password e-mail sudah diganti", "password sudah 3 kali salah",
		"password reset link https://spse.example.go.id/x1 tidak jalan", "password dikirim ke budi.santoso1@gmail.com",
		"bypass Rahasia123!", "NPWP 01.234.567.8-901.000", "", "saya lupa password spse gimana?", "lupa password gimana?",
		"password ditolak terus?", "how do I reset my password, anyone?",
	}
	for _, s := range yes {
		if !LooksLikePassword(s) {
			t.Errorf("LooksLikePassword(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if LooksLikePassword(s) {
			t.Errorf("LooksLikePassword(%q) = true, want false", s)
		}
	}
}

// A password inside a sentence sent while talking to the officers never
// reaches the ticket (and so never a webhook), only a warning answers it.
func TestPasswordInSentenceNeverStored(t *testing.T) {
	f := newFlows(t)
	b := newSQLiteBackend(t)
	const pw = "Rahasia123!"
	r := playSQL(t, f, b, say("halo"), choose(5), choose(4), say("Tolong bantu, saya tidak bisa login ke SPSE."),
		say("password saya "+pw+" tapi tetap ditolak"), say("my password is "+pw))
	for _, a := range b.activities(t) {
		if strings.Contains(a.Body, pw) {
			t.Fatalf("password stored in activity %+v", a)
		}
	}
	if got := strings.Count(r.out.String(), "terlihat seperti password"); got != 2 {
		t.Fatalf("want two warnings, got %d:\n%s", got, r.out.String())
	}
}

func FuzzLooksLikePassword(f *testing.F) {
	for _, s := range []string{"password saya Rahasia123!", "sandi:", "pass", "password " + strings.Repeat("a1!", 30)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := LooksLikePassword(s)
		low := strings.ToLower(s)
		named := strings.Contains(low, "pas") || strings.Contains(low, "sandi") || strings.Contains(low, "pwd")
		if got && !named && strings.ContainsAny(strings.TrimSpace(s), " \t\r\n") {
			t.Fatalf("LooksLikePassword(%q): a sentence without a password keyword", s)
		}
	})
}
