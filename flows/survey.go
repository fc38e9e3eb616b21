package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"loket"
)

// Job kinds of the satisfaction survey.
const (
	// JobSurveyStart asks the vendor of a closed ticket to rate the
	// service; payload {"ticket": id}; see ScheduleSurvey.
	JobSurveyStart = "survey.start"
	// JobSurveyRemind reminds once, a day after the start, when the
	// survey is still unfinished; payload {"ticket": id}.
	JobSurveyRemind = "survey.remind"

	// SurveySetting is the settings key of the admin-edited questions.
	SurveySetting = "survey"

	surveyDelay    = time.Minute    // a close by mistake can be undone meanwhile
	surveyRemindIn = 24 * time.Hour // one reminder if still unanswered
	surveyMaxRunes = 1000           // comment length kept
	serviceQs      = 6              // questions 1–6: service handling; 7–8: problem handling
)

// Survey steps and actions.
const (
	stepSurveyQ       = "sv.q"
	stepSurveyComment = "sv.comment"
	actSurvey         = "m.survey" // resume from the status view or the word "survei" (safe: idempotent)
	actSurveyGo       = "sv.go"
	actSurveyLater    = "sv.later"
	actSurveySkip     = "sv.skip"
	prefixSurveyAns   = "sv.a." // sv.a.<question 0–7>.<rating 1–4>
)

// SurveyTx is what the survey needs in a turn: the survey rows, the
// admin-edited questions, and scheduling its reminder.
type SurveyTx interface {
	CoreTx
	SaveSurvey(ctx context.Context, s *loket.Survey) error
	SurveyByTicket(ctx context.Context, ticketID int64) (*loket.Survey, error)
	Setting(ctx context.Context, key string) ([]byte, error)
	ScheduleJob(ctx context.Context, j *loket.Job) error
}

// SurveyJobTx is what the survey jobs need: the survey plus speaking in
// the vendor's conversation. The real store transaction (store.Tx)
// satisfies it.
type SurveyJobTx interface {
	jobConvTx
}

// surveyState is the survey part of the conversation state.
type surveyState struct {
	Ticket int64  `json:"tk"`          // the ticket being rated (or offered)
	Back   string `json:"b,omitempty"` // step to return to afterwards
}

// SurveyQuestion is one question's text per language; empty = the default
// from templates/bot/<lang>.survey.tmpl.
type SurveyQuestion struct {
	ID string `json:"id"`
	EN string `json:"en"`
}

// SurveyConfig is the JSON under the settings key "survey".
type SurveyConfig struct {
	Questions [loket.SurveyAnswers]SurveyQuestion `json:"questions"`
}

// ScheduleSurvey schedules the survey of a ticket that was just closed,
// a minute from now (key "survey:<id>": closing twice moves it). Every
// path that closes a ticket calls it (or schedules the same job).
func ScheduleSurvey(ctx context.Context, tx interface {
	ScheduleJob(ctx context.Context, j *loket.Job) error
}, ticketID int64, now time.Time) error {
	return scheduleSurveyJob(ctx, tx, JobSurveyStart, SurveyJobKey(ticketID), ticketID, now.Add(surveyDelay), now)
}

// SurveyJobKey is the job key of a ticket's survey start.
func SurveyJobKey(ticketID int64) string { return "survey:" + strconv.FormatInt(ticketID, 10) }

func scheduleSurveyJob(ctx context.Context, tx interface {
	ScheduleJob(ctx context.Context, j *loket.Job) error
}, kind, key string, ticketID int64, due, now time.Time) error {
	p, _ := json.Marshal(surveyPayload{Ticket: ticketID})
	if err := tx.ScheduleJob(ctx, &loket.Job{Kind: kind, Key: key, Payload: p, DueAt: due, CreatedAt: now}); err != nil {
		return fmt.Errorf("flows: schedule %s for ticket %d: %w", kind, ticketID, err)
	}
	return nil
}

type surveyPayload struct {
	Ticket int64 `json:"ticket"`
}

// questionText returns question q (0-based) in a language: the admin's
// text when set, else the template default.
func (f *Flows) questionText(ctx context.Context, tx SurveyTx, l loket.Lang, q int) (string, error) {
	b, err := tx.Setting(ctx, SurveySetting)
	switch {
	case err == nil:
		var cfg SurveyConfig
		if json.Unmarshal(b, &cfg) == nil {
			s := cfg.Questions[q].ID
			if l == loket.LangEN {
				s = cfg.Questions[q].EN
			}
			if s != "" {
				return s, nil
			}
		}
	case !errors.Is(err, loket.ErrNotFound):
		return "", fmt.Errorf("flows: survey questions: %w", err)
	}
	return f.texts.render(l, "survey.q."+strconv.Itoa(q+1), &view{Office: f.latest().office})
}

// nextQuestion is the first unanswered question, or SurveyAnswers when
// all are answered.
func surveyNext(s *loket.Survey) int {
	for i, a := range s.Answers {
		if a == 0 {
			return i
		}
	}
	return loket.SurveyAnswers
}

// pending reports whether a survey row waits for answers.
func surveyPending(s *loket.Survey) bool { return s != nil && s.CompletedAt.IsZero() }

// surveyOf loads a ticket's survey; nil when there is none.
func surveyOf(ctx context.Context, tx SurveyTx, ticketID int64) (*loket.Survey, error) {
	s, err := tx.SurveyByTicket(ctx, ticketID)
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: survey of ticket %d: %w", ticketID, err)
	}
	return s, nil
}

// average of the given answers, formatted "3.4" (Indonesian uses "3,4"
// in prose, but the figure goes to the staff timeline).
func surveyAverage(s *loket.Survey) string {
	sum, n := 0, 0
	for _, a := range s.Answers {
		if a > 0 {
			sum, n = sum+a, n+1
		}
	}
	if n == 0 {
		return "-"
	}
	return strconv.FormatFloat(float64(sum)/float64(n), 'f', 1, 64)
}

// surveyKeys are the survey's text keys (templates/bot/<lang>.survey.tmpl).
func surveyKeys() []string {
	keys := []string{"survey.intro", "survey.invite", "survey.reminder", "survey.question", "survey.section.service",
		"survey.section.problem", "survey.range", "survey.too_many", "survey.comment", "survey.comment_text", "survey.thanks",
		"survey.later", "survey.none", "survey.back", "act.survey_done", "btn.survey", "btn.survey_go",
		"btn.survey_later", "btn.survey_skip", "survey.noted", "survey.noted_all"}
	for n := 1; n <= loket.SurveyAnswers; n++ {
		keys = append(keys, "survey.q."+strconv.Itoa(n), "survey.label."+strconv.Itoa(n))
	}
	for n := 1; n <= 4; n++ {
		keys = append(keys, "survey.scale."+strconv.Itoa(n), "survey.words."+strconv.Itoa(n))
	}
	return keys
}
