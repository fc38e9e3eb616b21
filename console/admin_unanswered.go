package console

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"loket"
	"loket/knowledge"
	"loket/ops"
)

// questionResolver resolves the bot questions an answer settles.
type questionResolver interface {
	ops.Auditor
	ResolveBotQuestions(ctx context.Context, ids []int64, resolution, answerKey string, by int64, at time.Time) (int, error)
}

// The questions the bot could not answer (/admin/unanswered), grouped by
// similarity: a group is attached to an answer as new phrasings (the bot
// answers it from then on), turned into a new answer, or dismissed.

// maxOpenQuestions is how many open questions the page groups.
const maxOpenQuestions = 500

// unansweredGroup is a group as the page shows it.
type unansweredGroup struct {
	knowledge.QuestionGroup
	IDs string // "7,5,4", for the forms
}

func (c *Console) unansweredPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	var qs []loket.BotQuestion
	var set *knowledge.Set
	err := inTx(ctx, c.store, asAnswers, func(tx answersStore) error {
		var err error
		if set, err = knowledge.Load(ctx, tx); err != nil {
			return err
		}
		qs, err = tx.OpenBotQuestions(ctx, maxOpenQuestions)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: unanswered questions: %w", err)
	}
	var groups []unansweredGroup
	for _, g := range knowledge.Group(qs) {
		groups = append(groups, unansweredGroup{QuestionGroup: g, IDs: joinIDs(g.IDs)})
	}
	_, _, merged := c.answerSets(set)
	c.render(w, r, http.StatusOK, "unanswered", a, map[string]any{
		"Groups": groups, "Answers": merged, "Total": len(qs), "Saved": c.savedNote(a, r.URL.Query().Get("done")),
	})
	return nil
}

// unansweredAttach adds a group's questions to an answer's phrasings, in
// each question's language, as the answer's next version.
func (c *Console) unansweredAttach(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	ids, key := parseIDs(r.PostFormValue("ids")), r.PostFormValue("answer")
	if len(ids) == 0 {
		return userErr(loket.EInvalid, "unanswered.err_none")
	}
	err := inTx(ctx, c.store, asAnswers, func(tx answersStore) error {
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		an, _, err := c.findAnswer(set, key)
		if err != nil {
			return err
		}
		qs, err := openAmong(ctx, tx, ids)
		if err != nil {
			return err
		}
		if len(qs) == 0 {
			return userErr(loket.EConflict, "unanswered.err_resolved")
		}
		an.Phrasings = knowledge.Phrasings{ID: append([]string{}, an.Phrasings.ID...), EN: append([]string{}, an.Phrasings.EN...)}
		for _, q := range qs {
			an.Phrasings.Add(q.Lang, q.Text)
		}
		if err := c.saveAnswer(ctx, tx, a, an, fmt.Sprintf("unanswered: %d", len(qs))); err != nil {
			return err
		}
		return c.resolveQuestions(ctx, tx, a, ids, loket.ResolutionAttached, key)
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/unanswered?done=attached", http.StatusSeeOther)
	return nil
}

// unansweredDismiss closes a group: nothing to learn from it.
func (c *Console) unansweredDismiss(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	ids := parseIDs(r.PostFormValue("ids"))
	if len(ids) == 0 {
		return userErr(loket.EInvalid, "unanswered.err_none")
	}
	err := inTx(ctx, c.store, asAnswers, func(tx answersStore) error {
		return c.resolveQuestions(ctx, tx, a, ids, loket.ResolutionDismissed, "")
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/unanswered?done=dismissed", http.StatusSeeOther)
	return nil
}

// resolveQuestions marks questions resolved and audits it.
func (c *Console) resolveQuestions(ctx context.Context, tx questionResolver, a *auth, ids []int64, resolution, key string) error {
	if len(ids) == 0 {
		return nil
	}
	n, err := tx.ResolveBotQuestions(ctx, ids, resolution, key, a.Agent.ID, c.clock.Now())
	if err != nil {
		return fmt.Errorf("resolve questions: %w", err)
	}
	return audit(ctx, tx, a, "questions."+resolution, "answer:"+key, fmt.Sprintf("%d questions %s", n, joinIDs(ids)), c.clock.Now())
}

// openAmong returns the open questions among ids.
func openAmong(ctx context.Context, tx answersStore, ids []int64) ([]loket.BotQuestion, error) {
	qs, err := tx.OpenBotQuestions(ctx, maxOpenQuestions)
	if err != nil {
		return nil, fmt.Errorf("open questions: %w", err)
	}
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []loket.BotQuestion
	for _, q := range qs {
		if want[q.ID] {
			out = append(out, q)
		}
	}
	return out, nil
}
