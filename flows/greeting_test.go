package flows

import (
	"testing"

	"loket"
)

// An English greeting asks for English; "hi" alone and greetings mixed
// with Indonesian do not.
func TestGreetingLang(t *testing.T) {
	for text, want := range map[string]loket.Lang{
		"hello": loket.LangEN, "Hellooo!": loket.LangEN, "hi there": loket.LangEN, "hey": loket.LangEN,
		"good evening, sir": loket.LangEN, "hello everyone": loket.LangEN, "Hi team": loket.LangEN,
		"hi": "", "hai": "", "halo": "", "hi kak": "", "hello min": "", "selamat pagi": "", "there": "",
		"hello, when is my call?": "", "": "",
	} {
		if got := greetingLang(text); got != want {
			t.Errorf("greetingLang(%q) = %q, want %q", text, got, want)
		}
	}
}
