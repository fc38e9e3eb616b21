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
	for text, want := range map[string]bool{
		"bedanya verifikasi online dan offline apa?":            true,
		"should we do it online or come in person?":             true,
		"lebih baik datang langsung ke kantor atau video call?": true,
		"what time is the offline verification?":                false,
		"oke langsung daftar aja":                               false,
		"please be faster":                                      false,
		"saya mau verifikasi online, berkas mana yang dikirim?": false,
	} {
		if got := comparesWays(text); got != want {
			t.Errorf("comparesWays(%q) = %v, want %v", text, got, want)
		}
	}
	f := newFlows(t)
	// after a survey, "please be faster" is no question about the ways
	got := replyAfter(t, f, variants[1], []any{say("hello")}, "Please be faster.")
	checkReply(t, got, nil, []string{"Both ways verify"})
}
