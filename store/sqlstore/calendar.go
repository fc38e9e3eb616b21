package sqlstore

import (
	"context"
	"time"

	"loket"
)

// OfficeWindows lists the weekly office windows by weekday and start.
func (tx *Tx) OfficeWindows(ctx context.Context) ([]loket.OfficeWindow, error) {
	rs, err := tx.q.Query(ctx, `SELECT weekday, start_minute, end_minute FROM office_windows ORDER BY weekday, start_minute`)
	out, err := collect(rs, err, func(r Row, w *loket.OfficeWindow) error {
		var wd int
		err := r.Scan(&wd, &w.StartMinute, &w.EndMinute)
		w.Weekday = time.Weekday(wd)
		return err
	})
	return out, tx.d.fail("office windows", err)
}

// SetOfficeWindows replaces every office window.
func (tx *Tx) SetOfficeWindows(ctx context.Context, ws []loket.OfficeWindow) error {
	tx.configSaved()
	for _, w := range ws {
		if w.Weekday < time.Sunday || w.Weekday > time.Saturday || w.StartMinute < 0 || w.EndMinute > 24*60 || w.StartMinute >= w.EndMinute {
			return errInvalid("office window %v %d–%d is not a valid window", w.Weekday, w.StartMinute, w.EndMinute)
		}
	}
	if _, err := tx.q.Exec(ctx, `DELETE FROM office_windows`); err != nil {
		return tx.d.fail("set office windows", err)
	}
	for _, w := range ws {
		if _, err := tx.q.Exec(ctx, `INSERT INTO office_windows (weekday, start_minute, end_minute) VALUES ($1, $2, $3)`,
			int(w.Weekday), w.StartMinute, w.EndMinute); err != nil {
			return tx.d.fail("set office windows", err)
		}
	}
	return nil
}

// Holidays lists holidays with from <= date < to, by date.
func (tx *Tx) Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error) {
	rs, err := tx.q.Query(ctx, `SELECT date, name FROM holidays WHERE date >= $1 AND date < $2 ORDER BY date`, tm(from), tm(to))
	out, err := collect(rs, err, func(r Row, h *loket.Holiday) error { return r.Scan(ts(&h.Date), &h.Name) })
	return out, tx.d.fail("holidays", err)
}

// SaveHoliday inserts a holiday or renames the one on that date.
func (tx *Tx) SaveHoliday(ctx context.Context, h loket.Holiday) error {
	tx.configSaved()
	if h.Date.IsZero() {
		return errInvalid("a holiday needs a date")
	}
	_, err := tx.q.Exec(ctx, `INSERT INTO holidays (date, name) VALUES ($1, $2)
		ON CONFLICT (date) DO UPDATE SET name = excluded.name`, tm(h.Date), h.Name)
	return tx.d.fail("save holiday", err)
}

// DeleteHoliday removes the holiday on a date.
func (tx *Tx) DeleteHoliday(ctx context.Context, date time.Time) error {
	tx.configSaved()
	n, err := tx.q.Exec(ctx, `DELETE FROM holidays WHERE date = $1`, tm(date))
	return tx.d.mustAffect("delete holiday", n, err)
}
