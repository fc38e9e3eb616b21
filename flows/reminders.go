package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"loket"
)

// Job kinds of booking, reminders and status pushes. Register each with
// the engine: engine.HandleJob(kind, …fl.RunBookingJob…). The kinds the
// ticket operations also schedule or cancel (loket.JobRemindVendor,
// loket.JobRemindAgent, loket.JobCallOutcome) are the root package's.
const (
	JobDigest    = "call.digest"   // daily digest to each officer (Schedules.Digest, 07:30); schedules the next one
	JobCallOffer = "call.offer"    // documents complete: offer the vendor the days
	JobSweep     = "tickets.sweep" // documents missing, idle tickets, call offers (Schedules.Sweep, every 15 min)
)

// BookingJobKinds lists every kind RunBookingJob handles.
var BookingJobKinds = []string{loket.JobRemindVendor, loket.JobRemindAgent, JobDigest, loket.JobCallOutcome, JobCallOffer, JobSweep}

// Times of day (minutes, office zone) and spans of the reminders.
const (
	dayBeforeMinute = 16 * 60
	hourBefore      = time.Hour
)

type jobScheduler interface {
	ScheduleJob(ctx context.Context, j *loket.Job) error
	CancelJob(ctx context.Context, key string) error
}

func scheduleJob(ctx context.Context, tx jobScheduler, kind, key string, p loket.CallJobPayload, due time.Time) error {
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("flows: job payload: %w", err)
	}
	if err := tx.ScheduleJob(ctx, &loket.Job{Kind: kind, Key: key, Payload: b, DueAt: due, CreatedAt: due}); err != nil {
		return fmt.Errorf("flows: schedule %s: %w", kind, err)
	}
	return nil
}

// scheduleCallJobs plans the vendor's day-before (16:00 the day before)
// and hour-before reminders and the officer's hour-before one. A time
// already past is skipped. It returns which of the vendor's it planned
// ("day", "hour"), so the confirmation promises only those.
func (f *Flows) scheduleCallJobs(ctx context.Context, tx jobScheduler, a *loket.Appointment, now time.Time) ([]string, error) {
	var vendor []string
	p := loket.CallJobPayload{AppointmentID: a.ID, StartsAt: a.StartsAt.Unix(), TicketID: a.TicketID}
	dayBefore := atMinute(midnight(a.StartsAt, f.cfg.Location).AddDate(0, 0, -1), dayBeforeMinute, f.cfg.Location)
	for _, r := range []struct {
		kind, which string
		due         time.Time
	}{
		{loket.JobRemindVendor, "day", dayBefore},
		{loket.JobRemindVendor, "hour", a.StartsAt.Add(-hourBefore)},
		{loket.JobRemindAgent, "", a.StartsAt.Add(-hourBefore)},
	} {
		if !r.due.After(now) {
			continue
		}
		p.Which = r.which
		if err := scheduleJob(ctx, tx, r.kind, loket.CallJobKey(r.kind, a.ID, r.which), p, r.due); err != nil {
			return nil, err
		}
		if r.kind == loket.JobRemindVendor {
			vendor = append(vendor, r.which)
		}
	}
	return vendor, nil
}

// cancelCallJobs drops a call's pending reminders (moved or cancelled);
// the run-time check would skip them anyway.
func cancelCallJobs(ctx context.Context, tx jobScheduler, apptID int64) error {
	for _, k := range loket.CallReminderKeys(apptID) {
		if err := tx.CancelJob(ctx, k); err != nil {
			return fmt.Errorf("flows: cancel reminder: %w", err)
		}
	}
	return nil
}

// ScheduleCallOffer asks for the day offer to be pushed to the vendor of
// a ticket at once (e.g. when an officer accepts the last document). The
// offer is only sent if the ticket still has no booked call then.
func ScheduleCallOffer(ctx context.Context, tx jobScheduler, ticketID int64, now time.Time) error {
	return scheduleJob(ctx, tx, JobCallOffer, "call.offer:"+strconv.FormatInt(ticketID, 10), loket.CallJobPayload{TicketID: ticketID}, now)
}

// moveTicketStatus changes a ticket's status with a timeline entry (the
// survey after a close is scheduled by ObserveClosures).
func moveTicketStatus(ctx context.Context, tx BookingTx, t *loket.Ticket, s loket.TicketStatus, actor loket.ActorType, now time.Time) error {
	if err := loket.SetStatus(ctx, tx, t, s, actor, 0, "", now); err != nil {
		return fmt.Errorf("flows: %w", err)
	}
	return nil
}
