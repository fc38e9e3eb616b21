package flows

import (
	"strings"
)

// Every prompt with buttons accepts every way of answering it: the
// button, its number (parse), the label typed in either language, the
// synonyms of templates/bot "syn.<action>" and obvious typos.

// labelKeys are the button texts of the actions whose labels are fixed.
var labelKeys = map[string]string{
	actGuide: "btn.guide", actRegister: "btn.register", actStatus: "btn.status", actCall: "btn.call",
	actOfficer: "btn.officer", actHours: "btn.hours", actLangMenu: "btn.lang", actMenu: "btn.menu",
	actLangID: "btn.lang_id", actLangEN: "btn.lang_en", actNext: "btn.next", actBack: "btn.back",
	actStuck: "btn.stuck", actResume: "btn.resume", actRestart: "btn.restart", actOnline: "btn.online",
	actOffline: "btn.offline", actRegisterNew: "btn.register_new", actEdit: "btn.edit",
	actCancelYes: "btn.cancel_yes", actCancelNo: "btn.cancel_no", actMyPhone: "",
	actBook: "btn.bk_book", actBookChange: "btn.bk_change", actBookCancel: "btn.bk_cancel",
	actBookCancelYes: "btn.bk_cancel_yes", actBookKeep: "btn.bk_keep", actReqCancelYes: "btn.req_cancel_yes",
	actReqCancelKeep: "btn.req_cancel_keep", actBookDays: "btn.bk_other_day",
	actBookMore: "btn.bk_more", actSurvey: "btn.survey", actSurveyGo: "btn.survey_go",
	actSurveyLater: "btn.survey_later", actSurveySkip: "btn.survey_skip", actResumeIntake: "btn.resume_intake",
	actInPersonYes: "btn.sw_offline_yes", actStayOnline: "btn.sw_online_keep",
	prefixForm + "company": "btn.form_company", prefixForm + "individual": "btn.form_individual",
	prefixForm + "foreign":      "btn.form_foreign",
	prefixReq + "account_reset": "btn.req_account_reset", prefixReq + "data_change": "btn.req_data_change",
	prefixReq + "app_problem": "btn.req_app_problem", prefixReq + "other": "btn.req_other",
}

// choicePhrases builds, once, the normalised phrases of every action
// with a fixed label: the label in every language and its synonyms.
func (f *Flows) choicePhrases() map[string][]string {
	out := map[string][]string{}
	add := func(action, key string) {
		if key == "" || !f.texts.has(key) {
			return
		}
		for _, l := range langs {
			s, err := f.texts.render(l, key, sampleView(f.latest().office))
			if err != nil {
				continue
			}
			parts := []string{s}
			if strings.HasPrefix(key, "syn.") {
				parts = strings.Split(s, ",")
			}
			for _, p := range parts {
				if n := normal(p); n != "" && !contains(out[action], n) {
					out[action] = append(out[action], n)
				}
			}
		}
	}
	for a, key := range labelKeys {
		add(a, key)
		add(a, "syn."+a)
	}
	add(prefixDocReq+"*."+docSkip, "docs.btn.skip")
	add(prefixDocReq+"*."+docSkip, "syn.doc.skip")
	for _, fld := range intakeFields {
		add(prefixEdit+fld.step, fld.label)
		add(prefixEdit+fld.step, "syn.edit."+strings.TrimPrefix(fld.step, "in."))
	}
	return out
}

// menuLabelPhrases maps the main menu's labels, and those of the
// officer's request types (an answer names them: "pilih … Lupa password /
// reset akun"), in every language, to their actions.
func (f *Flows) menuLabelPhrases() map[string]string {
	out := map[string]string{}
	opts := menuOpts()
	for _, typ := range requestTypes {
		opts = append(opts, opt{key: "btn.req_" + string(typ), action: prefixReq + string(typ)})
	}
	for _, o := range opts {
		for _, l := range langs {
			if s, err := f.texts.render(l, o.key, sampleView(f.latest().office)); err == nil && normal(s) != "" {
				out[normal(s)] = o.action
			}
		}
	}
	return out
}

// oldMenuButton is the main-menu (or request-type) action whose label
// text is exactly, when that button is no longer offered ("Panduan
// pendaftaran" typed after an answer whose buttons were others), or "".
func (c *conv) oldMenuButton(text string) string {
	return c.f.menuLabels[normal(text)]
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// normal lower-cases s into its words, each with long letter runs folded.
func normal(s string) string {
	ws := tokens(s)
	for i, w := range ws {
		ws[i] = squeeze(w)
	}
	return strings.Join(ws, " ")
}

// phrasesOf returns the phrases that choose an offered action.
func (c *conv) phrasesOf(action string) []string {
	if rest, ok := strings.CutPrefix(action, prefixDocReq); ok {
		if _, key, ok := strings.Cut(rest, "."); ok {
			return c.known().choices[prefixDocReq+"*."+key]
		}
	}
	return c.f.choices[action]
}

// typedChoice maps typed text to one of the offered actions, or "". At
// the main menu a label merely found inside a longer question gives way
// to a confident answer to that question ("alamat mpp dimana" is the
// location, not the office-hours button); the few buttons of an answer
// keep their words unless the text asks something ("oke sy daftar skrg"
// after the document list is its registration button).
// maxAnswerBtns is the most buttons an answer carries (the main menu has more).
const maxAnswerBtns = 3

func (c *conv) typedChoice(text string) string {
	a, score := c.typedChoiceScore(text)
	if a != "" && score <= 2 && c.st.Step == stepMenu && c.oldMenuButton(text) != "" {
		return "" // a main-menu label typed whole does what its button does (see oldMenuButton)
	}
	if a != "" && score <= 2 && c.st.Step == stepMenu {
		// "ganti nomor WA" under "Ubah jadwal": one word of the label
		// ("ganti"), and a wish of its own, which wins (it moved the call)
		if m, ok := c.bestAnswer(text); ok && isIntent(m.ID) {
			if act := intentActions[m.ID]; act != "" && act != a {
				return ""
			}
		}
	}
	if a != "" && score <= 2 && c.st.Step == stepMenu && (len(c.st.Offer) > maxAnswerBtns || isQuestion(text)) {
		if _, ok := c.bestAnswer(text); ok {
			return ""
		}
		if isQuestion(text) && c.asksUnsaid(text) {
			return "" // "is verification free?" asks a fee, which no text states: not the menu's verification
		}
	}
	return a
}

// asksUnsaid reports a question that asks for something (a fee, a
// duration: kw.asks) that the answers it is closest to do not say.
func (c *conv) asksUnsaid(text string) bool {
	r := c.known().match.Rank(withoutCompanyName(withoutValues(text)))
	return len(r) > 0 && r[0].Lacks != ""
}

// typedChoiceScore is typedChoice with how well the text named it (see
// phraseScore).
func (c *conv) typedChoiceScore(text string) (string, int) {
	if len(c.st.Offer) == 0 {
		return "", 0
	}
	t := normal(text)
	if t == "" {
		return "", 0
	}
	best, bestScore, tie := "", 0, false
	for _, a := range c.st.Offer {
		s := 0
		for _, p := range c.phrasesOf(a) {
			s = max(s, phraseScore(t, p))
		}
		switch {
		case s == 0:
		case s > bestScore:
			best, bestScore, tie = a, s, false
		case s == bestScore && a != best:
			tie = true
		}
	}
	if tie {
		return "", 0
	}
	return best, bestScore
}

// phraseScore says how well typed text t names phrase p (both
// normalised): 4 exactly, 3 with a typo or two, 2 when t is p with a few
// words around it or a run of p's words (at least four letters), 1 when
// t is a typo away from such a run or a short t has a word one typo from
// a one-word p; 0 otherwise.
func phraseScore(t, p string) int {
	if p == "" {
		return 0
	}
	if t == p {
		return 4
	}
	if typoNear(t, p) {
		return 3
	}
	tw, pw := strings.Fields(t), strings.Fields(p)
	if len(tw) <= len(pw)+2 && strings.Contains(" "+t+" ", " "+p+" ") {
		return 2
	}
	score := 0
	if len(tw) < len(pw) && len(t) >= 4 {
		for i := 0; i+len(tw) <= len(pw); i++ {
			win := strings.Join(pw[i:i+len(tw)], " ")
			if win == t {
				return 2
			}
			if typoNear(t, win) {
				score = 1
			}
		}
	}
	if len(pw) == 1 && len(p) >= 5 && len(tw) <= 3 {
		for _, w := range tw {
			if editDistance(w, p, 1) <= 1 {
				score = 1
			}
		}
	}
	return score
}

// typoNear reports t a typo or two from phrase p: within p's tolerance
// in all, and, word for word when both have as many words, each word
// within its own ("nomor siapa" is two letters from "nomor saya", but
// "siapa" is no typo of "saya": it chose "use this number" for the
// question "whose number?").
func typoNear(t, p string) bool {
	tol := typoTolerance(p)
	if tol == 0 || editDistance(t, p, tol) > tol {
		return false
	}
	tw, pw := strings.Fields(t), strings.Fields(p)
	if len(tw) != len(pw) {
		return true
	}
	for i, w := range pw {
		if wt := typoTolerance(w); tw[i] != w && editDistance(tw[i], w, wt) > wt {
			return false
		}
	}
	return true
}

// typoTolerance is how many typos a phrase of this length tolerates.
func typoTolerance(p string) int {
	switch n := len([]rune(p)); {
	case n >= 10:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}
