package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"loket"
	"loket/ops"
	"loket/store"
)

// bookingStore is what the booking rules page uses.
type bookingStore interface {
	ops.Auditor
	settingSaver
	Setting(ctx context.Context, key string) ([]byte, error)
}

func asBooking(tx store.Tx) bookingStore { return tx }

// The booking rules are the root package's: the flows read the same setting.
const bookingSettingKey = loket.BookingSettingKey

type bookingRules = loket.BookingRules

func (c *Console) loadBookingRules(ctx context.Context) (bookingRules, error) {
	r := loket.DefaultBookingRules()
	err := inTx(ctx, c.store, asBooking, func(tx bookingStore) error {
		b, err := tx.Setting(ctx, bookingSettingKey)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		var saved bookingRules
		if json.Unmarshal(b, &saved) == nil && saved.Validate() == nil {
			r = saved
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("console: booking rules: %w", err)
	}
	return r, nil
}

func (c *Console) saveBookingRules(ctx context.Context, a *auth, r bookingRules, version int64) error {
	if err := r.Validate(); err != nil {
		return err
	}
	b, _ := json.Marshal(r)
	return inTx(ctx, c.store, asBooking, func(tx bookingStore) error {
		if err := saveSettingIf(ctx, tx, bookingSettingKey, b, version, c.clock.Now()); err != nil {
			return fmt.Errorf("console: booking rules: %w", err)
		}
		return audit(ctx, tx, a, "booking.update", "setting:"+bookingSettingKey, string(b), c.clock.Now())
	})
}

func (c *Console) bookingPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	return c.renderBooking(w, r, a, http.StatusOK, map[string]any{})
}

func (c *Console) bookingSave(w http.ResponseWriter, r *http.Request, a *auth) error {
	var rules bookingRules
	var bad bool
	for _, f := range []struct {
		name string
		dst  *int
	}{{"slot_minutes", &rules.SlotMinutes}, {"capacity", &rules.Capacity}, {"lead_minutes", &rules.LeadMinutes}, {"horizon_days", &rules.HorizonDays}} {
		n, err := strconv.Atoi(r.PostFormValue(f.name))
		*f.dst, bad = n, bad || err != nil
	}
	var err error = userErr(loket.EInvalid, "booking.err_number")
	if !bad {
		err = c.saveBookingRules(r.Context(), a, rules, formVersion(r))
	}
	if code := loket.ErrorCode(err); code == loket.EInvalid || code == loket.EConflict {
		return c.renderBooking(w, r, a, httpStatus(code), map[string]any{"Rules": rules, "RulesVersion": formVersion(r), "Error": c.errText(a.lang(), err)})
	}
	if err != nil {
		return err
	}
	c.seeOther(w, r, a, "/admin/booking", map[string]string{"Saved": c.tr(a.lang(), "booking.saved")})
	return nil
}
