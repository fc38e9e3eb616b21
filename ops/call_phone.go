package ops

import (
	"context"
	"errors"
	"fmt"
	"time"

	"loket"
	"loket/messages"
)

// CallPhoneTx is what SetCallPhone needs.
type CallPhoneTx interface {
	VendorTx
	SaveVendor(ctx context.Context, v *loket.Vendor) error
	TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error)
	UpdateAppointment(ctx context.Context, ap *loket.Appointment) error
	Auditor
}

// SetCallPhone changes the WhatsApp number a registration's verification
// call goes to, as a vendor asks in the chat ("hp saya ganti, nomor wa
// …"; the bot puts it on the ticket, and only an officer changes it):
// the vendor's number, which later bookings copy, and that of a call
// booked ahead. phone is a mobile number in E.164 (the caller parses
// what was typed). The timeline and the audit log say so, and the vendor
// is told in their language, unless they cannot be reached.
func (s *Service) SetCallPhone(ctx context.Context, tx CallPhoneTx, by Actor, t *loket.Ticket, phone string, now time.Time) (Result, error) {
	if t.Type != loket.TypeRegistration || t.VendorID == 0 {
		return Result{}, messages.Err(loket.EInvalid, "ticket.err_call_phone_no_call")
	}
	if !t.Status.Open() {
		return Result{}, messages.Err(loket.EConflict, "ticket.err_call_phone_closed")
	}
	v, err := tx.VendorByID(ctx, t.VendorID)
	if errors.Is(err, loket.ErrNotFound) {
		return Result{}, messages.Err(loket.EInvalid, "ticket.err_call_phone_no_call")
	}
	if err != nil {
		return Result{}, fmt.Errorf("load vendor of ticket %d: %w", t.Number, err)
	}
	as, err := tx.TicketAppointments(ctx, t.ID)
	if err != nil {
		return Result{}, fmt.Errorf("load calls: %w", err)
	}
	var ahead []*loket.Appointment // booked calls still to come whose number differs
	for i := range as {
		if as[i].Status == loket.ApptBooked && as[i].StartsAt.After(now) && as[i].Phone != phone {
			ahead = append(ahead, &as[i])
		}
	}
	old := v.Phone
	if old == phone && len(ahead) == 0 {
		return Result{}, messages.Err(loket.EConflict, "ticket.err_call_phone_same", "phone", phone)
	}
	if old != phone {
		v.Phone, v.UpdatedAt = phone, now
		if err := tx.SaveVendor(ctx, v); err != nil {
			return Result{}, fmt.Errorf("save vendor: %w", err)
		}
	}
	for _, ap := range ahead {
		ap.Phone, ap.UpdatedAt = phone, now
		if err := tx.UpdateAppointment(ctx, ap); err != nil {
			return Result{}, fmt.Errorf("update call %d: %w", ap.ID, err)
		}
	}
	body, meta := s.Event("call_phone", map[string]any{"from": old, "to": phone})
	if err := tx.AddActivity(ctx, &loket.Activity{TicketID: t.ID, Kind: loket.ActAppointment, Actor: loket.ActorAgent,
		AgentID: by.Agent.ID, Body: body, Meta: meta, CreatedAt: now}); err != nil {
		return Result{}, fmt.Errorf("add call phone activity: %w", err)
	}
	ct, err := contactOf(ctx, tx, t)
	if err != nil {
		return Result{}, err
	}
	vars := VendorVars(ctx, tx, t, ct)
	vars["phone"] = phone
	key := "vendor.call_phone"
	if len(ahead) > 0 {
		key, vars["when"] = "vendor.call_phone_booked", s.whenText(ct.Lang, ahead[0].StartsAt)
	}
	res := Result{Ticket: t}
	if res.Channel, err = sendToVendor(ctx, tx, t, ct, s.texts.Text(ct.Lang, key, vars), by, now, false, loket.KindStatus); err != nil {
		return Result{}, err
	}
	return res, s.audit(ctx, tx, by, "ticket.call_phone", ticketObject(t), old+"→"+phone, now)
}
