package flows

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket"
)

func inSurvey(step string) bool { return strings.HasPrefix(step, "sv.") }

// detourAction reports an action that only tells something and comes
// back to the pending question (flows/detour.go).
func detourAction(a string) bool {
	switch a {
	case actHelp, actStatus, actMissing, actHours, actLangMenu, actLangID, actLangEN:
		return true
	}
	return false
}

// surveyWord maps the survey's own words; "later" and "skip" only count
// while a survey is on or offered.
func surveyWord(text string, active bool) string {
	w := strings.ToLower(strings.TrimSpace(text))
	w = strings.TrimRight(strings.TrimPrefix(w, "/"), ".!")
	switch w {
	case "survei", "survey", "isi survei", "survei kepuasan", "rate", "penilaian", "mau isi survei",
		"evaluasi", "evaluasi layanan", "isi evaluasi", "mau evaluasi", "mau evaluasi layanan", "evaluate", "evaluation":
		// "evaluate" is the word of the helpdesk's own evaluation form
		return actSurvey
	}
	if !active {
		return ""
	}
	if w == "-" {
		return actSurveySkip
	}
	// the words as typed, then without filler: "nanti aja", "nanti dulu
	// ya", "later please" (refused as no rating: only the bare words
	// counted); "not now" is read whole, its "now" being filler
	ws := tokens(w)
	typed := strings.Join(ws, " ")
	bare := strings.Join(slices.DeleteFunc(ws, func(t string) bool { return surveyWordFiller[t] }), " ")
	for _, said := range []string{typed, bare} {
		switch said {
		case "nanti", "lain kali", "later", "not now", "maybe later", "another time":
			return actSurveyLater
		case "lewati", "skip", "tidak ada", "no", "gak ada", "ga ada", "nggak ada", "none", "nothing":
			return actSurveySkip
		}
	}
	return ""
}

// surveyWordFiller may stand around the survey's own words.
var surveyWordFiller = wordSet("aja", "saja", "dulu", "ya", "yaa", "deh", "dong", "kak", "min", "pak", "bu", "please",
	"pls", "for", "now", "sih", "lah", "ok", "oke")

// surveyTurn runs before the steps: survey actions work from anywhere,
// and while a survey is on it gets all input except other menu actions,
// which pause it (the answers so far are kept). It reports whether it
// handled the input.
func (c *conv) surveyTurn(stx SurveyTx, in input) (bool, error) {
	st := c.st
	a := in.action
	if a == "" && in.kind == loket.InText {
		a = surveyWord(in.text, inSurvey(st.Step) || st.Sv != nil)
	}
	switch {
	case a == actSurvey || a == actSurveyGo:
		return true, c.surveyGo(stx)
	case a == actSurveyLater:
		return true, c.surveyLater(stx)
	case (strings.HasPrefix(a, prefixSurveyAns) || a == actSurveySkip) && !inSurvey(st.Step):
		if err := c.say("stale", nil); err != nil {
			return true, err
		}
		return true, c.prompt()
	}
	if !inSurvey(st.Step) {
		return false, nil
	}
	switch {
	case a == actCancel:
		return true, c.surveyLater(stx)
	case a != "" && !strings.HasPrefix(a, "sv."):
		if !detourAction(a) {
			st.Sv = nil // another journey: the survey waits for "survei"
		}
		return false, nil // a detour (help, status…) comes back to the question
	case st.Step == stepSurveyComment:
		return true, c.surveyComment(stx, in, a)
	}
	return true, c.surveyAnswer(stx, in, a)
}

// findSurvey returns the ticket and survey to continue: the one in the
// state, else the newest pending one of the contact's closed tickets.
func (c *conv) findSurvey(stx SurveyTx) (*loket.Ticket, *loket.Survey, error) {
	if c.st.Sv != nil {
		t, err := c.tx.TicketByID(c.ctx, c.st.Sv.Ticket)
		if err == nil {
			s, err := surveyOf(c.ctx, stx, t.ID)
			if err != nil || surveyPending(s) {
				return t, s, err
			}
		}
	}
	ts, err := c.tx.ListTickets(c.ctx, loket.TicketFilter{ContactID: c.turn.Contact.ID,
		Statuses: []loket.TicketStatus{loket.StatusClosed}, Limit: 20})
	if err != nil {
		return nil, nil, fmt.Errorf("flows: survey tickets: %w", err)
	}
	for i := range ts {
		s, err := surveyOf(c.ctx, stx, ts[i].ID)
		if err != nil {
			return nil, nil, err
		}
		if surveyPending(s) {
			return &ts[i], s, nil
		}
	}
	return nil, nil, nil
}

// pendingSurvey reports whether the contact has a survey to finish (for
// the status view's button).
func (c *conv) pendingSurvey(stx SurveyTx) bool {
	t, _, err := c.findSurvey(stx)
	return err == nil && t != nil
}

// surveyGo starts or continues a survey.
func (c *conv) surveyGo(stx SurveyTx) error {
	t, s, err := c.findSurvey(stx)
	if err != nil {
		return err
	}
	st := c.st
	if t == nil {
		back := ""
		if st.Sv != nil {
			back = st.Sv.Back
		}
		st.Sv = nil
		if inSurvey(st.Step) {
			st.Step = back
		}
		if pendingQuestion(st.Step) { // "survei" typed at the NPWP: told, and the NPWP asked again
			return c.detour(func() error { return c.say("survey.none", nil) })
		}
		return c.say("survey.none", nil, opt{key: "btn.menu", action: actMenu})
	}
	if !inSurvey(st.Step) {
		back := ""
		if resumable(st.Step) && !(st.Step == stepTicket && st.Ticket == t.ID) {
			back = st.Step
		}
		st.Sv = &surveyState{Ticket: t.ID, Back: back}
	}
	st.Sv.Ticket = t.ID
	return c.surveyAsk(stx, t, s)
}

// surveyAsk asks the first unanswered question, or for the comment.
func (c *conv) surveyAsk(stx SurveyTx, t *loket.Ticket, s *loket.Survey) error {
	c.asked = true
	c.turn.TicketID = t.ID
	q := surveyNext(s)
	if q >= loket.SurveyAnswers {
		c.st.Step = stepSurveyComment
		v := c.view()
		v.Ref = t.Ref()
		return c.say("survey.comment", v, opt{key: "btn.survey_skip", action: actSurveySkip})
	}
	c.st.Step = stepSurveyQ
	text, err := c.f.questionText(c.ctx, stx, c.lang(), q)
	if err != nil {
		return err
	}
	v := c.view()
	v.Ref, v.Step, v.Steps, v.Value = t.Ref(), q+1, loket.SurveyAnswers, text
	section := "survey.section.service"
	if q >= serviceQs {
		section = "survey.section.problem"
	}
	if v.Type, err = c.text(section, nil); err != nil {
		return err
	}
	// Only the four ratings: a typed digit means the same rating as the
	// button of that number ("nanti"/"later" pauses, as the intro says).
	opts := make([]opt, 0, 4)
	for n := 1; n <= 4; n++ {
		opts = append(opts, opt{key: "survey.scale." + strconv.Itoa(n), action: fmt.Sprintf("%s%d.%d", prefixSurveyAns, q, n)})
	}
	return c.say("survey.question", v, opts...)
}

// surveyPrompt asks the current survey question again (router prompt).
func (c *conv) surveyPrompt(stx SurveyTx) error {
	if c.st.Sv == nil {
		c.st.Sv = nil
		c.st.Step = stepMenu
		return c.menuPrompt()
	}
	return c.surveyGo(stx)
}

// current loads the survey being answered; nil ticket when it is gone
// or already complete (the caller starts over).
func (c *conv) surveyCurrent(stx SurveyTx) (*loket.Ticket, *loket.Survey, error) {
	if c.st.Sv == nil {
		return nil, nil, nil
	}
	t, err := c.tx.TicketByID(c.ctx, c.st.Sv.Ticket)
	if err != nil {
		return nil, nil, nil
	}
	s, err := surveyOf(c.ctx, stx, t.ID)
	if err != nil || !surveyPending(s) {
		return nil, nil, err
	}
	return t, s, nil
}

// surveyAnswer records a rating for the current question.
func (c *conv) surveyAnswer(stx SurveyTx, in input, a string) error {
	t, s, err := c.surveyCurrent(stx)
	if err != nil || t == nil {
		if err == nil {
			err = c.surveyGo(stx)
		}
		return err
	}
	c.turn.TicketID = t.ID
	q := surveyNext(s)
	var rs []int // the ratings given, for question q and on
	if rest, ok := strings.CutPrefix(a, prefixSurveyAns); ok {
		qs, ns, _ := strings.Cut(rest, ".")
		if qi, err := strconv.Atoi(qs); err != nil || qi != q {
			if err := c.say("stale", nil); err != nil {
				return err
			}
			return c.surveyAsk(stx, t, s)
		}
		n, _ := strconv.Atoi(ns)
		rs = []int{n}
	} else if in.kind == loket.InText {
		if n, ok := c.allRating(in.text); ok && q < loket.SurveyAnswers {
			// "semua 4", "all 4", "sangat puas semua": that rating for every
			// question left (it got "choose 1 to 4"), said back
			rs = slices.Repeat([]int{n}, loket.SurveyAnswers-q)
			v := c.view()
			v.Count = len(rs)
			if v.Value, err = c.text("survey.scale."+strconv.Itoa(n), nil); err != nil {
				return err
			}
			if err := c.say("survey.noted_all", v); err != nil {
				return err
			}
		} else if n, worded := c.surveyRating(in.text); n != 0 {
			rs = []int{n}
			if worded { // "bagus", "kurang puas": the scale's word it was taken as, said
				v := c.view()
				if v.Value, err = c.text("survey.scale."+strconv.Itoa(n), nil); err != nil {
					return err
				}
				if err := c.say("survey.noted", v); err != nil {
					return err
				}
			}
		} else {
			rs = surveyRatings(in.text) // "4 4 3 4": several questions answered in one message, in order
		}
	}
	if left := loket.SurveyAnswers - q; len(rs) > 1 && len(rs) > left && left > 0 {
		v := c.view()
		v.Count = left
		if err := c.say("survey.too_many", v); err != nil {
			return err
		}
		return c.surveyAsk(stx, t, s)
	}
	if len(rs) == 0 || q >= loket.SurveyAnswers || slices.ContainsFunc(rs, func(n int) bool { return n < 1 || n > 4 }) {
		if err := c.say("survey.range", nil); err != nil {
			return err
		}
		return c.surveyAsk(stx, t, s)
	}
	copy(s.Answers[q:], rs)
	if err := stx.SaveSurvey(c.ctx, s); err != nil {
		return fmt.Errorf("flows: save survey answers: %w", err)
	}
	c.st.Misses = 0
	return c.surveyAsk(stx, t, s)
}

// surveyRating reads a typed rating: a digit, a scale label, or words
// that say one ("bagus", "kurang puas", "excellent": survey.words.<n>
// in either language; worded reports those, which the bot says back).
func (c *conv) surveyRating(text string) (n int, worded bool) {
	text = strings.TrimSpace(text)
	if n, err := strconv.Atoi(text); err == nil {
		return n, false
	}
	if n, ok := outOfFour(text); ok {
		return n, false // "4/4", "3 dari 4": one rating, not two (it filled two questions)
	}
	for n := 1; n <= 4; n++ {
		if l, err := c.text("survey.scale."+strconv.Itoa(n), nil); err == nil && strings.EqualFold(l, text) {
			return n, false
		}
	}
	ws := slices.DeleteFunc(tokens(text), func(w string) bool { return ratingFiller[w] })
	for i, w := range ws {
		if full, ok := ratingShort[w]; ok {
			ws[i] = full // "bagus bgt", "sgt puas"
		}
	}
	said := strings.Join(ws, " ")
	if said == "" {
		return 0, false
	}
	if len(said) == 1 && said[0] >= '1' && said[0] <= '4' {
		return int(said[0] - '0'), false // "nilai 3", "rating 4 ya"
	}
	for n := 1; n <= 4; n++ {
		for _, l := range langs {
			words, err := c.f.texts.render(l, "survey.words."+strconv.Itoa(n), nil)
			if err != nil {
				continue
			}
			for _, p := range splitList(words) {
				if strings.Join(tokens(p), " ") == said {
					return n, true
				}
			}
		}
	}
	return 0, false
}

// ratingFiller are words around a rating that do not change it ("bagus
// kak", "puas sih").
// allWords give one rating to every question left ("semua 4", "all 4");
// allFill may stand around them ("nilai 4 untuk semua").
var (
	allWords = wordSet("semua", "semuanya", "seluruhnya", "all", "everything")
	allFill  = wordSet("untuk", "nilai", "nilainya", "for", "of", "them", "rating", "ratings", "the", "questions",
		"pertanyaan", "sama", "same", "rata")
)

// allRating reads one rating given for every question left.
func (c *conv) allRating(text string) (int, bool) {
	all := false
	var rest []string
	for _, w := range tokens(text) {
		switch {
		case allWords[w]:
			all = true
		case allFill[w]:
		default:
			rest = append(rest, w)
		}
	}
	if !all || len(rest) == 0 {
		return 0, false
	}
	n, _ := c.surveyRating(strings.Join(rest, " "))
	return n, n >= 1 && n <= 4
}

// The service named around a rating ("pelayanannya sangat baik", "very
// good service") does not change it either.
var ratingFiller = wordSet("min", "kak", "ka", "pak", "bu", "mas", "mbak", "ya", "yaa", "sih", "deh", "dong", "nih",
	"lah", "kok", "aja", "ajah", "aj", "saja", "sudah", "udah", "menurut", "saya", "sy", "its", "it", "was", "is", "i",
	"am", "im", "nilai", "nilainya", "rating", "skor", "score", "give", "kasih", "beri",
	"pelayanan", "pelayanannya", "layanan", "layanannya", "service", "the")

// ratingShort are chat spellings of the rating words: "B aja" is "biasa
// aja" ("b" alone is also the second of four).
var ratingShort = map[string]string{"b": "biasa", "bgt": "banget", "bngt": "banget", "bgd": "banget", "sgt": "sangat",
	"sngt": "sangat", "bgs": "bagus", "mantab": "mantap", "mntp": "mantap", "gk": "gak", "ngga": "nggak", "tdk": "tidak"}

// outOfFour reads a rating written out of the scale's top: "4/4", "3 / 4",
// "3 dari 4", "4 out of 4".
func outOfFour(text string) (int, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(text, "/", " / ")), " "))
	for _, sep := range []string{" / ", " dari ", " out of ", " of "} {
		a, b, ok := strings.Cut(t, sep)
		if ok && b == "4" && len(a) == 1 && a[0] >= '1' && a[0] <= '4' {
			return int(a[0] - '0'), true
		}
	}
	return 0, false
}

// surveyRatings reads ratings listed in one message ("4 4 3", "4, 3,
// 4"): nil unless every part is a rating from 1 to 4.
func surveyRatings(text string) []int {
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '/' || r == '\n' })
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		if len(p) != 1 || p[0] < '1' || p[0] > '4' {
			return nil
		}
		out = append(out, int(p[0]-'0'))
	}
	return out
}

// surveyComment takes the optional comment and completes the survey.
func (c *conv) surveyComment(stx SurveyTx, in input, a string) error {
	t, s, err := c.surveyCurrent(stx)
	if err != nil || t == nil {
		if err == nil {
			err = c.surveyGo(stx)
		}
		return err
	}
	c.turn.TicketID = t.ID
	comment := ""
	switch {
	case a == actSurveySkip:
	case in.kind == loket.InText && in.text != "" && a == "":
		comment = in.text
		if utf8.RuneCountInString(comment) > surveyMaxRunes {
			comment = string([]rune(comment)[:surveyMaxRunes])
		}
	default:
		return c.say("survey.comment_text", nil, opt{key: "btn.survey_skip", action: actSurveySkip})
	}
	return c.surveyComplete(stx, t, s, comment)
}

func (c *conv) surveyComplete(stx SurveyTx, t *loket.Ticket, s *loket.Survey, comment string) error {
	s.Comment, s.CompletedAt = comment, c.turn.Now
	if err := stx.SaveSurvey(c.ctx, s); err != nil {
		return fmt.Errorf("flows: complete survey: %w", err)
	}
	body, err := c.f.texts.render(loket.LangID, "act.survey_done", &view{Office: c.profile(), Value: surveyAverage(s)})
	if err != nil {
		return err
	}
	act := &loket.Activity{TicketID: t.ID, Kind: loket.ActSystem, Actor: loket.ActorVendor, Body: body,
		Meta: surveyMeta(s), CreatedAt: c.turn.Now}
	if err := c.tx.NoteActivity(c.ctx, act); err != nil {
		return fmt.Errorf("flows: survey activity: %w", err)
	}
	v := c.view()
	v.Ref = t.Ref()
	back := c.st.Sv.Back
	c.st.Sv, c.st.Step = nil, stepMenu
	if back == "" {
		return c.say("survey.thanks", v, opt{key: "btn.menu", action: actMenu})
	}
	if err := c.say("survey.thanks", v); err != nil {
		return err
	}
	c.st.Step = back
	if err := c.say("survey.back", nil); err != nil {
		return err
	}
	return c.prompt()
}

// surveyLater pauses: the answers so far stay; "survei" continues.
func (c *conv) surveyLater(stx SurveyTx) error {
	t, _, err := c.findSurvey(stx)
	if err != nil {
		return err
	}
	st := c.st
	back := ""
	if st.Sv != nil {
		back = st.Sv.Back
	}
	st.Sv = nil
	if inSurvey(st.Step) {
		st.Step = back
		if back == "" {
			st.Step = stepMenu
		}
	}
	if t == nil {
		return c.say("survey.none", nil, opt{key: "btn.menu", action: actMenu})
	}
	c.turn.TicketID = t.ID
	v := c.view()
	v.Ref = t.Ref()
	if !resumable(st.Step) {
		return c.say("survey.later", v, opt{key: "btn.menu", action: actMenu})
	}
	if err := c.say("survey.later", v); err != nil {
		return err
	}
	return c.prompt()
}

func surveyMeta(s *loket.Survey) []byte {
	return fmt.Appendf(nil, `{"event":"survey_done","average":%q,"survey":%d,"answers":[%d,%d,%d,%d,%d,%d,%d,%d]}`, surveyAverage(s), s.ID,
		s.Answers[0], s.Answers[1], s.Answers[2], s.Answers[3], s.Answers[4], s.Answers[5], s.Answers[6], s.Answers[7])
}
