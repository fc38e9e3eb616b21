package flows

import (
	"strings"

	"loket"
)

// An English greeting as the first message asks for English: Loket
// speaks Bahasa Indonesia first and English when the vendor writes it
// (CONVERSATIONS.md, principle 7). A one-word "hello" is too short for
// messageLang, which wants two English words.

// enGreetWords are greetings only English uses. "hi" is not among them:
// Indonesians write it as their own ("hi kak"); with an English word
// beside it ("hi there", "hi team") it counts.
var enGreetWords = wordSet("hello", "helo", "hey", "heya", "hiya", "howdy", "greetings", "good", "morning",
	"afternoon", "evening")

// enGreetFiller may stand beside an English greeting.
var enGreetFiller = wordSet("hi", "there", "all", "everyone", "team", "sir", "madam", "maam", "folks", "guys")

// greetingLang is English for a message that is only an English
// greeting ("hello", "hi there", "good evening, sir"), else "".
func greetingLang(text string) loket.Lang {
	ws := tokens(text)
	english := 0
	for _, w := range ws {
		switch w = squeeze(w); {
		case enGreetWords[w]:
			english++
		case !enGreetFiller[w]:
			return ""
		}
	}
	if english == 0 && (len(ws) < 2 || ws[0] != "hi") {
		return "" // "hi" alone stays in the language the contact has
	}
	return loket.LangEN
}

// salamReply is the greeting that answers a religious greeting in kind,
// as a helpdesk officer would: "assalamualaikum" gets "Waalaikumsalam"
// (it got "Halo"), "om swastiastu" gets "Om Swastiastu", "shalom"
// "Shalom". "" for any other message.
func salamReply(text string) string {
	ws := tokens(text)
	for i, w := range ws {
		switch {
		case strings.HasPrefix(w, "assalam") || strings.HasPrefix(w, "asalam") || strings.HasPrefix(w, "asslam") ||
			w == "alaikum" || w == "samlekom" || w == "mikum" || w == "askum":
			return "Waalaikumsalam"
		case w == "swastiastu" && i > 0 && ws[i-1] == "om":
			return "Om Swastiastu"
		case w == "shalom":
			return "Shalom"
		}
	}
	return ""
}
