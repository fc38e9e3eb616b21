package flows

import (
	"strings"
	"testing"

	"loket"
)

// replyToLast plays acts in a new conversation of variant v and returns
// the replies to the last of them.
func replyToLast(t *testing.T, f *Flows, v variant, acts []any) string {
	t.Helper()
	r := newDocRunner(t, f, v, mondayMorning)
	r.play(steps(acts[:len(acts)-1]...))
	r.last = nil
	return repliesText(r, acts[len(acts)-1])
}

// checkReply reports each of want missing from got and each of notWant in it.
func checkReply(t *testing.T, got string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("reply:\n%s\nwant %q", got, w)
		}
	}
	for _, w := range notWant {
		if strings.Contains(got, w) {
			t.Errorf("reply:\n%s\nwant no %q", got, w)
		}
	}
}

// replyCase is a reply expected to text after before, in variant v: what
// it must say (want) and must not (notWant).
type replyCase struct {
	name          string
	v             variant
	before        []any
	text          string
	want, notWant []string
}

// runReplyCases checks each case in a subtest of its own.
func runReplyCases(t *testing.T, f *Flows, cases []replyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkReply(t, replyAfter(t, f, tc.v, tc.before, tc.text), tc.want, tc.notWant)
		})
	}
}

// phraseCase is a reply expected in Indonesian (variants[0]) to text
// after before, with nothing it must not say.
type phraseCase struct {
	name   string
	before []any
	text   string
	want   []string
}

// runPhraseCases checks each case as runReplyCases does.
func runPhraseCases(t *testing.T, f *Flows, cases []phraseCase) {
	t.Helper()
	rc := make([]replyCase, len(cases))
	for i, c := range cases {
		rc[i] = replyCase{name: c.name, v: variants[0], before: c.before, text: c.text, want: c.want}
	}
	runReplyCases(t, f, rc)
}

// replyAfter plays before in a new conversation of variant v and
// returns the replies to text (repliesText).
func replyAfter(t *testing.T, f *Flows, v variant, before []any, text string) string {
	t.Helper()
	r := newDocRunner(t, f, v, mondayMorning)
	r.play(steps(before...))
	r.last = nil
	return repliesText(r, say(text))
}

// repliesText is the text and button labels of the replies of the last
// turn played.
func repliesText(r *docRunner, acts ...any) string {
	r.play(steps(acts...))
	var b strings.Builder
	for _, rp := range r.last {
		b.WriteString(rp.Text + "\n")
		for _, row := range rp.Buttons {
			for _, bt := range row {
				b.WriteString("[" + bt.Label + "]\n")
			}
		}
	}
	return b.String()
}

// TestLanguageFollowsSentence: a vendor who asked for English and then
// writes a full sentence in Indonesian gets Indonesian back, wherever
// they are; short or ambiguous words keep English.
func TestLanguageFollowsSentence(t *testing.T) {
	f := newFlows(t)
	english := []act{say("halo"), say("english please")}
	contexts := []struct {
		name   string
		before []any
	}{
		{"menu", []any{english}},
		{"form", []any{english, choose(2)}},
		{"company name", []any{english, choose(2), choose(1)}},
		{"npwp", []any{english, choose(2), choose(1), say("CV Maju Jaya")}},
		{"user id", []any{english, choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000")}},
		{"director", []any{english, choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"), say("info@majujaya.co.id")}},
		{"phone", []any{english, choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"), say("info@majujaya.co.id"), say("Budi Santoso")}},
		{"summary", []any{english, choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"), say("info@majujaya.co.id"), say("Budi Santoso"), say("0812-3456-7890")}},
		{"documents", []any{english, choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"), say("info@majujaya.co.id"), say("Budi Santoso"), say("0812-3456-7890"), choose(1)}},
		{"booking", []any{english, choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"), say("info@majujaya.co.id"), say("Budi Santoso"), say("0812-3456-7890"), choose(1), fourPDFs()}},
		{"guide", []any{english, choose(1)}},
		{"officer", []any{english, choose(5)}},
	}
	sentences := []string{
		"saya mau daftar jadi penyedia, dokumennya apa saja?",
		"sy mau daftar jd penyedia, dok nya apa aja?",
		"gimana caranya kalau saya belum punya npwp perusahaan",
		"maaf pak saya kurang paham maksudnya",
		"saya tidak tahu harus isi apa di sini",
		"nanti dulu ya pak, saya tanya direktur saya dulu",
	}
	for _, cx := range contexts {
		for _, s := range sentences {
			cx, s := cx, s
			t.Run(cx.name+"/"+s, func(t *testing.T) {
				r := newDocRunner(t, f, variants[0], mondayMorning)
				r.play(steps(cx.before...))
				r.last = nil
				got := repliesText(r, say(s))
				if l := messageLang(got); l != loket.LangID {
					t.Errorf("%s: after %q the reply is not Indonesian (%q):\n%s", cx.name, s, l, got)
				}
			})
		}
	}
}

// TestLanguageSentenceBothWays: an English sentence switches an
// Indonesian conversation at a data step too; short or ambiguous
// messages (ok, ya, an NPWP, a name, a number) never flip it, and the
// explicit switch keeps working.
func TestLanguageSentenceBothWays(t *testing.T) {
	f := newFlows(t)
	english := []act{say("halo"), say("english please")}
	indonesian := []act{say("halo")}
	name := func(lead []act) []any { return []any{lead, choose(2), choose(1)} }
	director := func(lead []act) []any {
		return []any{lead, choose(2), choose(1), say("CV Maju Jaya"), say("01.234.567.8-901.000"), say("info@majujaya.co.id")}
	}
	for _, tc := range []struct {
		name   string
		before []any
		text   string
		want   loket.Lang
	}{
		{"id name, english sentence", name(indonesian), "sorry I do not know what I should fill in here", loket.LangEN},
		{"id director, english sentence", director(indonesian), "sorry, what do you need from me here?", loket.LangEN},
		{"id director, english wait", director(indonesian), "wait, I have to ask my director first", loket.LangEN},
		{"en name, explicit", name(english), "bahasa indonesia saja", loket.LangID},
		{"id name, explicit", name(indonesian), "english please", loket.LangEN},
		{"en menu, ok", []any{english}, "ok", loket.LangEN},
		{"en menu, ya", []any{english}, "ya", loket.LangEN},
		{"en menu, NPWP", []any{english}, "NPWP", loket.LangEN},
		{"en name, company", name(english), "CV Maju Jaya", loket.LangEN},
		{"en name, ya", name(english), "ya", loket.LangEN},
		{"en name, oke siap", name(english), "oke siap", loket.LangEN},
		{"en director, name", director(english), "Budi Santoso", loket.LangEN},
		{"en director, ok", director(english), "ok", loket.LangEN},
		{"en director, number", director(english), "0812-3456-7890", loket.LangEN},
		{"id name, product name", name(indonesian), "PT Office Desk and Chair", loket.LangID},
		{"id name, ok thank you", name(indonesian), "ok thank you", loket.LangID},
		{"id director, yes", director(indonesian), "yes", loket.LangID},
		// a farewell is formulaic: it switched an Indonesian chat to
		// English for good (found over HTTP)
		{"id booked, english farewell", []any{bookedCall()}, "great, talk to you on monday", loket.LangID},
		{"id booked, after an english farewell", []any{bookedCall(), say("great, talk to you on monday")}, "bisa diundur ke kamis?", loket.LangID},
		// "-nya" and chat words are Indonesian: the sentence had one word
		// of the list and kept English
		{"en menu, chat indonesian", []any{english}, "sudah lengkap semua kan berkasnya?", loket.LangID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newDocRunner(t, f, variants[0], mondayMorning)
			r.play(steps(tc.before...))
			r.last = nil
			got := repliesText(r, say(tc.text))
			if l := messageLang(got); l != tc.want {
				t.Errorf("after %q the reply is in %q, want %q:\n%s", tc.text, l, tc.want, got)
			}
		})
	}
}

// TestCompanyNameInSentence: at the company's name, a sentence about
// the vendor's own company gives its name, and talk without a name is
// asked for the company's name with a company as the example (it was
// asked for "the full name, e.g. Budi Santoso", a person).
func TestCompanyNameInSentence(t *testing.T) {
	f := newFlows(t)
	for _, tc := range []struct {
		v          variant
		lead, text string
		want       string
	}{
		{variants[0], "halo", "nama perusahaan saya adalah CV Maju Jaya ya pak", "NPWP perusahaan"},
		{variants[0], "halo", "perusahaan kami PT Sinar Abadi", "NPWP perusahaan"},
		{variants[0], "halo", "saya belum punya akun spse pak", "nama badan usahanya saja, misalnya CV Maju Jaya"},
		{variants[1], "hello", "our company is CV Maju Jaya", "company's NPWP"},
		{variants[1], "hello", "I am not sure", "company's name, e.g. CV Maju Jaya"},
	} {
		r := newDocRunner(t, f, tc.v, mondayMorning)
		r.play(steps(say(tc.lead), choose(2), choose(1)))
		r.last = nil
		if got := repliesText(r, say(tc.text)); !strings.Contains(got, tc.want) {
			t.Errorf("after %q:\n%s\nwant %q", tc.text, got, tc.want)
		}
	}
}
