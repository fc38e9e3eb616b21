package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"loket"
	"loket/store"
)

// bookingSettingKey and bookingRules mirror flows.BookingSettingKey and
// flows.BookingRules (same JSON): the console does not import flows.
const bookingSettingKey = "booking"

type bookingRules struct {
	SlotMinutes int `json:"slot_minutes"`
	Capacity    int `json:"capacity"`
	LeadMinutes int `json:"lead_minutes"`
	HorizonDays int `json:"horizon_days"`
}

func defaultBookingRules() bookingRules {
	return bookingRules{SlotMinutes: 20, Capacity: 1, LeadMinutes: 120, HorizonDays: 10}
}

func (r bookingRules) validate() error {
	switch {
	case r.SlotMinutes < 5 || r.SlotMinutes > 240:
		return loket.Errorf(loket.EInvalid, "slot length must be 5–240 minutes")
	case r.Capacity < 1 || r.Capacity > 50:
		return loket.Errorf(loket.EInvalid, "officers per slot must be 1–50")
	case r.LeadMinutes < 0 || r.LeadMinutes > 14*24*60:
		return loket.Errorf(loket.EInvalid, "lead time must be 0–20160 minutes")
	case r.HorizonDays < 1 || r.HorizonDays > 60:
		return loket.Errorf(loket.EInvalid, "horizon must be 1–60 working days")
	}
	return nil
}

func (c *Console) loadBookingRules(ctx context.Context) (bookingRules, error) {
	r := defaultBookingRules()
	err := c.store.InTx(ctx, func(tx store.Tx) error {
		b, err := tx.Setting(ctx, bookingSettingKey)
		if errors.Is(err, loket.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		var saved bookingRules
		if json.Unmarshal(b, &saved) == nil && saved.validate() == nil {
			r = saved
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("console: booking rules: %w", err)
	}
	return r, nil
}

func (c *Console) saveBookingRules(ctx context.Context, a *auth, r bookingRules) error {
	if err := r.validate(); err != nil {
		return err
	}
	b, _ := json.Marshal(r)
	return c.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SaveSetting(ctx, bookingSettingKey, b, c.clock.Now()); err != nil {
			return fmt.Errorf("console: save booking rules: %w", err)
		}
		return audit(ctx, tx, a, "booking.update", "setting:"+bookingSettingKey, string(b), c.clock.Now())
	})
}

func (c *Console) bookingPage(w http.ResponseWriter, r *http.Request, a *auth) error {
	rules, err := c.loadBookingRules(r.Context())
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "booking", a, map[string]any{"Rules": rules})
	return nil
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
	var err error = loket.Errorf(loket.EInvalid, "every field needs a whole number")
	if !bad {
		err = c.saveBookingRules(r.Context(), a, rules)
	}
	if loket.ErrorCode(err) == loket.EInvalid {
		c.render(w, r, http.StatusBadRequest, "booking", a, map[string]any{"Rules": rules, "Error": loket.ErrorMessage(err)})
		return nil
	}
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "booking", a, map[string]any{"Rules": rules, "Saved": "Booking rules saved."})
	return nil
}
