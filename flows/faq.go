package flows

import (
	"strconv"
	"strings"

	"loket"
	"loket/knowledge"
)

// faqEntry is an answer to a question typed in the vendor's own words:
// texts faq.<id> (answer) and kw.<id> (keywords, comma-separated) in
// every language, and the buttons offered with the answer.
type faqEntry struct {
	id     string
	opts   []opt
	action string // an intent: the action it runs instead of a text (the vendor's own data)
}

// intentPrefix starts the ids of intents: things the vendor wants done
// with their own data, said in their own words (texts kw.intent.<name>).
const intentPrefix = "intent."

func isIntent(id string) bool { return strings.HasPrefix(id, intentPrefix) }

func faqEntries() []faqEntry {
	menu := opt{key: "btn.menu", action: actMenu}
	guide := opt{key: "btn.guide", action: actGuide}
	reg := opt{key: "btn.register", action: actRegister}
	officer := opt{key: "btn.officer", action: actOfficer}
	status := opt{key: "btn.status", action: actStatus}
	req := func(t loket.TicketType) opt { return opt{key: "btn.req_" + string(t), action: prefixReq + string(t)} }
	return []faqEntry{
		{"confirm_email", []opt{guide, officer, menu}, ""},
		{"link_expired", []opt{guide, officer, menu}, ""},
		{"security_code", []opt{req(loket.TypeAppProblem), menu}, ""},
		{"npwp_registered", []opt{officer, menu}, ""},
		{"hours", []opt{reg, menu}, ""},
		{"location", []opt{reg, menu}, ""},
		{docsOfflineID, []opt{reg, menu}, ""}, // flows/bring.go
		{"docs_company", []opt{reg, menu}, ""},
		{"docs_individual", []opt{reg, menu}, ""},
		{"business_forms", []opt{reg, menu}, ""},
		{"portal_english", []opt{guide, menu}, ""},
		{"docs_foreign", []opt{guide, reg, menu}, ""},
		{"password_rules", []opt{guide, menu}, ""},
		{"forgot_password", []opt{req(loket.TypeAccountReset), menu}, ""},
		{"online_verification", []opt{reg, menu}, ""},
		{"video_call", []opt{status, menu}, ""},
		{"register_how", []opt{guide, reg, menu}, ""},
		{"process_overview", []opt{guide, reg, menu}, ""},
		{"tender", []opt{reg, guide, menu}, ""},
		{"other_lpse", []opt{officer, reg, menu}, ""},
		{"call_connection", []opt{status, menu}, ""},
		{"call_missed", []opt{status, menu}, ""},
		{"email_registered", []opt{req(loket.TypeAccountReset), officer, menu}, ""},
		{"second_email", []opt{reg, menu}, ""},
		{"contact", []opt{officer, menu}, ""},
		{"file_format", []opt{reg, menu}, ""},
		{"pdf_password", []opt{status, menu}, ""},
		{"pdf_damaged", []opt{status, menu}, ""},
		{"user_id", []opt{guide, menu}, ""},
		{"sikap", []opt{guide, menu}, ""},
		{"licence_kind", []opt{officer, reg, menu}, ""},
		{"login", []opt{req(loket.TypeAccountReset), menu}, ""},
		{"bot", []opt{officer, menu}, ""},
		{"who_attends", []opt{reg, menu}, ""},
		{"who_verifies", []opt{officer, menu}, ""},
		{"npwp_form", []opt{officer, menu}, ""},
		{"npwp_nik", []opt{reg, menu}, ""},
		{"npwp_digits", []opt{reg, menu}, ""},
		{"id_card", []opt{officer, menu}, ""},
		{"npwp_what", []opt{reg, menu}, ""},
		{"ssp_what", []opt{reg, menu}, ""},
		{"legalised", []opt{reg, menu}, ""},
		{"docs_by_email", []opt{reg, menu}, ""},
		{"docs_one_file", []opt{reg, menu}, ""},
		{"data_change", []opt{req(loket.TypeDataChange), menu}, ""},
		{"another_business", []opt{reg, menu}, ""},
		{"call_content", []opt{status, menu}, ""},
		{"privacy", []opt{officer, menu}, ""},
		{"call_me", []opt{officer, menu}, ""},
		{"call_recording", []opt{officer, menu}, ""},
		{"app_problem", []opt{req(loket.TypeAppProblem), menu}, ""},
		{intentPrefix + "status", nil, actStatus},
		{intentPrefix + "missing", nil, actMissing},
		{intentPrefix + "my_call", nil, actCall},
		{intentPrefix + "no_reply", nil, actNoReply}, // flows/noreply.go
		{intentPrefix + "reschedule", nil, actBookChange},
		{intentPrefix + "cancel_call", nil, actBookCancel},
		{intentPrefix + "officer", nil, actOfficer},
		{intentPrefix + "register", nil, actRegister},
		{intentPrefix + "phone_change", nil, actPhoneChange},
		{intentPrefix + "call_length", nil, actCallLength},       // flows/call_length.go
		{intentPrefix + "process_length", nil, actProcessLength}, // flows/process_length.go
		{intentPrefix + "emails", nil, actEmails},                // flows/emails.go
		{intentPrefix + "call_away", nil, actCallAway},           // flows/call_questions.go
		{intentPrefix + "mode_compare", nil, actModeCompare},     // flows/mode_compare.go
		{intentPrefix + "after_call", nil, actAfterCall},         // flows/after_call.go
		{intentPrefix + "time_zone", nil, actTimeZone},           // flows/time_zone.go
	}
}

// ticketIntents are the intents the bot answers itself inside a ticket
// conversation, as they are about the vendor's own file and call; other
// text goes to the officers.
var ticketIntents = wordSet(intentPrefix+"status", intentPrefix+"missing", intentPrefix+"my_call",
	intentPrefix+"no_reply", intentPrefix+"reschedule", intentPrefix+"cancel_call", intentPrefix+"process_length",
	intentPrefix+"emails", intentPrefix+"call_away", intentPrefix+"after_call", intentPrefix+"time_zone")

// ticketIntent reports the intents the bot answers itself inside a
// ticket conversation.
func ticketIntent(id string) bool { return ticketIntents[id] }

// sayingIntent reports the intents that only say something (no action on
// the vendor's data, sayings), so a sentence at a form's text question
// may get them ("the director is abroad" at the company's name).
func sayingIntent(id string) bool { return sayings[id] != nil }

// sayings are the handlers of the intents that only say something: run as
// a detour from the menu or a question (global), and called straight for
// a question asked beside an answer, answered in the answer's reply
// (answerAside).
var sayings = map[string]func(*conv) error{
	intentPrefix + "process_length": (*conv).processLength, intentPrefix + "emails": (*conv).emails,
	intentPrefix + "call_away": (*conv).callAway, intentPrefix + "call_length": (*conv).callLength,
	intentPrefix + "mode_compare": (*conv).modeCompare, intentPrefix + "after_call": (*conv).afterCall,
	intentPrefix + "time_zone": (*conv).timeZone,
}

// sayingActions are sayings by the action their intent runs.
var sayingActions = func() map[string]func(*conv) error {
	m := map[string]func(*conv) error{}
	for id, say := range sayings {
		m[intentActions[id]] = say
	}
	return m
}()

// intentActions is the action each intent runs (faqEntries).
var intentActions = func() map[string]string {
	m := map[string]string{}
	for _, e := range faqEntries() {
		if e.action != "" {
			m[e.id] = e.action
		}
	}
	return m
}()

const guideMatchPrefix = "guide."

// entryNeeds are the words one of which a question must have for a
// built-in entry to answer it (MatchEntry.Needs).
var entryNeeds = map[string][]string{
	intentPrefix + "call_length": {"video", "call", "vc", "vidcall", "videocall", "panggilan", "telepon", "ditelepon",
		"nelpon", "ditelpon", "telpon"},
	// "saya daftar sekarang" is no question about the hours, nor "oke
	// langsung daftar aja" about the place: "sekarang" and "langsung"
	// only stand in their keywords beside such words.
	"hours": {"jam", "buka", "tutup", "libur", "hari", "kapan", "sabtu", "minggu", "telat", "terlambat", "pagi", "sore",
		"siang", "datang", "layanan", "kerja", "jadwal", "tanggal", "merah", "cuti", "time", "open", "close", "closed",
		"hour", "hours", "day", "days", "holiday", "saturday", "sunday", "weekend", "late", "morning", "afternoon",
		"schedule", "when", "come", "today", "tomorrow", "besok", "lusa", "senin", "selasa", "rabu", "kamis", "jumat"},
	"location": {"alamat", "lokasi", "dimana", "mana", "tempat", "tempatnya", "mpp", "graha", "tiyasa", "lippo", "plaza",
		"keboen", "kebun", "raya", "pajajaran", "datang", "tatap", "offline", "luring", "lantai", "letak", "loket", "janji",
		"kantor", "address", "where", "location", "place", "floor", "counter", "appointment", "person", "office", "come",
		"visit", "map", "maps"},
	// "vc sekarang" moves the call; "daftar sekarang" does not
	intentPrefix + "reschedule": {"jadwal", "jadwalnya", "vc", "vcnya", "video", "call", "vidcall", "videocall", "hari",
		"jam", "minggu", "diundur", "dimajukan", "dimundurkan", "undur", "majukan", "mundurkan", "mundur", "geser", "hadir",
		"dipercepat", "percepat", "sooner", "speed",
		"reschedule", "postpone", "delay", "day", "time", "appointment", "schedule", "week", "earlier", "make", "move"},
	// "penawaran tender kemarin tidak terkirim" is a problem to report,
	// not a question about taking part
	"tender": {"ikut", "mengikuti", "join", "take", "part", "cari", "mencari", "find", "lihat", "melihat", "see", "paket",
		"package", "packages", "kapan", "when", "cara", "caranya", "gimana", "gmn", "bagaimana", "how", "tanpa", "without",
		"mulai", "start", "open", "dibuka", "daftar", "apa", "saja", "which", "what", "sekarang", "now", "current", "info",
		"informasi", "available"},
	// "kapan dapat email konfirmasi?" asks when, "blm dpt email
	// konfirmasi" says it did not come (confirm_email)
	intentPrefix + "emails": {"kapan", "when", "apa", "saja", "which", "what", "berapa", "how", "many", "ketiga", "third",
		"setelah", "sesudah", "after", "urutan", "order", "dikirim"},
	// a way named: "please be faster" after a survey is no comparison (at
	// the choice itself "which one is faster?" is, and so is a question
	// naming both ways: flows/mode_compare.go)
	intentPrefix + "mode_compare": {"online", "daring", "offline", "luring", "person", "tatap", "muka", "datang",
		"langsung", "video", "call", "vc", "videocall", "kantor", "office", "come"},
	// a tax word named: "direkturnya pakai kacamata hitam gpp?" is no
	// question about which NPWP (it got the company NPWP answer for its
	// "direktur … pakai … gpp")
	"npwp_form": {"npwp", "pajak", "tax", "nik", "taxpayer", "kswp"},
	"npwp_nik":  {"npwp", "pajak", "tax", "nik", "taxpayer", "kswp"},
	// a file named: its text's "hitam-putih" (a scan's colour) is no word
	// of a question about what to wear
	"file_format": {"pdf", "file", "filenya", "files", "berkas", "berkasnya", "dokumen", "document", "foto", "fotonya",
		"photo", "picture", "gambar", "image", "scan", "scanan", "mb", "kb", "ukuran", "size", "format", "word", "docx",
		"jpg", "jpeg", "png", "kamera", "camera", "besar", "kegedean", "kebesaran", "gede", "big", "bigger", "large",
		"larger", "camscanner", "scanner", "pemindai"},
	// a clock named: "perusahaan kami di jakarta, bisa verifikasi di
	// sini?" asks where to verify, not which clock (it got the time zones
	// for its "jakarta")
	intentPrefix + "time_zone": {"waktu", "wib", "wita", "wit", "zona", "zone", "time", "timezone", "jam", "jamnya",
		"utc", "gmt", "clock", "hour", "hours"},
	// the call named: "habis dzuhur bisa?" at the times is after noon prayers
	// or its result ("nanti hasilnya dikabari lewat mana?")
	intentPrefix + "after_call": {"video", "call", "called", "vc", "videocall", "telepon", "ditelepon", "vcnya",
		"callnya", "hasil", "hasilnya", "result"},
	docsOfflineID: {"bawa", "dibawa", "bawain", "membawa", "fotokopi", "fotokopinya", "fotocopy", "asli", "aslinya",
		"dokumen", "berkas", "syarat", "persyaratan", "bring", "copy", "copies", "photocopy", "photocopies", "original",
		"originals", "document", "documents", "paper", "papers"},
}

// buildMatcher indexes the answers in force and the guide's own steps in
// both languages: a built-in answer from its texts (faq.<id>, kw.<id>)
// unless the office edited or removed it, then the office's answers.
func (f *Flows) buildMatcher(k *known) (*Matcher, error) {
	sample := sampleView(k.office)
	var entries []MatchEntry
	add := func(id, kwKey, textKey string) error {
		e := MatchEntry{ID: id}
		for _, l := range langs {
			kw, err := f.texts.render(l, kwKey, sample)
			if err != nil {
				return err
			}
			e.Keywords = append(e.Keywords, splitList(kw)...)
			t, err := f.texts.render(l, textKey, sample)
			if err != nil {
				return err
			}
			e.Texts = append(e.Texts, t)
		}
		e.Needs = entryNeeds[id]
		entries = append(entries, e)
		return nil
	}
	builtIn := map[string]bool{}
	for _, e := range faqEntries() {
		builtIn[e.id] = e.action == ""
		if _, edited := k.answers[e.id]; edited && e.action == "" {
			continue // the office's version below
		}
		text := "faq." + e.id
		if e.action != "" {
			text = "kw." + e.id // an intent has no answer text: its keywords are all it has
		}
		if err := add(e.id, "kw."+e.id, text); err != nil {
			return nil, err
		}
	}
	for n := 1; n <= guideSteps; n++ {
		if err := add(guideMatchPrefix+strconv.Itoa(n), "kw."+guideKey(n), guideKey(n)); err != nil {
			return nil, err
		}
	}
	for _, a := range k.set.Answers {
		if a.Deleted {
			continue
		}
		id := a.Key
		if !builtIn[id] {
			id = ownAnswerPrefix + a.Key
		}
		e := MatchEntry{ID: id, Keywords: append(append([]string(nil), a.Phrasings.ID...), a.Phrasings.EN...)}
		for _, l := range langs {
			e.Texts = append(e.Texts, knowledge.Fill(a.Text.In(l), k.answerVars(l, sample.Hours, false)))
		}
		entries = append(entries, e)
	}
	m := NewMatcher(entries)
	for _, l := range langs {
		asks, err := f.texts.render(l, "kw.asks", sample)
		if err != nil {
			return nil, err
		}
		m.ask(splitList(asks)...)
	}
	for _, e := range entries[len(entries)-len(liveAnswers(k.set.Answers)):] {
		for _, p := range e.Keywords {
			if len(tokens(p)) >= 3 { // a question as a vendor wrote it, not a keyword like "alamat"
				m.exact(p, e.ID)
			}
		}
	}
	return m, nil
}

// ownAnswerPrefix starts the match ids of answers an office wrote.
const ownAnswerPrefix = "answer."

func liveAnswers(as []knowledge.Answer) []knowledge.Answer {
	var out []knowledge.Answer
	for _, a := range as {
		if !a.Deleted {
			out = append(out, a)
		}
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// vars are the office's facts and hours as {placeholders} of an answer.
func (o *Office) vars(l loket.Lang, hours string) map[string]string {
	vs := knowledge.Office{Name: o.Name, ZoneLabel: o.ZoneLabel, PortalURL: o.PortalURL, ContactURL: o.ContactURL,
		HelpdeskURL: o.HelpdeskURL, Phone: o.Phone, WhatsApp: o.WhatsApp, Emails: o.Emails, CallCenter: o.CallCenter,
		CallCenterBy: o.LKPPDirectory, CallNumber: o.CallNumber,
		Counter: knowledge.Counter{Place: o.Place, Address: o.Address, MapURL: o.MapURL, Bring: o.Bring}}.Vars(l)
	vs["hours"] = hours
	return vs
}

// answerVars are what an answer's {placeholders} stand for in l: the
// office's facts, its hours and, with docs, each form's document list as
// the requirements say today ({docs_company}…). The matcher leaves the
// lists out, as it does for the built-in answers.
func (k *known) answerVars(l loket.Lang, hours string, docs bool) map[string]string {
	vs := k.office.vars(l, hours)
	for _, form := range allForms {
		vs[knowledge.DocListName(form)] = ""
		if docs {
			vs[knowledge.DocListName(form)] = k.docTexts[l][string(form)]
		}
	}
	return vs
}

// storedAnswer is the office's answer a match id stands for, if any.
func (c *conv) storedAnswer(id string) (knowledge.Answer, bool) {
	a, ok := c.known().answers[strings.TrimPrefix(id, ownAnswerPrefix)]
	return a, ok && !a.Deleted
}

// sayAnswer sends an answer the office wrote or edited, its
// {placeholders} filled with the office's facts.
func (c *conv) sayAnswer(a knowledge.Answer, opts ...opt) error {
	v := c.view()
	return c.sayText(knowledge.Fill(a.Text.In(c.lang()), c.known().answerVars(c.lang(), v.Hours, true)), opts...)
}

// sayAnswerQuiet sends an office's answer inside a form step, where no
// buttons ride with it (the step's question follows with its own). The
// office's words may point at buttons or choices ("pilih tombol Daftar
// sekarang"): then a sentence of the bot's says where those are and that
// the step goes on below.
func (c *conv) sayAnswerQuiet(a knowledge.Answer) error {
	v := c.view()
	text := knowledge.Fill(a.Text.In(c.lang()), c.known().answerVars(c.lang(), v.Hours, true))
	if mentionsChoices(text) {
		note, err := c.text("answer.quiet_choices", nil)
		if err != nil {
			return err
		}
		text += "\n\n" + note
	}
	return c.sayText(text)
}

// choiceWords point at a button or an option to choose, in either language.
var choiceWords = wordSet("tombol", "klik", "tekan", "pilih", "pilihlah", "button", "buttons", "click",
	"press", "tap", "choose", "select", "pick")

// mentionsChoices reports whether a text tells the reader to press or
// choose something.
func mentionsChoices(text string) bool {
	for _, w := range tokens(text) {
		if choiceWords[w] {
			return true
		}
	}
	return false
}

// answer replies with a matched answer. A guide step opens the guide at
// that step; with quiet only the text is sent (no buttons, no change).
func (c *conv) answer(id string, withButtons bool) error {
	if id != intentPrefix+"officer" { // asking for an officer is not a question; its request is (reqDescInput)
		if err := c.noteQuestion(loket.QuestionAnswered, id, ""); err != nil {
			return err
		}
	}
	if id == docNeedID {
		return c.docNeed(withButtons) // flows/doc_need.go
	}
	if n, ok := strings.CutPrefix(id, guideMatchPrefix); ok {
		step, _ := strconv.Atoi(n)
		if !withButtons {
			v := c.view()
			v.Step, v.Steps, v.Quiet = step, guideSteps, true
			return c.say(guideKey(step), v)
		}
		c.st.reset()
		c.st.Step, c.st.Guide = stepGuide, step
		return c.guidePrompt()
	}
	if !isIntent(id) {
		c.gaveAnswer = id // flows/tried.go
	}
	if a, ok := c.storedAnswer(id); ok && strings.HasPrefix(id, ownAnswerPrefix) {
		if !withButtons {
			return c.sayAnswerQuiet(a)
		}
		return c.sayAnswer(a, opt{key: "btn.officer", action: actOfficer}, opt{key: "btn.menu", action: actMenu})
	}
	for _, e := range faqEntries() {
		if e.id != id {
			continue
		}
		c.noteFormAsked(id)
		if e.action != "" {
			_, err := c.global(e.action)
			return err
		}
		a, edited := c.storedAnswer(id)
		asked := answerAsked{withButtons: withButtons, edited: edited, opts: e.opts}
		for _, own := range personalReplies[id] { // flows/answers_own.go
			if done, err := own(c, asked); done || err != nil {
				return err
			}
		}
		if !edited {
			var err error
			if id, err = c.answerForForm(id); err != nil {
				return err
			}
		}
		switch {
		case edited && !withButtons:
			return c.sayAnswerQuiet(a)
		case edited:
			return c.sayAnswer(a, e.opts...)
		case !withButtons:
			v := c.view()
			v.Quiet = true // no buttons ride with it: the text says what to type
			return c.say("faq."+id, v)
		}
		return c.say("faq."+id, nil, e.opts...)
	}
	return c.miss("faq.none")
}

// answerDetour answers a matched question or intent as a detour: the
// pending question, if any, is asked again afterwards.
func (c *conv) answerDetour(id string) error {
	pending := pendingQuestion(c.st.Step)
	// "video_call" shows the vendor's own call, except while they are
	// already picking its time: there it is their question answered.
	own := id == "video_call" && !strings.HasPrefix(c.st.Step, prefixBook)
	return c.detour(func() error { return c.answer(id, !pending || isIntent(id) || own) })
}

// BuiltInAnswers are the bot's own answers (faq.<id> and kw.<id>) as the
// console shows them at /admin/answers: texts in both languages quoting
// the office with {placeholders}, keywords as example phrasings. An office
// that edits one replaces it for the matcher on the next message.
func (f *Flows) BuiltInAnswers() []knowledge.Answer {
	ph := &Office{Name: "{office}", ZoneLabel: "{zone}", PortalURL: "{portal}", ContactURL: "{contact_page}",
		HelpdeskURL: "{helpdesk}", Phone: "{phone}", WhatsApp: "{whatsapp}", CallCenter: "{call_center}",
		Emails: []string{"{emails}"}, Place: "{place}", Address: "{address}", MapURL: "{map}",
		Bring: knowledge.Text{ID: "{bring}", EN: "{bring}"}, CallNumber: "{call_number}"}
	def := f.latest().office
	ph.LKPPDirectory, ph.MaxUploadMB = def.LKPPDirectory, def.MaxUploadMB
	if def.MapURL == "" {
		ph.MapURL = "" // no "Map: {map}" for an office without a map: an edited answer would keep it empty
	}
	var out []knowledge.Answer
	for _, e := range faqEntries() {
		if e.action != "" {
			continue
		}
		a := knowledge.Answer{Key: e.id}
		for _, l := range langs {
			v := &view{Office: ph, Hours: "{hours}", Docs: f.latest().lists[l], DocText: map[string]string{}}
			for _, form := range allForms { // the lists follow the requirements: an edit keeps the placeholder
				v.DocText[string(form)] = "{" + knowledge.DocListName(form) + "}"
			}
			text, err1 := f.texts.render(l, "faq."+e.id, v)
			kw, err2 := f.texts.render(l, "kw."+e.id, v)
			if err1 != nil || err2 != nil {
				continue // checked in New: cannot happen
			}
			if l == loket.LangEN {
				a.Text.EN = text
			} else {
				a.Text.ID = text
			}
			a.Phrasings.Add(l, splitList(kw)...)
		}
		out = append(out, a)
	}
	return out
}
