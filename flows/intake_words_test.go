package flows

import "testing"

// TestUserIDNotAnID: "lupa" at the User ID question was stored as the
// User ID (it has the form of one) and the director's question followed.
// One-word answers of not knowing or not having one are answered as the
// sentences are: where the User ID is written, or how to register; the
// question stays.
func TestUserIDNotAnID(t *testing.T) {
	f := newFlows(t)
	at := []any{intakeTo(2)}
	runReplyCases(t, f, []replyCase{
		{name: "lupa", v: variants[0], before: at, text: "lupa",
			want:    []string{"Pendaftaran Tahap 2 SIKAP", "Kita lanjutkan: Apa User ID SPSE Anda"},
			notWant: []string{"Siapa nama Direksi"}},
		{name: "gatau", v: variants[0], before: at, text: "Gatau.", want: []string{"Kita lanjutkan: Apa User ID SPSE Anda"},
			notWant: []string{"Siapa nama Direksi"}},
		{name: "belum", v: variants[0], before: at, text: "belum",
			want: []string{"Pendaftaran dimulai di portal SPSE", "Kita lanjutkan: Apa User ID SPSE Anda"}},
		{name: "no", v: variants[1], before: at, text: "no", want: []string{"SPSE"},
			notWant: []string{"What is the name of the director"}},
		{name: "a User ID", v: variants[0], before: at, text: "budi01", want: []string{"Siapa nama Direksi"}},
	})
}

// TestWhichOneAsked: "nama apa?", "what name?" at the company's name got
// where the User ID is written, "nama siapa?" who the bot is, and "nomor
// siapa?" at the WhatsApp number took the chat's own number (two letters
// from "nomor saya") and showed the summary. A question of which one the
// step wants is explained and asked again.
func TestWhichOneAsked(t *testing.T) {
	f := newFlows(t)
	en := []any{say("hi"), say("english"), choose(2), choose(1)}
	runReplyCases(t, f, []replyCase{
		{name: "nama apa", v: variants[0], before: []any{intakeTo(0)}, text: "nama apa?",
			want:    []string{"Tulis nama resmi badan usaha", "Kita lanjutkan: Apa nama badan usaha Anda?"},
			notWant: []string{"User ID"}},
		{name: "what name", v: variants[1], before: en, text: "what name?",
			want: []string{"registered name", "Let's continue: What is the company's name?"}, notWant: []string{"User ID"}},
		{name: "nama siapa at the director", v: variants[0], before: []any{intakeTo(3)}, text: "nama siapa?",
			want: []string{"Tulis nama lengkap Direksi/Pimpinan"}, notWant: []string{"saya Loket"}},
		{name: "npwp yang mana", v: variants[0], before: []any{intakeTo(1)}, text: "npwp yang mana?",
			want: []string{"Tulis NPWP atas nama badan usaha"}},
		{name: "nomor siapa", v: variants[0], before: []any{intakeTo(4)}, text: "nomor siapa?",
			want: []string{"Tulis nomor WhatsApp yang akan menerima video call"}, notWant: []string{"Ringkasan permohonan"}},
		{name: "nomor saya still chooses", v: variants[0], before: []any{intakeTo(4)}, text: "nomor saya",
			want: []string{"Ringkasan permohonan"}},
		{name: "no name yet", v: variants[1], before: en, text: "we don't have a name yet",
			want: []string{"Please write just the company's name"}, notWant: []string{"NPWP"}},
		{name: "a name with a word of talk", v: variants[1], before: en, text: "Yet Another Company",
			want: []string{"NPWP"}},
	})
}

// TestTypoNear: a typed label may carry a typo or two, but each word only
// its own share: "nomor siapa" is two letters from "nomor saya" and no
// typo of it.
func TestTypoNear(t *testing.T) {
	for _, c := range []struct {
		t, p string
		want bool
	}{
		{"tatp muka", "tatap muka", true}, {"nomor sya", "nomor saya", true}, {"pakai nomr ini", "pakai nomor ini", true},
		{"nomor siapa", "nomor saya", false}, {"nomor apa", "nomor saya", false}, {"ya", "iya", false},
		{"tatap muka", "tatap muka", true},
	} {
		if got := typoNear(c.t, c.p); got != c.want {
			t.Errorf("typoNear(%q, %q) = %v, want %v", c.t, c.p, got, c.want)
		}
	}
}

// TestWhoseNumberAsked: at the WhatsApp number, "pakai nomor kantor
// boleh?" got the helpdesk's own contacts, "boleh pakai nomor admin
// kami?" who the bot is, and "nomor direktur atau nomor saya?" took this
// chat's number as the answer. A question of whose number may take the
// call is answered (any mobile with WhatsApp the director holds at the
// call) and the number asked again; "nomornya sama dengan yg dipakai chat
// ini" is this chat's number (it got the video call's answer).
func TestWhoseNumberAsked(t *testing.T) {
	f := newFlows(t)
	whose := []string{"Nomor siapa pun boleh, termasuk HP kantor atau admin", "dipegang Direksi/Pimpinan sendiri",
		"Kita lanjutkan: Nomor WhatsApp berapa"}
	wrong := []string{"Ringkasan permohonan", "0251-8325943", "saya Loket"}
	var cases []replyCase
	for _, q := range []string{"pakai nomor kantor boleh?", "boleh pakai nomor admin kami?", "nomor direktur atau nomor saya?",
		"harus nomor direktur?", "nomor wa kantor boleh?"} {
		cases = append(cases, replyCase{name: q, v: variants[0], before: []any{intakeTo(4)}, text: q, want: whose, notWant: wrong})
	}
	en := append([]any{say("hi"), say("english"), choose(2), choose(1)}, say("Maju Jaya Ltd"), say("01.234.567.8-901.000"),
		say("info@majujaya.co.id"), say("Budi Santoso"))
	cases = append(cases,
		replyCase{name: "english", v: variants[1], before: en, text: "can we use the office number?",
			want: []string{"Any number will do", "the director holds it"}, notWant: []string{"Summary"}},
		replyCase{name: "no whatsapp keeps its answer", v: variants[0], before: []any{intakeTo(4)}, text: "direktur ga punya wa",
			want: []string{"video call WhatsApp"}, notWant: []string{"Nomor siapa pun boleh"}},
		replyCase{name: "this chat's number", v: variants[0], before: []any{intakeTo(4)}, text: "nomornya sama dengan yg dipakai chat ini",
			want: []string{"Ringkasan permohonan", "+6281234567890"}},
		replyCase{name: "a number with a holder", v: variants[0], before: []any{intakeTo(4)}, text: "0813 1111 2222 (nomor kantor)",
			want: []string{"Ringkasan permohonan", "+6281311112222"}})
	runReplyCases(t, f, cases)
}

// TestSelfIntroName: at an individual business's name, "it's just me,
// I'm a freelancer" stored "I'm a freelancer" as the name and "saya
// sendiri, freelancer" stored "freelancer"; "I'm Budi Santoso" stored
// "I'm Budi Santoso" and "saya Siti Rahayu" was refused. What someone is
// is no name, and "I'm", "saya" before a name written as one are not
// part of it.
func TestSelfIntroName(t *testing.T) {
	f := newFlows(t)
	en := []any{say("hi"), say("english"), choose(2), choose(2)}
	id := []any{say("halo"), choose(2), choose(2)}
	rest := []any{say("3201234567890123"), say("siti_r"), say("Siti Rahayu")}
	cases := []replyCase{
		{name: "a freelancer", v: variants[1], before: en, text: "it's just me, I'm a freelancer",
			want: []string{"Please write just the full name"}, notWant: []string{"NPWP"}},
		{name: "freelancer", v: variants[0], before: id, text: "saya sendiri, freelancer",
			want: []string{"Tulis nama lengkapnya saja"}, notWant: []string{"NPWP"}},
		{name: "not sure", v: variants[1], before: en, text: "I am not sure",
			want: []string{"Please write just the full name"}, notWant: []string{"NPWP"}},
	}
	for _, c := range []struct {
		v          variant
		text, want string
	}{
		{variants[1], "I'm Budi Santoso", "• Name: Budi Santoso"},
		{variants[1], "I am Budi Santoso", "• Name: Budi Santoso"},
		{variants[0], "saya Siti Rahayu", "• Nama: Siti Rahayu"},
	} {
		before := append(append([]any{}, id...), say(c.text))
		if c.v.lang == variants[1].lang {
			before = append(append([]any{}, en...), say(c.text))
		}
		cases = append(cases, replyCase{name: c.text, v: c.v, before: append(before, rest...), text: "0812 9999 8888",
			want: []string{c.want}})
	}
	runReplyCases(t, f, cases)
}

// TestThisChatsNumber: "this one" and "use my telegram" at the WhatsApp
// number got "I can't use that number" on Telegram, where the chat has no
// number to take: they are told to type it; on WhatsApp "this one" is the
// chat's number.
func TestThisChatsNumber(t *testing.T) {
	f := newFlows(t)
	en := append([]any{say("hi"), say("english"), choose(2), choose(2)}, say("Siti Rahayu"), say("3201234567890123"),
		say("siti_r"), say("Siti Rahayu"))
	runReplyCases(t, f, []replyCase{
		{name: "this one on telegram", v: variants[1], before: en, text: "this one",
			want: []string{"I cannot see your number from this chat"}, notWant: []string{"I can't use that number"}},
		{name: "my telegram", v: variants[1], before: en, text: "use my telegram",
			want: []string{"I cannot see your number from this chat"}, notWant: []string{"I can't use that number"}},
		{name: "this one on whatsapp", v: variants[0], before: []any{intakeTo(4)}, text: "yang ini aja, this one",
			want: []string{"Ringkasan permohonan", "+6281234567890"}},
	})
}

// TestEmailTypoAndSpaces: at the User ID or e-mail question
// "budi@gmail.con" was stored and "budi @gmail.com" got the guide's step
// 2. A provider's domain one typo off is asked again naming the address
// meant; the spaces a phone keyboard leaves around "@" close up.
func TestEmailTypoAndSpaces(t *testing.T) {
	f := newFlows(t)
	next := "Siapa nama Direksi/Pimpinan Perusahaan"
	var cases []replyCase
	for typed, meant := range map[string]string{"budi@gmail.con": "budi@gmail.com", "budi@gmial.com": "budi@gmail.com",
		"budi@yahoo.co.di": "budi@yahoo.co.id", "email saya budi@hotmail.co": "budi@hotmail.com"} {
		cases = append(cases, replyCase{name: typed, v: variants[0], before: []any{intakeTo(2)}, text: typed,
			want: []string{"maksud Anda " + meant + "?"}, notWant: []string{next}})
	}
	for _, typed := range []string{"budi @gmail.com", "budi@ gmail.com", "budi@gmail.com", "info@majujaya.co.id", "budi@gmail.co.id"} {
		cases = append(cases, replyCase{name: typed, v: variants[0], before: []any{intakeTo(2)}, text: typed, want: []string{next}})
	}
	cases = append(cases, replyCase{name: "english", v: variants[1],
		before: []any{say("hi"), say("english"), choose(2), choose(1), say("Maju Jaya Ltd"), say("01.234.567.8-901.000")},
		text:   "budi@gmail.con", want: []string{"did you mean budi@gmail.com?"}})
	runReplyCases(t, f, cases)
}

// TestEmailTypoAnswered: "ya betul" to "did you mean budi@gmail.com?"
// got the User ID's format rule, and "npwp …, email budi@gmial.com"
// stored the mistyped address (the typo was caught only when typed
// alone). A yes takes the address meant, "sudah benar" or a no the one
// typed; among several answers the others are kept and the address asked
// again.
func TestEmailTypoAnswered(t *testing.T) {
	f := newFlows(t)
	typo := []any{intakeTo(2), say("budi@gmial.com")}
	several := []any{intakeTo(1), say("npwp 01.234.567.8-901.000, email budi@gmial.com")}
	runReplyCases(t, f, []replyCase{
		{name: "yes", v: variants[0], before: typo, text: "ya betul",
			want: []string{"User ID / email SPSE: budi@gmail.com.", "Siapa nama Direksi"}},
		{name: "as typed", v: variants[0], before: typo, text: "sudah benar kok",
			want: []string{"User ID / email SPSE: budi@gmial.com.", "Siapa nama Direksi"}},
		{name: "another address", v: variants[0], before: typo, text: "budi@gmail.com",
			want: []string{"Siapa nama Direksi"}, notWant: []string{"gmial"}},
		{name: "several answers", v: variants[0], before: []any{intakeTo(1)}, text: "npwp 01.234.567.8-901.000, email budi@gmial.com",
			want:    []string{"NPWP / identitas pajak: 01.234.567.8-901.000.", "maksud Anda budi@gmail.com?"},
			notWant: []string{"budi@gmial.com", "Siapa nama Direksi"}},
		{name: "several, then yes", v: variants[1], before: several, text: "yes",
			want: []string{"SPSE user ID / e-mail: budi@gmail.com.", "name of the director"}},
		{name: "several, then no", v: variants[1], before: several, text: "no, gmial.com is right",
			want: []string{"SPSE user ID / e-mail: budi@gmial.com."}},
		{name: "several, both in the summary", v: variants[0], before: append(several, say("iya"), say("Budi Santoso")),
			text: "0812 3456 7890", want: []string{"Ringkasan permohonan", "01.234.567.8-901.000", "budi@gmail.com"},
			notWant: []string{"gmial"}},
	})
}

// TestDirectorNameWritten: "direkturnya ada 2 orang" at the director's
// question was stored as the director's name, and "budi santoso" was
// shown lower case to the vendor and the officers. Several directors are
// told one name is enough; a name typed all in lower case is capitalised
// as names are, and one written otherwise is kept as written.
func TestDirectorNameWritten(t *testing.T) {
	f := newFlows(t)
	summary := func(name string) []any { return []any{intakeTo(3), say(name)} }
	runReplyCases(t, f, []replyCase{
		{name: "two directors", v: variants[0], before: []any{intakeTo(3)}, text: "direkturnya ada 2 orang",
			want: []string{"Cukup satu nama", "Kita lanjutkan: Siapa nama Direksi/Pimpinan"}, notWant: []string{"Nomor WhatsApp"}},
		{name: "lower case", v: variants[0], before: summary("budi santoso"), text: "0812 3456 7890",
			want: []string{"• Direksi/Pimpinan/Pemilik: Budi Santoso"}},
		{name: "honorific, lower case", v: variants[0], before: summary("pak budi"), text: "0812 3456 7890",
			want: []string{"• Direksi/Pimpinan/Pemilik: Budi\n"}},
		{name: "as written", v: variants[0], before: summary("H. Ahmad Fauzi, S.E."), text: "0812 3456 7890",
			want: []string{"• Direksi/Pimpinan/Pemilik: H. Ahmad Fauzi, S.E."}},
	})
}

// TestEverythingAtTheFormQuestion: "CV Karya Mandiri, npwp …, user
// karyamandiri, direktur Bapak Agus Salim, wa 0812…" typed at the
// business form's question took the name and dropped the rest, asking
// for the NPWP it had been given; and "user karyamandiri" among answers
// was not taken at any question. Every answer given is taken.
func TestEverythingAtTheFormQuestion(t *testing.T) {
	f := newFlows(t)
	atForm := []any{say("halo"), choose(2)}
	runReplyCases(t, f, []replyCase{
		{name: "all at once", v: variants[0], before: atForm,
			text: "CV Karya Mandiri, npwp 01.234.567.8-901.000, user karyamandiri, direktur Bapak Agus Salim, wa 081234567890",
			want: []string{"Ringkasan permohonan", "Nama usaha: CV Karya Mandiri", "01.234.567.8-901.000", "karyamandiri",
				"Agus Salim", "+6281234567890"}},
		{name: "form and npwp", v: variants[0], before: atForm, text: "perorangan, npwp 01.234.567.8-901.000",
			want: []string{"Bentuk usaha: Usaha perorangan; NPWP / identitas pajak: 01.234.567.8-901.000", "Apa nama usaha"}},
		{name: "the name alone, as before", v: variants[0], before: atForm, text: "CV Maju Jaya",
			want: []string{"Nama usaha: CV Maju Jaya", "Ketik NPWP perusahaan"}},
		{name: "user id labelled later", v: variants[1], before: []any{intakeTo(1)}, text: "NPWP 01.234.567.8-901.000, username budi01",
			want: []string{"SPSE user ID / e-mail: budi01", "name of the director"}},
	})
	for text, want := range map[string]string{"user karyamandiri": "karyamandiri", "userid: budi01": "budi01",
		"saya budi": "", "my id is expired": "", "id 12345": ""} {
		got := ""
		for _, p := range answerParts(text, "") {
			if p.step == stepUser {
				got = p.value
			}
		}
		if got != want {
			t.Errorf("answerParts(%q) user = %q, want %q", text, got, want)
		}
	}
}
