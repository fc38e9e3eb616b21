package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"text/template"

	"loket"
	"loket/ops"
	"loket/store"
	"loket/templates"
)

// surveyStore is what the survey questions page and a ticket's survey use.
type surveyStore interface {
	ops.Auditor
	settingSaver
	Setting(ctx context.Context, key string) ([]byte, error)
	SurveyByTicket(ctx context.Context, ticketID int64) (*loket.Survey, error)
}

func asSurvey(tx store.Tx) surveyStore { return tx }

// surveySetting is the settings key of the survey questions; its JSON
// shape is flows.SurveyConfig (the flows read it when asking).
const surveySetting = "survey"

// surveyQuestion is one question's text per language; empty = default.
type surveyQuestion struct {
	ID string `json:"id"`
	EN string `json:"en"`
}

type surveyConfig struct {
	Questions [loket.SurveyAnswers]surveyQuestion `json:"questions"`
}

// surveyText renders a key of the bot's survey texts
// (templates/bot/<lang>.survey.tmpl), which hold the defaults.
func surveyText(lang loket.Lang, key string) string {
	t, err := template.ParseFS(templates.Bot, "bot/"+string(lang)+".survey.tmpl")
	if err != nil {
		return ""
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, key, nil); err != nil {
		return ""
	}
	return strings.TrimSpace(b.String())
}

// surveyLabels are the short labels of the questions in lang, for reports
// and the ticket page.
func (c *Console) surveyLabels(lang loket.Lang) [loket.SurveyAnswers]string {
	var out [loket.SurveyAnswers]string
	for i := range out {
		out[i] = surveyText(lang, "survey.label."+strconv.Itoa(i+1))
		if out[i] == "" {
			out[i] = c.tr(lang, "survey.question_n", "n", i+1)
		}
	}
	return out
}

// surveyRow is one question on the admin page.
type surveyRow struct {
	N                int
	Label            string
	ID, EN           string // the saved texts (empty = default)
	DefaultID, DefEN string
	Section          string
}

func (c *Console) surveyRows(lang loket.Lang, cfg surveyConfig) []surveyRow {
	labels := c.surveyLabels(lang)
	rows := make([]surveyRow, loket.SurveyAnswers)
	for i := range rows {
		k := "survey.q." + strconv.Itoa(i+1)
		rows[i] = surveyRow{N: i + 1, Label: labels[i], ID: cfg.Questions[i].ID, EN: cfg.Questions[i].EN,
			DefaultID: surveyText(loket.LangID, k), DefEN: surveyText(loket.LangEN, k), Section: c.tr(lang, "survey.section_service")}
		if i >= 6 {
			rows[i].Section = c.tr(lang, "survey.section_problem")
		}
	}
	return rows
}

func (c *Console) loadSurveyConfig(r *http.Request) (surveyConfig, error) {
	var cfg surveyConfig
	err := inTx(r.Context(), c.store, asSurvey, func(tx surveyStore) error {
		b, err := tx.Setting(r.Context(), surveySetting)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return json.Unmarshal(b, &cfg)
	})
	if err != nil {
		return cfg, fmt.Errorf("console: survey questions: %w", err)
	}
	return cfg, nil
}

func (c *Console) surveyPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	v, err := c.settingVersion(r.Context(), surveySetting) // before the questions: a save between reads as a conflict
	if err != nil {
		return err
	}
	cfg, err := c.loadSurveyConfig(r)
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "survey", a, map[string]any{"Rows": c.surveyRows(a.lang(), cfg), "Version": v, "Saved": r.URL.Query().Get("saved") != ""})
	return nil
}

const maxQuestionLen = 300

// surveySave stores the questions; an empty field keeps the default.
func (c *Console) surveySave(w http.ResponseWriter, r *http.Request, a *auth) error {
	var cfg surveyConfig
	for i := range cfg.Questions {
		n := strconv.Itoa(i + 1)
		q := surveyQuestion{ID: strings.TrimSpace(r.PostFormValue("q" + n + "_id")), EN: strings.TrimSpace(r.PostFormValue("q" + n + "_en"))}
		if len([]rune(q.ID)) > maxQuestionLen || len([]rune(q.EN)) > maxQuestionLen {
			return userErr(loket.EInvalid, "survey.err_long", "n", i+1, "max", maxQuestionLen)
		}
		cfg.Questions[i] = q
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("console: encode survey questions: %w", err)
	}
	now := c.clock.Now()
	err = inTx(r.Context(), c.store, asSurvey, func(tx surveyStore) error {
		if err := saveSettingIf(r.Context(), tx, surveySetting, b, formVersion(r), now); err != nil {
			return fmt.Errorf("survey questions: %w", err)
		}
		return audit(r.Context(), tx, a, "survey.questions", "setting:survey", "", now)
	})
	if loket.ErrorCode(err) == loket.EConflict {
		c.render(w, r, http.StatusConflict, "survey", a, map[string]any{"Rows": c.surveyRows(a.lang(), cfg), "Version": formVersion(r), "Error": c.errText(a.lang(), err)})
		return nil
	}
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	http.Redirect(w, r, "/admin/survey?saved=1", http.StatusSeeOther)
	return nil
}

// surveyAnswers is a ticket's survey as the ticket page shows it.
type surveyAnswers struct {
	Done        bool
	When, Asked string
	Comment     string
	Rows        []surveyAnswerRow
}

type surveyAnswerRow struct {
	N            int
	Label, Scale string
	Value        int
}

// ticketSurvey loads a ticket's survey for the ticket page, in lang; nil
// when the vendor was never asked.
func (c *Console) ticketSurvey(ctx context.Context, lang loket.Lang, ticketID int64) (*surveyAnswers, error) {
	var s *loket.Survey
	err := inTx(ctx, c.store, asSurvey, func(tx surveyStore) error {
		var err error
		s, err = tx.SurveyByTicket(ctx, ticketID)
		if errors.Is(err, loket.ErrNotFound) {
			s, err = nil, nil
		}
		return err
	})
	if err != nil || s == nil {
		if err != nil {
			err = fmt.Errorf("console: ticket survey: %w", err)
		}
		return nil, err
	}
	fmtT := dateFormat(c.catalog, lang, c.cfg.Location, c.tr(lang, "date.layout.when"))
	sa := &surveyAnswers{Done: !s.CompletedAt.IsZero(), Asked: fmtT(s.CreatedAt), Comment: s.Comment}
	if sa.Done {
		sa.When = fmtT(s.CompletedAt)
	}
	labels := c.surveyLabels(lang)
	for i, v := range s.Answers {
		row := surveyAnswerRow{N: i + 1, Label: labels[i], Value: v}
		if v >= 1 && v <= 4 {
			row.Scale = c.tr(lang, "label.scale."+strconv.Itoa(v))
		}
		sa.Rows = append(sa.Rows, row)
	}
	return sa, nil
}
