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

// StartSurvey runs a JobSurveyStart job (bot.JobFunc shape, inside the
// job's transaction): when the ticket is still closed and has no survey
// yet, it locks the vendor's conversation, creates the survey and asks
// the first question — or, when the vendor is in the middle of something
// else, asks whether they have a minute. A reminder follows a day later.
func (f *Flows) StartSurvey(ctx context.Context, tx SurveyJobTx, job *loket.Job, now time.Time) error {
	t, err := surveyJobTicket(ctx, tx, job)
	if err != nil || t == nil || t.Status != loket.StatusClosed {
		return err // gone, or reopened since the close: nothing to ask
	}
	if s, err := surveyOf(ctx, tx, t.ID); err != nil || s != nil {
		return err // one survey per ticket
	}
	c, err := f.surveyConv(ctx, tx, t, now)
	if err != nil || c == nil {
		return err
	}
	s := &loket.Survey{TicketID: t.ID, CreatedAt: now}
	if err := tx.SaveSurvey(ctx, s); err != nil {
		return fmt.Errorf("flows: create survey: %w", err)
	}
	if err := scheduleSurveyJob(ctx, tx, JobSurveyRemind, "survey.remind:"+strconv.FormatInt(t.ID, 10), t.ID, now.Add(surveyRemindIn), now); err != nil {
		return err
	}
	st := c.st
	v := c.view()
	v.Ref, v.Steps = t.Ref(), loket.SurveyAnswers
	switch {
	case inSurvey(st.Step):
		return nil // rating another ticket right now: this one waits for "survei" and the status view
	case c.surveyBusy(t.ID):
		st.Sv = &surveyState{Ticket: t.ID}
		err = c.say("survey.invite", v, opt{key: "btn.survey_go", action: actSurveyGo},
			opt{key: "btn.survey_later", action: actSurveyLater})
	default:
		back := ""
		if resumable(st.Step) && !(st.Step == stepTicket && st.Ticket == t.ID) {
			back = st.Step // a journey left long ago: offered again afterwards
		}
		st.Sv = &surveyState{Ticket: t.ID, Back: back}
		if err = c.say("survey.intro", v); err == nil {
			err = c.surveyAsk(tx, t, s)
		}
	}
	if err != nil {
		return err
	}
	return c.surveyCommit(tx, t)
}

// RemindSurvey runs a JobSurveyRemind job: one reminder, with buttons,
// when the survey is still unfinished and the vendor is not answering it
// right now.
func (f *Flows) RemindSurvey(ctx context.Context, tx SurveyJobTx, job *loket.Job, now time.Time) error {
	t, err := surveyJobTicket(ctx, tx, job)
	if err != nil || t == nil {
		return err
	}
	s, err := surveyOf(ctx, tx, t.ID)
	if err != nil || !surveyPending(s) {
		return err
	}
	c, err := f.surveyConv(ctx, tx, t, now)
	if err != nil || c == nil {
		return err
	}
	st := c.st
	if inSurvey(st.Step) && now.Sub(st.Last) < time.Hour {
		return nil // answering it right now
	}
	if !inSurvey(st.Step) {
		st.Sv = &surveyState{Ticket: t.ID}
	}
	v := c.view()
	v.Ref = t.Ref()
	if err := c.say("survey.reminder", v, opt{key: "btn.survey_go", action: actSurveyGo},
		opt{key: "btn.survey_later", action: actSurveyLater}); err != nil {
		return err
	}
	return c.surveyCommit(tx, t)
}

// busy reports whether the vendor is in the middle of another journey
// (recently active in it), so the survey asks first instead of taking over.
func (c *conv) surveyBusy(ticketID int64) bool {
	st := c.st
	if !resumable(st.Step) || c.idle() {
		return false
	}
	return !(st.Step == stepTicket && st.Ticket == ticketID)
}

func surveyJobTicket(ctx context.Context, tx SurveyTx, job *loket.Job) (*loket.Ticket, error) {
	var p surveyPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil || p.Ticket <= 0 {
		return nil, fmt.Errorf("flows: %s job %d: bad payload %q", job.Kind, job.ID, job.Payload)
	}
	t, err := tx.TicketByID(ctx, p.Ticket)
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: %s job: load ticket %d: %w", job.Kind, p.Ticket, err)
	}
	return t, nil
}

// surveyConv locks the conversation of the ticket's contact and returns a
// conv for it, as if a message had arrived; nil when the contact cannot
// be reached.
func (f *Flows) surveyConv(ctx context.Context, tx SurveyJobTx, t *loket.Ticket, now time.Time) (*conv, error) {
	ct, err := tx.ContactByID(ctx, t.ContactID)
	if err != nil {
		return nil, fmt.Errorf("flows: survey contact of ticket %d: %w", t.ID, err)
	}
	if ct.Unreachable {
		return nil, nil
	}
	c, err := f.openForJob(ctx, tx, ct, now)
	if err != nil {
		return nil, err
	}
	if c.st.Step == "" {
		c.st.Step = stepMenu
	}
	return c, nil
}

// surveyCommit queues the replies on the ticket's timeline and saves the
// conversation state.
func (c *conv) surveyCommit(tx SurveyJobTx, t *loket.Ticket) error {
	c.turn.TicketID = t.ID
	c.kind = loket.KindSurvey
	return c.f.sendFromJob(c.ctx, tx, c, false)
}
