package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"loket"
	"loket/flows"
	"loket/internal/cronspec"
	"loket/ops"
	"loket/store"
)

// schedulesStore is what the daily schedules page uses.
type schedulesStore interface {
	ops.Auditor
	settingSaver
	Setting(ctx context.Context, key string) ([]byte, error)
}

func asSchedules(tx store.Tx) schedulesStore { return tx }

// The recurring jobs' schedules (flows.Schedules: the officers' digest and
// the ticket sweep) are cron expressions admins read and edit on
// /admin/booking. A change applies from the run after the one already
// planned. The retention run has its own on /admin/retention.

// scheduleRow is one schedule as the page shows it.
type scheduleRow struct {
	Name string // "digest", "sweep": the form field and the catalogue's booking.schedule_<name>
	Spec string
	Next time.Time // zero when Spec does not parse
}

func (c *Console) loadSchedules(ctx context.Context) (flows.Schedules, error) {
	var s flows.Schedules
	err := inTx(ctx, c.store, asSchedules, func(tx schedulesStore) error {
		var err error
		s, err = flows.LoadSchedules(ctx, tx)
		return err
	})
	return s, err
}

// scheduleRows lists s with each schedule's next run.
func (c *Console) scheduleRows(s flows.Schedules) []scheduleRow {
	rows := []scheduleRow{{Name: "digest", Spec: s.Digest}, {Name: "sweep", Spec: s.Sweep}}
	for i := range rows {
		rows[i].Next, _ = cronspec.Next(rows[i].Spec, c.clock.Now(), c.cfg.Location)
	}
	return rows
}

// renderBooking renders /admin/booking with the booking rules and the
// schedules (those in data win, e.g. a refused form as typed).
func (c *Console) renderBooking(w http.ResponseWriter, r *http.Request, a *auth, status int, data map[string]any) error {
	if _, ok := data["Rules"]; !ok {
		v, err := c.settingVersion(r.Context(), bookingSettingKey) // before the rules: a save between reads as a conflict
		if err != nil {
			return err
		}
		data["RulesVersion"] = v
		rules, err := c.loadBookingRules(r.Context())
		if err != nil {
			return err
		}
		data["Rules"] = rules
	}
	if _, ok := data["Schedules"]; !ok {
		v, err := c.settingVersion(r.Context(), flows.SchedulesKey) // before the schedules, as for the rules
		if err != nil {
			return err
		}
		data["SchedulesVersion"] = v
		s, err := c.loadSchedules(r.Context())
		if err != nil {
			return err
		}
		data["Schedules"] = c.scheduleRows(s)
	}
	c.render(w, r, status, "booking", a, data)
	return nil
}

// schedulesSave saves the schedules; an expression that does not parse
// is refused, naming the schedule, and nothing is saved.
func (c *Console) schedulesSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	s := flows.Schedules{Digest: strings.TrimSpace(r.PostFormValue("digest")), Sweep: strings.TrimSpace(r.PostFormValue("sweep"))}
	rows := c.scheduleRows(s)
	for _, row := range rows {
		if _, err := cronspec.Parse(row.Spec); err != nil {
			msg := c.errText(a.lang(), userErr(loket.EInvalid, "booking.err_schedule",
				"name", c.tr(a.lang(), "booking.schedule_"+row.Name), "spec", row.Spec))
			return c.renderBooking(w, r, a, http.StatusBadRequest, map[string]any{"Schedules": rows, "SchedulesVersion": formVersion(r), "ScheduleError": msg})
		}
	}
	b, _ := json.Marshal(s)
	now := c.clock.Now()
	err := inTx(r.Context(), c.store, asSchedules, func(tx schedulesStore) error {
		if err := saveSettingIf(r.Context(), tx, flows.SchedulesKey, b, formVersion(r), now); err != nil {
			return fmt.Errorf("console: save schedules: %w", err)
		}
		return audit(r.Context(), tx, a, "schedules.update", "setting:"+flows.SchedulesKey, string(b), now)
	})
	if loket.ErrorCode(err) == loket.EConflict {
		return c.renderBooking(w, r, a, http.StatusConflict, map[string]any{"ScheduleError": c.errText(a.lang(), err)})
	}
	if err != nil {
		return err
	}
	c.seeOther(w, r, a, "/admin/booking#schedules", map[string]string{"ScheduleSaved": c.tr(a.lang(), "booking.schedules_saved")})
	return nil
}
