package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"loket"
	"loket/internal/cronspec"
)

// SchedulesKey is the setting that holds the recurring jobs' schedules
// (admins edit them at /admin/booking).
const SchedulesKey = "flows.schedules"

// Schedules are when the recurring jobs run: cron expressions of five
// fields in the office time zone (package internal/cronspec). The polling
// tick of the engine (@every) is not one of them.
type Schedules struct {
	// Digest sends each linked officer the day's calls.
	Digest string `json:"digest"`
	// Sweep reminds vendors of missing documents, warns and closes idle
	// tickets and offers calls to tickets whose documents are complete.
	Sweep string `json:"sweep"`
}

// DefaultSchedules are the schedules until an admin saves others: the
// digest at 07:30, the sweep every quarter of an hour.
func DefaultSchedules() Schedules { return Schedules{Digest: "30 7 * * *", Sweep: "*/15 * * * *"} }

// Validate parses both expressions; the error is a loket.EInvalid that
// names the schedule.
func (s Schedules) Validate() error {
	for _, f := range []struct{ name, spec string }{{"digest", s.Digest}, {"sweep", s.Sweep}} {
		if _, err := cronspec.Parse(f.spec); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return nil
}

// scheduleTx schedules the recurring jobs by their saved schedules.
type scheduleTx interface {
	jobScheduler
	settingReader
}

// LoadSchedules reads the schedules; a missing setting, or a missing or
// unparsable expression in it, takes the default.
func LoadSchedules(ctx context.Context, tx settingReader) (Schedules, error) {
	d := DefaultSchedules()
	b, err := tx.Setting(ctx, SchedulesKey)
	if errors.Is(err, loket.ErrNotFound) {
		return d, nil
	}
	if err != nil {
		return d, fmt.Errorf("flows: schedules: %w", err)
	}
	var s Schedules
	if json.Unmarshal(b, &s) != nil {
		return d, nil
	}
	for _, p := range []struct{ v, def *string }{{&s.Digest, &d.Digest}, {&s.Sweep, &d.Sweep}} {
		if _, err := cronspec.Parse(*p.v); err != nil {
			*p.v = *p.def
		}
	}
	return s, nil
}

// EnsureBookingJobs seeds the recurring jobs (the sweep and the morning
// digest). Their keys are derived from their due times, so calling it at
// every start, on every replica, never doubles them.
func (f *Flows) EnsureBookingJobs(ctx context.Context, tx scheduleTx, now time.Time) error {
	if err := f.scheduleSweep(ctx, tx, now); err != nil {
		return err
	}
	return f.scheduleDigest(ctx, tx, now)
}

func (f *Flows) scheduleSweep(ctx context.Context, tx scheduleTx, now time.Time) error {
	s, err := LoadSchedules(ctx, tx)
	if err != nil {
		return err
	}
	next, err := cronspec.Next(s.Sweep, now, f.cfg.Location)
	if err != nil {
		return fmt.Errorf("flows: sweep schedule: %w", err)
	}
	return scheduleJob(ctx, tx, JobSweep, JobSweep+":"+strconv.FormatInt(next.Unix(), 10), loket.CallJobPayload{}, next)
}

func (f *Flows) scheduleDigest(ctx context.Context, tx scheduleTx, now time.Time) error {
	s, err := LoadSchedules(ctx, tx)
	if err != nil {
		return err
	}
	next, err := cronspec.Next(s.Digest, now, f.cfg.Location)
	if err != nil {
		return fmt.Errorf("flows: digest schedule: %w", err)
	}
	return scheduleJob(ctx, tx, JobDigest, JobDigest+":"+next.Format(time.DateOnly), loket.CallJobPayload{}, next)
}
