package flows

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"loket"
)

// Understanding typed text that is not the answer a step waits for:
// small talk, questions, the language it is written in, and numbers
// written as words. Word lists here are matcher data, never shown to
// anyone; the texts the bot answers with live in templates/bot.

// talkKind is what a message of small talk is.
type talkKind int

const (
	talkNone     talkKind = iota
	talkGreeting          // "halo", "selamat pagi pak"
	talkHow               // "apa kabar?", "how are you?": a greeting that asks how the bot is
	talkThanks            // "terima kasih banyak", "thanks!"
	talkAck               // "ok", "siap", "baik pak"
	talkEmoji             // only emoji or punctuation: "👍", "🙏"
	talkQuery             // only question marks, or a question announced: "?", "mau tanya dong"
	talkPause             // the vendor needs a moment: "ok sebentar ya", "bentar kak", "wait a moment"
	talkOops              // an apology, or a message sent by mistake: "maaf ya kak", "maaf salah kirim", "sorry wrong chat"
	talkAwait             // the vendor will wait for news from the office: "ditunggu kabarnya", "saya tunggu jadwalnya", "I'll wait for the update"
)

// negWords are Indonesian negations; noWords deny in either language
// ("doesn't" is read as "doesn" and "t").
var (
	negWords = wordSet("tidak", "tdk", "gak", "ga", "nggak", "ngga", "gk", "enggak", "belum", "blm")
	noWords  = unionSet(negWords, wordSet("not", "dont", "don", "doesnt", "doesn", "no", "never", "tanpa", "without",
		"bukan"))
	// ownsWords speak of owning something ("belum punya akta", "I only
	// have the NIB"): never of what a file is (flows/docs_relabel.go)
	ownsWords = wordSet("punya", "memiliki", "have", "has", "own", "got")
)

// unionSet is a set of the words of every set.
func unionSet(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range sets {
		for w := range s {
			out[w] = true
		}
	}
	return out
}

func wordSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// hasWordsOf reports whether text has a word of each of sets ("which"
// and "original": which originals are asked about).
func hasWordsOf(text string, sets ...map[string]bool) bool {
	ws := tokens(text)
	for _, set := range sets {
		if !slices.ContainsFunc(ws, func(w string) bool { return set[w] }) {
			return false
		}
	}
	return true
}

// hasPhrase reports whether text's words hold one of phrases (words
// apart by single spaces: "minggu depan", "this week").
func hasPhrase(text string, phrases []string) bool {
	t := " " + strings.Join(tokens(strings.ReplaceAll(text, "'", "")), " ") + " "
	return slices.ContainsFunc(phrases, func(p string) bool { return strings.Contains(t, " "+p+" ") })
}

// saysOnly reports a message made of key words and filler alone, with at
// least one key word ("sama kak", "ya benar semua"); apostrophes go first,
// so "it's" is "its".
func saysOnly(text string, key, filler map[string]bool) bool {
	return wordsOnly(tokens(strings.ReplaceAll(text, "'", "")), filler, key)
}

// wordsOnly reports words made of the keys' words and filler alone, with
// a word of each key set ("terus gimana dong": a next and a what word).
// A word counts for the first set that holds it.
func wordsOnly(ws []string, filler map[string]bool, keys ...map[string]bool) bool {
	var seen uint64 // bit i: a word of keys[i]
	for _, w := range ws {
		i := slices.IndexFunc(keys, func(k map[string]bool) bool { return k[w] })
		switch {
		case i >= 0:
			seen |= 1 << i
		case !filler[w]:
			return false
		}
	}
	return len(keys) > 0 && seen == 1<<len(keys)-1
}

var (
	greetWords = wordSet("mlm", "pgi", "halo", "hallo", "helo", "hello", "hai", "hi", "hey", "hei", "hy", "hlo", "alo", "pagi",
		"siang", "sore", "malam", "selamat", "slmt", "met", "assalamualaikum", "assalamualaikom", "asalamualaikum",
		"assalamu", "alaikum", "salam", "permisi", "punten", "good", "morning", "afternoon", "evening", "p",
		"shalom", "om", "swastiastu", "hola", "kenal", "kenalan") // "salam kenal": it got the application-problem answer ("kenal" spells like "kendala")
	goodGreetings = wordSet("morning", "afternoon", "evening", "day", "night") // after "good": a greeting
	thankWords    = wordSet("terima", "kasih", "terimakasih", "trimakasih", "trima", "makasih", "makasi", "maksih",
		"mksh", "mks", "makasiih", "trims", "tks", "thx", "thanks", "thank", "tq", "ty", "tengkyu", "thankyou",
		"nuwun", "matur", "suwun", "hatur", "nuhun", "thanx")
	ackWords = wordSet("ok", "oke", "okay", "okey", "okee", "okeh", "okd", "sip", "sipp", "siap", "baik", "noted",
		"iya", "ya", "yes", "y", "yup", "mantap", "mantab", "good", "great", "fine", "alright", "paham", "mengerti",
		"understood", "beres", "oce", "okk", "cool", "nice", "ngerti", "mantul", "wkwk", "wkwkwk", "haha", "hahaha",
		"hehe", "hehehe", "hihi", "gitu", "begitu", "see", "laksanakan", "siyap", "okelah", "oklah", "baiklah",
		"dimengerti", "dipahami", "roger", "copy",
		// ready for the call: "siap pak, sudah standby" got what an NPWP is
		"standby", "ready", "siaga")
	fillerWords = wordSet("min", "kak", "ka", "pak", "bu", "bapak", "ibu", "mas", "mbak", "mba", "gan", "sis",
		"yah", "deh", "dong", "nih", "sekali", "banyak", "very", "much", "so", "sir", "madam", "maam", "admin",
		"loket", "semua", "all", "lagi", "again", "sudah", "udah", "dan", "and", "juga", "too", "you", "nya",
		"wr", "wb", "warahmatullahi", "wabarakatuh", "everyone", "team", "tim", "there", "the", "a", "lot",
		"ya", "yaa", "yaaa", "kakak", "bang", "bro", "atas", "infonya", "informasinya", "bantuannya", "for",
		"your", "help", "info", "the", "information", "bantuan", "saya", "kami", "sama", "sama2", "selalu",
		"sangat", "membantu", "helpful", "berguna", "jelas", "clear", "sy", "aku", "gw", "gue", "oh", "ohh", "oo", "ooh", "wah", "u", "coba", "dl", "dulu", "i",
		"we", "re", "are", "all")
)

// askWords announce a question without asking it yet ("mau tanya dong",
// "I have a question"); askFillWords go with them only.
var (
	askWords = wordSet("tanya", "nanya", "tanyain", "bertanya", "tanyakan", "menanyakan", "pertanyaan", "question",
		"questions", "ask", "asking")
	askFillWords = wordSet("mau", "boleh", "numpang", "ingin", "ada", "sedikit", "dikit", "i", "have", "a", "can",
		"may", "want", "to", "some", "something", "quick")
	// holdWords ask for a moment; holdFillWords may stand around them
	// ("tunggu ya saya cek", "let me check, one moment please") and
	// alone are not small talk. pausing (flows/intake_multi.go) has a
	// stricter list of its own: it reads whole sentences at the form's
	// questions, where "Sabar" or "Second" may be part of a name.
	holdWords = wordSet("sebentar", "bentar", "bntr", "sbntr", "btr", "tunggu", "tggu", "tgu", "ditunggu", "ntar",
		"entar", "nanti", "wait", "moment", "sec", "secs", "second", "hold", "brb", "later", "sabar")
	holdFillWords = wordSet("let", "me", "on", "one", "please", "pls", "plz", "just", "mohon", "cek", "check",
		"lihat", "liat", "cari", "carikan", "find", "look", "it", "menit", "minute", "minutes", "ini", "this",
		"scan", "pindai", "siapkan", "siapin", "prepare", "kabari", "kabarin", "kabarkan", "kabar", "infokan", "jadwal",
		"jadwalnya", "konfirmasi", "konfirmasikan", "direktur", "direkturnya", "pimpinan", "atasan", "bos", "boss",
		"diskusi", "diskusikan", "tanya", "tanyakan", "confirm", "know", "get", "back", "ask", "director", "will", "ll",
		"kabarnya", "infonya", "balasan", "balasannya", "updatenya", "konfirmasinya", "hasilnya", "news", "update",
		"updates", "reply", "response", "schedule", "confirmation", "looking", "hearing", "we", "with", "first", "him",
		"her", "them", "boss", "manager")
	// awaitWords say the vendor waits for the office's news ("ditunggu
	// kabarnya", "waiting for your reply"); selfWaitWords do when someone
	// says they wait ("saya tunggu jadwalnya", "I'll wait"), and alone ask
	// for a moment ("tunggu ya"). momentWords make either a moment asked
	// for ("ditunggu sebentar ya", "I'll wait a minute").
	awaitWords    = wordSet("ditunggu", "ditungguin", "waiting", "awaiting", "await", "forward")
	selfWaitWords = wordSet("tunggu", "nunggu", "menunggu", "wait")
	waiterWords   = wordSet("saya", "sy", "aku", "kami", "i", "we")
	momentWords   = wordSet("sebentar", "bentar", "bntr", "sbntr", "btr", "menit", "minute", "minutes", "moment", "sec",
		"secs", "second", "dulu", "dl", "brb")
)

// hesitantWords are the sounds of someone thinking ("hmm", "emm",
// "umm"), as squeeze leaves them: a moment asked for without words
// (they got "no answer found", a format error at the NPWP, and "hmmm"
// was stored as the SPSE User ID).
var hesitantWords = wordSet("hm", "em", "um", "ehm", "uhm", "erm", "uh", "eum")

// oopsWords say something went wrong by mistake; with sorryWords or
// oopsFillWords around them (and nothing else) they apologise for a
// message sent by mistake ("maaf salah kirim", "sorry wrong chat",
// "tidak sengaja kepencet"). A word that names an answer ("nomor",
// "email") is not among them: "salah nomor" at the summary is a
// correction.
var (
	oopsWords  = wordSet("salah", "wrong", "keliru", "kepencet", "kepencel", "typo", "mistake", "accidentally", "sengaja")
	sorryWords = wordSet("maaf", "mf", "maap", "mohon", "sorry", "sori", "sory", "oops", "ops", "ups", "eh", "waduh", "aduh",
		"mengganggu", "ganggu", "menganggu", "bother", "bothering", "disturb", "disturbing")
	oopsFillWords = wordSet("kirim", "terkirim", "ngirim", "kekirim", "ketik", "ngetik", "tulis", "nulis", "typed",
		"typing", "spelling", "chat", "pesan", "grup", "group", "orang", "send", "sent", "message", "person", "by", "my",
		"bad", "ignore", "abaikan", "this", "it", "that", "ini", "itu", "tadi", "tombol", "button", "pencet", "klik",
		"click", "clicked", "pressed")
)

// addressWords call someone: a message of them alone calls for
// attention.
var addressWords = wordSet("min", "mimin", "admin", "kak", "ka", "kakak", "pak", "bu", "bapak", "ibu", "mas", "mbak",
	"mba", "gan", "sis", "bang", "bro", "sir", "madam", "maam", "halo", "p")

// smallTalk classifies a message that is only a greeting, thanks or an
// acknowledgement (with honorifics and emoji around), only emoji, or only
// a question mark (a vendor unsure what to type).
// Anything with other words is not small talk.
func smallTalk(text string) talkKind {
	text = strings.TrimSpace(text)
	if text == "" {
		return talkNone
	}
	ws := tokens(text)
	if len(ws) == 0 {
		if strings.ContainsAny(text, "?") {
			return talkQuery
		}
		return talkEmoji
	}
	if len(ws) > 8 {
		return talkNone
	}
	if asksHowAreYou(text) {
		return talkHow // flows/how_are_you.go
	}
	greet, thanks, ack, ask, askFill, pause, pauseFill := false, false, false, false, false, false, false
	oops, sorry, oopsFill := false, false, false
	await, moment, self := false, false, false
	calls := true // only words that call someone: "min", "kak?", "pak admin"
	for i, raw := range ws {
		w := squeeze(raw)
		calls = calls && addressWords[w]
		self = self || waiterWords[w]
		moment = moment || momentWords[w]
		negated := i > 0 && negWords[ws[i-1]]
		switch {
		case negWords[w] && i+1 < len(ws) && ws[i+1] == "sengaja": // "tidak sengaja": by accident
		case w == "to" && i > 0 && sorryWords[ws[i-1]]: // "sorry to bother you"
		case w == "mohon" && i+1 < len(ws) && ws[i+1] == "maaf": // "mohon maaf": a formal sorry
		case oopsWords[w] && negated != (w == "sengaja"):
			return talkNone // "tidak salah": nothing is wrong; "sengaja": on purpose
		case oopsWords[w]: // before the near words: "salah" is a typo away from "salam"
			oops = true
			sorry = sorry || w != "salah" && w != "wrong" && w != "keliru" // "kepencet", "typo", "tidak sengaja" say it alone
		case thankWords[w] || nearWord(w, thankWords):
			thanks = true
		case w == "good" && (i+1 == len(ws) || !goodGreetings[ws[i+1]]):
			ack = true // "good", "good good": no "good morning"
		case greetWords[w] || nearWord(w, greetWords):
			greet = true
		case ackWords[w] || ackWords[raw]: // "see" is no "se"
			ack = true
		case fillerWords[w]:
		case askWords[w]:
			ask = true
		case askFillWords[w]:
			askFill = true
		case awaitWords[w] || selfWaitWords[w] && self:
			await, pause = true, true
		case selfWaitWords[w] && w != "wait" && w != "tunggu": // "nunggu", "menunggu" alone: someone waits
			await, pause = true, true
		case holdWords[w] || hesitantWords[w]:
			pause = true
			moment = moment || momentWords[w]
		case holdFillWords[w]:
			pauseFill = true
		case sorryWords[w]:
			sorry = true
		case oopsFillWords[w]:
			oopsFill = true
		default:
			return talkNone
		}
	}
	switch {
	case calls:
		return talkGreeting // calling for attention is a greeting (it got "no answer found")
	case oops && (sorry || oopsFill):
		return talkOops // "maaf salah kirim" got the data change request ("salah": wrong data)
	case oops, oopsFill:
		return talkNone // "salah" alone may say an answer is wrong; "kirim ini" says nothing of a mistake
	case sorry && !thanks && !greet && !pause && !ask && !askFill && !pauseFill:
		return talkOops // "maaf ya kak", "sorry": an apology (it was stored as the director's name)
	case await && !moment && !ask:
		return talkAwait // "ok ditunggu kabarnya", "baik pak, saya tunggu jadwalnya": news awaited, not a moment asked
	case askFill && !ask, pauseFill && !pause:
		return talkNone
	case pause:
		return talkPause // "ok sebentar ya", "nanti saya tanya direktur dulu": not a "yes" to the question asked
	case ask:
		return talkQuery // "mau tanya dong", "halo min, boleh nanya?"
	case thanks:
		return talkThanks
	case greet:
		return talkGreeting
	case ack:
		return talkAck
	}
	return talkNone
}

// squeeze folds letters typed three or more times in a row ("haloooo",
// "okeee") to one.
func squeeze(w string) string {
	r := []rune(w)
	out := r[:0:0]
	for i, c := range r {
		if i >= 2 && c == r[i-1] && c == r[i-2] {
			continue
		}
		out = append(out, c)
	}
	s := string(out)
	if len(out) >= 3 && out[len(out)-1] == out[len(out)-2] {
		s = string(out[:len(out)-1]) // "haloo" → "halo", "okee" → "oke"
	}
	return s
}

// nearWord reports a word of five letters or more one typo away from a
// word of the set ("trimaksih", "asalamualaikum").
func nearWord(w string, set map[string]bool) bool {
	if len(w) < 5 {
		return false
	}
	for s := range set {
		if len(s) >= 5 && editDistance(w, s, 1) <= 1 {
			return true
		}
	}
	return false
}

// editDistance is the Damerau–Levenshtein (optimal string alignment)
// distance of a and b, cut off above max (it returns max+1 then). Words of
// up to 32 runes are compared on the stack: the matcher compares every
// unknown word with every chat spelling (flows/match_split.go).
func editDistance(a, b string, max int) int {
	const short = 32
	var abuf, bbuf [short]rune
	var rows [3][short + 1]int
	ra, rb := appendRunes(abuf[:0], a), appendRunes(bbuf[:0], b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2, prev, cur := rows[0][:], rows[1][:], rows[2][:]
	if len(rb) >= short {
		prev2, prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	for j := 0; j <= len(rb); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// appendRunes appends the runes of s to buf.
func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// questionWords start a question in either language.
var questionWords = wordSet("apa", "apakah", "bagaimana", "gimana", "gmn", "gmana", "bgmn", "kapan", "kpn",
	"dimana", "mana", "dmn", "berapa", "brp", "kenapa", "mengapa", "knp", "siapa", "bisakah", "bolehkah",
	"adakah", "what", "when", "where", "how", "why", "who", "which", "can", "could", "is", "are", "do",
	"does", "did", "may", "should", "will", "would")

// isQuestion reports text that asks something: a question mark, a
// question word first, or an Indonesian one last.
func isQuestion(text string) bool {
	if strings.Contains(text, "?") {
		return true
	}
	ws := tokens(text)
	if len(ws) < 2 {
		return false
	}
	first, last, before := ws[0], ws[len(ws)-1], ws[len(ws)-2]
	return questionWords[first] || questionLast[last] ||
		// "syarat nya apa aj", "dokumennya apa saja"
		(last == "aja" || last == "aj" || last == "saja") && questionLast[before] ||
		// "bs vc hr ini gk": "can …, or not?"
		mayAskWords[first] && negWords[last]
}

// mayAskWords open a yes-or-no question that a negation closes ("bisa …
// gak", "boleh … tidak").
var mayAskWords = wordSet("bisa", "bs", "bisakah", "boleh", "blh")

// questionLast are question words that end a question in chat
// Indonesian ("file nya kegedean gmn", "kantornya dimana").
var questionLast = wordSet("apa", "bagaimana", "gimana", "gmn", "gmana", "bgmn", "kapan", "kpn", "dimana", "dmn",
	"mana", "berapa", "brp", "kenapa", "knp", "siapa")

// Words that mark a message as English or Indonesian. Words both
// languages use in chat (status, email, password, video, call, ok, file)
// are in neither list.
var (
	enWords = wordSet("the", "is", "are", "my", "i", "me", "what", "when", "where", "how", "why", "can", "could",
		"please", "you", "your", "do", "does", "did", "have", "has", "will", "would", "need", "want", "is",
		"documents", "document", "schedule", "far", "missing", "still", "officer", "talk", "human", "change",
		"cancel", "hello", "thanks", "thank", "which", "of", "to", "for", "with", "and", "not", "yet", "already",
		"it", "this", "that", "there", "an", "a", "be", "get", "got", "send", "sent", "where", "time", "day",
		"tomorrow", "today", "appointment", "verification", "register", "forgot", "english", "speak", "company",
		"person", "someone", "application", "know", "tell", "am", "was", "we", "our", "should", "reschedule",
		"check", "arrived", "received", "hours", "open", "office", "address", "help", "file", "files",
		"good", "morning", "afternoon", "evening", "hi", "hey")
	idWords = wordSet("saya", "aku", "apa", "kapan", "bagaimana", "gimana", "mau", "ingin", "bisa", "tidak", "gak",
		"ga", "belum", "sudah", "udah", "berkas", "dokumen", "jadwal", "yang", "dan", "di", "ke", "dari", "untuk",
		"terima", "kasih", "tolong", "mohon", "sampai", "mana", "pak", "bu", "kak", "min", "ini", "itu", "ada",
		"kami", "kita", "bapak", "ibu", "dengan", "jam", "berapa", "kenapa", "sih", "dong", "ya", "juga", "lagi",
		"masih", "kurang", "ganti", "ubah", "batal", "petugas", "daftar", "lupa", "apakah", "siapa", "hari",
		"besok", "nya", "kok", "deh", "harus", "perlu", "sama", "atau", "tapi", "kalau", "kalo", "karena",
		"sudah", "bagaimana", "caranya", "cara", "perusahaan", "usaha", "selamat", "pagi", "siang", "sore",
		"malam", "halo", "makasih", "baik", "siap", "bahasa", "indonesia",
		// chat Indonesian ("sudah lengkap semua kan?" had one word of these)
		"semua", "kan", "lengkap", "udh", "sdh", "blm", "gmn", "tdk", "nggak", "enggak", "boleh", "tadi", "sekarang",
		"nanti", "diundur", "dimajukan", "mengapa", "dimana", "aja", "saja")
)

// messageLang returns the language a message is clearly written in, or
// "" when it is short, mixed or neither.
func messageLang(text string) loket.Lang { return langOf(text).lang }

// langSignal is how clearly one message is written in one language.
type langSignal struct {
	lang   loket.Lang // "" when short, mixed or neither
	words  int        // the message's words
	marked int        // of them, words only lang uses
}

// strong reports a sentence clearly in its language: enough on its own
// to switch the conversation ("when is my video call?").
func (s langSignal) strong() bool { return s.lang != "" && s.words >= 5 && s.marked >= 3 }

// vote reports a message long enough to count toward a switch when the
// next one agrees ("can you help me"); "ok thank you" or "sorry" alone
// does not.
func (s langSignal) vote() bool { return s.lang != "" && s.words >= 3 }

func langOf(text string) langSignal {
	en, id := 0, 0
	ws := tokens(text)
	for _, w := range ws {
		if enWords[w] {
			en++
		}
		// "-nya" is Indonesian only: "berkasnya", "jadwalnya"
		if base, ok := strings.CutSuffix(w, "nya"); idWords[w] || ok && idWords[base] {
			id++
		}
	}
	s := langSignal{words: len(ws)}
	switch {
	case en >= 2 && en >= 3*id:
		s.lang, s.marked = loket.LangEN, en
	case id >= 2 && id >= 3*en:
		s.lang, s.marked = loket.LangID, id
	}
	return s
}

// numberWords are numbers as vendors write them instead of digits.
var numberWords = map[string]int{
	"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
	"sepuluh": 10, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6, "ketujuh": 7,
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}

// numberWordsLead may stand before the number ("nomor 2", "pilih dua").
var numberWordsLead = wordSet("no", "nomor", "nomer", "nmr", "pilih", "pilihan", "yang", "yg", "number", "option",
	"choose", "ke", "angka", "opsi")

// numberWordsTail may follow the number ("7 ya", "2 aja kak", "3 please"):
// "yg ke 2" and "7 ya" got "no answer found" at the menu.
var numberWordsTail = wordSet("ya", "yah", "yaa", "aja", "saja", "kak", "ka", "min", "pak", "bu", "dong", "deh", "sih",
	"please", "pls", "plz", "thanks", "ok", "oke")

// typedNumber reads a short reply that is only a number: "2", "2.",
// "(2)", "no 2", "nomor 2", "dua", "yang kedua", "yg ke 2", "7 ya". It
// reports false for anything longer or else.
func typedNumber(text string) (int, bool) {
	t := strings.TrimSpace(text)
	t = strings.Trim(t, ".)(:- ")
	if n, err := strconv.Atoi(t); err == nil {
		return n, true
	}
	ws := strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for len(ws) > 1 && numberWordsTail[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 || len(ws) > 3 {
		return 0, false
	}
	for _, w := range ws[:len(ws)-1] {
		if !numberWordsLead[w] {
			return 0, false
		}
	}
	last := ws[len(ws)-1]
	if n, err := strconv.Atoi(last); err == nil {
		return n, true
	}
	n, ok := numberWords[last]
	return n, ok
}

// wishWords and verifyWords make a wish to have the documents verified
// ("mau verifikasi", "want to register for verification").
var (
	wishWords   = wordSet("mau", "ingin", "pengen", "pgn", "mo", "hendak", "perlu", "butuh", "want", "like", "need", "needs")
	verifyWords = wordSet("verifikasi", "verif", "verify", "verification", "registrasi", "verified", "diverifikasi",
		"terverifikasi")
	askingWords = wordSet("cara", "caranya", "tanya", "menanyakan", "nanya", "bertanya", "info", "informasi", "ask")
)

// wishToVerify reports a statement (not a question) that wishes to
// have the documents verified.
func wishToVerify(text string) bool { return wishTo(text, verifyWords) }

// verifyHowAnswers tell how verification goes; a wish to verify
// (wishToVerify) that ranks one of them first wants it done.
var verifyHowAnswers = map[string]bool{"online_verification": true, guideMatchPrefix + "8": true, "register_how": true}

// registerWords wish to register, which may mean the SPSE account or
// Loket's registration and verification ("mau daftar").
var registerWords = wordSet("daftar", "mendaftar", "register", "registrasi")

// wishToRegister reports a statement that wishes to register.
func wishToRegister(text string) bool { return wishTo(text, registerWords) }

// wishTo reports a statement (not a question) with a wish word followed
// by one of what.
func wishTo(text string, what map[string]bool) bool {
	if isQuestion(text) {
		return false
	}
	wish := false
	for _, w := range tokens(text) {
		if (questionWords[w] && !auxWords[w]) || questionLast[w] || askingWords[w] {
			return false // "saya ingin menanyakan bagaimana cara verifikasi … untuk CV"
		}
		if wishWords[w] {
			wish = true
		} else if wish && what[w] {
			return true
		}
	}
	return false
}

// auxWords ask a question only first in a sentence (isQuestion); inside
// one they are a statement's ("we are a Malaysian company, we want to
// register for verification").
var auxWords = wordSet("is", "are", "do", "does", "did", "can", "could", "may", "should", "will", "would")

// foreignPhrases say a company has no office in Indonesia (the foreign
// form) in so many words.
var foreignPhrases = []string{"without an office in indonesia", "without office in indonesia",
	"no office in indonesia", "not have an office in indonesia", "dont have an office in indonesia",
	"tanpa kantor di indonesia", "tidak punya kantor di indonesia", "tidak ada kantor di indonesia",
	"tanpa kantor perwakilan", "tidak punya kantor perwakilan", "luar negeri", "abroad"}

// ownBusinessPhrases say the business is the vendor's own, no company
// (the individual form), in so many words.
var ownBusinessPhrases = []string{"on my own", "my own business", "sole proprietor", "sole proprietorship",
	"sole trader", "self employed", "usaha sendiri", "usaha pribadi", "usaha saya sendiri"}

// formNamed is the business form a sentence names in so many words
// ("PT", "CV", "usaha perorangan", "foreign company"), or "".
func formNamed(text string) loket.BusinessForm { return formIn(text, true) }

// formOfWish is the business form a wish to be verified names: in so
// many words (formNamed), or by a word that names a form only in such a
// wish ("I need to verify my company documents", "verifikasi berkas
// perusahaan kami": a company), unless words of two forms are there
// ("company from overseas").
func formOfWish(text string) loket.BusinessForm {
	if f := formNamed(text); f != "" {
		return f
	}
	t := " " + strings.Join(tokens(strings.ReplaceAll(text, "'", "")), " ") + " "
	for _, p := range foreignPhrases {
		if strings.Contains(t, " "+p+" ") {
			return loket.FormForeign // "a Malaysian company without an office in Indonesia"
		}
	}
	for _, p := range ownBusinessPhrases {
		if strings.Contains(t, " "+p+" ") {
			return loket.FormIndividual // "I run a small catering business on my own"
		}
	}
	var form loket.BusinessForm
	for _, w := range tokens(text) {
		if f, ok := formWords[w]; ok {
			if form != "" && f.form != form {
				return ""
			}
			form = f.form
		}
	}
	return form
}

// docWords name the documents a question may ask for.
var docWords = wordSet("dokumen", "dokumennya", "dok", "berkas", "berkasnya", "syarat", "syaratnya", "persyaratan",
	"persyaratannya", "document", "documents", "docs", "requirement", "requirements", "papers",
	"syrt", "brkas", "brks", "dokumn") // chat shorthand ("syrt nya apa aj" got no answer)

// docAskWords ask which ones.
var docAskWords = wordSet("apa", "apaan", "what", "which", "mana")

// asksDocuments reports a question that asks which documents are needed
// ("dokumennya apa saja?", "syaratnya apa aja", "what documents …").
func asksDocuments(text string) bool { return hasWordsOf(text, docWords, docAskWords) }

// askNeedWords ask what is needed; needFillWords may stand around them.
var (
	askNeedWords = wordSet("need", "needed", "butuh", "dibutuhkan", "perlu", "diperlukan", "siapkan", "disiapkan", "prepare", "required",
		// spoken "-in" for "-kan" ("perlu siapin apa?" went to the ticket unanswered)
		"siapin", "disiapin", "nyiapin", "nyiapkan", "menyiapkan", "siapain", "disiapain", "nyiapain")
	needFillWords = wordSet("we", "i", "do", "does", "to", "is", "are", "the", "it", "saja", "aja", "yang", "yg", "kami", "saya",
		"sy", "harus", "must", "should", "untuk", "for", "this", "ini", "kak", "min", "pak", "bu", "dong", "ya", "so", "then",
		"jadi", "terus", "lalu", "sebelumnya", "dulu", "first", "else", "lagi")
)

// asksNeeds reports a question of what is needed and nothing more ("what
// do we need?", "apa saja yang diperlukan?", "perlu siapkan apa?"): which
// documents, as the registration just begun or the ticket makes plain.
func asksNeeds(text string) bool {
	return wordsOnly(tokens(text), needFillWords, askNeedWords, docAskWords)
}

// ownWords make a question about the vendor's own file or call ("kapan
// video call saya", "when is my call").
var ownWords = wordSet("saya", "sy", "aku", "ku", "kami", "punya", "my", "mine", "our", "me", "i")

// ownAnswer maps a general answer to the intent that answers it with the
// vendor's own data.
var ownAnswer = map[string]string{"video_call": intentPrefix + "my_call"}

// bestAnswer is the matcher's answer to a question, preferring the
// intent that uses the vendor's own data when the question is about
// their own file or call and that intent ranks close to the top.
func (c *conv) bestAnswer(text string) (Match, bool) {
	if a, ok := c.memo[text]; ok {
		return a.m, a.ok
	}
	m, ok := c.rankAnswers(text)
	if c.memo == nil {
		c.memo = map[string]answered{}
	}
	c.memo[text] = answered{m, ok}
	return m, ok
}

// answered is bestAnswer's result for a text, kept for the turn: the
// steps a message passes through ask again about the same words
// (rejectedWords, then the menu), and the answer depends on nothing that
// changes within a turn (the knowledge in force, the turn's time).
type answered struct {
	m  Match
	ok bool
}

// slotWords make "free" a free time ("any free slots?", "anything free
// on friday?") rather than free of charge.
var slotWords = wordSet("slot", "slots", "time", "times", "day", "days", "hour", "hours", "date", "dates", "today",
	"tomorrow", "week", "monday", "tuesday", "wednesday", "thursday", "friday", "morning", "afternoon", "jam", "hari",
	"waktu", "jadwal", "schedule", "appointment", "available")

// freeWords are "free" alone.
var freeWords = wordSet("free")

// freeAsFee reports an English question of "free" with no time in it:
// free of charge.
func freeAsFee(text string) bool {
	return isQuestion(text) && hasWordsOf(text, freeWords) && !hasWordsOf(text, slotWords)
}

// hasCallAhead reports a booked call still ahead (false without a turn).
func (c *conv) hasCallAhead() bool {
	if c.turn == nil || c.tx == nil {
		return false
	}
	_, a, err := c.bookedCallAhead()
	return err == nil && a != nil
}

// busyOnCallDay reports a booked call the vendor says they cannot make
// (busyMovesCall).
func (c *conv) busyOnCallDay(text string) bool {
	if c.turn == nil || c.tx == nil || !busyOn(text) {
		return false
	}
	_, a, err := c.bookedCallAhead()
	return err == nil && a != nil && busyMovesCall(text, a.StartsAt.In(c.f.cfg.Location), c.turn.Now.In(c.f.cfg.Location))
}

// rankAnswers is bestAnswer without the turn's memory.
func (c *conv) rankAnswers(text string) (Match, bool) {
	if asksHowAreYou(text) {
		return Match{}, false // a greeting: "apa kabar?" is not "ada kabar?" (no news yet)
	}
	m := c.known().match
	said := text
	text = withoutCompanyName(withoutValues(text)) // flows/company_name.go
	if id, ok := m.exactly(text); ok {
		return Match{ID: id, Score: math.Inf(1)}, true
	}
	gives := text != said // values or a company name were taken out: answers given
	if wishToVerify(said) && (formOfWish(said) != "" || gives) || wishToRegister(said) && gives {
		// "sy usaha perorangan, mau verifikasi", "mau daftar verifikasi
		// CV Karya Mandiri npwp …": a wish that names the form or gives
		// answers starts the registration with them (they got a document
		// list, or "no answer" when the values left too few words); so
		// does "mau daftar" with answers ("saya mau daftar, CV Sinar
		// Abadi, npwp …" got how to open an SPSE account, the answers
		// dropped; the registration's questions ask for the SPSE account
		// and point to the guide when there is none yet)
		return Match{ID: intentPrefix + "register", Score: math.Inf(1)}, true
	}
	if freeAsFee(said) {
		// "is it free?" asks a fee, which no text states (it got the
		// vendor's call for the "free" of "free slots")
		return Match{}, false
	}
	if c.lostDocument(said) {
		// "what if the deed is lost?", "akta hilang gimana?": no answer
		// covers a replacement; an officer says what will do (it got
		// whichever answer mentions the deed). A lost KTP has its answer.
		return Match{}, false
	}
	if movesToDay(said) || shiftAsked(said) != 0 || (sameDayOtherTime(said) || bareClock(said)) && c.hasCallAhead() ||
		c.busyOnCallDay(said) {
		// "bisa dipindah ke kamis?": the call moved to a day (it got how to
		// report a change of address, "pindah alamat")
		return Match{ID: intentPrefix + "reschedule", Score: math.Inf(1), Covered: 1}, true
	}
	if c.comparesWays(said) {
		// "bedanya verifikasi online dan offline apa?", "should we do it
		// online or come in person?": flows/mode_compare.go
		return Match{ID: intentPrefix + "mode_compare", Score: math.Inf(1), Covered: 1}, true
	}
	if asksFormNeeded(said) {
		// "harus pt/cv ya?", "must it be a PT?": who may register (it got
		// a company's documents, its words being "pt" and "cv" alone)
		return Match{ID: "business_forms", Score: math.Inf(1), Covered: 1}, true
	}
	if asksMustCome(said) {
		// "harus datang ke kantor?", "do I need to come to the office
		// now?": no, online in this chat (they got the counter's address,
		// or whether it is open now); a vendor verified or with a call
		// booked is told why not (noVisitAnswer)
		return Match{ID: "online_verification", Score: math.Inf(1), Covered: 1}, true
	}
	if c.docNeedAsked(said) {
		return Match{ID: docNeedID, Score: math.Inf(1), Covered: 1}, true // "apakah harus punya NIB?": flows/doc_need.go
	}
	if asksNeeds(text) {
		// "what do we need?", "perlu siapkan apa?": which documents (it got
		// "no answer", or who must attend for its "perlu"); the intent lists
		// them, or what is missing once there is a ticket
		return Match{ID: intentPrefix + "missing", Score: math.Inf(1), Covered: 1}, true
	}
	if verifyToday(said) {
		// "verifikasi berkas apakah bisa hari ini?": how long it takes and
		// the earliest free time (it got how verification works: "hari
		// ini" are stopwords, "verifikasi berkas" the guide's words); with
		// a call booked, "vc nya hari ini jam berapa?" is about that call
		if c.hasCallAhead() {
			return Match{ID: intentPrefix + "my_call", Score: math.Inf(1), Covered: 1}, true
		}
		return Match{ID: intentPrefix + "process_length", Score: math.Inf(1), Covered: 1}, true
	}
	if _, ok := c.dayAsked(said); ok {
		// "tanggal 25 desember buka gak?": the hours, with that day's own
		// answer (flows/open_on.go); a date left too few known words
		return Match{ID: "hours", Score: math.Inf(1)}, true
	}
	r := m.Rank(text)
	if !m.confident(r) {
		if asksDocuments(text) {
			// "apa saja syaratnya?", "what are the requirements?": one
			// word of substance, which several answers share (each
			// form's documents, the password rules), so none ranks
			// ahead; the question is which documents, and the intent
			// lists them (or what is missing, once there is a ticket)
			return Match{ID: intentPrefix + "missing", Score: math.Inf(1)}, true
		}
		return Match{}, false
	}
	if verifyHowAnswers[r[0].ID] && wishToVerify(said) {
		// "mau daftar verifikasi online min", "I want to verify online":
		// a wish, not a question, starts the registration (it got how
		// online verification works, and the vendor's next answers, typed
		// for questions never asked, met the menu)
		return Match{ID: intentPrefix + "register", Score: r[0].Score, Covered: r[0].Covered}, true
	}
	if (r[0].ID == "register_how" || r[0].ID == guideMatchPrefix+"1") && asksDocuments(text) {
		// "saya mau daftar jadi penyedia, dokumennya apa saja?": the
		// registering is the context, the documents the question
		return Match{ID: intentPrefix + "missing", Score: r[0].Score, Covered: r[0].Covered}, true
	}
	if r[0].ID == intentPrefix+"call_away" && asksDelegate(text) {
		// "direkturnya di luar negeri, bisa diwakilkan?" asks for someone
		// else: no (that answer says the call can be taken from afar)
		return Match{ID: "who_attends", Score: r[0].Score, Covered: r[0].Covered}, true
	}
	own := false
	for _, w := range tokens(text) {
		own = own || ownWords[w]
	}
	if !own {
		return r[0], true
	}
	for _, m := range r[1:] {
		if m.Score < r[0].Score*0.5 {
			break
		}
		if ownAnswer[r[0].ID] == m.ID {
			return m, true
		}
	}
	return r[0], true
}

// lostWords say a document is lost or damaged.
var lostWords = wordSet("hilang", "ilang", "kehilangan", "lost", "rusak", "damaged", "sobek", "torn")

// idCardWords name the director's identity document, whose loss the
// id_card answer covers.
var idCardWords = wordSet("ktp", "kitas", "kitap", "identitas", "id", "identity")

// lostDocument reports a message about a lost or damaged document of the
// requirements other than the identity card.
func (c *conv) lostDocument(text string) bool {
	ws := tokens(text)
	docs := c.known().docWords
	lost, doc := false, false
	for _, w := range ws {
		switch {
		case lostWords[w]:
			lost = true
		case idCardWords[w]:
			return false
		case docs[w]:
			doc = true
		}
	}
	return lost && doc
}

// verifyToday reports a question whether the verification, or its video
// call, can be done today.
func verifyToday(text string) bool {
	if !isQuestion(text) || !hasWordsOf(text, verifyWords) && !namesCall(text) {
		return false
	}
	ws := tokens(text)
	for i, w := range ws {
		if w == "today" || w == "hariini" || (w == "hari" || w == "hr") && i+1 < len(ws) && ws[i+1] == "ini" {
			return true // "bs vc hr ini gk": "hr" is "hari"
		}
	}
	return false
}
