package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket"
)

// RunBookingJob runs one job of BookingJobKinds inside its transaction.
// Every reminder checks at run time that its reason still holds (the call
// is still booked at that time, the ticket still open); otherwise it is
// dropped silently. The engine's job table runs each job once.
func (f *Flows) RunBookingJob(ctx context.Context, tx JobTx, job *loket.Job, now time.Time) error {
	var p loket.CallJobPayload
	if len(job.Payload) > 0 {
		if err := json.Unmarshal(job.Payload, &p); err != nil {
			f.log.WarnContext(ctx, "booking job payload unreadable; dropped", "kind", job.Kind, "job", job.ID, "err", err)
			return nil
		}
	}
	if _, err := f.refresh(ctx, tx); err != nil { // the office's texts as of now, for officer notices too
		return err
	}
	switch job.Kind {
	case loket.JobRemindVendor:
		return f.remindVendor(ctx, tx, p, now)
	case loket.JobRemindAgent:
		return f.remindAgent(ctx, tx, p, now)
	case JobDigest:
		return f.digest(ctx, tx, now)
	case loket.JobCallOutcome:
		return f.callOutcome(ctx, tx, p, now)
	case JobCallOffer:
		return f.callOffer(ctx, tx, p.TicketID, now)
	case JobSweep:
		return f.sweep(ctx, tx, now)
	}
	return fmt.Errorf("flows: unknown booking job kind %q", job.Kind)
}

// liveCall loads a reminder's call and ticket; ok is false when the
// reminder's reason is gone (moved, cancelled, marked, ticket closed).
func liveCall(ctx context.Context, tx JobTx, p loket.CallJobPayload, now time.Time) (*loket.Appointment, *loket.Ticket, bool, error) {
	a, err := tx.AppointmentByID(ctx, p.AppointmentID)
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("flows: reminder appointment: %w", err)
	}
	if a.Status != loket.ApptBooked || a.StartsAt.Unix() != p.StartsAt || !a.StartsAt.After(now) {
		return nil, nil, false, nil
	}
	t, err := tx.TicketByID(ctx, a.TicketID)
	if err != nil {
		return nil, nil, false, fmt.Errorf("flows: reminder ticket: %w", err)
	}
	return a, t, t.Status.Open(), nil
}

func (f *Flows) remindVendor(ctx context.Context, tx JobTx, p loket.CallJobPayload, now time.Time) error {
	a, t, ok, err := liveCall(ctx, tx, p, now)
	if err != nil || !ok {
		return err
	}
	c, err := f.pushConv(ctx, tx, t, now)
	if err != nil {
		return err
	}
	v, err := c.bookingView(t, a)
	if err != nil {
		return err
	}
	key := "rm.hour_before"
	c.kind = loket.KindRemindHour
	if p.Which == "day" {
		key, c.kind = "rm.day_before", loket.KindRemindDay
	}
	if err := c.say(key, v, c.bookedOpts()...); err != nil {
		return err
	}
	return f.pushSend(ctx, tx, c)
}

// remindAgent tells the call's officer (else the ticket's assignee) on
// their linked Telegram account; without a link nothing is sent.
func (f *Flows) remindAgent(ctx context.Context, tx JobTx, p loket.CallJobPayload, now time.Time) error {
	a, t, ok, err := liveCall(ctx, tx, p, now)
	if err != nil || !ok {
		return err
	}
	ag, err := f.callAgent(ctx, tx, a, t)
	if err != nil || ag == nil {
		return err
	}
	v, err := f.officerView(ctx, tx, a, t)
	if err != nil {
		return err
	}
	v.Value = f.whenWords(loket.LangID, a.StartsAt)
	text, err := f.texts.render(loket.LangID, "officer.hour_before", v)
	if err != nil {
		return err
	}
	return sendOfficer(ctx, tx, ag, text, now)
}

// callAgent is the officer of a call: its agent, else the ticket's
// assignee; nil when none is linked to Telegram.
func (f *Flows) callAgent(ctx context.Context, tx JobTx, a *loket.Appointment, t *loket.Ticket) (*loket.Agent, error) {
	id := a.AgentID
	if id == 0 {
		id = t.AssigneeID
	}
	if id == 0 {
		return nil, nil
	}
	ag, err := tx.AgentByID(ctx, id)
	if errors.Is(err, loket.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: call officer: %w", err)
	}
	if !ag.Active || ag.TelegramUserID == 0 {
		f.log.DebugContext(ctx, "officer not linked to Telegram; reminder skipped", "agent", ag.ID)
		return nil, nil
	}
	return ag, nil
}

func (f *Flows) officerView(ctx context.Context, tx JobTx, a *loket.Appointment, t *loket.Ticket) (*view, error) {
	v := &view{Office: f.latest().office, Ref: t.Ref(), Type: f.clockAt(a.StartsAt)}
	v.In.Phone = a.Phone
	if t.VendorID != 0 {
		vd, err := tx.VendorByID(ctx, t.VendorID)
		if err != nil && !errors.Is(err, loket.ErrNotFound) {
			return nil, fmt.Errorf("flows: officer view vendor: %w", err)
		}
		if err == nil {
			v.Name = vd.Name
		}
	}
	if v.Name == "" {
		v.Name = t.Title
	}
	return v, nil
}

// sendOfficer queues a Telegram message to an officer's own chat.
func sendOfficer(ctx context.Context, tx JobTx, ag *loket.Agent, text string, now time.Time) error {
	out := &loket.Outbound{Channel: loket.ChannelTelegram, ChatID: strconv.FormatInt(ag.TelegramUserID, 10), Text: text,
		Status: loket.OutQueued, NextAttemptAt: now, CreatedAt: now}
	if err := tx.EnqueueOutbound(ctx, out); err != nil {
		return fmt.Errorf("flows: officer message: %w", err)
	}
	return nil
}

// digest sends each linked officer today's calls, then schedules
// tomorrow's digest.
func (f *Flows) digest(ctx context.Context, tx JobTx, now time.Time) error {
	day := midnight(now, f.cfg.Location)
	as, err := tx.Appointments(ctx, day, day.AddDate(0, 0, 1))
	if err != nil {
		return fmt.Errorf("flows: digest appointments: %w", err)
	}
	lines := map[int64][]string{}
	agents := map[int64]*loket.Agent{}
	for i := range as {
		a := &as[i]
		if a.Status != loket.ApptBooked {
			continue
		}
		t, err := tx.TicketByID(ctx, a.TicketID)
		if err != nil {
			return fmt.Errorf("flows: digest ticket: %w", err)
		}
		ag, err := f.callAgent(ctx, tx, a, t)
		if err != nil {
			return err
		}
		if ag == nil || !t.Status.Open() {
			continue
		}
		v, err := f.officerView(ctx, tx, a, t)
		if err != nil {
			return err
		}
		line, err := f.texts.render(loket.LangID, "officer.line", v)
		if err != nil {
			return err
		}
		agents[ag.ID], lines[ag.ID] = ag, append(lines[ag.ID], line)
	}
	ids := make([]int64, 0, len(agents))
	for id := range agents {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		v := &view{Office: f.latest().office, Value: f.dayName(loket.LangID, day) + ", " + f.dateWords(loket.LangID, day),
			Count: len(lines[id]), Detail: strings.Join(lines[id], "\n")}
		text, err := f.texts.render(loket.LangID, "officer.digest", v)
		if err != nil {
			return err
		}
		if err := sendOfficer(ctx, tx, agents[id], text, now); err != nil {
			return err
		}
	}
	return f.scheduleDigest(ctx, tx, now)
}

// callOutcome tells the vendor how the call ended, with the next step.
func (f *Flows) callOutcome(ctx context.Context, tx JobTx, p loket.CallJobPayload, now time.Time) error {
	a, err := tx.AppointmentByID(ctx, p.AppointmentID)
	if errors.Is(err, loket.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("flows: outcome appointment: %w", err)
	}
	t, err := tx.TicketByID(ctx, a.TicketID)
	if err != nil {
		return fmt.Errorf("flows: outcome ticket: %w", err)
	}
	if string(a.Status) != p.Outcome {
		return nil // marked again since: the newer job tells
	}
	c, err := f.pushConv(ctx, tx, t, now)
	if err != nil {
		return err
	}
	v, err := c.bookingView(t, a)
	if err != nil {
		return err
	}
	c.kind = loket.KindStatus
	switch a.Status {
	case loket.ApptDone:
		if err := c.verifiedView(t, v); err != nil {
			return err
		}
		err = c.say("rm.verified", v, opt{key: "btn.menu", action: actMenu})
	case loket.ApptNoShow:
		c.kind = loket.KindNoShow
		if err = c.say("rm.no_show", v); err == nil && t.Status.Open() {
			err = c.offerDays(c.tx, t, 0, "bk.days")
		}
	case loket.ApptFollowUp:
		err = c.say("rm.follow_up", v, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
	default:
		return nil
	}
	if err != nil {
		return err
	}
	return f.pushSend(ctx, tx, c)
}

// verifiedView fills the SPSE user id and the documents for the SIKaP
// data-entry assistance.
func (c *conv) verifiedView(t *loket.Ticket, v *view) error {
	form, _, err := c.vendorFacts(t)
	if err != nil {
		return err
	}
	v.Value = "-"
	if t.VendorID != 0 {
		if vd, err := c.tx.VendorByID(c.ctx, t.VendorID); err == nil && vd.SPSEUserID != "" {
			v.Value = vd.SPSEUserID
		}
	}
	var assist []string
	for _, r := range c.requirements(form) {
		if r.Assist {
			assist = append(assist, r.label(c.lang()))
		}
	}
	v.Detail = strings.Join(assist, ", ")
	return nil
}
