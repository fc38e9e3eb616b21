package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/store"
)

// calendarRow is one call as the calendar shows it.
type calendarRow struct {
	loket.Appointment
	Ticket    int64 // human number
	Vendor    string
	AgentName string
	Status    loket.TicketStatus
}

// calendarDay groups a day's calls.
type calendarDay struct {
	Date  time.Time
	Calls []calendarRow
}

// calendarRange reads ?day=YYYY-MM-DD&view=day|week (default: today,
// week view starting on the day's Monday).
func (c *Console) calendarRange(r *http.Request) (from, to time.Time, view string, err error) {
	now := c.clock.Now().In(c.cfg.Location)
	from = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, c.cfg.Location)
	if d := r.URL.Query().Get("day"); d != "" {
		if from, err = c.parseDay(d); err != nil {
			return from, to, view, err
		}
	}
	view = r.URL.Query().Get("view")
	if view != "day" {
		view = "week"
		from = from.AddDate(0, 0, -((int(from.Weekday()) + 6) % 7))
		return from, from.AddDate(0, 0, 7), view, nil
	}
	return from, from.AddDate(0, 0, 1), view, nil
}

// loadCalendar lists the calls of [from, to) with ticket, vendor and officer.
func (c *Console) loadCalendar(ctx context.Context, from, to time.Time) ([]calendarRow, []loket.Agent, error) {
	var rows []calendarRow
	var agents []loket.Agent
	err := c.store.InTx(ctx, func(tx store.Tx) error {
		as, err := tx.Appointments(ctx, from, to)
		if err != nil {
			return fmt.Errorf("appointments: %w", err)
		}
		if agents, err = tx.ListAgents(ctx); err != nil {
			return fmt.Errorf("agents: %w", err)
		}
		names := map[int64]string{}
		for _, ag := range agents {
			names[ag.ID] = ag.Name
		}
		for _, ap := range as {
			if ap.Status == loket.ApptCancelled {
				continue
			}
			t, err := tx.TicketByID(ctx, ap.TicketID)
			if err != nil {
				return fmt.Errorf("ticket %d: %w", ap.TicketID, err)
			}
			row := calendarRow{Appointment: ap, Ticket: t.Number, Status: t.Status, Vendor: t.Title, AgentName: names[ap.AgentID]}
			if t.VendorID != 0 {
				if v, err := tx.VendorByID(ctx, t.VendorID); err == nil {
					row.Vendor = v.Name
				}
			}
			rows = append(rows, row)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("console: calendar: %w", err)
	}
	return rows, agents, nil
}

func (c *Console) calendarPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	from, to, view, err := c.calendarRange(r)
	if err != nil {
		return err
	}
	rows, agents, err := c.loadCalendar(r.Context(), from, to)
	if err != nil {
		return err
	}
	var days []calendarDay
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		day := calendarDay{Date: d}
		for _, row := range rows {
			if !row.StartsAt.Before(d) && row.StartsAt.Before(d.AddDate(0, 0, 1)) {
				day.Calls = append(day.Calls, row)
			}
		}
		days = append(days, day)
	}
	step := 7
	if view == "day" {
		step = 1
	}
	active := agents[:0:0]
	for _, ag := range agents {
		if ag.Active {
			active = append(active, ag)
		}
	}
	c.render(w, r, http.StatusOK, "calendar", a, map[string]any{
		"Days": days, "View": view, "From": from, "Prev": from.AddDate(0, 0, -step), "Next": from.AddDate(0, 0, step),
		"Agents": active, "Count": len(rows),
	})
	return nil
}

// markCall records how a call ended: done → ticket verified; no_show or
// follow_up → ticket back in review. The vendor is told by the
// call.outcome job (a no-show gets new slots offered); reminders are dropped.
func (c *Console) markCall(ctx context.Context, a *auth, apptID int64, outcome loket.AppointmentStatus) (int64, error) {
	status := map[loket.AppointmentStatus]loket.TicketStatus{loket.ApptDone: loket.StatusVerified,
		loket.ApptNoShow: loket.StatusInReview, loket.ApptFollowUp: loket.StatusInReview}[outcome]
	if status == "" {
		return 0, userErr(loket.EInvalid, "calendar.err_outcome")
	}
	now := c.clock.Now()
	var number int64
	err := c.store.InTx(ctx, func(tx store.Tx) error {
		ap, t, err := callAndTicket(ctx, tx, apptID)
		if err != nil {
			return err
		}
		number = t.Number
		if ap.Status == loket.ApptCancelled {
			return userErr(loket.EConflict, "calendar.err_cancelled")
		}
		if ap.Status == outcome {
			return userErr(loket.EConflict, "calendar.err_already", "outcome", outcome)
		}
		ap.Status, ap.UpdatedAt = outcome, now
		if err := tx.UpdateAppointment(ctx, ap); err != nil {
			return fmt.Errorf("update appointment: %w", err)
		}
		for _, k := range loket.CallReminderKeys(ap.ID) {
			if err := tx.CancelJob(ctx, k); err != nil {
				return fmt.Errorf("cancel reminder: %w", err)
			}
		}
		body, meta := c.event("call_marked", map[string]any{"appointment": ap.ID, "outcome": outcome,
			"when": ap.StartsAt.In(c.cfg.Location).Format("2006-01-02 15:04")})
		if err := tx.AddActivity(ctx, &loket.Activity{TicketID: t.ID, Kind: loket.ActAppointment, Actor: loket.ActorAgent,
			AgentID: a.Agent.ID, Body: body, Meta: meta, CreatedAt: now}); err != nil {
			return fmt.Errorf("add call activity: %w", err)
		}
		if t.Status != status && t.Status.Open() {
			if err := c.moveStatus(ctx, tx, a, t, status, now); err != nil {
				return err
			}
		}
		payload, _ := json.Marshal(loket.CallJobPayload{AppointmentID: ap.ID, Outcome: string(outcome)})
		if err := tx.ScheduleJob(ctx, &loket.Job{Kind: loket.JobCallOutcome, Key: loket.CallJobKey(loket.JobCallOutcome, ap.ID, ""),
			Payload: payload, DueAt: now, CreatedAt: now}); err != nil {
			return fmt.Errorf("schedule outcome message: %w", err)
		}
		return audit(ctx, tx, a, "call.mark", ticketObject(t), fmt.Sprintf("appointment %d: %s", ap.ID, outcome), now)
	})
	if err != nil {
		return number, fmt.Errorf("console: mark call %d: %w", apptID, err)
	}
	c.done(ctx, change{ticket: number})
	return number, nil
}

// moveStatus changes the ticket's status with a timeline entry (the
// vendor message comes from the outcome job).
func (c *Console) moveStatus(ctx context.Context, tx store.Tx, a *auth, t *loket.Ticket, s loket.TicketStatus, now time.Time) error {
	body := c.catalog.text(loket.LangID, "event.status", map[string]string{"from": string(t.Status), "to": string(s)})
	return loket.SetStatus(ctx, tx, t, s, loket.ActorAgent, a.Agent.ID, body, now)
}

// assignCall gives a call to an officer: agents may take a call or give
// up their own; assigning others needs a supervisor.
func (c *Console) assignCall(ctx context.Context, a *auth, apptID, agentID int64) (int64, error) {
	now := c.clock.Now()
	var number int64
	err := c.store.InTx(ctx, func(tx store.Tx) error {
		ap, t, err := callAndTicket(ctx, tx, apptID)
		if err != nil {
			return err
		}
		number = t.Number
		self := agentID == a.Agent.ID || (agentID == 0 && ap.AgentID == a.Agent.ID)
		if !self && !a.Agent.Role.AtLeast(loket.RoleSupervisor) {
			return userErr(loket.EForbidden, "calendar.err_assign_others")
		}
		body, meta := c.event("call_unassigned", map[string]any{"appointment": ap.ID})
		if agentID != 0 {
			ag, err := tx.AgentByID(ctx, agentID)
			if errors.Is(err, loket.ErrNotFound) || (err == nil && !ag.Active) {
				return userErr(loket.EInvalid, "ticket.err_no_agent", "id", agentID)
			}
			if err != nil {
				return fmt.Errorf("load agent: %w", err)
			}
			body, meta = c.event("call_assigned", map[string]any{"appointment": ap.ID, "agent_id": agentID, "agent": ag.Name})
		}
		ap.AgentID, ap.UpdatedAt = agentID, now
		if err := tx.UpdateAppointment(ctx, ap); err != nil {
			return fmt.Errorf("update appointment: %w", err)
		}
		if err := tx.AddActivity(ctx, &loket.Activity{TicketID: t.ID, Kind: loket.ActAssignment, Actor: loket.ActorAgent,
			AgentID: a.Agent.ID, Body: body, Meta: meta, CreatedAt: now}); err != nil {
			return fmt.Errorf("add assignment activity: %w", err)
		}
		return audit(ctx, tx, a, "call.assign", ticketObject(t), fmt.Sprintf("appointment %d → agent %d", ap.ID, agentID), now)
	})
	if err != nil {
		return number, fmt.Errorf("console: assign call %d: %w", apptID, err)
	}
	c.done(ctx, change{ticket: number})
	return number, nil
}

func callAndTicket(ctx context.Context, tx store.Tx, apptID int64) (*loket.Appointment, *loket.Ticket, error) {
	ap, err := tx.AppointmentByID(ctx, apptID)
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil, userErr(loket.ENotFound, "calendar.err_no_call", "id", apptID)
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

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, userErr(loket.ENotFound, "calendar.err_no_call", "id", r.PathValue("id"))
	}
	return id, nil
}

// back returns to the calendar page the form came from.
func back(w http.ResponseWriter, r *http.Request) {
	to := r.PostFormValue("back")
	if !strings.HasPrefix(to, "/calendar") || strings.HasPrefix(to, "//") {
		to = "/calendar"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (c *Console) calendarMark(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := c.markCall(r.Context(), a, id, loket.AppointmentStatus(r.PostFormValue("outcome"))); err != nil {
		return err
	}
	back(w, r)
	return nil
}

func (c *Console) calendarAssign(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	agentID, err := strconv.ParseInt(r.PostFormValue("agent_id"), 10, 64)
	if err != nil {
		return userErr(loket.EInvalid, "calendar.err_choose_officer")
	}
	if _, err := c.assignCall(r.Context(), a, id, agentID); err != nil {
		return err
	}
	back(w, r)
	return nil
}
