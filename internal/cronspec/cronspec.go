// Package cronspec reads the schedules admins set (the officers' digest,
// the ticket sweep, the retention run): cron expressions of exactly five
// fields (minute hour day-of-month month day-of-week) in the office time
// zone, parsed with robfig/cron. One parser, so every schedule takes the
// same forms and is refused with the same words.
package cronspec

import (
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"loket"
)

// fields reads exactly five fields: no seconds, no time zone prefix (it
// runs in the office time zone), no descriptors.
var fields = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// Parse parses a cron expression of five fields; the error is a
// loket.EInvalid saying what is expected.
func Parse(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		return nil, loket.Errorf(loket.EInvalid, "schedule: leave out the time zone; it runs in the office time zone")
	}
	sch, err := fields.Parse(spec)
	if err != nil {
		return nil, loket.Errorf(loket.EInvalid, "schedule %q is not a cron expression of five fields "+
			"(minute hour day-of-month month day-of-week, e.g. 0 2 * * * for 02:00 every day): %v", spec, err)
	}
	return sch, nil
}

// Next is the first run of spec strictly after `after`, in loc.
func Next(spec string, after time.Time, loc *time.Location) (time.Time, error) {
	sch, err := Parse(spec)
	if err != nil {
		return time.Time{}, err
	}
	next := sch.Next(after.In(loc))
	if next.IsZero() {
		return time.Time{}, loket.Errorf(loket.EInvalid, "schedule %q never runs", spec)
	}
	return next, nil
}
