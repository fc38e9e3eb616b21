package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"loket"
	"loket/messages"
)

// CallTx is what MarkCall and AssignCall need.
type CallTx interface {
	AppointmentByID(ctx context.Context, id int64) (*loket.Appointment, error)
	UpdateAppointment(ctx context.Context, ap *loket.Appointment) error
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
	documentLister
	AddActivity(ctx context.Context, a *loket.Activity) error
	NoteActivity(ctx context.Context, a *loket.Activity) error // the status entry (loket.SetStatus)
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
	ScheduleJob(ctx context.Context, j *loket.Job) error
	CancelJob(ctx context.Context, key string) error
	Auditor
}

// callOutcomeStatus is where a ticket goes when its call ends so.
var callOutcomeStatus = map[loket.AppointmentStatus]loket.TicketStatus{loket.ApptDone: loket.StatusVerified,
	loket.ApptNoShow: loket.StatusInReview, loket.ApptFollowUp: loket.StatusInReview}

// MarkCall records how a call ended, once its time has come: done →
// ticket verified (refused while one of its documents stands rejected,
// see verifiable); no_show or follow_up → ticket back in review. The vendor is told by the
// call.outcome job (a no-show gets new slots offered); reminders are
// dropped. Result.Ticket is set whenever the call was found, also on error.
func (s *Service) MarkCall(ctx context.Context, tx CallTx, by Actor, apptID int64, outcome loket.AppointmentStatus, now time.Time) (Result, error) {
	status := callOutcomeStatus[outcome]
	if status == "" {
		return Result{}, messages.Err(loket.EInvalid, "calendar.err_outcome")
	}
	ap, t, err := callAndTicket(ctx, tx, apptID)
	if err != nil {
		return Result{}, err
	}
	res := Result{Ticket: t}
	if ap.Status == loket.ApptCancelled {
		return res, messages.Err(loket.EConflict, "calendar.err_cancelled")
	}
	if ap.Status == outcome {
		return res, messages.Err(loket.EConflict, "calendar.err_already", "outcome", outcome)
	}
	// A vendor cannot have missed a call whose time has not come: the
	// no-show message would offer them a new slot for one still booked.
	// Nor can a call not yet begun have been held: "done" on the wrong row
	// of the week would tell a vendor nobody called that they are verified.
	if now.Before(ap.StartsAt) {
		key := "calendar.err_mark_early"
		if outcome == loket.ApptNoShow {
			key = "calendar.err_no_show_early"
		}
		return res, messages.Err(loket.EConflict, key, "when", ap.StartsAt.In(s.loc).Format("2006-01-02 15:04"))
	}
	if status == loket.StatusVerified && t.Status.Open() {
		if err := verifiable(ctx, tx, t); err != nil {
			return res, err
		}
	}
	ap.Status, ap.UpdatedAt = outcome, now
	if err := tx.UpdateAppointment(ctx, ap); err != nil {
		return res, fmt.Errorf("update appointment: %w", err)
	}
	for _, k := range loket.CallReminderKeys(ap.ID) {
		if err := tx.CancelJob(ctx, k); err != nil {
			return res, fmt.Errorf("cancel reminder: %w", err)
		}
	}
	body, meta := s.Event("call_marked", map[string]any{"appointment": ap.ID, "outcome": outcome,
		"when": ap.StartsAt.In(s.loc).Format("2006-01-02 15:04")})
	if err := tx.AddActivity(ctx, &loket.Activity{TicketID: t.ID, Kind: loket.ActAppointment, Actor: loket.ActorAgent,
		AgentID: by.Agent.ID, Body: body, Meta: meta, CreatedAt: now}); err != nil {
		return res, fmt.Errorf("add call activity: %w", err)
	}
	if t.Status != status && t.Status.Open() {
		if err := s.moveStatus(ctx, tx, by, t, status, now); err != nil {
			return res, err
		}
	}
	payload, _ := json.Marshal(loket.CallJobPayload{AppointmentID: ap.ID, Outcome: string(outcome)})
	if err := tx.ScheduleJob(ctx, &loket.Job{Kind: loket.JobCallOutcome, Key: loket.CallJobKey(loket.JobCallOutcome, ap.ID, ""),
		Payload: payload, DueAt: now, CreatedAt: now}); err != nil {
		return res, fmt.Errorf("schedule outcome message: %w", err)
	}
	return res, s.audit(ctx, tx, by, "call.mark", ticketObject(t), fmt.Sprintf("appointment %d: %s", ap.ID, outcome), now)
}

// AssignCall gives a call to an officer (0 = nobody): agents may take a
// call or give up their own; assigning others needs a supervisor.
// Result.Ticket is set whenever the call was found, also on error.
func (s *Service) AssignCall(ctx context.Context, tx CallTx, by Actor, apptID, agentID int64, now time.Time) (Result, error) {
	ap, t, err := callAndTicket(ctx, tx, apptID)
	if err != nil {
		return Result{}, err
	}
	res := Result{Ticket: t}
	self := agentID == by.Agent.ID || (agentID == 0 && ap.AgentID == by.Agent.ID)
	if !self && !by.Agent.Role.AtLeast(loket.RoleSupervisor) {
		return res, messages.Err(loket.EForbidden, "calendar.err_assign_others")
	}
	body, meta := s.Event("call_unassigned", map[string]any{"appointment": ap.ID})
	if agentID != 0 {
		ag, err := activeAgent(ctx, tx, agentID)
		if err != nil {
			return res, err
		}
		body, meta = s.Event("call_assigned", map[string]any{"appointment": ap.ID, "agent_id": agentID, "agent": ag.Name})
	}
	ap.AgentID, ap.UpdatedAt = agentID, now
	if err := tx.UpdateAppointment(ctx, ap); err != nil {
		return res, fmt.Errorf("update appointment: %w", err)
	}
	if err := tx.AddActivity(ctx, &loket.Activity{TicketID: t.ID, Kind: loket.ActAssignment, Actor: loket.ActorAgent,
		AgentID: by.Agent.ID, Body: body, Meta: meta, CreatedAt: now}); err != nil {
		return res, fmt.Errorf("add assignment activity: %w", err)
	}
	return res, s.audit(ctx, tx, by, "call.assign", ticketObject(t), fmt.Sprintf("appointment %d → agent %d", ap.ID, agentID), now)
}

func callAndTicket(ctx context.Context, tx CallTx, apptID int64) (*loket.Appointment, *loket.Ticket, error) {
	ap, err := tx.AppointmentByID(ctx, apptID)
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil, messages.Err(loket.ENotFound, "calendar.err_no_call", "id", apptID)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load appointment: %w", err)
	}
	t, err := tx.TicketByID(ctx, ap.TicketID)
	if err != nil {
		return nil, nil, fmt.Errorf("load ticket: %w", err)
	}
	return ap, t, nil
}
