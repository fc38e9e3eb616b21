package storetest

import (
	"sync/atomic"
	"testing"
	"time"

	"loket"
)

func testCalendar(t *testing.T, s Store) {
	ctx := ctxT(t)
	inTx(t, s, func(tx Tx) error {
		ws, err := tx.OfficeWindows(ctx)
		must(t, err)
		if len(ws) != 5 || ws[0] != (loket.OfficeWindow{Weekday: time.Monday, StartMinute: 600, EndMinute: 840}) || ws[4].Weekday != time.Friday {
			t.Fatalf("seeded windows = %+v", ws)
		}
		next := []loket.OfficeWindow{{Weekday: time.Tuesday, StartMinute: 540, EndMinute: 600}, {Weekday: time.Tuesday, StartMinute: 780, EndMinute: 900}}
		must(t, tx.SetOfficeWindows(ctx, next))
		ws, err = tx.OfficeWindows(ctx)
		must(t, err)
		if len(ws) != 2 || ws[1] != next[1] {
			t.Fatalf("windows = %+v", ws)
		}
		wantErr(t, tx.SetOfficeWindows(ctx, []loket.OfficeWindow{{Weekday: time.Monday, StartMinute: 600, EndMinute: 500}}), loket.ErrInvalid)

		jkt := time.FixedZone("WIB", 7*3600)
		d1 := time.Date(2025, 3, 31, 0, 0, 0, 0, jkt)
		d2 := time.Date(2025, 4, 1, 0, 0, 0, 0, jkt)
		must(t, tx.SaveHoliday(ctx, loket.Holiday{Date: d1, Name: "Idul Fitri"}))
		must(t, tx.SaveHoliday(ctx, loket.Holiday{Date: d2, Name: "Cuti"}))
		must(t, tx.SaveHoliday(ctx, loket.Holiday{Date: d2, Name: "Cuti bersama"}))
		hs, err := tx.Holidays(ctx, d1, d2.AddDate(0, 0, 1))
		must(t, err)
		if len(hs) != 2 || !hs[0].Date.Equal(d1) || hs[1].Name != "Cuti bersama" {
			t.Fatalf("holidays = %+v", hs)
		}
		must(t, tx.DeleteHoliday(ctx, d1))
		wantErr(t, tx.DeleteHoliday(ctx, d1), loket.ErrNotFound)
		hs, err = tx.Holidays(ctx, d1, d2)
		must(t, err)
		if len(hs) != 0 {
			t.Fatalf("half-open range = %+v", hs)
		}

		tk := newTicket(t, tx, nil)
		slot := t0.Add(24 * time.Hour)
		a := &loket.Appointment{TicketID: tk.ID, StartsAt: slot, EndsAt: slot.Add(30 * time.Minute), Phone: "+6281", CreatedAt: t0}
		b := &loket.Appointment{TicketID: tk.ID, StartsAt: slot, EndsAt: slot.Add(30 * time.Minute), CreatedAt: t0}
		must(t, tx.BookAppointment(ctx, a, 2))
		must(t, tx.BookAppointment(ctx, b, 2))
		c := &loket.Appointment{TicketID: tk.ID, StartsAt: slot, CreatedAt: t0}
		wantErr(t, tx.BookAppointment(ctx, c, 2), loket.ErrConflict)
		// Cancelling frees the seat.
		a.Status = loket.ApptCancelled
		must(t, tx.UpdateAppointment(ctx, a))
		must(t, tx.BookAppointment(ctx, c, 2))
		// Moving keeps the seat number at the new time.
		b.StartsAt, b.EndsAt = slot.Add(time.Hour), slot.Add(90*time.Minute)
		must(t, tx.UpdateAppointment(ctx, b))
		d := &loket.Appointment{TicketID: tk.ID, StartsAt: slot, CreatedAt: t0}
		must(t, tx.BookAppointment(ctx, d, 2))
		got, err := tx.AppointmentByID(ctx, b.ID)
		must(t, err)
		if !got.StartsAt.Equal(slot.Add(time.Hour)) || got.Status != loket.ApptBooked {
			t.Fatalf("moved = %+v", got)
		}
		day, err := tx.Appointments(ctx, slot, slot.Add(time.Hour))
		must(t, err)
		if len(day) != 3 { // a (cancelled), c, d
			t.Fatalf("appointments = %+v", day)
		}
		all, err := tx.TicketAppointments(ctx, tk.ID)
		must(t, err)
		if len(all) != 4 || all[3].ID != b.ID {
			t.Fatalf("ticket appointments = %+v", all)
		}
		_, err = tx.AppointmentByID(ctx, 99999)
		wantErr(t, err, loket.ErrNotFound)
		wantErr(t, tx.UpdateAppointment(ctx, &loket.Appointment{ID: 99999}), loket.ErrNotFound)
		return nil
	})
}

// testLastSeat: 10 concurrent bookings of the last seat, one wins.
func testLastSeat(t *testing.T, s Store) {
	ctx := ctxT(t)
	var tk *loket.Ticket
	slot := t0.Add(48 * time.Hour)
	inTx(t, s, func(tx Tx) error {
		tk = newTicket(t, tx, nil)
		return tx.BookAppointment(ctx, &loket.Appointment{TicketID: tk.ID, StartsAt: slot, CreatedAt: t0}, 2)
	})
	var won, full atomic.Int32
	errs := race(10, func(int) error {
		err := s.InTx(ctx, func(tx Tx) error {
			return tx.BookAppointment(ctx, &loket.Appointment{TicketID: tk.ID, StartsAt: slot, CreatedAt: t0}, 2)
		})
		switch {
		case err == nil:
			won.Add(1)
		case loket.ErrorCode(err) == loket.EConflict:
			full.Add(1)
		default:
			return err
		}
		return nil
	})
	for _, err := range errs {
		must(t, err)
	}
	if won.Load() != 1 || full.Load() != 9 {
		t.Fatalf("won %d, full %d", won.Load(), full.Load())
	}
	inTx(t, s, func(tx Tx) error {
		as, err := tx.Appointments(ctx, slot, slot.Add(time.Minute))
		must(t, err)
		if len(as) != 2 {
			t.Fatalf("appointments in slot = %d", len(as))
		}
		return nil
	})
}
