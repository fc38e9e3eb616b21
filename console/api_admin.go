package console

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"loket"
	"loket/store"
)

// apiAdminStore is what the REST API's admin reads use.
type apiAdminStore interface {
	Appointments(ctx context.Context, from, to time.Time) ([]loket.Appointment, error)
	Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error)
	ListAgents(ctx context.Context) ([]loket.Agent, error)
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
}

func asAPIAdmin(tx store.Tx) apiAdminStore { return tx }

func (c *Console) apiAgents(w http.ResponseWriter, r *http.Request, a *auth) error {
	var ags []loket.Agent
	err := inTx(r.Context(), c.store, asAPIAdmin, func(tx apiAdminStore) error {
		var err error
		ags, err = tx.ListAgents(r.Context())
		return err
	})
	if err != nil {
		return fmt.Errorf("console: list agents: %w", err)
	}
	out := []apiAgent{}
	for i := range ags {
		out = append(out, toAPIAgent(&ags[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"agents": out})
	return nil
}

func (c *Console) apiAgentCreate(w http.ResponseWriter, r *http.Request, a *auth) error {
	var in struct {
		Username       string     `json:"username"`
		Name           string     `json:"name"`
		Role           loket.Role `json:"role"`
		Password       string     `json:"password"`
		TelegramUserID int64      `json:"telegram_user_id"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	ag, pw, err := c.createAgent(r.Context(), a, newAgent{Username: in.Username, Name: in.Name, Role: in.Role, Password: in.Password, TelegramUserID: in.TelegramUserID})
	if err != nil {
		return err
	}
	out := map[string]any{"agent": toAPIAgent(ag)}
	if pw != "" {
		out["password"] = pw
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (c *Console) apiHolidays(w http.ResponseWriter, r *http.Request, a *auth) error {
	from, to, err := c.parseRange(r, 0)
	if err != nil {
		return err
	}
	var hs []loket.Holiday
	err = inTx(r.Context(), c.store, asAPIAdmin, func(tx apiAdminStore) error {
		hs, err = tx.Holidays(r.Context(), from, to)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: holidays: %w", err)
	}
	out := []apiHoliday{}
	for _, h := range hs {
		out = append(out, apiHoliday{Date: h.Date.In(c.cfg.Location).Format("2006-01-02"), Name: h.Name})
	}
	writeJSON(w, http.StatusOK, map[string]any{"holidays": out})
	return nil
}

func (c *Console) apiHolidayCreate(w http.ResponseWriter, r *http.Request, a *auth) error {
	var in apiHoliday
	if err := decode(r, &in); err != nil {
		return err
	}
	day, err := c.parseDay(in.Date)
	if err != nil {
		return err
	}
	if err := c.saveHoliday(r.Context(), a, loket.Holiday{Date: day, Name: in.Name}); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"holiday": apiHoliday{Date: in.Date, Name: in.Name}})
	return nil
}

func (c *Console) apiHolidayDelete(w http.ResponseWriter, r *http.Request, a *auth) error {
	day, err := c.parseDay(r.PathValue("date"))
	if err != nil {
		return err
	}
	if err := c.deleteHoliday(r.Context(), a, day); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (c *Console) apiAppointments(w http.ResponseWriter, r *http.Request, a *auth) error {
	from, to, err := c.parseRange(r, 0)
	if err != nil {
		return err
	}
	out := []apiAppointment{}
	err = inTx(r.Context(), c.store, asAPIAdmin, func(tx apiAdminStore) error {
		out = out[:0]
		as, err := tx.Appointments(r.Context(), from, to)
		if err != nil {
			return err
		}
		numbers := map[int64]int64{} // ticket id → number
		for _, ap := range as {
			n, ok := numbers[ap.TicketID]
			if !ok {
				t, err := tx.TicketByID(r.Context(), ap.TicketID)
				if err != nil {
					return fmt.Errorf("ticket of appointment %d: %w", ap.ID, err)
				}
				n, numbers[ap.TicketID] = t.Number, t.Number
			}
			out = append(out, toAPIAppointment(ap, n))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("console: appointments: %w", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"appointments": out})
	return nil
}
