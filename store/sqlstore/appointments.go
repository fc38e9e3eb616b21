package sqlstore

import (
	"context"
	"errors"
	"time"

	"loket"
)

const appointmentCols = `id, ticket_id, starts_at, ends_at, agent_id, phone, status, created_at, updated_at`

func scanAppointment(r Row, a *loket.Appointment) error {
	return r.Scan(&a.ID, &a.TicketID, ts(&a.StartsAt), ts(&a.EndsAt), nid(&a.AgentID), &a.Phone, &a.Status,
		ts(&a.CreatedAt), ts(&a.UpdatedAt))
}

// BookAppointment inserts a booked appointment and takes a seat of its
// slot: slot_seats has primary key (starts_at, seat), so two concurrent
// bookings can never hold the same seat, and seats run 1..capacity. When
// every seat is taken it returns ErrConflict.
func (tx *Tx) BookAppointment(ctx context.Context, a *loket.Appointment, capacity int) error {
	if capacity < 1 || a.StartsAt.IsZero() {
		return errInvalid("a booking needs a start time and a capacity of at least 1")
	}
	a.Status = loket.ApptBooked
	a.CreatedAt = orNow(a.CreatedAt)
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	err := tx.q.QueryRow(ctx, `INSERT INTO appointments (ticket_id, starts_at, ends_at, agent_id, phone, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		a.TicketID, tm(a.StartsAt), tm(a.EndsAt), id(a.AgentID), a.Phone, string(a.Status), tm(a.CreatedAt), tm(a.UpdatedAt)).Scan(&a.ID)
	if err != nil {
		return tx.d.fail("book appointment", err)
	}
	for seat := 1; seat <= capacity; seat++ {
		ok, err := tx.takeSeat(ctx, a.StartsAt, seat, a.ID)
		if err != nil || ok {
			return err
		}
	}
	// Leave no unseated booking behind, even if the caller commits anyway.
	if _, err := tx.q.Exec(ctx, `DELETE FROM appointments WHERE id = $1`, a.ID); err != nil {
		return tx.d.fail("drop unseated booking", err)
	}
	a.ID = 0
	return loket.Errorf(loket.EConflict, "the slot at %s is fully booked", a.StartsAt.Format(time.RFC3339))
}

// takeSeat inserts a seat unless it is held; on PostgreSQL a concurrent
// uncommitted holder makes it wait, then skip.
func (tx *Tx) takeSeat(ctx context.Context, at time.Time, seat int, apptID int64) (bool, error) {
	n, err := tx.q.Exec(ctx, `INSERT INTO slot_seats (starts_at, seat, appointment_id) VALUES ($1, $2, $3)
		ON CONFLICT (starts_at, seat) DO NOTHING`, tm(at), seat, apptID)
	if err != nil {
		return false, tx.d.fail("take seat", err)
	}
	return n == 1, nil
}

// UpdateAppointment stores times, agent, phone and status. Leaving the
// booked status frees the seat; moving a booked appointment keeps its
// seat number at the new time (ErrConflict when that seat is held there:
// cancel and book again to search a free seat).
func (tx *Tx) UpdateAppointment(ctx context.Context, a *loket.Appointment) error {
	old, err := tx.AppointmentByID(ctx, a.ID)
	if err != nil {
		return err
	}
	a.UpdatedAt = orNow(a.UpdatedAt)
	n, err := tx.q.Exec(ctx, `UPDATE appointments SET starts_at = $2, ends_at = $3, agent_id = $4, phone = $5,
		status = $6, updated_at = $7 WHERE id = $1`,
		a.ID, tm(a.StartsAt), tm(a.EndsAt), id(a.AgentID), a.Phone, string(a.Status), tm(a.UpdatedAt))
	if err := tx.d.mustAffect("update appointment", n, err); err != nil {
		return err
	}
	switch {
	case a.Status != loket.ApptBooked:
		_, err = tx.q.Exec(ctx, `DELETE FROM slot_seats WHERE appointment_id = $1`, a.ID)
		return tx.d.fail("free seat", err)
	case old.Status == loket.ApptBooked && old.StartsAt.Equal(a.StartsAt):
		return nil
	}
	var seat int
	err = tx.q.QueryRow(ctx, `SELECT seat FROM slot_seats WHERE appointment_id = $1`, a.ID).Scan(&seat)
	if errors.Is(err, ErrNoRows) {
		seat = 1
	} else if err != nil {
		return tx.d.fail("move seat", err)
	}
	if _, err := tx.q.Exec(ctx, `DELETE FROM slot_seats WHERE appointment_id = $1`, a.ID); err != nil {
		return tx.d.fail("move seat", err)
	}
	ok, err := tx.takeSeat(ctx, a.StartsAt, seat, a.ID)
	if err != nil {
		return err
	}
	if !ok {
		return loket.Errorf(loket.EConflict, "the slot at %s is fully booked", a.StartsAt.Format(time.RFC3339))
	}
	return nil
}

// AppointmentByID returns an appointment.
func (tx *Tx) AppointmentByID(ctx context.Context, id int64) (*loket.Appointment, error) {
	var a loket.Appointment
	if err := scanAppointment(tx.q.QueryRow(ctx, `SELECT `+appointmentCols+` FROM appointments WHERE id = $1`, id), &a); err != nil {
		return nil, tx.d.fail("appointment", err)
	}
	return &a, nil
}

// Appointments lists appointments (any status) with from <= starts_at < to.
func (tx *Tx) Appointments(ctx context.Context, from, to time.Time) ([]loket.Appointment, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+appointmentCols+` FROM appointments
		WHERE starts_at >= $1 AND starts_at < $2 ORDER BY starts_at, id`, tm(from), tm(to))
	out, err := collect(rs, err, scanAppointment)
	return out, tx.d.fail("appointments", err)
}

// TicketAppointments lists a ticket's appointments, oldest first.
func (tx *Tx) TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+appointmentCols+` FROM appointments WHERE ticket_id = $1 ORDER BY starts_at, id`, ticketID)
	out, err := collect(rs, err, scanAppointment)
	return out, tx.d.fail("ticket appointments", err)
}
