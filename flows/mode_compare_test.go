package flows

import "testing"

// TestModeCompare: "which one is faster?" at the choice between online and
// in person got the guide's last step, and "mana yang lebih cepat, online
// atau datang langsung?" the in-person answer; both now compare the two
// ways, with the earliest free call time, and the choice comes back.
func TestModeCompare(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[1], []any{intakeTo(5)}, "what's the difference? which one is faster?")
	checkReply(t, got, []string{"Both ways verify your account alike", "In person: verified on the spot",
		"the earliest free time right now: Monday, 5 January 2026", "Let's continue", "[Online (PDFs + video call)]"},
		[]string{"Registration guide — step"})
	got = replyAfter(t, f, variants[0], []any{say("halo")}, "mana yang lebih cepat, online atau datang langsung?")
	checkReply(t, got, []string{"Keduanya sama sahnya", "Tatap muka: diverifikasi langsung", "[Registrasi & verifikasi berkas]"}, nil)
	// naming one way still chooses it
	got = replyAfter(t, f, variants[0], []any{intakeTo(5)}, "online")
	checkReply(t, got, []string{"PDF"}, []string{"Keduanya sama sahnya"})
}

func TestComparesWays(t *testing.T) {
	f := newFlows(t)
	c := &conv{f: f, st: &state{}}
	for text, want := range map[string]bool{
		"bedanya verifikasi online dan offline apa?":            true,
		"should we do it online or come in person?":             true,
		"lebih baik datang langsung ke kantor atau video call?": true,
		"what time is the offline verification?":                false,
		"oke langsung daftar aja":                               false,
		"please be faster":                                      false,
		"saya mau verifikasi online, berkas mana yang dikirim?": false,
	} {
		if got := c.comparesWays(text); got != want {
			t.Errorf("comparesWays(%q) = %v, want %v", text, got, want)
		}
	}
	// after a survey, "please be faster" is no question about the ways
	got := replyAfter(t, f, variants[1], []any{say("hello")}, "Please be faster.")
	checkReply(t, got, nil, []string{"Both ways verify"})
}

// TestModeChosenBesideQuestion: "udah bener, tp sy bisanya datang langsung
// aja hari jumat, buka jam brp?" at the choice got Friday's hours and the
// choice again, to be pressed; the way named is taken and the question
// answered in the same reply. A question that only says something (how
// long the call is) is answered beside an answer too; it was dropped.
func TestModeChosenBesideQuestion(t *testing.T) {
	f := newFlows(t)
	got := replyAfter(t, f, variants[0], []any{intakeTo(5)}, "udah bener, tp sy bisanya datang langsung aja hari jumat, buka jam brp?")
	checkReply(t, got, []string{"Jumat, 9 Januari 2026: dilayani seperti biasa", "tercatat di tiket #1001", "Verifikasi tatap muka:"},
		[]string{"tinggal menunggu pilihan cara verifikasi"})
	got = replyAfter(t, f, variants[1], []any{intakeTo(5)}, "all correct, we'll do it online, how long is the video call?")
	checkReply(t, got, []string{"The verification video call takes about 20 minutes", "is ticket #1001", "Please prepare these PDFs"}, nil)
	// both ways named in a question: still the choice, compared
	got = replyAfter(t, f, variants[0], []any{intakeTo(5)}, "tatap muka atau online ya, mana yang lebih cepat?")
	checkReply(t, got, []string{"Keduanya sama sahnya", "tinggal menunggu pilihan cara verifikasi"}, []string{"tercatat di tiket"})
}
