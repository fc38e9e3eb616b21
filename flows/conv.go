package flows

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket"
)

// conv is one turn of one conversation: the flows, the transaction, the
// turn and the decoded state, plus what this turn offered.
type conv struct {
	f    *Flows
	ctx  context.Context
	tx   Tx
	turn *loket.Turn
	st   *state
	k    *known // the knowledge in force this turn (flows/knowledge.go)

	offer      []string            // actions of the last reply with buttons in this turn
	hours      *officeHours        // read once per turn (see office)
	base       *baseView           // built once per turn (see view)
	extra      []opt               // buttons the next reply with a question adds (officer, menu after misses)
	asked      bool                // a question was asked (see detour): no need to ask it again
	brief      bool                // a question asked again after a detour is asked in short (see resumeBrief)
	langNoted  bool                // the message's language was weighed (see noteLang)
	gaveAnswer string              // the answer this turn gave (state.Ans)
	mailMeant  string              // an e-mail among several answers one typo from a provider's: the address meant (flows/intake_multi.go)
	lateAsked  time.Time           // a call time asked for after the day's hours: its last times are listed (offerTimes)
	memo       map[string]answered // bestAnswer's results this turn, by text
	zoneSaid   string              // a time typed in another zone, as converted ("12.00 WITA = 11.00 WIB"; flows/time_zone.go)
	kind       loket.OutboundKind  // what a job's messages are (templates outside WhatsApp's 24-hour window)
}

// opt is one button: a text key (or a literal label) and the action it runs.
type opt struct {
	key    string // label text key; ignored when label is set
	label  string
	action string
}

func (c *conv) lang() loket.Lang {
	if c.turn.Contact.Lang == loket.LangEN {
		return loket.LangEN
	}
	return loket.LangID
}

// view returns a fresh view with the office facts and hours filled in.
func (c *conv) view() *view {
	l := c.lang()
	if c.base == nil || c.base.lang != l {
		v := view{Office: c.profile(), Docs: c.known().lists[l], DocText: c.known().docTexts[l]}
		oh := c.office()
		v.Hours = c.known().cfg.text(hoursKey(l, oh.windows), func() string { return c.f.hoursText(l, c.texts(), oh.windows) })
		v.Open = c.f.inOffice(c.turn.Now, oh)
		v.When = c.f.whenText(l, c.texts(), c.turn.Now, c.f.nextOpen(c.turn.Now, oh))
		if in := c.turn.Inbound; in != nil { // a job's turn has none
			v.Salam = salamReply(in.Text) // flows/greeting.go
		}
		c.base = &baseView{v: v, lang: l}
	}
	v := c.base.v
	v.Name = c.turn.Contact.Name
	return &v
}

// baseView is what every view of a turn shares (the office, its hours,
// the document lists), built once per turn and language.
type baseView struct {
	v    view
	lang loket.Lang
}

func (c *conv) texts() *catalogue { return c.f.texts }

// text renders one key in the conversation's language.
func (c *conv) text(key string, v *view) (string, error) {
	if v == nil {
		v = c.view()
	}
	return c.f.texts.render(c.lang(), key, v)
}

// say renders a key and sends it with buttons, one button per row.
func (c *conv) say(key string, v *view, opts ...opt) error {
	s, err := c.text(key, v)
	if err != nil {
		return err
	}
	return c.sayText(s, opts...)
}

// sayText sends a rendered text with buttons.
func (c *conv) sayText(s string, opts ...opt) error {
	r := loket.Reply{Text: s}
	if len(c.extra) > 0 {
		opts = append(append([]opt(nil), opts...), c.extra...)
		c.extra = nil
	}
	if len(opts) > 0 {
		nonce := strconv.FormatInt(c.st.Nonce+1, 36)
		c.offer = c.offer[:0]
		for _, o := range opts {
			if slices.Contains(c.offer, o.action) {
				continue // the same choice twice (a step's own menu button and the extra one)
			}
			label := o.label
			if label == "" {
				var err error
				if label, err = c.text(o.key, nil); err != nil {
					return err
				}
			}
			r.Buttons = append(r.Buttons, []loket.Button{{Label: label, Data: nonce + "|" + o.action}})
			c.offer = append(c.offer, o.action)
		}
	}
	c.turn.Say(r)
	return nil
}

// stripButtons removes the buttons of the replies from index n on: a
// detour's answer gives way to the buttons of the question it returns to.
func (c *conv) stripButtons(n int) {
	for i := n; i < len(c.turn.Replies); i++ {
		c.turn.Replies[i].Buttons = nil
	}
	c.offer = c.offer[:0]
}

// finish makes the turn one message per event and records what it
// offered: replies without buttons are joined to the next one (so
// buttons ride on the message they belong to), older buttons become
// stale, and typed numbers map to the newest buttons.
func (c *conv) finish() {
	c.st.Last = c.turn.Now
	if len(c.turn.Replies) == 0 {
		return
	}
	c.turn.Replies = mergeReplies(c.turn.Replies)
	c.st.Ans = c.gaveAnswer
	c.st.Nonce++
	c.st.Offer = nil
	if len(c.offer) > 0 && len(c.offer) <= maxOfferedBtns {
		c.st.Offer = append([]string(nil), c.offer...)
	}
}

// mergeReplies joins each reply without buttons or document to the one
// after it, and drops a text said twice in a row.
func mergeReplies(rs []loket.Reply) []loket.Reply {
	out := rs[:0:0]
	for _, r := range rs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if len(last.Buttons) == 0 && last.Document == nil && r.Document == nil {
				if last.Text != r.Text {
					r.Text = last.Text + "\n\n" + r.Text
				}
				*last = r
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// input is an inbound message reduced to what the steps need.
type input struct {
	kind        loket.InboundKind
	action      string // from a button or a typed number
	text        string // typed text, trimmed
	stale       bool   // a button from an older message
	staleAction string // what that button did
	phone       string // shared contact card
	doc         *loket.DocumentRef
	// mediaType is what an InMedia message is: "photo", "voice", "sticker"…
	mediaType string
}

// parse resolves buttons and typed numbers against the state.
func (c *conv) parse() input {
	m := c.turn.Inbound
	in := input{kind: m.Kind, text: strings.TrimSpace(m.Text), phone: m.Phone, doc: m.Document, mediaType: m.MediaType}
	switch m.Kind {
	case loket.InButton:
		nonce, action, ok := strings.Cut(m.Button, "|")
		n, err := strconv.ParseInt(nonce, 36, 64)
		switch {
		case !ok || err != nil || action == "":
			in.stale = true
		case n != c.st.Nonce && !safeAction(action) && !stillOffered(action, c.st.Offer):
			in.stale, in.staleAction = true, action
		default:
			in.action = action
		}
	case loket.InText:
		if n, ok := typedNumber(in.text); ok && n >= 1 && n <= len(c.st.Offer) {
			in.action = c.st.Offer[n-1]
		}
	}
	return in
}

// safeAction reports whether an action only navigates (opens a menu or
// an information page) and may run even from an old message.
func safeAction(a string) bool {
	return a == actMenu || strings.HasPrefix(a, "m.") || strings.HasPrefix(a, "lang.")
}

// stillOffered reports whether an older message's button names a day or
// a time the newest buttons offer too: such a button says in full what it
// picks, so it means the same on either message. A vendor who got two
// day lists (the reply to "jadwal" and the push saying the files are
// complete) may press either; a button that only makes sense where it
// stood (next, yes, an answer) stays stale.
func stillOffered(action string, offer []string) bool {
	return (strings.HasPrefix(action, prefixBookDay) || strings.HasPrefix(action, prefixBookTime)) &&
		slices.Contains(offer, action)
}

// globalWord maps the words that work anywhere to their action.
func globalWord(text string) string {
	w := strings.ToLower(strings.TrimSpace(text))
	w = strings.TrimPrefix(w, "/")
	w = strings.TrimRight(w, ".!")
	switch w {
	case "menu", "start", "mulai", "menu utama", "main menu":
		return actMenu
	case "batal", "cancel", "stop", "batalkan":
		return actCancel
	case "bantuan", "help", "tolong", "tolong bantu", "tolong bantu saya", "bantu", "bantu saya", "bantuin", "minta bantuan",
		"butuh bantuan", "mohon bantuan", "mohon bantuannya", "bisa bantu saya", "help me", "please help", "i need help",
		"can you help me", "could you help me", "can you help":
		return actHelp
	case "bahasa", "bhs", "language", "lang", "ganti bahasa", "change language":
		return actLangMenu
	case "english", "inggris", "bahasa inggris", "in english", "english please", "english pls":
		return actLangEN
	case "bahasa indonesia", "indonesia", "indonesian", "in indonesian", "pakai bahasa indonesia":
		return actLangID
	case "status", "cek status":
		return actStatus
	}
	if cancelWords(w) {
		return actCancel
	}
	if menuWords(w) {
		return actMenu
	}
	return langWord(w)
}

// commandSlips are the commands a one-word message may miss by a slip
// of the thumb ("mnu", "mneu", "bntuan", "stauts"; the languages' names
// are langSlips): typed alone at a step that takes no free value, they
// mean the command. Cancelling is not among them (a slip must not call
// anything off), nor "help", one letter from the greeting "helo".
var commandSlips = map[string]string{"menu": actMenu, "bantuan": actHelp, "status": actStatus}

// langSlips are the languages' names a one-word message may miss by a
// slip ("englsh", "indonesain", "lenguage"); messages of five letters
// or more only, so "indo" and "eng" stay langWord's.
var langSlips = map[string]string{"english": actLangEN, "inggris": actLangEN, "indonesia": actLangID,
	"indonesian": actLangID, "bahasa": actLangMenu, "language": actLangMenu}

// commandSlip is the command a one-word message is one typo away from
// (a letter missing, extra, wrong, or two swapped), or "". Small talk
// ("halo", "oke") is never a slip, nor a word the vendor may mean as it
// is: the caller asks only where no value is awaited.
func commandSlip(text string) string {
	ws := tokens(text)
	if len(ws) != 1 || len([]rune(ws[0])) < 3 || smallTalk(text) != talkNone {
		return ""
	}
	w := squeeze(ws[0])
	for cmd, action := range commandSlips {
		if editDistance(w, cmd, 1) <= 1 {
			return action
		}
	}
	for name, action := range langSlips {
		if len(w) >= 5 && editDistance(w, name, 1) <= 1 {
			return action
		}
	}
	return ""
}

// menuFiller are the words around "menu" when a vendor asks for it in a
// sentence: "maaf, kembali ke menu", "buka menu utama dong", "back to the
// main menu please".
var menuFiller = wordSet("kembali", "balik", "ke", "buka", "lihat", "tampilkan", "mau", "ingin", "minta", "lagi",
	"utama", "dong", "aja", "saja", "ya", "maaf", "tolong", "kak", "min", "pak", "bu", "sorry", "back", "to", "go",
	"the", "main", "open", "show", "please", "pls", "i", "want", "again", "can", "we")

// menuWords reports a message that asks for the menu and nothing else.
func menuWords(text string) bool {
	rest := unlessFiller(text, menuFiller)
	return len(rest) == 1 && rest[0] == "menu"
}

// cancelFiller are the words around "batal" when a vendor calls the
// whole thing off: "gk jadi deh, batal aja", "never mind, cancel it".
var cancelFiller = wordSet("gk", "gak", "ga", "nggak", "ngga", "tidak", "jadi", "deh", "aja", "saja", "ya", "dong",
	"kak", "min", "pak", "bu", "sudah", "udah", "udh", "mau", "ingin", "please", "pls", "never", "mind", "it", "i",
	"want", "to", "just", "all", "semua", "semuanya", "dulu", "the", "registration", "pendaftaran", "registrasinya",
	"pendaftarannya")

// neverMind reports "gak jadi deh", "tidak jadi", "never mind": calling
// off what is being done without naming it. "jadi" alone ("jadi ya") says
// the opposite.
func neverMind(text string) bool {
	no, off := false, false
	for _, w := range tokens(text) {
		switch {
		case !cancelFiller[w]:
			return false
		case w == "tidak" || informal[w] == "tidak": // gak, nggak, never… (flows/words.go)
			no = true
		case w == "jadi" || w == "mind":
			off = true
		}
	}
	return no && off
}

// cancelWords reports a sentence that is "batal" or "cancel" with only
// filler around it; "batalkan jadwal video call" names what, and is not.
func cancelWords(w string) bool {
	rest := unlessFiller(w, cancelFiller)
	for _, t := range rest {
		if t != "batal" && t != "batalkan" && t != "cancel" && t != "stop" {
			return false
		}
	}
	return len(rest) > 0
}

// unlessFiller is the words of text that are not filler.
func unlessFiller(text string, filler map[string]bool) []string {
	var rest []string
	for _, w := range tokens(text) {
		if !filler[w] {
			rest = append(rest, w)
		}
	}
	return rest
}

// langFiller are the words around a language's name when a vendor asks
// for it: "bahasa indonesia saja", "can we speak english please", "sorry,
// can we go back to indonesian?", "kembali ke bahasa inggris lagi", "bhs
// inggris dong" (bhs: chat's short "bahasa").
var langFiller = wordSet("bahasa", "bhs", "bhsa", "bahsa", "bhasa", "language", "lang", "in", "pakai", "pake", "gunakan", "dalam", "saja", "aja",
	"please", "pls", "plz", "dong", "ya", "mohon", "tolong", "bisa", "can", "we", "you", "speak", "talk",
	"reply", "balas", "jawab", "use", "switch", "to", "ke", "ganti", "change", "only", "just", "i", "prefer",
	"mau", "ingin", "the", "sih", "deh", "kak", "min", "pak", "bu", "sorry", "maaf", "go", "back", "kembali",
	"balik", "lagi", "again", "continue", "lanjut", "could", "let", "lets", "us", "do", "does", "is", "there",
	"anyone", "someone", "somebody", "who", "here", "speaks", "speaking", "write", "ada", "yang", "berbahasa",
	"ngomong", "chat", "apakah", "boleh", "kita", "saya", "bicara", "berbicara", "menggunakan", "dilayani")

// langWord is the language a message asks for in so many words, or "".
func langWord(text string) string {
	rest := unlessFiller(text, langFiller)
	if len(rest) != 1 {
		return ""
	}
	switch rest[0] {
	case "indonesia", "indonesian", "indo":
		return actLangID
	case "english", "inggris", "eng":
		return actLangEN
	}
	if hasWordsOf(text, langNameWords) {
		// "/lang id", "bahasa en": a code beside the word for language (it
		// got the guide's last step)
		switch rest[0] {
		case "id", "ind":
			return actLangID
		case "en":
			return actLangEN
		}
	}
	return ""
}

// langNameWords name a language as such.
var langNameWords = wordSet("bahasa", "bhs", "language", "lang")
