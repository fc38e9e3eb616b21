package flows

import (
	"strings"
	"testing"
	"unicode/utf8"

	"loket"
)

func TestParseNPWP(t *testing.T) {
	cases := []struct {
		in      string
		digits  string
		problem NPWPProblem
		detail  int
	}{
		{"01.234.567.8-901.000", "012345678901000", NPWPOK, 0},
		{"012345678901000", "012345678901000", NPWPOK, 0},
		{" 01 234 567 8 901 000 ", "012345678901000", NPWPOK, 0},
		{"3201234567890123", "3201234567890123", NPWPOK, 0},
		{"3201-2345-6789-0123", "3201234567890123", NPWPOK, 0},
		{"", "", NPWPEmpty, 0},
		{"   ", "", NPWPEmpty, 0},
		{"01.234.567.8-901", "", NPWPLength, 12},
		{"01.234.567.8-901.0000", "0123456789010000", NPWPOK, 0},
		{"01.234.567.8-901.00000", "", NPWPLength, 17},
		{"01.234.567.8-9O1.000", "", NPWPBadChar, 15},
		{"NPWP 012345678901000", "", NPWPBadChar, 1},
		{"00.000.000.0-000.000", "", NPWPAllZeroes, 0},
	}
	for _, c := range cases {
		d, p, n := ParseNPWP(c.in)
		if d != c.digits || p != c.problem || n != c.detail {
			t.Errorf("ParseNPWP(%q) = %q, %q, %d; want %q, %q, %d", c.in, d, p, n, c.digits, c.problem, c.detail)
		}
	}
	if got := FormatNPWP("012345678901000"); got != "01.234.567.8-901.000" {
		t.Errorf("FormatNPWP = %q", got)
	}
}

func FuzzParseNPWP(f *testing.F) {
	for _, s := range []string{"01.234.567.8-901.000", "3201234567890123", "", "x", "0-0.0", "٣٢٠١٢٣٤٥٦٧٨٩٠١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, p, n := ParseNPWP(s)
		switch p {
		case NPWPOK:
			if len(d) != 15 && len(d) != 16 || strings.Trim(d, "0123456789") != "" {
				t.Fatalf("ParseNPWP(%q) accepted %q", s, d)
			}
			if d2, p2, _ := ParseNPWP(FormatNPWP(d)); p2 != NPWPOK || d2 != d {
				t.Fatalf("formatted %q does not parse back", FormatNPWP(d))
			}
		case NPWPBadChar:
			if n < 1 || n > utf8.RuneCountInString(strings.TrimSpace(s)) {
				t.Fatalf("bad position %d for %q", n, s)
			}
		case NPWPLength:
			if n == 15 || n == 16 {
				t.Fatalf("length problem with %d digits", n)
			}
		}
	})
}

func TestParsePhone(t *testing.T) {
	cases := []struct{ in, want string }{
		{"0812-3456-7890", "+6281234567890"},
		{"081234567890", "+6281234567890"},
		{"6281234567890", "+6281234567890"},
		{"+62 812-3456-7890", "+6281234567890"},
		{"+62 (812) 3456 7890", "+6281234567890"},
		{"0062 812 3456 7890", "+6281234567890"},
		{"0251-8325943", "+622518325943"},
		{"+65 9123 4567", "+6591234567"},
		{"12345678", ""},
		{"08123", ""},
		{"0812345", ""},
		{"abc", ""},
		{"0812 3456 7890 ext 5", ""},
		{"", ""},
		{"+62 000 0000 0000", ""},
	}
	for _, c := range cases {
		got, ok := ParsePhone(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"0812-3456-7890", "6281234567890", "+62 812-3456-7890", "12345678", "+", "00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ParsePhone(s)
		if !ok {
			return
		}
		if !strings.HasPrefix(p, "+") || strings.Trim(p[1:], "0123456789") != "" || len(p) < 9 {
			t.Fatalf("ParsePhone(%q) = %q is not E.164", s, p)
		}
		if again, ok := ParsePhone(p); !ok || again != p {
			t.Fatalf("ParsePhone(%q) = %q, %v; not idempotent", p, again, ok)
		}
	})
}

func TestParseEmail(t *testing.T) {
	cases := []struct{ in, want string }{
		{"info@majujaya.co.id", "info@majujaya.co.id"},
		{" Budi.Santoso@Gmail.COM ", "Budi.Santoso@gmail.com"},
		{"a+tag@sub.example.org", "a+tag@sub.example.org"},
		{"info@majujaya", ""},
		{"info@@majujaya.co.id", ""},
		{"Budi <budi@x.co.id>", ""},
		{"budi@x..id", ""},
		{"budi@.x.id", ""},
		{"budi@x.c", ""},
		{"budi x@y.co.id", ""},
		{"@x.co.id", ""},
		{"budi@x_y.co.id", ""},
	}
	for _, c := range cases {
		got, ok := ParseEmail(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"info@majujaya.co.id", "a@b.cd", "x", "@", "a@b@c.de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := ParseEmail(s)
		if !ok {
			return
		}
		if strings.Count(e, "@") != 1 || strings.ContainsAny(e, " <>") {
			t.Fatalf("ParseEmail(%q) = %q", s, e)
		}
		if again, ok := ParseEmail(e); !ok || again != e {
			t.Fatalf("ParseEmail not idempotent on %q: %q %v", e, again, ok)
		}
	})
}

func TestLooksLikePassword(t *testing.T) {
	yes := []string{"Rahasia#2024", "Budi_Santoso1!", "P@ssw0rdKu", "  Abcdef1!  "}
	no := []string{"rahasia2024", "RAHASIA#2024", "Ab1!", "Budi.Santoso1@gmail.com", "https://Eproc1.go.id/x",
		"01.234.567.8-901.000", "PT Maju Jaya 1!", "CV.Sejahtera", "halo", ""}
	for _, s := range yes {
		if !LooksLikePassword(s) {
			t.Errorf("LooksLikePassword(%q) = false", s)
		}
	}
	for _, s := range no {
		if LooksLikePassword(s) {
			t.Errorf("LooksLikePassword(%q) = true", s)
		}
	}
}

func TestValidName(t *testing.T) {
	for s, want := range map[string]bool{
		"CV Maju Jaya": true, "Budi": true, "Siti Rahma": true, "PT. Karya (Persero) Tbk": true,
		"ab": false, "1234567": false, "budi@x.co.id": false, "https://x": false, strings.Repeat("a", 121): false,
		"line\nbreak": false,
	} {
		if got := ValidName(s); got != want {
			t.Errorf("ValidName(%q) = %v", s, got)
		}
	}
}

func TestChatPhone(t *testing.T) {
	for _, tc := range []struct {
		ch         loket.Channel
		chat, want string
	}{
		{loket.ChannelWhatsApp, "6281234567890@s.whatsapp.net", "+6281234567890"}, // WhatsApp Web phone JID
		{loket.ChannelWhatsApp, "6281234567890", "+6281234567890"},                // Cloud API wa_id
		{loket.ChannelWhatsApp, "123456789012345@lid", ""},                        // the number is hidden
		{loket.ChannelWhatsApp, "120363000000000000@g.us", ""},                    // a group
		{loket.ChannelWhatsApp, "62812abc", ""},
		{loket.ChannelWhatsApp, "", ""},
		{loket.ChannelTelegram, "6281234567890", ""}, // a Telegram chat id is no phone number
		{loket.ChannelWebChat, "6281234567890", ""},
	} {
		if got := chatPhone(tc.ch, tc.chat); got != tc.want {
			t.Errorf("chatPhone(%s, %q) = %q, want %q", tc.ch, tc.chat, got, tc.want)
		}
	}
}

func TestNPWPInSentence(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"npwp saya 01.234.567.8-901.000", "012345678901000"},
		{"NPWP: 3201234567890123.", "3201234567890123"},
		{"ini NPWP kami 01 234 567 8 901 000 (pusat)", "012345678901000"},
		{"01.234.567.8-901.000", "012345678901000"},
		{"npwp 01.234.567.8-901.000 atau 02.234.567.8-901.000", ""}, // two numbers: which one?
		{"npwp cabang 2, 01.234.567.8-901.000", ""},                 // another digit
		{"npwp saya 01.234.567.8-901", ""},                          // too short
		{"PT Sinar Abadi", ""},
		{"", ""},
	} {
		got, ok := NPWPInSentence(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("NPWPInSentence(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func TestPhoneInSentence(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ini no wa nya 0812 3456 7890", "0812 3456 7890"},
		{"my whatsapp number is +62 812-3456-7890.", "+62 812-3456-7890"},
		{"wa: (0812) 3456 7890 a.n. Budi", "(0812) 3456 7890"},
		{"0812 3456 7890 atau 0813 1111 2222", ""}, // two numbers: which one?
		{"nomor saya belum aktif", ""},
		{"", ""},
	} {
		got, ok := PhoneInSentence(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("PhoneInSentence(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func TestMessageLangGreetings(t *testing.T) {
	for _, c := range []struct {
		in   string
		want loket.Lang
	}{
		{"good morning", loket.LangEN},
		{"Good afternoon, I'd like to ask", loket.LangEN},
		{"selamat pagi", loket.LangID},
		{"hello", ""}, // Indonesians say it too
	} {
		if got := messageLang(c.in); got != c.want {
			t.Errorf("messageLang(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzNPWPInSentence(f *testing.F) {
	for _, s := range []string{"npwp saya 01.234.567.8-901.000", "NPWP: 3201234567890123.", "a1b2", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := NPWPInSentence(s)
		if !ok {
			return
		}
		if d2, p, _ := ParseNPWP(d); p != NPWPOK || d2 != d {
			t.Fatalf("NPWPInSentence(%q) = %q, which is no NPWP", s, d)
		}
		if n := strings.Count(strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return 'd'
			}
			return -1
		}, s), "d"); n != len(d) {
			t.Fatalf("NPWPInSentence(%q) = %q, but the text has %d digits", s, d, n)
		}
	})
}

func TestGlobalWordsInSoManyWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"bahasa indonesia saja", actLangID},
		{"Pakai bahasa Indonesia dong", actLangID},
		{"indonesian please", actLangID},
		{"can we speak English please?", actLangEN},
		{"tolong balas pakai bahasa inggris", actLangEN},
		{"english", actLangEN},
		{"sorry, can we go back to indonesian?", actLangID},
		{"kembali ke bahasa inggris lagi", actLangEN},
		{"could we continue in english", actLangEN},
		{"apakah bisa pakai bahasa inggris?", actLangEN},
		{"boleh bicara bahasa inggris?", actLangEN},
		{"saya orang indonesia", ""},
		{"bahasa", actLangMenu},
		{"go back", ""},
		{"maaf, kembali ke menu", actMenu},
		{"back to the main menu please", actMenu},
		{"menu video call ada di mana?", ""},
		{"perusahaan asing tanpa kantor di indonesia", ""},
		{"saya tinggal di indonesia", ""},
		{"english documents for a foreign company", ""},
	} {
		if got := globalWord(c.in); got != c.want {
			t.Errorf("globalWord(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
