package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"loket"
	"loket/knowledge"
	"loket/store"
)

// answersStore is what /admin/answers and /admin/unanswered use: the
// answers, and the questions they settle.
type answersStore interface {
	questionResolver
	versionSaver
	OpenBotQuestions(ctx context.Context, limit int) ([]loket.BotQuestion, error)
}

func asAnswers(tx store.Tx) answersStore { return tx }

// The bot's answers (/admin/answers): each answer's text in both languages
// and its example phrasings, built in (Deps.Answers, from the bot's
// texts) or written by the office. Every save is a new version the matcher
// uses on the next message; any version can be restored.

// answerRow is one answer on the list.
type answerRow struct {
	knowledge.Answer
	Source string // builtin | edited | own
}

// answerSource says where an answer comes from.
func answerSource(key string, builtIn, stored map[string]knowledge.Answer) string {
	_, b := builtIn[key]
	_, s := stored[key]
	switch {
	case b && s:
		return "edited"
	case b:
		return "builtin"
	}
	return "own"
}

// answerSets are the built-in and stored answers by key, and the merged list.
func (c *Console) answerSets(set *knowledge.Set) (builtIn, stored map[string]knowledge.Answer, merged []knowledge.Answer) {
	var bs []knowledge.Answer
	if c.answers != nil {
		bs = c.answers()
	}
	builtIn, stored = map[string]knowledge.Answer{}, map[string]knowledge.Answer{}
	for _, a := range bs {
		builtIn[a.Key] = a
	}
	for _, a := range set.Answers {
		stored[a.Key] = a
	}
	return builtIn, stored, knowledge.Merge(bs, set.Answers)
}

func (c *Console) answersPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	set, err := c.currentSet(r.Context())
	if err != nil {
		return err
	}
	builtIn, stored, merged := c.answerSets(set)
	rows := make([]answerRow, len(merged))
	for i, an := range merged {
		rows[i] = answerRow{Answer: an, Source: answerSource(an.Key, builtIn, stored)}
	}
	draft := knowledge.Answer{}
	ids := parseIDs(r.URL.Query().Get("questions"))
	if len(ids) > 0 { // "start a new answer" from a group of unanswered questions
		if draft, err = c.draftFromQuestions(r.Context(), ids); err != nil {
			return err
		}
	}
	c.render(w, r, http.StatusOK, "answers", a, map[string]any{
		"Rows": rows, "Draft": draft, "Questions": joinIDs(ids), "Placeholders": knowledge.Placeholders(),
		"Saved": c.savedNote(a, r.URL.Query().Get("done")),
	})
	return nil
}

func (c *Console) savedNote(a *auth, done string) string {
	switch done {
	case "saved", "created", "rollback", "reset", "deleted", "attached", "dismissed":
		return c.tr(a.lang(), "answers.done_"+done)
	}
	return ""
}

// draftFromQuestions is a new answer whose phrasings are the questions.
func (c *Console) draftFromQuestions(ctx context.Context, ids []int64) (knowledge.Answer, error) {
	var d knowledge.Answer
	qs, err := c.openQuestions(ctx, ids)
	if err != nil {
		return d, err
	}
	for _, q := range qs {
		d.Phrasings.Add(q.Lang, q.Text)
	}
	return d, nil
}

// openQuestions returns the open unanswered questions among ids.
func (c *Console) openQuestions(ctx context.Context, ids []int64) ([]loket.BotQuestion, error) {
	var out []loket.BotQuestion
	err := inTx(ctx, c.store, asAnswers, func(tx answersStore) error {
		qs, err := tx.OpenBotQuestions(ctx, maxOpenQuestions)
		for _, q := range qs {
			if slices.Contains(ids, q.ID) {
				out = append(out, q)
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("console: unanswered questions: %w", err)
	}
	return out, nil
}

// placeholderRE finds what an admin wrote as a placeholder: {name}.
var placeholderRE = regexp.MustCompile(`\{\s*[A-Za-z_][A-Za-z0-9_ ]*\}`)

// unknownPlaceholders is a problem for each text of an answer holding a
// {name} the bot does not fill ({ofice}, {Portal}, { portal }): it was
// saved, and the vendor read the braces as typed.
func unknownPlaceholders(an knowledge.Answer) knowledge.Problems {
	known := knowledge.Placeholders()
	var ps knowledge.Problems
	for _, t := range []struct{ field, v string }{{"text.id", an.Text.ID}, {"text.en", an.Text.EN}} {
		for _, m := range placeholderRE.FindAllString(t.v, -1) {
			if !slices.Contains(known, m) {
				ps = append(ps, knowledge.Problem{Field: t.field, Key: "placeholder", Vars: map[string]string{"value": m, "known": strings.Join(known, " ")}})
				break
			}
		}
	}
	return ps
}

// answerFromForm reads an answer's fields (phrasings one per line).
func answerFromForm(r *http.Request, key string) knowledge.Answer {
	an := knowledge.Answer{Key: key,
		Text:      knowledge.Text{ID: r.PostFormValue("text_id"), EN: r.PostFormValue("text_en")},
		Phrasings: knowledge.Phrasings{ID: strings.Split(r.PostFormValue("phrasings_id"), "\n"), EN: strings.Split(r.PostFormValue("phrasings_en"), "\n")}}
	an.Normalize()
	return an
}

// answerCreate adds an answer the office writes; with questions (from
// /admin/unanswered) those are resolved as turned into it.
func (c *Console) answerCreate(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	an := answerFromForm(r, strings.TrimSpace(r.PostFormValue("key")))
	ids := parseIDs(r.PostFormValue("questions"))
	problems := append(an.Check(), unknownPlaceholders(an)...)
	err := inTx(ctx, c.store, asAnswers, func(tx answersStore) error {
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		builtIn, stored, _ := c.answerSets(set)
		if _, ok := builtIn[an.Key]; ok || (stored[an.Key].Key != "" && !stored[an.Key].Deleted) {
			problems = append(problems, knowledge.Problem{Field: "key", Key: "answer_dup", Vars: map[string]string{"value": an.Key}})
		}
		if problems != nil {
			return nil
		}
		if err := c.saveAnswer(ctx, tx, a, an, "new"); err != nil {
			return err
		}
		return c.resolveQuestions(ctx, tx, a, ids, loket.ResolutionNew, an.Key)
	})
	if err != nil {
		return fmt.Errorf("console: new answer: %w", err)
	}
	if problems != nil {
		return c.renderAnswerProblems(w, r, a, problems, an, ids)
	}
	http.Redirect(w, r, "/admin/answers/"+an.Key+"?done=created", http.StatusSeeOther)
	return nil
}

func (c *Console) renderAnswerProblems(w http.ResponseWriter, r *http.Request, a *auth, ps knowledge.Problems, an knowledge.Answer, ids []int64) error {
	set, err := c.currentSet(r.Context())
	if err != nil {
		return err
	}
	builtIn, stored, merged := c.answerSets(set)
	rows := make([]answerRow, len(merged))
	for i, m := range merged {
		rows[i] = answerRow{Answer: m, Source: answerSource(m.Key, builtIn, stored)}
	}
	c.render(w, r, http.StatusBadRequest, "answers", a, map[string]any{
		"Rows": rows, "Draft": an, "Questions": joinIDs(ids), "Placeholders": knowledge.Placeholders(),
		"Problems": c.answerProblemTexts(a.lang(), ps),
	})
	return nil
}

func (c *Console) answerProblemTexts(lang loket.Lang, ps knowledge.Problems) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		kv := []any{}
		for k, v := range p.Vars {
			kv = append(kv, k, v)
		}
		field := c.catalog.text(lang, "answers.f."+strings.ReplaceAll(p.Field, ".", "_"), nil)
		if field == "" {
			field = p.Field
		}
		out = append(out, c.tr(lang, "office.problem", "field", field, "text", c.tr(lang, "office.err_"+p.Key, kv...)))
	}
	return out
}

// saveAnswer stores an answer as its next version, audited.
func (c *Console) saveAnswer(ctx context.Context, tx versionSaver, a *auth, an knowledge.Answer, note string) error {
	body, err := json.Marshal(an)
	if err != nil {
		return fmt.Errorf("encode answer: %w", err)
	}
	return c.saveVersion(ctx, tx, a, loket.KnowAnswer, an.Key, body, note, func(before *knowledge.Set) []knowledge.Change {
		_, _, merged := c.answerSets(before)
		var old knowledge.Answer
		if i := slices.IndexFunc(merged, func(m knowledge.Answer) bool { return m.Key == an.Key }); i >= 0 {
			old = merged[i]
		}
		return answerDiff(old, an)
	})
}

// answerDiff lists what changed in an answer, for the audit log.
func answerDiff(before, after knowledge.Answer) []knowledge.Change {
	var cs []knowledge.Change
	add := func(field string, b, a any) {
		bs, _ := json.Marshal(b)
		as, _ := json.Marshal(a)
		if string(bs) != string(as) {
			cs = append(cs, knowledge.Change{Field: field, Before: string(bs), After: string(as)})
		}
	}
	add("text.id", before.Text.ID, after.Text.ID)
	add("text.en", before.Text.EN, after.Text.EN)
	add("phrasings.id", before.Phrasings.ID, after.Phrasings.ID)
	add("phrasings.en", before.Phrasings.EN, after.Phrasings.EN)
	add("deleted", before.Deleted, after.Deleted)
	return cs
}

// parseIDs reads "1,5,9" (bad parts are skipped).
func parseIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && n > 0 && len(out) < maxOpenQuestions {
			out = append(out, n)
		}
	}
	return out
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// findAnswer returns the answer in force with key, and whether it is built in.
func (c *Console) findAnswer(set *knowledge.Set, key string) (knowledge.Answer, bool, error) {
	builtIn, _, merged := c.answerSets(set)
	i := slices.IndexFunc(merged, func(m knowledge.Answer) bool { return m.Key == key })
	if i < 0 {
		return knowledge.Answer{}, false, userErr(loket.ENotFound, "answers.err_none", "key", key)
	}
	_, b := builtIn[key]
	return merged[i], b, nil
}
