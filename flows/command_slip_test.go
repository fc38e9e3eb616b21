package flows

import "testing"

// TestCommandSlips: "mnu", "mneu" and "bntuan" at the menu got "no answer
// found", and "bhs inggris dong" too (bhs is chat's short "bahasa"). A
// command one typo away now runs where no value is awaited; at a step
// that takes a name, a name one letter from a command stays the name.
func TestCommandSlips(t *testing.T) {
	f := newFlows(t)
	hi := []any{say("halo")}
	english := []any{say("halo"), say("english")}
	runReplyCases(t, f, []replyCase{
		{name: "mnu", v: variants[0], before: hi, text: "mnu", want: []string{"Menu utama"},
			notWant: []string{"belum menemukan jawaban"}},
		{name: "mneu", v: variants[0], before: hi, text: "mneu", want: []string{"Menu utama"}},
		{name: "bntuan", v: variants[0], before: hi, text: "bntuan", want: []string{"Kata yang bisa diketik kapan saja"}},
		{name: "slip at a choice", v: variants[0], before: []any{say("halo"), choose(2)}, text: "mnu",
			want: []string{"Menu utama"}},
		{name: "a greeting is no slip", v: variants[0], before: hi, text: "helo",
			notWant: []string{"Kata yang bisa diketik kapan saja", "Menu utama —"}},
		{name: "a name one letter from menu", v: variants[0], before: []any{intakeTo(3)}, text: "Meni",
			want: []string{"Nomor WhatsApp"}, notWant: []string{"Menu utama"}},
		{name: "bhs inggris dong", v: variants[0], before: hi, text: "bhs inggris dong",
			want: []string{"continue in English"}},
		{name: "pakai bhs inggris", v: variants[0], before: hi, text: "pakai bhs inggris",
			want: []string{"continue in English"}},
		{name: "bhs indo", v: variants[1], before: english, text: "bhs indo",
			want: []string{"lanjut dalam Bahasa Indonesia"}},
		{name: "englsh", v: variants[0], before: hi, text: "englsh", want: []string{"continue in English"}},
		{name: "indonesain", v: variants[1], before: english, text: "indonesain",
			want: []string{"lanjut dalam Bahasa Indonesia"}, notWant: []string{"perusahaan asing"}},
		{name: "a name one letter from inggris", v: variants[0], before: []any{intakeTo(3)}, text: "Inggrid",
			want: []string{"Nomor WhatsApp"}, notWant: []string{"English"}},
		{name: "back at the menu", v: variants[1], before: []any{say("hi")}, text: "back",
			want: []string{"Main menu"}, notWant: []string{"How can an officer help?"}},
		{name: "kembali at the menu", v: variants[0], before: hi, text: "kembali", want: []string{"Menu utama"},
			notWant: []string{"belum menemukan jawaban"}},
		{name: "start over at the menu", v: variants[1], before: []any{say("hi")}, text: "start over",
			want: []string{"Main menu"}, notWant: []string{"The verification video call is"}},
		{name: "ulang dari awal at the menu", v: variants[0], before: hi, text: "ulang dari awal ya kak",
			want: []string{"Menu utama"}, notWant: []string{"tidak tersambung"}},
		{name: "back inside the form is the question before", v: variants[0], before: []any{intakeTo(2)},
			text: "kembali", want: []string{"01.234.567.8-901.000"}, notWant: []string{"Menu utama"}},
	})
}

func TestCommandSlip(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"mnu", actMenu}, {"mneu", actMenu}, {"Menuu", actMenu}, {"emnu", actMenu}, {"bantuna", actHelp},
		{"bntuan", actHelp}, {"stauts", actStatus}, {"sttus", actStatus},
		{"menu utama", ""}, // two words: globalWord's
		{"helo", ""}, {"halo", ""}, {"oke", ""}, {"batl", ""}, {"btl", ""}, {"mn", ""}, {"mana", ""}, {"meja", ""},
		{"status tiket", ""}, {"12345", ""}, {"", ""},
		{"englsh", actLangEN}, {"inggirs", actLangEN}, {"indonesain", actLangID}, {"lenguage", actLangMenu},
		{"bahsa", actLangMenu}, {"indo", ""}, {"eng", ""},
		{"inggrid", actLangEN}, // a slip where no value is awaited; a name step never asks (TestCommandSlips)
	} {
		if got := commandSlip(c.in); got != c.want {
			t.Errorf("commandSlip(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTypedNumberForms: "yg ke 2" and "7 ya" at the menu got "no answer
// found"; the number may have a lead ("yg ke") and a courtesy after it.
func TestTypedNumberForms(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"2", 2, true}, {"2.", 2, true}, {"(2)", 2, true}, {"no 2", 2, true}, {"yang kedua", 2, true},
		{"yg ke 2", 2, true}, {"ke-2", 2, true}, {"7 ya", 7, true}, {"3 aja kak", 3, true}, {"nomor 4 please", 4, true},
		{"dua dong", 2, true},
		{"2 orang", 0, false}, {"ada 2 dokumen", 0, false}, {"ya", 0, false}, {"ya 2 3", 0, false}, {"kak", 0, false},
	} {
		got, ok := typedNumber(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("typedNumber(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	f := newFlows(t)
	runReplyCases(t, f, []replyCase{
		{name: "yg ke 2 at the menu", v: variants[0], before: []any{say("halo")}, text: "yg ke 2",
			want: []string{"Apa bentuk usaha Anda?"}},
		{name: "7 ya at the menu", v: variants[0], before: []any{say("halo")}, text: "7 ya",
			want: []string{"Pilih bahasa / Choose a language"}},
	})
}

// TestWhatNowAtTheMenu: "gimana?", "terus gimana dong?" and "jadi gimana
// kak?" at the menu, with no answer just given, got "no answer found";
// they ask what comes next: the ticket's status, the registration half
// filled in, or the menu when nothing is under way.
func TestWhatNowAtTheMenu(t *testing.T) {
	f := newFlows(t)
	booked := []any{bookedCall()}
	runReplyCases(t, f, []replyCase{
		{name: "gimana with a call booked", v: variants[0], before: booked, text: "gimana?",
			want: []string{"Tiket Anda:", "video call verifikasi sudah dijadwalkan"}, notWant: []string{"belum punya jawaban"}},
		{name: "terus gimana dong", v: variants[0], before: booked, text: "terus gimana dong?",
			want: []string{"Tiket Anda:"}},
		{name: "jadi gimana kak", v: variants[0], before: booked, text: "jadi gimana kak?", want: []string{"Tiket Anda:"}},
		{name: "half a registration", v: variants[0], before: []any{intakeTo(2), say("menu")}, text: "gmn",
			want: []string{"Apa User ID SPSE Anda"}},
		{name: "nothing under way", v: variants[1], before: []any{say("hi")}, text: "what now?",
			want: []string{"nothing in progress", "Main menu"}},
		{name: "apa alone is no what-now", v: variants[0], before: booked, text: "apa?", notWant: []string{"Tiket Anda:"}},
		// "lalu apa lagi?" got no answer ("lagi" was no filler)
		{name: "lalu apa lagi", v: variants[0], before: booked, text: "lalu apa lagi?", want: []string{"Tiket Anda:"},
			notWant: []string{"belum punya jawaban"}},
		{name: "what else then", v: variants[1], before: booked, text: "then what else?", want: []string{"Your ticket"}},
	})
}
