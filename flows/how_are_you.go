package flows

// "Apa kabar?" and "how are you?" are greetings, not questions the bot
// cannot answer: they get a greeting with a word about the bot's own
// well-being. "Gimana kabar berkas saya?" is not one: a word of
// substance beside "kabar" makes it a question (the status).

// howAsk and howHead together ask after someone's well-being ("apa
// kabar", "gimana kabarnya", "how are you", "how's it going"); howJoin
// may stand between them.
var (
	howAsk  = wordSet("apa", "gimana", "bagaimana", "gmn", "bgmn", "gmana", "bgm", "gimana2", "how", "hows")
	howHead = wordSet("kabar", "kabarnya", "kbr", "kabare", "you", "u", "going")
	howJoin = wordSet("are", "r", "is", "it", "doing", "do")
)

// asksHowAreYou reports a message that asks how the bot is, with at most
// greetings, thanks and filler beside it ("halo min, apa kabar?",
// "selamat pagi pak, gimana kabarnya?", "hi, how are you?").
func asksHowAreYou(text string) bool {
	ws := tokens(text)
	ask, head := false, false
	for _, w := range ws {
		w = squeeze(w)
		switch {
		case howAsk[w]:
			ask = true
		case howHead[w]:
			head = true
		case howJoin[w]:
		case greetWords[w], thankWords[w], fillerWords[w]:
		default:
			return false
		}
	}
	return ask && head
}
