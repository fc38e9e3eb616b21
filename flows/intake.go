package flows

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"loket"
)

// intakeField is one registration answer: its step and its name in
// the summary's list of what can be changed.
type intakeField struct{ step, label string }

// intakeFields are the answers in the order they are asked.
var intakeFields = []intakeField{
	{stepForm, "sum.form"}, {stepName, "sum.name"}, {stepNPWP, "sum.npwp"},
	{stepUser, "sum.user"}, {stepDirector, "sum.director"}, {stepPhone, "sum.phone"},
}

// intakeStep is the first question not answered yet, or the summary.
func intakeStep(in *intake) string {
	switch {
	case in == nil || !in.Form.Valid():
		return stepForm
	case in.Name == "":
		return stepName
	case in.NPWP == "" && in.TaxID == "":
		return stepNPWP
	case in.User == "":
		return stepUser
	case in.Director == "":
		return stepDirector
	case in.Phone == "":
		return stepPhone
	}
	return stepMode
}

// intakePrompt asks the question of the current intake step.
func (c *conv) intakePrompt() error {
	c.asked = true
	st := c.st
	if st.In == nil {
		st.In = &intake{}
	}
	v := c.view()
	v.Form = c.formLabel(st.In.Form)
	if c.mailMeant != "" && st.In.User == "" && st.In.Form.Valid() && st.Step != stepForm {
		// an address mistyped among several answers is asked for first
		st.Step, v.Value = stepUser, c.mailMeant
		return c.say("bad.email_typo", v)
	}
	switch st.Step {
	case stepForm:
		return c.say("in.form", v,
			opt{key: "btn.form_company", action: prefixForm + string(loket.FormCompany)},
			opt{key: "btn.form_individual", action: prefixForm + string(loket.FormIndividual)},
			opt{key: "btn.form_foreign", action: prefixForm + string(loket.FormForeign)},
			opt{key: "btn.menu", action: actMenu})
	case stepName:
		return c.say("in.name."+string(st.In.Form), v)
	case stepNPWP:
		return c.say("in.npwp."+string(st.In.Form), v)
	case stepUser:
		return c.say("in.user", v)
	case stepDirector:
		return c.say("in.director."+string(st.In.Form), v)
	case stepPhone:
		if p := c.turn.Contact.Phone; p != "" {
			if mobile, ok := ParseMobile(p); ok == PhoneOK {
				v.Value = mobile
				label, err := c.text("btn.my_phone", v)
				if err != nil {
					return err
				}
				return c.say("in.phone", v, opt{label: label, action: actMyPhone})
			}
		}
		return c.say("in.phone", v)
	case stepMode:
		if step := intakeStep(st.In); step != stepMode {
			st.Step = step
			return c.intakePrompt()
		}
		iv, err := c.intakeView(st.In, true, c.lang())
		if err != nil {
			return err
		}
		v.In = iv
		key := "in.summary"
		if c.brief {
			key = "in.summary.brief"
		}
		return c.say(key, v,
			opt{key: "btn.online", action: actOnline}, opt{key: "btn.offline", action: actOffline},
			opt{key: "btn.edit", action: actEdit})
	case stepEdit:
		var opts []opt
		for _, f := range intakeFields {
			opts = append(opts, opt{key: f.label, action: prefixEdit + f.step})
		}
		return c.say("in.edit", v, opts...)
	}
	st.Step = intakeStep(st.In)
	return c.intakePrompt()
}

// intakeInput takes the answer of the current intake step.
func (c *conv) intakeInput(in input) error {
	st := c.st
	if st.In == nil || (st.Step != stepForm && !st.In.Form.Valid()) {
		st.Step, st.In = stepForm, &intake{}
		return c.intakePrompt()
	}
	if done, err := c.intakeNav(in); done || err != nil {
		return err
	}
	if st.Step != stepForm && st.Step != stepEdit {
		if done, err := c.multiAnswer(in); done || err != nil {
			return err
		}
	}
	if done, err := c.stepHelp(in); done || err != nil { // flows/step_help.go
		return err
	}
	if textStep(st.Step) && in.kind == loket.InText && in.action == "" && pausing(in.text) {
		c.noteLang(in.text)
		if err := c.say("in.paused", nil); err != nil {
			return err
		}
		return c.intakePrompt()
	}
	switch st.Step {
	case stepForm:
		f := loket.BusinessForm(strings.TrimPrefix(in.action, prefixForm))
		if in.action == "" {
			f = formFromText(in.text)
		}
		if !f.Valid() {
			return c.offStepOr(in, "miss.form")
		}
		st.In.Form = f
		if in.kind == loket.InText && in.action == "" && slices.ContainsFunc(answerParts(in.text, ""), func(p answerPart) bool { return p.step != stepName }) {
			// "CV Karya Mandiri, npwp …, user …, direktur …, wa …" as the
			// form's answer: every answer in it is taken (it took the name
			// and dropped the rest)
			taken, err := c.answersGiven(in.text) // flows/menu.go
			if err != nil {
				return err
			}
			if !st.In.Form.Valid() {
				st.In.Form = f
			}
			if len(taken) > 0 {
				return c.advanceTaken(strings.Join(taken, "; "))
			}
		}
		if name, ok := formAnswerName(in.text); ok && in.kind == loket.InText && f == loket.FormCompany && st.In.Name == "" && ValidName(name) {
			// "CV Maju Jaya" typed as the form is the name too: it set
			// the form and then asked for the name it had been given
			st.In.Name = name
			label, err := c.text(fieldLabel(stepName), nil)
			if err != nil {
				return err
			}
			return c.advanceTaken(label + ": " + name)
		}
		return c.advance()
	case stepName, stepDirector:
		return c.nameInput(in)
	case stepNPWP:
		return c.npwpInput(in)
	case stepUser:
		return c.userInput(in)
	case stepPhone:
		return c.phoneInput(in)
	case stepMode:
		return c.modeInput(in)
	case stepEdit:
		if step, ok := strings.CutPrefix(in.action, prefixEdit); ok {
			st.Step, st.In.Edit, st.Misses = step, true, 0
			return c.intakePrompt()
		}
		return c.offStepOr(in, "miss.choose")
	}
	return c.intakePrompt()
}

// nameInput takes a company, owner or director name; greetings, thanks
// and questions are answered and the name asked again.
func (c *conv) nameInput(in input) error {
	if in.kind != loket.InText {
		return c.miss("bad.name")
	}
	if smallTalk(in.text) != talkNone || isQuestion(in.text) || asksToAsk(in.text) {
		if handled, err := c.offStep(in); handled || err != nil {
			return err
		}
	}
	if c.st.Step == stepDirector && sameAsBusiness(in.text) {
		// "sama kak", "saya sendiri", "sama dgn nama usaha": an individual
		// business's owner is the name just given; a company's director
		// has a name of their own (it stored "sama dgn nama usaha")
		if in := c.st.In; in.Form == loket.FormIndividual && ValidName(in.Name) {
			if _, _, company := companyNameSpan(in.Name); !company && !shopName(in.Name) {
				in.Director = withoutHonorific(in.Name)
				label, err := c.text(fieldLabel(stepDirector), nil)
				if err != nil {
					return err
				}
				return c.advanceTaken(label + ": " + in.Director)
			}
		}
		return c.miss("bad.name_self")
	}
	if !ValidName(in.text) {
		return c.miss("bad.name")
	}
	if c.st.Step == stepName && hasWordsOf(in.text, directorLabels, absentWords) {
		// "the director is abroad" at the company's name was stored as the
		// name: the answer about the call, and the name asked again
		if done, err := c.sentenceAnswer(in); done || err != nil {
			return err
		}
		return c.miss("bad.name")
	}
	if c.st.Step == stepName && namePending(in.text) {
		// "namanya masih proses di notaris", "the name is still being
		// processed at the notary" were stored as the name: the name is
		// the deed's, so the registration waits for it (answers kept)
		return c.explainStep(in.text, "intake.name_pending", "") // flows/step_help.go
	}
	if c.st.Step == stepDirector && severalDirectors(in.text) {
		// "direkturnya ada 2 orang" was stored as the director's name: one
		// name is asked for, the one who takes the call
		return c.explainStep(in.text, "intake.one_director", "") // flows/step_help.go
	}
	if c.st.Step == stepDirector && hasWordsOf(in.text, deathWords) {
		// "direkturnya sudah meninggal" got "that name cannot be used":
		// who verifies now (a company's director in office, an individual
		// business's case for an officer), and the question again
		key := "intake.director_died"
		if c.st.In.Form == loket.FormIndividual {
			key = "intake.owner_died"
		} else if n, ok := successorNamed(in.text); ok {
			// "direktur lama sudah meninggal, sekarang Budi Santoso": the
			// one in office now
			c.st.In.Director = n
			label, err := c.text(fieldLabel(stepDirector), nil)
			if err != nil {
				return err
			}
			return c.advanceTaken(label + ": " + n)
		}
		return c.detour(func() error { return c.say(key, nil) })
	}
	if c.st.Step == stepDirector && hasWordsOf(in.text, notNameWords) {
		// "sama dengan email perusahaan", "the director is abroad" were
		// stored as the director's name
		if handled, err := c.offStep(in); handled || err != nil {
			return err
		}
		if hasWordsOf(in.text, absentWords) {
			if done, err := c.sentenceAnswer(in); done || err != nil {
				return err // "the director is abroad"
			}
		}
		return c.miss("bad.name")
	}
	name := strings.Join(strings.Fields(in.text), " ")
	if aboutSelf(in.text) || talkOnly(in.text) {
		n, ok := nameBesideSelf(in.text)
		if c.st.Step == stepName && c.st.In.Form != loket.FormIndividual {
			if cn, rest, found := companyNameSpan(in.text); found {
				n, ok = cn, true // "nama perusahaan saya adalah CV Maju Jaya ya pak"
				c.noteLang(rest)
			} else if !ok {
				return c.miss("bad.name_self_company") // a company's name is asked: its example, not a person's
			}
		}
		if !ok {
			return c.miss("bad.name_self") // "saya sendiri", "ini": who, or talk, not the name
		}
		name = n // "pak Budi Santoso, sy sendiri direkturnya"
	}
	if cn, _, ok := companyNameSpan(name); ok && c.st.Step == stepName && hasWordsOf(name, calledWords) {
		name = cn // "PT bernama Sinar Terang" was stored whole: flows/company_name.go
	}
	if ws := strings.Fields(name); len(ws) > 1 {
		n := nameAfterLabel(ws)
		if labelled(ws[:len(ws)-len(strings.Fields(n))], c.st.Step == stepDirector) && ValidName(n) {
			name = n // "nama CV Maju Jaya", "direktur: Budi Santoso", "the director is Budi Santoso"
		}
	}
	if c.st.Step == stepName {
		c.st.In.Name = name
		return c.advance()
	}
	c.st.In.Director = personName(withoutHonorific(withoutRole(name))) // "bu Rina Wati" is Rina Wati
	return c.advance()
}

// roleWords name a person's role beside their name; roleFiller may stand
// with them ("our managing director", "selaku direktur utama").
var (
	roleWords = wordSet("direktur", "direkturnya", "dirut", "direksi", "pimpinan", "pemilik", "owner", "director",
		"ceo", "president", "presiden", "manager", "founder", "pendiri", "komisaris", "chairman", "proprietor")
	roleFiller = wordSet("our", "the", "my", "as", "managing", "utama", "kami", "kita", "saya", "selaku", "sebagai",
		"yaitu", "adalah", "is", "and", "dan", "general", "main", "company", "perusahaan", "usaha")
)

// withoutRole is a name without the role written beside it after a comma
// or in brackets: "Tan Wei Ming, our managing director" was stored whole
// as the director's name.
func withoutRole(name string) string {
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == ',' || r == '(' || r == ')' || r == ';' })
	var kept []string
	for _, p := range parts {
		role, other := false, false
		for _, w := range tokens(p) {
			switch {
			case roleWords[w]:
				role = true
			case !roleFiller[w]:
				other = true
			}
		}
		if !role || other {
			kept = append(kept, strings.TrimSpace(p))
		}
	}
	if len(kept) != 1 || kept[0] == "" {
		return name
	}
	return kept[0]
}

// notNameWords are words of a sentence that no person's name holds: an
// answer to "who attends the verification?" with one is not a name.
var notNameWords = unionSet(absentWords, wordSet("dengan", "dgn", "email", "perusahaan", "company", "nomor", "npwp", "akun", "account",
	"user", "userid", "untuk", "belum", "sudah", "udah", "tidak", "gak", "ga", "nggak", "bisa", "apa", "siapa",
	"kapan", "same", "sama", "whatsapp", "wa"))

// countWords count people ("ada 2 orang", "two directors", "keduanya").
var countWords = wordSet("2", "3", "4", "dua", "tiga", "beberapa", "banyak", "two", "three", "several", "both",
	"keduanya", "semuanya", "all")

// severalDirectors reports words that the company has more than one
// director, with no name among them.
func severalDirectors(text string) bool {
	return hasWordsOf(text, countWords) && (hasWordsOf(text, directorLabels) || hasWordsOf(text, wordSet("orang", "people")))
}

// personName is a person's name as written, or, typed all in lower case
// ("budi santoso"), with each word's first letter capitalised as names
// are (the summary and the officers' pages showed it lower case).
func personName(s string) string {
	if s != strings.ToLower(s) {
		return s
	}
	ws := strings.Fields(s)
	for i, w := range ws {
		r, n := utf8.DecodeRuneInString(w)
		ws[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(ws, " ")
}

// notaryWords name the deed's notary; a name word, pendingWords and
// inProcessWords say the name is still being made ("namanya masih
// proses", "the name is still pending").
var (
	notaryWords  = wordSet("notaris", "notary", "notarisnya", "kemenkumham", "ahu")
	nameWords    = wordSet("nama", "namanya", "name")
	pendingWords = wordSet("proses", "diproses", "process", "processed", "processing", "pending", "belum", "not",
		"yet", "still", "masih", "sedang", "lagi", "being", "waiting", "menunggu", "nunggu")
	inProcessWords = wordSet("proses", "diproses", "process", "processed", "processing", "pending", "akta", "deed")
)

// namePending reports words that the company's name is not settled yet
// ("namanya masih proses di notaris", "we don't have a name yet, the
// deed is at the notary").
func namePending(text string) bool {
	return hasWordsOf(text, notaryWords) || hasWordsOf(text, nameWords, pendingWords, inProcessWords)
}

// successorWords introduce who took over: "…, sekarang Budi Santoso".
var successorWords = wordSet("sekarang", "skrg", "now", "pengganti", "penggantinya", "diganti", "digantikan",
	"replaced", "new", "baru")

// successorNamed is the name after the last successor word of text, when
// a valid one stands there alone (titles and "oleh"/"by" before it
// dropped).
func successorNamed(text string) (string, bool) {
	ws := strings.Fields(strings.NewReplacer(",", " ", ":", " ", ".", " ").Replace(text))
	at := -1
	for i, w := range ws {
		if successorWords[strings.ToLower(w)] {
			at = i
		}
	}
	if at < 0 {
		return "", false
	}
	rest := ws[at+1:]
	for len(rest) > 0 && successorFill[strings.ToLower(rest[0])] {
		rest = rest[1:]
	}
	n := strings.Join(rest, " ")
	if len(rest) < 2 || !ValidName(n) || hasWordsOf(n, deathWords) || hasWordsOf(n, notNameWords) {
		return "", false
	}
	return withoutHonorific(n), true
}

// successorFill may stand between a successor word and the name.
var successorFill = wordSet("oleh", "by", "is", "adalah", "yaitu", "yakni", "direkturnya", "direktur", "director")

// deathWords say someone died.
var deathWords = wordSet("meninggal", "wafat", "almarhum", "almarhumah", "alm", "mendiang", "died", "passed",
	"deceased", "dead")

// absentWords say the director is away or cannot come.
var absentWords = wordSet("abroad", "overseas", "luar", "negeri", "sakit", "sick", "away", "cuti", "leave",
	"travelling", "traveling", "berhalangan", "unavailable")

// sentenceAnswer answers a sentence at a text question that an answer is
// surely about, though it asks nothing ("belum punya npwp badan" at the
// User ID, "the director is abroad" at the director's name, "he doesn't
// use whatsapp" at the number): the answer, and the question again.
func (c *conv) sentenceAnswer(in input) (bool, error) {
	if in.kind != loket.InText || !strings.Contains(strings.TrimSpace(in.text), " ") {
		return false, nil
	}
	m, ok := c.bestAnswer(in.text)
	if !ok || isIntent(m.ID) && !sayingIntent(m.ID) || !ticketAnswerable(m) {
		return false, nil
	}
	c.noteLang(in.text)
	return true, c.answerDetour(m.ID)
}

// noAccountWords may make up "I have no account yet"; noAccount tells it.
var noAccountWords = wordSet("i", "we", "do", "dont", "don", "t", "not", "have", "has", "one", "yet", "any", "an",
	"account", "user", "id", "userid", "belum", "tidak", "tdk", "gak", "ga", "blm", "punya", "ada", "saya", "sy",
	"kami", "akun", "nya", "sama", "sekali", "no", "kak", "min", "pak", "bu", "ya")

// noAccountYet reports "I don't have one yet", "belum punya akun": a
// negation and a word of having, nothing else.
func noAccountYet(text string) bool {
	neg, have := false, false
	for _, w := range tokens(text) { // "don't" reads "don", "t"
		switch {
		case !noAccountWords[w]:
			return false
		case noWords[w]:
			neg = true
		case haveWords[w]:
			have = true
		}
	}
	return neg && (have || hasWordsOf(text, accountWords))
}

// haveWords say having; accountWords name the account.
var (
	haveWords    = unionSet(ownsWords, wordSet("ada"))
	accountWords = wordSet("account", "akun")
)

// asksToAsk reports a message that says it asks something (askWords:
// "saya ingin menanyakan bagaimana …", "I'd like to ask …"): at a name
// question it is not the name ("Hallo selamat pagi, saya ingin
// menanyakan …" stored "Hallo selamat pagi").
func asksToAsk(text string) bool { return hasWordsOf(text, askWords) }

// shopWords make the name of a shop or trade, not of a person ("Toko
// Maju", "UD Sinar", "Siti Catering").
var shopWords = wordSet("toko", "usaha", "ud", "pd", "cv", "pt", "fa", "firma", "warung", "bengkel", "kios",
	"percetakan", "katering", "catering", "koperasi", "jasa", "konveksi", "apotek", "apotik", "depot", "studio",
	"rumah", "salon", "laundry", "toserba", "grosir", "mebel", "furniture", "shop", "store")

// shopName reports a business name that is not a person's: a word of
// trade in it anywhere ("Toko Maju", also "Siti Rahmawati Catering",
// which was stored as the owner's name).
func shopName(name string) bool {
	return hasWordsOf(name, shopWords)
}

// sameWords say "the same as before" or "me"; sameFill may go with them.
var (
	sameWords = wordSet("sama", "same", "idem", "ditto", "sendiri", "myself", "me")
	sameFill  = wordSet("dengan", "dgn", "sm", "nama", "namanya", "usaha", "yg", "yang", "tadi", "diatas", "atas", "kak",
		"min", "pak", "bu", "gan", "as", "above", "the", "name", "business", "owner", "saya", "sy", "aku", "itu", "juga",
		"ya", "aja", "saja", "its", "it", "s", "i", "am", "pemilik", "pemiliknya", "orangnya")
)

// sameAsBusiness reports an answer to "who attends?" that points at a
// name already given or at the writer ("sama kak", "sama dgn nama usaha",
// "saya sendiri", "same as above", "it's me").
func sameAsBusiness(text string) bool { return saysOnly(text, sameWords, sameFill) }

// labelled reports words before a name that label it: "nama", "name",
// or (for the director) "direktur", "the director is".
func labelled(lead []string, director bool) bool {
	for _, w := range lead {
		w = strings.Trim(strings.ToLower(w), ":.-")
		if w == "nama" || w == "name" || director && directorLabels[w] {
			return true
		}
	}
	return false
}

// modeInput takes the choice at the summary: online or in person (which
// opens the ticket), or the answer to change.
func (c *conv) modeInput(in input) error {
	switch in.action {
	case actOnline:
		return c.register(true)
	case actOffline:
		return c.register(false)
	case actEdit:
		if step := editWord(in.text); in.kind == loket.InText && step != "" {
			c.st.Step, c.st.In.Edit = step, true // "ganti npwp": straight to that answer
			return c.intakePrompt()
		}
		c.st.Step = stepEdit
		return c.intakePrompt()
	}
	if in.kind == loket.InText {
		if step := editWord(in.text); step != "" {
			c.st.Step, c.st.In.Edit = step, true
			return c.intakePrompt()
		}
		if a := c.modeNamed(in.text); a != "" {
			return c.register(a == actOnline) // "udh bener smua, yg online aja"
		}
		if comparesModes(in.text) {
			return c.detour(c.modeCompare) // "which one is faster?" (flows/mode_compare.go)
		}
		if q := questionPart(in.text); q != "" && q != strings.TrimSpace(in.text) {
			if a := c.modeNamed(withoutPart(in.text, q)); a != "" {
				// "udah bener, tp sy bisanya datang langsung aja hari jumat,
				// buka jam brp?": the choice is made and the question
				// answered (the question hid the choice: it had to be
				// pressed after the answer)
				if err := c.answerAside(q); err != nil {
					return err
				}
				return c.register(a == actOnline)
			}
		}
		if taken, ok, err := c.valueAtSummary(in.text); ok || err != nil {
			if err != nil {
				return err
			}
			return c.advanceTaken(taken) // a new NPWP, e-mail or number typed alone: it replaces the old one
		}
	}
	return c.offStepOr(in, "miss.mode")
}

// modeNamed is the way of verification a sentence names (not asks
// about): actOnline, actOffline, or "" for neither or both.
func (c *conv) modeNamed(text string) string {
	if isQuestion(text) {
		return ""
	}
	switch online, offline := c.modesIn(text); {
	case online && !offline:
		return actOnline
	case offline && !online:
		return actOffline
	}
	return ""
}

// modesIn reports which ways of verification a sentence names, by the
// phrases of their buttons ("daring", "datang langsung", "in person").
func (c *conv) modesIn(text string) (online, offline bool) {
	t := " " + normal(text) + " "
	names := func(a string) bool {
		return slices.ContainsFunc(c.phrasesOf(a), func(p string) bool { return strings.Contains(t, " "+p+" ") })
	}
	return names(actOnline), names(actOffline)
}

// valueAtSummary takes an NPWP, an e-mail address or a mobile number
// typed alone at the summary (after "npwp nya salah" the vendor types the
// right one) as the new answer to its question, and returns it as the
// summary names it.
func (c *conv) valueAtSummary(text string) (string, bool, error) {
	in := c.st.In
	bare := withoutValueLabel(strings.TrimSpace(text))
	step, shown := "", ""
	if d, problem, _ := ParseNPWP(bare); problem == NPWPOK && in.Form != loket.FormForeign {
		if d == in.NPWP {
			return "", false, nil
		}
		in.NPWP, in.TaxID, step, shown = d, "", stepNPWP, FormatNPWP(d)
	} else if e, ok := ParseEmail(bare); ok {
		if e == in.User {
			return "", false, nil
		}
		in.User, step, shown = e, stepUser, e
	} else if p, problem := ParseMobile(bare); problem == PhoneOK {
		if p == in.Phone {
			return "", false, nil
		}
		in.Phone, step, shown = p, stepPhone, p
	} else {
		return "", false, nil
	}
	label, err := c.text(fieldLabel(step), nil)
	return label + ": " + shown, true, err
}

// editWord recognises "ubah nama", "ganti npwp", "change the phone",
// "eh npwp nya salah ketik kak", "the email is wrong" at the summary: the
// step of the answer to change. A word naming a field must come with a
// word of changing or of a mistake.
func editWord(text string) string {
	ws := tokens(text)
	if len(ws) < 2 || len(ws) > 7 || strings.ContainsAny(text, "0123456789@") {
		return "" // with a value it is the correction itself (intake_multi.go)
	}
	edit := false
	fields := map[string]bool{}
	for _, w := range ws {
		switch w {
		case "ubah", "ganti", "edit", "koreksi", "perbaiki", "change", "fix", "correct", "salah", "keliru", "typo",
			"wrong", "ralat", "incorrect":
			edit = true
		case "bentuk", "form", "jenis", "type":
			fields[stepForm] = true
		case "nama", "namanya", "name", "perusahaan", "company":
			fields[stepName] = true
		case "npwp", "npwpnya", "pajak", "tax":
			fields[stepNPWP] = true
		case "user", "userid", "email", "emailnya", "id":
			fields[stepUser] = true
		case "direktur", "direkturnya", "direksi", "pimpinan", "pemilik", "director", "owner":
			fields[stepDirector] = true
		case "nomor", "nomornya", "hp", "wa", "whatsapp", "telepon", "phone", "number", "telp":
			fields[stepPhone] = true
		}
	}
	if !edit {
		return ""
	}
	// the most specific field named: "nama direkturnya salah" is the director
	for _, step := range []string{stepDirector, stepNPWP, stepUser, stepPhone, stepForm, stepName} {
		if fields[step] {
			return step
		}
	}
	return ""
}

// advance moves to the first question still open, or to the summary
// (also after an answer changed from it).
func (c *conv) advance() error {
	c.st.In.Edit = false
	c.st.Step, c.st.Misses = intakeStep(c.st.In), 0
	return c.intakePrompt()
}

// formWords name a business form. Sure ones name it inside any sentence
// too; the others only as the answer to "which form?" ("npwp
// perusahaan" or "npwp pribadi" is not a form).
var formWords = map[string]struct {
	form loket.BusinessForm
	sure bool
}{
	"pt": {loket.FormCompany, true}, "cv": {loket.FormCompany, true}, "badan": {loket.FormCompany, false},
	"perusahaan": {loket.FormCompany, false}, "company": {loket.FormCompany, false}, "firma": {loket.FormCompany, false},
	"koperasi": {loket.FormCompany, false}, "yayasan": {loket.FormCompany, false},
	"perorangan": {loket.FormIndividual, true}, "perseorangan": {loket.FormIndividual, true},
	"individu": {loket.FormIndividual, true}, "individual": {loket.FormIndividual, true},
	"pribadi": {loket.FormIndividual, false}, "personal": {loket.FormIndividual, false},
	"asing": {loket.FormForeign, true}, "foreign": {loket.FormForeign, true},
	"luar": {loket.FormForeign, false}, "overseas": {loket.FormForeign, false},
	// "sole proprietorship" at the form question was answered as a
	// question about an individual business's documents, and asked again
	"sole": {loket.FormIndividual, true}, "proprietorship": {loket.FormIndividual, true},
	"proprietor": {loket.FormIndividual, true}, "ud": {loket.FormIndividual, false},
	"selfemployed": {loket.FormIndividual, true}, "freelance": {loket.FormIndividual, false},
	"freelancer": {loket.FormIndividual, false},
	"ltd":        {loket.FormCompany, false}, "limited": {loket.FormCompany, false}, "corporation": {loket.FormCompany, false},
	"firm": {loket.FormCompany, false}, "entity": {loket.FormCompany, false}, "persero": {loket.FormCompany, false},
	"perseroan": {loket.FormCompany, false}, "tbk": {loket.FormCompany, false},
}

// formIn is the first business form s names; with sureOnly, by a word
// that names it in any sentence.
func formIn(s string, sureOnly bool) loket.BusinessForm {
	for _, w := range tokens(s) {
		if f, ok := formWords[w]; ok && (f.sure || !sureOnly) {
			return f.form
		}
	}
	return ""
}

// formFromText understands a typed business form ("CV", "perorangan").
func formFromText(s string) loket.BusinessForm { return formIn(s, false) }

func (c *conv) npwpInput(in input) error {
	if in.kind != loket.InText {
		return c.miss("miss.text")
	}
	bare := withoutValueLabel(strings.TrimSpace(in.text)) // "npwp nya 0l.234…": the value is checked, not its label
	d, problem, n := ParseNPWP(bare)
	if problem == NPWPOK {
		c.st.In.NPWP, c.st.In.TaxID = d, ""
		return c.advance()
	}
	if id, said, ok := foreignTaxID(in.text); ok && c.st.In.Form == loket.FormForeign {
		c.st.In.TaxID = id
		if !said {
			return c.advance()
		}
		// "our tax number is 200901012345 (Malaysia)": the number, said
		// back with the next question so a wrong pick is seen
		label, err := c.text(fieldLabel(stepNPWP), nil)
		if err != nil {
			return err
		}
		return c.advanceTaken(label + ": " + id)
	}
	if d, ok := NPWPInSentence(in.text); ok && problem == NPWPBadChar {
		c.st.In.NPWP, c.st.In.TaxID = d, ""
		return c.advance()
	}
	if handled, err := c.npwpNotGiven(in); handled || err != nil { // flows/npwp_step.go
		return err
	}
	if handled, err := c.offStep(in); handled || err != nil {
		return err
	}
	if c.st.In.Form == loket.FormForeign {
		return c.miss("bad.taxid") // "Acme Sdn Bhd" at a foreign company's tax id: what a tax id looks like, not the NPWP's rules
	}
	if digitRun(in.text) < 9 && len(strings.Fields(in.text)) >= 2 { // flows/docs_relabel.go
		// "blm punya npwp gmn ya", "npwp 16 digit": a sentence, not a
		// mistyped number (the second got 'there is a "d" in it')
		return c.miss("bad.npwp_words")
	}
	v := c.view()
	v.Count, v.Value = n, in.text
	if problem == NPWPBadChar {
		v.Value = string([]rune(strings.TrimSpace(bare))[n-1])
	}
	return c.missWith("bad.npwp_"+string(problem), v, false)
}

// foreignTaxID reads a foreign company's tax identification: the whole
// answer when it is one ("GB 123 4567 89"), else the number inside a
// sentence ("our UEN is 201912345K", which validTaxID accepts whole:
// letters, digits and spaces), to be said back (said).
func foreignTaxID(s string) (id string, said, ok bool) {
	s = strings.TrimSpace(s)
	if id, ok := taxIDInSentence(s); ok && id != s {
		return id, true, true
	}
	if validTaxID(s) {
		return s, false, true
	}
	return "", false, false
}

// taxIDInSentence finds a foreign tax identification in a sentence: the
// first run of words with digits (with one short capital prefix before
// it, as in "C 2584563-05") that validTaxID accepts.
func taxIDInSentence(s string) (string, bool) {
	ws := strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune("(),;:\"'", r) {
			return ' '
		}
		return r
	}, s))
	hasDigit := func(w string) bool { return strings.ContainsAny(w, "0123456789") }
	for i := 0; i < len(ws); i++ {
		if !hasDigit(ws[i]) {
			continue
		}
		j := i
		for j < len(ws) && hasDigit(ws[j]) {
			j++
		}
		from := i
		if p := ws[max(i-1, 0)]; i > 0 && len(p) <= 3 && strings.Trim(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" && !taxIDLabels[p] {
			from = i - 1
		}
		id := strings.TrimRight(strings.Join(ws[from:j], " "), ".-/")
		if validTaxID(id) {
			return id, true
		}
		i = j
	}
	return "", false
}

// taxIDLabels stand before a tax number without being part of it.
var taxIDLabels = map[string]bool{"ID": true, "TIN": true, "NO": true, "NR": true, "TAX": true, "NUM": true}

// validTaxID accepts a foreign tax identification: 5 to 30 letters,
// digits, dots, dashes, slashes and spaces, with at least 4 digits.
func validTaxID(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 5 || len(s) > 30 {
		return false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', strings.ContainsRune(" .-/", r):
		default:
			return false
		}
	}
	return digits >= 4
}

func (c *conv) userInput(in input) error {
	if in.kind != loket.InText {
		return c.miss("miss.text")
	}
	s := strings.TrimSpace(in.text)
	if handled, err := c.typoAnswer(s); handled || err != nil {
		return err // "ya betul" to "did you mean budi@gmail.com?"
	}
	if smallTalk(s) != talkNone {
		if handled, err := c.offStep(in); handled || err != nil {
			return err
		}
	}
	s = joinAt(s) // "budi @gmail.com" got the guide's step 2
	if strings.Contains(s, "@") && !strings.Contains(s, " ") {
		e, ok := ParseEmail(s)
		if !ok {
			return c.miss("bad.email")
		}
		return c.takeEmail(e)
	}
	if e, ok := emailIn(strings.Fields(s)); ok && !isQuestion(s) {
		return c.takeEmail(e) // "gak punya user id, email aja ya budi@…": the address is the answer
	}
	if id, ok := userAfterLabel(s); ok {
		s = id // "userid mitrasejati01", "my user id is budi01"
	}
	switch w := strings.ToLower(strings.Trim(s, ".!?, ")); {
	case forgotAlone[w]:
		// "lupa" alone was taken as the User ID (it has the form of one)
		c.noteLang(in.text)
		return c.answerDetour("user_id")
	case noneAlone[w]:
		c.noteLang(in.text) // "belum", "no": no account yet, as "belum punya akun"
		return c.answerDetour("register_how")
	}
	if !validUserID(s) {
		if noAccountYet(s) {
			// "I don't have one yet", "belum punya akun": how to register
			// (it got the User ID's format rule); first, as its words
			// ("not … yet") are also a question's about the call
			c.noteLang(in.text)
			return c.answerDetour("register_how")
		}
		if handled, err := c.offStep(in); handled || err != nil {
			return err
		}
		// The one answer this question expects besides an id: "I have
		// no account yet" gets the way to register, not a format rule.
		if m, ok := c.bestAnswer(s); ok && (m.ID == "register_how" || strings.HasPrefix(m.ID, guideMatchPrefix)) {
			c.noteLang(in.text)
			return c.answerDetour(m.ID)
		}
		if done, err := c.sentenceAnswer(in); done || err != nil {
			return err // "belum punya npwp badan": no User ID has spaces
		}
		if forgotUserID(s) {
			// "user id nya lupa kak": where the User ID is written (the
			// second e-mail), and the e-mail will do; it got the format rule
			c.noteLang(in.text)
			return c.answerDetour("user_id")
		}
		return c.miss("bad.user")
	}
	c.st.In.User = s
	return c.advance()
}

// forgotAlone and noneAlone are one-word answers to the User ID question
// that have the form of a User ID and are none: not knowing it, or not
// having one.
var (
	forgotAlone = wordSet("lupa", "lupaa", "forgot", "gatau", "gtau", "gatahu", "gktau", "gaktau", "entah", "idk",
		"dunno", "unknown")
	noneAlone = wordSet("belum", "blm", "belom", "tidak", "tdk", "gak", "ga", "nggak", "enggak", "engga", "no", "none",
		"nope", "not")
)

// forgotUserID reports "I forgot my User ID" at the User ID question:
// a word of forgetting or not knowing, and none about the password.
func forgotUserID(s string) bool {
	forgot := false
	for _, w := range tokens(s) {
		switch w {
		case "lupa", "forgot", "forget", "forgotten", "tau", "tahu", "tidak", "inget", "ingat", "remember", "know":
			forgot = forgot || w != "tidak"
		case "password", "sandi", "pw", "pass", "katasandi":
			return false
		}
	}
	return forgot
}

// userLabel are the words that may stand before a User ID typed with
// its label.
var userLabel = wordSet("user", "userid", "username", "id", "idnya", "usernya", "useridnya", "spse", "nya", "saya", "sy",
	"adalah", "yaitu", "is", "my", "our", "the", "login", "akun", "akunnya")

// userAfterLabel is the one User ID after its label words, if the text is
// that.
func userAfterLabel(s string) (string, bool) {
	ws := strings.Fields(s)
	i := 0
	for i < len(ws)-1 && userLabel[strings.Trim(strings.ToLower(ws[i]), ":.-")] {
		i++
	}
	if i == 0 || i != len(ws)-1 {
		return "", false
	}
	id := strings.Trim(ws[i], ":.,")
	return id, validUserID(id)
}

// takeEmail takes an e-mail address as the SPSE account, or, when its
// domain is one typo from a common provider's ("budi@gmail.con" was
// stored), asks for it again naming the address meant.
func (c *conv) takeEmail(e string) error {
	if meant, ok := mailTypo(e); ok {
		v := c.view()
		v.Value = meant
		c.st.In.Typo = &mailTypoAsk{Typed: e, Meant: meant}
		return c.missWith("bad.email_typo", v, false)
	}
	c.st.In.User, c.st.In.Typo = e, nil
	return c.advance()
}

// typoAnswer takes the reply to "did you mean budi@gmail.com?": a yes
// takes the address meant ("ya betul" got the User ID's format rule), a
// no or "sudah benar" the one typed (a domain like a provider's can be
// real). Anything else is read as the step's answer.
func (c *conv) typoAnswer(text string) (bool, error) {
	t := c.st.In.Typo
	c.st.In.Typo = nil
	if t == nil {
		return false, nil
	}
	ws := tokens(strings.ReplaceAll(text, "'", ""))
	label, err := c.text(fieldLabel(stepUser), nil)
	if err != nil {
		return true, err
	}
	take := func(e string) (bool, error) {
		c.st.In.User = e
		c.noteLang(text)
		return true, c.advanceTaken(label + ": " + e)
	}
	switch {
	case slices.ContainsFunc(ws, func(w string) bool { return typoKeep[w] }) ||
		hasPhrase(text, []string{"sudah benar", "udah benar", "udah bener", "sudah betul", "sdh benar", "is right", "is correct", "its right", "its correct", "thats right as typed"}):
		return take(t.Typed)
	case wordsOnly(ws, typoYesFill, typoYes):
		return take(t.Meant)
	}
	return false, nil
}

var (
	typoYes     = wordSet("ya", "iya", "iyaa", "y", "yes", "yup", "yep", "betul", "benar", "bener", "ok", "oke", "okay", "sip", "right", "correct", "exactly")
	typoYesFill = wordSet("itu", "maksud", "maksudnya", "saya", "sy", "yg", "yang", "that", "one", "the", "dong", "kak", "min",
		"pak", "bu", "please", "pls", "mas", "mbak", "sorry", "maaf", "typo", "salah", "ketik", "i", "meant", "it", "is", "thats")
	typoKeep = wordSet("tidak", "tdk", "bukan", "gak", "ga", "nggak", "ngga", "enggak", "no", "nope", "not")
)

// validUserID accepts an SPSE user id: 3 to 50 letters, digits, dots,
// dashes and underscores.
func validUserID(s string) bool {
	if len(s) < 3 || len(s) > 50 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r)) {
			return false
		}
	}
	return true
}

func (c *conv) phoneInput(in input) error {
	raw := in.text
	switch {
	case in.action == actMyPhone:
		raw = c.turn.Contact.Phone
	case in.kind == loket.InContact:
		raw = in.phone
	case in.kind != loket.InText:
		return c.miss("miss.text")
	}
	p, problem := ParseMobile(raw)
	if num, ok := PhoneInSentence(raw); problem == PhoneInvalid && in.kind == loket.InText && ok && num != strings.TrimSpace(raw) {
		p, problem = ParseMobile(num)
		raw = num
	}
	switch problem {
	case PhoneNotMobile:
		v := c.view()
		v.Value = strings.TrimSpace(raw)
		return c.missWith("bad.phone_landline", v, false)
	case PhoneInvalid:
		if in.kind == loket.InText && whoseNumber(in.text) && !noWhatsApp(in.text) {
			// "pakai nomor kantor boleh?", "harus nomor direktur?": it got the
			// helpdesk's own contacts, who the bot is, or (for "nomor direktur
			// atau nomor saya?") this chat's number as the answer
			return c.explainStep(in.text, "help.in.phone_whose", "")
		}
		if in.kind == loket.InText && (thisNumber(in.text) || sameAsBusiness(in.text)) {
			// "saya sendiri", "sama kak": the director answers on this chat;
			// it got "that number cannot be used"
			return c.thisNumberInput() // "pake no ini aja"
		}
		if handled, err := c.offStep(in); handled || err != nil {
			return err
		}
		if in.kind == loket.InText && noWhatsApp(in.text) {
			// "he doesn't use whatsapp", "direktur tidak punya wa": the call is
			// on WhatsApp, or the counter (it got "that number cannot be used")
			c.noteLang(in.text)
			return c.answerDetour("call_connection")
		}
		if done, err := c.sentenceAnswer(in); done || err != nil {
			return err
		}
		return c.miss("bad.phone")
	}
	c.st.In.Phone = p
	return c.advance()
}

// phoneWords name a phone number; holderWords someone else's or a
// choice between two ("nomor kantor", "nomor admin kami", "nomor direktur
// atau nomor saya?").
var (
	phoneWords = wordSet("no", "nomor", "nomer", "nmr", "nomornya", "nomernya", "nomorku", "nomerku", "number",
		"hp", "wa", "whatsapp")
	holderWords = wordSet("kantor", "kantornya", "admin", "adminnya", "staf", "staff", "karyawan", "pegawai",
		"sekretaris", "istri", "suami", "anak", "teman", "orang", "lain", "perusahaan", "direktur", "direkturnya",
		"direksi", "pimpinan", "pemilik", "owner", "bos", "boss", "atasan", "office", "company", "secretary", "wife",
		"husband", "someone", "other", "another", "director", "directors", "atau", "or")
)

// whoseNumber reports words about whose number may take the call, with
// no number in them: another holder's, or a choice.
func whoseNumber(text string) bool {
	return !strings.ContainsAny(text, "0123456789") && hasWordsOf(text, phoneWords, holderWords)
}

// thisChatWords name this chat's own account ("this one", "use my
// telegram", "chat ini": on Telegram they got "I can't use that number",
// not that no number is seen); thisWords point at it.
var (
	thisChatWords = wordSet("one", "telegram", "tele", "chat", "akun", "account")
	thisWords     = wordSet("ini", "this", "same", "sama", "my", "mine", "saya", "sy", "aku", "ku")
)

// thisNumber reports "this number" in words ("pake no ini aja", "nomor
// yang ini", "use this number") without the number itself.
func thisNumber(text string) bool {
	number, this := false, false
	for _, w := range tokens(text) {
		switch {
		case phoneWords[w], thisChatWords[w]:
			number = true
		case thisWords[w]:
			this = true
		}
	}
	return number && this && !strings.ContainsAny(text, "0123456789")
}

// thisNumberInput takes the chat's own number when it is a mobile (on
// WhatsApp); elsewhere the chat carries no number, and the vendor is told
// to type it.
func (c *conv) thisNumberInput() error {
	if p, problem := ParseMobile(c.turn.Contact.Phone); c.turn.Contact.Phone != "" && problem == PhoneOK {
		c.st.In.Phone = p
		return c.advance()
	}
	return c.miss("bad.phone_unseen")
}

// noWhatsApp reports words that the number has no WhatsApp.
func noWhatsApp(text string) bool {
	wa, neg := false, false
	for _, w := range tokens(text) {
		switch {
		case w == "wa" || w == "whatsapp" || w == "whatsap" || w == "watsap" || w == "wasap":
			wa = true
		case noWords[w]:
			neg = true
		}
	}
	return wa && neg
}
