package console

import (
	"context"
	"net/http"

	"loket"
	"loket/knowledge"
	"loket/store"
)

// answerEditStore is what editing, rolling back and resetting an answer uses.
type answerEditStore interface {
	agentLister
	versionSaver
	KnowledgeHistory(ctx context.Context, kind, key string, limit int) ([]loket.KnowledgeVersion, error)
}

func asAnswerEdit(tx store.Tx) answerEditStore { return tx }

// answerView is the edit page of one answer.
type answerView struct {
	Answer       knowledge.Answer
	BuiltIn      bool
	Edited       bool
	History      []versionRow
	Placeholders []string
	DocList      string // the document list's placeholder, for a document-list answer
	Saved        string
	Problems     []string
}

func (c *Console) answerPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	v := answerView{Saved: c.savedNote(a, r.URL.Query().Get("done"))}
	return c.renderAnswer(w, r, a, http.StatusOK, r.PathValue("key"), v, nil)
}

// renderAnswer shows an answer; typed (when not nil) is what the admin typed.
func (c *Console) renderAnswer(w http.ResponseWriter, r *http.Request, a *auth, status int, key string, v answerView, typed *knowledge.Answer) error {
	ctx := r.Context()
	err := inTx(ctx, c.store, asAnswerEdit, func(tx answerEditStore) error {
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		if v.Answer, v.BuiltIn, err = c.findAnswer(set, key); err != nil {
			return err
		}
		_, stored, _ := c.answerSets(set)
		_, v.Edited = stored[key]
		names, err := agentNames(ctx, tx)
		if err != nil {
			return err
		}
		hs, err := tx.KnowledgeHistory(ctx, loket.KnowAnswer, key, 20)
		for i, h := range hs {
			v.History = append(v.History, versionRow{KnowledgeVersion: h, Who: names[h.AgentID], Current: i == 0})
		}
		return err
	})
	if err != nil {
		return err
	}
	if typed != nil {
		v.Answer = *typed
	}
	v.Placeholders = knowledge.Placeholders()
	v.DocList = knowledge.DocListPlaceholder(key)
	if v.DocList != "" && typed == nil && v.Problems == nil {
		// saved before the list was a placeholder: its list no longer follows the requirements
		v.Problems = c.answerProblemTexts(a.lang(), v.Answer.Check())
	}
	c.render(w, r, status, "answer", a, v)
	return nil
}

// answerSave stores an edited answer as its next version.
func (c *Console) answerSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	key := r.PathValue("key")
	an := answerFromForm(r, key)
	if ps := append(an.Check(), unknownPlaceholders(an)...); ps != nil {
		return c.renderAnswer(w, r, a, http.StatusBadRequest, key, answerView{Problems: c.answerProblemTexts(a.lang(), ps)}, &an)
	}
	err := inTx(ctx, c.store, asAnswerEdit, func(tx answerEditStore) error {
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		if _, _, err := c.findAnswer(set, key); err != nil {
			return err
		}
		return c.saveAnswer(ctx, tx, a, an, "edit")
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/answers/"+key+"?done=saved", http.StatusSeeOther)
	return nil
}

// answerRollback saves an older version of the answer as the newest.
func (c *Console) answerRollback(w http.ResponseWriter, r *http.Request, a *auth) error {
	key := r.PathValue("key")
	if err := c.rollback(r.Context(), a, loket.KnowAnswer, key, r.PostFormValue("version")); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/answers/"+key+"?done=rollback", http.StatusSeeOther)
	return nil
}

// answerReset goes back to the built-in answer (a built-in one), or
// removes the answer (one the office wrote).
func (c *Console) answerReset(w http.ResponseWriter, r *http.Request, a *auth) error {
	ctx := r.Context()
	key := r.PathValue("key")
	done := "reset"
	err := inTx(ctx, c.store, asAnswerEdit, func(tx answerEditStore) error {
		set, err := knowledge.Load(ctx, tx)
		if err != nil {
			return err
		}
		builtIn, stored, _ := c.answerSets(set)
		an, isBuiltIn := builtIn[key]
		if _, ok := stored[key]; !ok {
			return userErr(loket.EConflict, "answers.err_not_changed")
		}
		if !isBuiltIn {
			an, done = knowledge.Answer{Key: key, Deleted: true}, "deleted"
		}
		return c.saveAnswer(ctx, tx, a, an, done)
	})
	if err != nil {
		return err
	}
	if done == "deleted" {
		http.Redirect(w, r, "/admin/answers?done=deleted", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/admin/answers/"+key+"?done=reset", http.StatusSeeOther)
	return nil
}
