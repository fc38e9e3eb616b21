package console

import (
	"context"
	"fmt"
	"net/http"

	"loket"
	"loket/store"
)

// apiCallsStore is what the REST API's verification calls use.
type apiCallsStore interface {
	AppointmentByID(ctx context.Context, id int64) (*loket.Appointment, error)
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
}

func asAPICalls(tx store.Tx) apiCallsStore { return tx }

// API for verification calls: mark how a call ended, assign an officer.

func (c *Console) apiCallMark(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Outcome loket.AppointmentStatus `json:"outcome"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if _, err := c.markCall(r.Context(), a, id, in.Outcome); err != nil {
		return err
	}
	return c.writeCall(w, r, id)
}

func (c *Console) apiCallAssign(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		AgentID *int64 `json:"agent_id"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.AgentID == nil {
		return userErr(loket.EInvalid, "api.err_required_id", "field", "agent_id")
	}
	if _, err := c.assignCall(r.Context(), a, id, *in.AgentID, ""); err != nil {
		return err
	}
	return c.writeCall(w, r, id)
}

func (c *Console) writeCall(w http.ResponseWriter, r *http.Request, id int64) error {
	var out apiAppointment
	err := inTx(r.Context(), c.store, asAPICalls, func(tx apiCallsStore) error {
		ap, err := tx.AppointmentByID(r.Context(), id)
		if err != nil {
			return err
		}
		t, err := tx.TicketByID(r.Context(), ap.TicketID)
		if err != nil {
			return fmt.Errorf("ticket of appointment %d: %w", ap.ID, err)
		}
		out = toAPIAppointment(*ap, t.Number)
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
