package flows

import (
	"strings"
	"testing"
)

func TestAsksHowAreYou(t *testing.T) {
	for text, want := range map[string]bool{
		"apa kabar?":                        true,
		"Apa kabarnya pak?":                 true,
		"halo min, apa kabar?":              true,
		"selamat pagi, gimana kabarnya kak": true,
		"how are you?":                      true,
		"hi, how r u":                       true,
		"hows it going":                     true,
		"gimana kabar berkas saya?":         false, // the status
		"kok belum ada kabar?":              false, // no reply yet
		"apa syaratnya?":                    false,
		"how do I register?":                false,
		"kabar":                             false,
		"halo":                              false,
	} {
		if got := asksHowAreYou(text); got != want {
			t.Errorf("asksHowAreYou(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestHowAreYouIsAGreeting: "apa kabar?" as a first message gets the
// welcome with a word on how the bot is, not "I can't answer that", and
// nothing is kept for /admin/unanswered; in the middle of the
// registration it gets the same word and the pending question again.
// "Kok belum ada kabar?" (no news yet) is the vendor waiting for an
// officer: without a ticket, the answer says nothing is waiting.
func TestHowAreYouIsAGreeting(t *testing.T) {
	for _, c := range []struct {
		first, says string
	}{
		{"apa kabar?", "Kabar saya baik"},
		{"halo min, apa kabar?", "Kabar saya baik"},
		{"how are you?", "I'm well, thank you"},
	} {
		got, _, open := firstMessage(t, c.first) // flows/questions_test.go
		if !strings.Contains(got, c.says) || strings.Contains(got, "belum bisa saya jawab") || strings.Contains(got, "can't answer") {
			t.Errorf("first %q answered %q, want it to say %q", c.first, got, c.says)
		}
		if len(open) != 0 {
			t.Errorf("first %q kept for /admin/unanswered: %+v", c.first, open)
		}
	}
	r := &runner{t: t, f: newFlows(t), b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	ask(r, "halo")
	ask(r, "2")
	if got := ask(r, "apa kabar?"); !strings.Contains(got, "Kabar baik, terima kasih") || !strings.Contains(got, "Kita lanjutkan") {
		t.Errorf("mid-registration \"apa kabar?\" answered %q, want the greeting and the pending question", got)
	}
	r = &runner{t: t, f: newFlows(t), b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	ask(r, "halo")
	if got := ask(r, "kok belum ada kabar?"); !strings.Contains(got, "belum punya permintaan yang terbuka") {
		t.Errorf("\"kok belum ada kabar?\" without a ticket answered %q, want that nothing waits for an officer", got)
	}
}

// TestHowAreYouToTheOfficer: inside a ticket conversation "apa kabar?"
// greets the officer: it goes on the ticket with the usual
// acknowledgement, neither answered by the bot as its own greeting nor
// taken for "ada kabar?" (no news yet), which shares its word.
func TestHowAreYouToTheOfficer(t *testing.T) {
	r := &runner{t: t, f: newFlows(t), b: newSQLiteBackend(t), v: variants[0], now: mondayMorning}
	ask(r, "halo")
	ask(r, "5") // an officer
	ask(r, "4") // other request
	ask(r, "Saya ingin menanyakan jadwal pelatihan SPSE.")
	got := ask(r, "apa kabar?")
	if strings.Contains(got, "Kabar baik") || strings.Contains(got, "Status tiket") {
		t.Errorf("\"apa kabar?\" on the ticket answered %q, want it passed to the officer", got)
	}
}
