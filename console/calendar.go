package console

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"loket"
	"loket/ops"
	"loket/store"
)

// calendarStore is what the calendar of verification calls uses.
type calendarStore interface {
	ops.CallTx
	Appointments(ctx context.Context, from, to time.Time) ([]loket.Appointment, error)
	Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error)
	OfficeWindows(ctx context.Context) ([]loket.OfficeWindow, error)
	ListAgents(ctx context.Context) ([]loket.Agent, error)
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
}

func asCalendar(tx store.Tx) calendarStore { return tx }

// calendarRow is one call as the calendar shows it.
type calendarRow struct {
	loket.Appointment
	Ticket    int64 // human number
	Vendor    string
	AgentName string
	Status    loket.TicketStatus
	// Started: the call's time has come, so a no-show can be marked.
	Started bool
	// WhatsApp is the number for a wa.me link: digits only, as WhatsApp
	// documents it (no "+", spaces or dashes).
	WhatsApp string
}

// digitsOnly keeps the digits of a phone number.
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// calendarDay groups a day's calls. A day without calls says why when
// the office is shut: a holiday (its name) or no office hours that day.
type calendarDay struct {
	Date    time.Time
	Calls   []calendarRow
	Holiday string
	Closed  bool
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
	now := c.clock.Now()
	err := inTx(ctx, c.store, asCalendar, func(tx calendarStore) error {
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
			row := calendarRow{Appointment: ap, Ticket: t.Number, Status: t.Status, Vendor: t.Title, AgentName: names[ap.AgentID],
				Started: !now.Before(ap.StartsAt), WhatsApp: digitsOnly(ap.Phone)}
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
	return c.renderCalendar(w, r, a, http.StatusOK, "")
}

// renderCalendar renders the calendar of r's ?day and ?view with status;
// refused, when set, says why the agent's last action on it was refused.
func (c *Console) renderCalendar(w http.ResponseWriter, r *http.Request, a *auth, status int, refused string) error {
	from, to, view, err := c.calendarRange(r)
	if err != nil {
		return err
	}
	rows, agents, err := c.loadCalendar(r.Context(), from, to)
	if err != nil {
		return err
	}
	var hols []loket.Holiday
	var windows []loket.OfficeWindow
	err = inTx(r.Context(), c.store, asCalendar, func(tx calendarStore) error {
		if hols, err = tx.Holidays(r.Context(), from, to); err != nil {
			return fmt.Errorf("holidays: %w", err)
		}
		windows, err = tx.OfficeWindows(r.Context())
		return err
	})
	if err != nil {
		return fmt.Errorf("console: calendar: %w", err)
	}
	var days []calendarDay
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		day := calendarDay{Date: d, Closed: true}
		for _, w := range windows {
			if w.Weekday == d.Weekday() {
				day.Closed = false
			}
		}
		for _, h := range hols {
			if h.Date.In(c.cfg.Location).Format("2006-01-02") == d.Format("2006-01-02") {
				day.Holiday = h.Name
			}
		}
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
	c.render(w, r, status, "calendar", a, map[string]any{
		"Days": days, "View": view, "From": from, "Prev": from.AddDate(0, 0, -step), "Next": from.AddDate(0, 0, step),
		"Agents": active, "Count": len(rows), "Error": refused,
	})
	return nil
}

// markCall records how a call ended (ops.MarkCall) and returns the
// call's ticket number (0 when there is no such call).
func (c *Console) markCall(ctx context.Context, a *auth, apptID int64, outcome loket.AppointmentStatus) (int64, error) {
	number, err := c.callOp(ctx, func(tx ops.CallTx, now time.Time) (ops.Result, error) {
		return c.ops.MarkCall(ctx, tx, a.actor(), apptID, outcome, now)
	})
	if err != nil {
		return number, fmt.Errorf("console: mark call %d: %w", apptID, err)
	}
	return number, nil
}

// assignCall gives a call to an officer (ops.AssignCall). seen is the
// officer the agent's calendar showed ("" when it sent none; see
// heldMeanwhile).
func (c *Console) assignCall(ctx context.Context, a *auth, apptID, agentID int64, seen string) (int64, error) {
	number, err := c.callOp(ctx, func(tx ops.CallTx, now time.Time) (ops.Result, error) {
		if seen != "" {
			ap, err := tx.AppointmentByID(ctx, apptID)
			if err != nil {
				return ops.Result{}, err
			}
			if err := heldMeanwhile(ctx, tx, seen, ap.AgentID, agentID, "calendar.err_taken_meanwhile"); err != nil {
				return ops.Result{}, err
			}
		}
		return c.ops.AssignCall(ctx, tx, a.actor(), apptID, agentID, now)
	})
	if err != nil {
		return number, fmt.Errorf("console: assign call %d: %w", apptID, err)
	}
	return number, nil
}

// callOp runs a call operation in one transaction and tells open consoles.
func (c *Console) callOp(ctx context.Context, op func(tx ops.CallTx, now time.Time) (ops.Result, error)) (int64, error) {
	now := c.clock.Now()
	var res ops.Result
	err := inTx(ctx, c.store, asCalendar, func(tx calendarStore) error {
		var err error
		res, err = op(tx, now)
		return err
	})
	var number int64
	if res.Ticket != nil {
		number = res.Ticket.Number
	}
	if err != nil {
		return number, err
	}
	c.done(ctx, change{ticket: number, channel: res.Channel})
	return number, nil
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
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
}

// backTo is the calendar page a form came from (its "back" field).
func backTo(r *http.Request) string {
	to := r.PostFormValue("back")
	if !strings.HasPrefix(to, "/calendar") || strings.HasPrefix(to, "//") {
		to = "/calendar"
	}
	return to
}

// calendarRefused shows the calendar the form came from again with why a
// call's mark or assignment was refused (another officer marked it
// first, the call was cancelled…); it was an error page leading to the
// inbox. Other errors stay errors.
func (c *Console) calendarRefused(w http.ResponseWriter, r *http.Request, a *auth, err error) error {
	if !refusedForAReason(err) { // console/ticket_forms.go
		return err
	}
	code := loket.ErrorCode(err)
	u, perr := url.Parse(backTo(r))
	if perr != nil {
		return err
	}
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = u.RawQuery
	if rerr := c.renderCalendar(w, r2, a, httpStatus(code), c.errText(a.lang(), err)); rerr != nil {
		return err
	}
	return nil
}

func (c *Console) calendarMark(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := c.markCall(r.Context(), a, id, loket.AppointmentStatus(r.PostFormValue("outcome"))); err != nil {
		return c.calendarRefused(w, r, a, err)
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
	if _, err := c.assignCall(r.Context(), a, id, agentID, r.PostFormValue("seen")); err != nil {
		return c.calendarRefused(w, r, a, err)
	}
	back(w, r)
	return nil
}
