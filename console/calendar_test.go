package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket"
	"loket/store/storetest"
)

// bookCall books a call on the env's ticket at `at` (ticket → call_scheduled).
func (e *env) bookCall(at time.Time, agentID int64) *loket.Appointment {
	e.t.Helper()
	ctx := context.Background()
	a := &loket.Appointment{TicketID: e.ticket.ID, StartsAt: at, EndsAt: at.Add(20 * time.Minute), AgentID: agentID, Phone: "+628123456789"}
	e.tx(func(tx storetest.Tx) error {
		if err := tx.BookAppointment(ctx, a, 1); err != nil {
			return err
		}
		for _, k := range loket.CallReminderKeys(a.ID) {
			if err := tx.ScheduleJob(ctx, &loket.Job{Kind: "call.remind_vendor", Key: k, DueAt: at.Add(-time.Hour)}); err != nil {
				return err
			}
		}
		e.ticket.Status = loket.StatusCallScheduled
		return tx.UpdateTicket(ctx, e.ticket)
	})
	return a
}

func TestCalendarViewsAndRoles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Clock: Monday 2 March 2026 10:00 WIB. Call at 11:00 WIB.
	at := time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC)
	e.bookCall(at, e.agents[loket.RoleAgent].ID)
	if res, _ := e.anon().get("/calendar"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous calendar: %d, want redirect to login", res.StatusCode)
	}
	agent := e.login(loket.RoleAgent)
	for _, path := range []string{"/calendar", "/calendar?view=day", "/calendar?view=day&day=2026-03-02", "/calendar?view=week&day=2026-03-04"} {
		res, body := agent.get(path)
		if res.StatusCode != 200 || !strings.Contains(body, "11:00–11:20") || !strings.Contains(body, `href="/tickets/`+itoa(e.ticket.Number)+`"`) ||
			!strings.Contains(body, "CV Maju Jaya") || !strings.Contains(body, "Test agent") {
			t.Errorf("%s: %d, call, ticket link, vendor or officer missing", path, res.StatusCode)
		}
	}
	// The WhatsApp link carries the number as WhatsApp documents it: digits only.
	if _, body := agent.get("/calendar?view=day&day=2026-03-02"); !strings.Contains(body, `href="https://wa.me/628123456789"`) {
		t.Error("the call's WhatsApp link is not https://wa.me/<digits>")
	}
	if _, body := agent.get("/calendar?view=day&day=2026-03-03"); strings.Contains(body, "11:00–11:20") {
		t.Error("day view of Tuesday shows Monday's call")
	}
	if res, _ := agent.get("/calendar?day=bad"); res.StatusCode != 400 {
		t.Errorf("bad day: %d, want 400", res.StatusCode)
	}
	if res, _ := agent.get("/admin/booking"); res.StatusCode != 403 {
		t.Errorf("agent on /admin/booking: %d, want 403", res.StatusCode)
	}
	if res := agent.postForm("/calendar/1/mark", url.Values{"outcome": {"done"}, "csrf": {"wrong"}}); res.StatusCode != 403 {
		t.Errorf("mark without CSRF: %d, want 403", res.StatusCode)
	}
}

func TestCalendarMarkOutcomes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		outcome loket.AppointmentStatus
		status  loket.TicketStatus
	}{
		{loket.ApptDone, loket.StatusVerified},
		{loket.ApptNoShow, loket.StatusInReview},
		{loket.ApptFollowUp, loket.StatusInReview},
	}
	for _, tc := range cases {
		t.Run(string(tc.outcome), func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			// The call began at 09:40 WIB; the clock says 10:00.
			a := e.bookCall(time.Date(2026, 3, 2, 2, 40, 0, 0, time.UTC), 0)
			agent := e.login(loket.RoleAgent)
			if res := agent.postForm("/calendar/"+itoa(a.ID)+"/mark", url.Values{"outcome": {string(tc.outcome)}}); res.StatusCode != 303 {
				t.Fatalf("mark: %d", res.StatusCode)
			}
			if got := e.reloadTicket().Status; got != tc.status {
				t.Errorf("ticket status %s, want %s", got, tc.status)
			}
			var jobs []loket.Job
			e.tx(func(tx storetest.Tx) error {
				got, err := tx.AppointmentByID(ctx, a.ID)
				if err != nil {
					return err
				}
				if got.Status != tc.outcome {
					t.Errorf("appointment %s, want %s", got.Status, tc.outcome)
				}
				return nil
			})
			jobs, err := e.store.ClaimJobs(ctx, e.clock.Now().Add(24*time.Hour), time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(jobs) != 1 || jobs[0].Kind != loket.JobCallOutcome || !strings.Contains(string(jobs[0].Payload), `"outcome":"`+string(tc.outcome)+`"`) {
				t.Errorf("jobs after mark = %+v, want only the outcome push (reminders cancelled)", jobs)
			}
			// Marking twice the same way is a conflict; a bad outcome is refused.
			if res := agent.postForm("/calendar/"+itoa(a.ID)+"/mark", url.Values{"outcome": {string(tc.outcome)}}); res.StatusCode != 409 {
				t.Errorf("second mark: %d, want 409", res.StatusCode)
			}
			if res := agent.postForm("/calendar/"+itoa(a.ID)+"/mark", url.Values{"outcome": {"maybe"}}); res.StatusCode != 400 {
				t.Errorf("bad outcome: %d, want 400", res.StatusCode)
			}
		})
	}
}

func TestCalendarAssignAndAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a := e.bookCall(time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC), 0)
	agent := e.login(loket.RoleAgent)
	other := e.agents[loket.RoleSupervisor].ID
	if res := agent.postForm("/calendar/"+itoa(a.ID)+"/assign", url.Values{"agent_id": {itoa(other)}}); res.StatusCode != 403 {
		t.Errorf("agent assigning others: %d, want 403", res.StatusCode)
	}
	if res := agent.postForm("/calendar/"+itoa(a.ID)+"/assign", url.Values{"agent_id": {itoa(e.agents[loket.RoleAgent].ID)}}); res.StatusCode != 303 {
		t.Errorf("agent taking the call: %d", res.StatusCode)
	}
	sup := e.login(loket.RoleSupervisor)
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/appointments/"+itoa(a.ID)+"/assign", strings.NewReader(`{"agent_id":`+itoa(other)+`}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", sup.csrf)
	res, body := sup.do(req)
	if res.StatusCode != 200 {
		t.Fatalf("API assign: %d %s", res.StatusCode, body)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	e.tx(func(tx storetest.Tx) error {
		ap, err := tx.AppointmentByID(ctx, a.ID)
		if err == nil && ap.AgentID != other {
			t.Errorf("call officer %d, want %d", ap.AgentID, other)
		}
		return err
	})
	req, _ = http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/appointments/999/mark", strings.NewReader(`{"outcome":"done"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", sup.csrf)
	if res, body := sup.do(req); res.StatusCode != 404 || !strings.Contains(body, `"not_found"`) {
		t.Errorf("mark unknown call: %d %s", res.StatusCode, body)
	}
}

func TestAdminBookingRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	if _, body := admin.get("/admin/booking"); !strings.Contains(body, `name="slot_minutes" min="5" max="240" value="20"`) {
		t.Fatal("booking page lacks the default slot length")
	}
	v := url.Values{"slot_minutes": {"30"}, "capacity": {"2"}, "lead_minutes": {"60"}, "horizon_days": {"5"}}
	if res := admin.postForm("/admin/booking", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	e.tx(func(tx storetest.Tx) error {
		b, err := tx.Setting(context.Background(), bookingSettingKey)
		if err == nil && string(b) != `{"slot_minutes":30,"capacity":2,"lead_minutes":60,"horizon_days":5}` {
			t.Errorf("setting %s", b)
		}
		return err
	})
	v.Set("capacity", "0")
	if res := admin.postForm("/admin/booking", v); res.StatusCode != 400 {
		t.Errorf("capacity 0: %d, want 400", res.StatusCode)
	}
	v.Set("capacity", "x")
	if res := admin.postForm("/admin/booking", v); res.StatusCode != 400 {
		t.Errorf("capacity x: %d, want 400", res.StatusCode)
	}
}

// A call whose time has not come cannot be marked a no-show (the vendor
// would be told they missed it and offered a new slot), nor done (a
// vendor nobody called would be told they are verified) nor needing a
// follow-up; the calendar offers the outcomes only from the call's start.
func TestCalendarNoShowOnlyOnceTheCallBegan(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Clock: Monday 10:00 WIB. Call at 11:00 WIB.
	a := e.bookCall(time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC), 0)
	agent := e.login(loket.RoleAgent)
	tok := agent.newToken("early")
	noShow := `value="no_show"`
	if _, body := agent.get("/calendar?view=day&day=2026-03-02"); strings.Contains(body, noShow) || strings.Contains(body, `value="done"`) ||
		!strings.Contains(body, "The outcome can be marked once the call&#39;s time has come.") {
		t.Error("the calendar offers an outcome for a call that has not begun, or does not say when it can")
	}
	for _, outcome := range []string{"done", "follow_up"} {
		res, body := e.anon().apiCall("POST", "/api/v1/appointments/"+itoa(a.ID)+"/mark", `{"outcome":"`+outcome+`"}`, tok)
		if res.StatusCode != 409 || !strings.Contains(decodeErr(t, body).Message, "2026-03-02 11:00") {
			t.Errorf("early %s through the API: %d %s", outcome, res.StatusCode, body)
		}
	}
	res, body := e.anon().apiCall("POST", "/api/v1/appointments/"+itoa(a.ID)+"/mark", `{"outcome":"no_show"}`, tok)
	if res.StatusCode != 409 || !strings.Contains(decodeErr(t, body).Message, "2026-03-02 11:00") {
		t.Fatalf("early no-show through the API: %d %s", res.StatusCode, body)
	}
	if res := agent.postForm("/calendar/"+itoa(a.ID)+"/mark", url.Values{"outcome": {"no_show"}}); res.StatusCode != 409 {
		t.Fatalf("early no-show from the calendar: %d, want 409", res.StatusCode)
	}
	if got := e.reloadTicket().Status; got != loket.StatusCallScheduled {
		t.Fatalf("ticket %s after a refused early mark", got)
	}
	e.clock.Advance(time.Hour)
	if _, body := agent.get("/calendar?view=day&day=2026-03-02"); !strings.Contains(body, noShow) {
		t.Error("the calendar offers no no-show once the call has begun")
	}
	if res := agent.postForm("/calendar/"+itoa(a.ID)+"/mark", url.Values{"outcome": {"no_show"}}); res.StatusCode != 303 {
		t.Fatalf("no-show at the call's time: %d, want 303", res.StatusCode)
	}
}

// TestCalendarAgentTakesOrGivesUpCalls: an agent's calendar offers to take
// an open call or give up their own, and shows who has the others; it
// listed every officer, and choosing another one ended on an error page
// (only a supervisor assigns calls to others).
func TestCalendarAgentTakesOrGivesUpCalls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	at := time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC) // Monday 11:00 WIB
	open := e.bookCall(at, 0)
	sup := e.agents[loket.RoleSupervisor]
	theirs := e.bookCall(at.Add(time.Hour), sup.ID)
	me := e.agents[loket.RoleAgent]
	agent := e.login(loket.RoleAgent)
	_, body := agent.get("/calendar?view=day&day=2026-03-02")
	if strings.Contains(body, `name="agent_id" aria-label`) {
		t.Errorf("an agent's calendar offers a list of officers")
	}
	take := fmt.Sprintf(`action="/calendar/%d/assign"`, open.ID)
	if !strings.Contains(body, take) || !strings.Contains(body, `name="agent_id" value="`+itoa(me.ID)+`"`) || !strings.Contains(body, "Take this call") {
		t.Errorf("an agent's calendar does not offer to take the open call")
	}
	if strings.Contains(body, fmt.Sprintf(`action="/calendar/%d/assign"`, theirs.ID)) || !strings.Contains(body, sup.Name) {
		t.Errorf("an agent's calendar offers to change another officer's call, or does not name its officer")
	}
	if !strings.Contains(body, `name="seen" value="0"`) {
		t.Errorf("the take form does not say the call was free on the page")
	}
	// A second officer's page still shows the open call as free.
	other := e.login(loket.RoleAdmin)
	if res := other.postForm(fmt.Sprintf("/calendar/%d/assign", open.ID), url.Values{"agent_id": {itoa(e.agents[loket.RoleAdmin].ID)}, "seen": {"0"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other officer takes the call: %d", res.StatusCode)
	}
	res, body := agent.postFormBody(fmt.Sprintf("/calendar/%d/assign", open.ID), url.Values{"csrf": {agent.csrf}, "agent_id": {itoa(me.ID)}, "seen": {"0"}, "back": {"/calendar?view=day&day=2026-03-02"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, e.agents[loket.RoleAdmin].Name+" has just taken this call") {
		t.Errorf("taking a call another officer took meanwhile: %d, or not told who", res.StatusCode)
	}
	if res := other.postForm(fmt.Sprintf("/calendar/%d/assign", open.ID), url.Values{"agent_id": {"0"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other officer gives it up: %d", res.StatusCode)
	}
	if res := agent.postForm(fmt.Sprintf("/calendar/%d/assign", open.ID), url.Values{"agent_id": {itoa(me.ID)}, "seen": {"0"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("take the call: %d", res.StatusCode)
	}
	_, body = agent.get("/calendar?view=day&day=2026-03-02")
	if !strings.Contains(body, "Give it up") {
		t.Errorf("an agent's own call offers no way to give it up")
	}
	// A supervisor still chooses any officer.
	_, body = e.login(loket.RoleSupervisor).get("/calendar?view=day&day=2026-03-02")
	if !strings.Contains(body, `<select name="agent_id"`) {
		t.Errorf("a supervisor's calendar lost the list of officers")
	}
}

// TestCalendarRefusedMarkShowsTheCalendar: a call already marked by
// another officer, or marked as a no-show before its time, is refused on
// the calendar the agent came from, saying why; it was an error page
// whose only link led to the inbox.
func TestCalendarRefusedMarkShowsTheCalendar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Clock: Monday 2 March 2026 10:00 WIB. The call is at 11:00 WIB.
	ap := e.bookCall(time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC), e.agents[loket.RoleAgent].ID)
	agent := e.login(loket.RoleAgent)
	back := "/calendar?view=day&day=2026-03-02"
	mark := func(outcome string) (int, string) {
		res, body := agent.postFormBody(fmt.Sprintf("/calendar/%d/mark", ap.ID), url.Values{"csrf": {agent.csrf}, "outcome": {outcome}, "back": {back}})
		return res.StatusCode, body
	}
	code, body := mark("no_show")
	if code != http.StatusConflict || !strings.Contains(body, `id="calendar-error"`) || !strings.Contains(body, "11:00–11:20") {
		t.Errorf("early no-show: %d, or not the day's calendar with the reason", code)
	}
	e.clock.Advance(time.Hour) // the call's time
	if res := agent.postForm(fmt.Sprintf("/calendar/%d/mark", ap.ID), url.Values{"outcome": {"done"}, "back": {back}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark done: %d", res.StatusCode)
	}
	code, body = mark("done") // a second officer on a calendar not yet refreshed
	if code != http.StatusConflict || !strings.Contains(body, "already marked") || !strings.Contains(body, `<h2>`) {
		t.Errorf("marked twice: %d, or not the calendar saying it was already marked", code)
	}
}

// TestCalendarSaysWhyADayIsEmpty: a holiday and a day without office
// hours read so on the calendar; every empty day said only "No calls".
func TestCalendarSaysWhyADayIsEmpty(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.login(loket.RoleAdmin)
	if res := admin.postForm("/admin/hours", url.Values{"windows": {"mon 10:00-14:00\ntue 10:00-14:00\nwed 10:00-14:00\nthu 10:00-14:00\nfri 10:00-14:00"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hours: %d", res.StatusCode)
	}
	if res := admin.postForm("/admin/holidays", url.Values{"date": {"2026-03-03"}, "name": {"Cuti bersama"}}); res.StatusCode != 303 {
		t.Fatalf("holiday: %d", res.StatusCode)
	}
	_, body := e.login(loket.RoleAgent).get("/calendar?view=week&day=2026-03-02")
	day := func(title string) string {
		_, rest, _ := strings.Cut(body, title)
		rest, _, _ = strings.Cut(rest, "</section>")
		return rest
	}
	if got := day("Tue 03 Mar 2026"); !strings.Contains(got, "Holiday: Cuti bersama.") {
		t.Errorf("the holiday reads %q", got)
	}
	if got := day("Sat 07 Mar 2026"); !strings.Contains(got, "Outside office hours") {
		t.Errorf("Saturday reads %q", got)
	}
	if got := day("Wed 04 Mar 2026"); !strings.Contains(got, "No calls.") || strings.Contains(got, "Outside") {
		t.Errorf("an open day without calls reads %q", got)
	}
}

// An agent who sets a ticket verified (at the counter), closed or
// cancelled while its call is still ahead releases the call: the slot is
// free, the reminders are dropped, the timeline says so and the vendor's
// status message says the call is off. It used to stay booked, so the
// vendor got "your call is tomorrow" reminders for a verified ticket.
func TestStatusChangeReleasesCallAhead(t *testing.T) {
	t.Parallel()
	for _, status := range []loket.TicketStatus{loket.StatusVerified, loket.StatusClosed, loket.StatusCancelled} {
		t.Run(string(status), func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			// Clock: Monday 2 March 2026 10:00 WIB; the call is Tuesday 11:00 WIB.
			a := e.bookCall(time.Date(2026, 3, 3, 4, 0, 0, 0, time.UTC), 0)
			agent := e.login(loket.RoleAgent)
			if res := agent.postForm(e.ref()+"/status", url.Values{"status": {string(status)}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status change: %d", res.StatusCode)
			}
			e.tx(func(tx storetest.Tx) error {
				got, err := tx.AppointmentByID(ctx, a.ID)
				if err != nil {
					return err
				}
				if got.Status != loket.ApptCancelled {
					t.Errorf("appointment %s, want cancelled", got.Status)
				}
				return nil
			})
			jobs, err := e.store.ClaimJobs(ctx, e.clock.Now().Add(72*time.Hour), time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range jobs {
				if j.Kind == "call.remind_vendor" {
					t.Errorf("a reminder of the released call is still due: %+v", j)
				}
			}
			_, out := e.lastOut()
			if !strings.Contains(out.Text, "tidak diperlukan lagi") || !strings.Contains(out.Text, "Selasa, 3 Maret 2026 11.00 WIB") {
				t.Errorf("vendor message %q does not say the call is off", out.Text)
			}
			_, body := agent.get(e.ref())
			if !strings.Contains(body, "The video call of 03 Mar 2026 11:00 was released") {
				t.Error("the ticket page does not show the call released")
			}
		})
	}
}
