package flows

import (
	"strings"

	"loket"
)

// Text typed at the main menu (or the guide) that is not a question:
// navigation words ("lanjut", "selesai") and a bare e-mail address. Left
// to the matcher, they match answers through word stems ("lanjut" the
// second e-mail's "selanjutnya", an address the contact answer).

// navigation is what a navigation word asks for.
type navigation int

const (
	navNone     navigation = iota
	navContinue            // "lanjut", "next": the next sensible step
	navDone                // "selesai", "that's all": a polite close
	navStart               // "kembali", "start over": the start, which is the menu
)

// navFiller are the words around a navigation word: "oke lanjut kak",
// "sudah selesai, terima kasih".
var navFiller = wordSet("kak", "min", "pak", "bu", "ya", "yaa", "dong", "deh", "yuk", "ayo", "ok", "oke", "okay",
	"okey", "sip", "baik", "terima", "kasih", "makasih", "thanks", "thank", "you", "please", "pls", "sir", "madam",
	"dulu", "aja", "saja", "banyak", "a", "lot", "so", "much", "very", "great", "good", "cool", "alright")

// farewellTime are the words that say when a farewell's "see you" is
// ("sampai ketemu hari selasa", "see you on tuesday"): said after a
// farewell, they leave it a farewell.
var farewellTime = wordSet("hari", "on", "at", "di", "pada", "besok", "tomorrow", "lusa", "nanti", "later", "next",
	"week", "minggu", "depan", "then", "soon", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "monday",
	"tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "video", "call", "vc", "jam", "pagi", "siang")

var (
	navContinueWords = wordSet("lanjut", "lanjutkan", "lanjut lagi", "next", "continue", "terus", "teruskan",
		"berikutnya", "selanjutnya", "go on", "go ahead", "next step", "langkah berikutnya", "langkah selanjutnya")
	navDoneWords = wordSet("selesai", "sudah selesai", "udah selesai", "udh selesai", "sdh selesai", "done",
		"im done", "i m done", "i am done", "all done", "finished", "i m finished", "cukup", "sudah cukup",
		"udah cukup", "itu", "sudah itu", "that s all", "thats all", "that is all", "nothing else", "no more",
		// farewells
		"bye", "bye bye", "byee", "goodbye", "good bye", "dadah", "daah", "sampai jumpa", "sampai ketemu", "see you",
		"see you later", "see ya", "good night", "pamit", "permisi dulu")
)

// navStartWords ask to go back or start over; at the menu both lead to
// the menu itself ("back" got the officers' request list, "start over"
// how the video call works, "ulang dari awal" what happens when a call
// is missed: the matcher read "back", "start" and "ulang" as words of
// those answers). Read with navFiller and the form's navFillWords
// removed; "reset" is not here: it is a password reset at the menu.
var navStartWords = wordSet("back", "kembali", "balik", "mundur", "previous", "sebelumnya", "start", "start over",
	"restart", "from start", "from beginning", "beginning", "awal", "dari awal", "mulai dari awal", "ulang dari awal",
	"mulai lagi", "mulai ulang", "ulang", "ulangi", "home", "beranda")

// howAlone ask "how is it going?" in one word ("gimana?"); "apa?" alone
// asks what was meant, not what comes next.
var howAlone = wordSet("gimana", "bagaimana", "gmn", "gmana", "bgmn", "how")

// farewellWords are the farewells among navDoneWords: only they take a
// time after them ("selesai besok" is no farewell).
var farewellWords = wordSet("bye", "bye bye", "goodbye", "good bye", "dadah", "sampai jumpa", "sampai ketemu", "see you",
	"see ya", "see", "good night", "ketemu", "jumpa",
	// what is left of "talk to you on monday", "speak soon", "sampai
	// besok" once the filler ("you") and the time are gone
	"talk to", "talk", "speak to", "speak", "catch", "sampai")

// navWord reads a message that is only a navigation word with filler.
func navWord(text string) navigation {
	rest := strings.Join(unlessFiller(text, navFiller), " ")
	switch ws := tokens(rest); {
	case rest == "":
		return navNone
	case whatNow(ws) || len(ws) == 1 && howAlone[ws[0]]:
		// "terus gimana dong?", "what now?", "gimana?" with no answer just
		// given (right after one they are tried advice: flows/tried.go):
		// the next sensible step, their ticket's status when they have
		// one (they got "no answer found")
		return navContinue
	case navContinueWords[rest]:
		return navContinue
	case navDoneWords[rest]:
		return navDone
	case navStartWords[strings.Join(unlessFiller(rest, navFillWords), " ")]:
		return navStart
	}
	if when := strings.Join(unlessFiller(rest, farewellTime), " "); when != rest && farewellWords[when] {
		return navDone
	}
	return navNone
}

// navigate answers a navigation word typed at the menu or the guide. It
// reports whether the text was one.
func (c *conv) navigate(text string) (bool, error) {
	switch navWord(text) {
	case navContinue:
		return true, c.carryOn()
	case navDone:
		c.st.reset()
		key := "nav.done"
		if c.st.In.answers() > 0 {
			key = "nav.done_intake"
		}
		return true, c.say(key, nil, opt{key: "btn.menu", action: actMenu})
	case navStart:
		return true, c.menuPrompt()
	}
	return false, nil
}

// carryOn takes the vendor to the next sensible step: the registration
// half filled in, the open registration's status, the guide step after
// the last one shown (the registration after its last), or the menu.
func (c *conv) carryOn() error {
	st := c.st
	if st.In.answers() > 0 {
		return c.startIntake(actResumeIntake)
	}
	t, err := c.openRegistration()
	if err != nil {
		return err
	}
	if t != nil {
		st.reset()
		return c.status()
	}
	switch n := max(st.Guide, st.GuideSeen); {
	case n >= guideSteps:
		return c.startIntake(actRegister)
	case n >= 1:
		st.reset()
		st.Step, st.Guide = stepGuide, n+1
		return c.guidePrompt()
	}
	st.reset()
	if err := c.say("nav.where", nil); err != nil {
		return err
	}
	return c.menuPrompt()
}

// menuText handles the navigation words and an e-mail address at the
// menu before the matcher reads them.
func (c *conv) menuText(in input) (bool, error) {
	if in.kind != loket.InText || in.text == "" {
		return false, nil
	}
	if ok, err := c.typedValue(in.text); ok || err != nil {
		return true, err // flows/menu_values.go
	}
	return c.navigate(in.text)
}

// menuWordKeys are the texts of this file (flows/keys.go).
func menuWordKeys() []string {
	return []string{"nav.done", "nav.done_intake", "nav.where", "nav.email", "nav.email_taken", "nav.npwp", "nav.phone", "nav.company"}
}
