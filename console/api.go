package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"

	"loket"
)

// apiRoutesRegister registers /api/v1. Keep openapi.json in step: a test
// checks that it lists every route registered here.
func (c *Console) apiRoutesRegister() {
	c.mux.HandleFunc("GET /api/v1/openapi.json", serveOpenAPI)
	c.api("GET /api/v1/tickets", loket.RoleAgent, c.apiTickets)
	c.api("GET /api/v1/tickets/{number}", loket.RoleAgent, c.apiTicket)
	c.api("POST /api/v1/tickets/{number}/reply", loket.RoleAgent, c.apiReply)
	c.api("POST /api/v1/tickets/{number}/note", loket.RoleAgent, c.apiNote)
	c.api("POST /api/v1/tickets/{number}/assign", loket.RoleAgent, c.apiAssign)
	c.api("POST /api/v1/tickets/{number}/status", loket.RoleAgent, c.apiStatus)
	c.api("POST /api/v1/tickets/{number}/call-phone", loket.RoleAgent, c.apiCallPhone)
	c.api("GET /api/v1/agents", loket.RoleAgent, c.apiAgents)
	c.api("POST /api/v1/agents", loket.RoleAdmin, c.apiAgentCreate)
	c.api("GET /api/v1/holidays", loket.RoleAgent, c.apiHolidays)
	c.api("POST /api/v1/holidays", loket.RoleAdmin, c.apiHolidayCreate)
	c.api("DELETE /api/v1/holidays/{date}", loket.RoleAdmin, c.apiHolidayDelete)
	c.api("GET /api/v1/appointments", loket.RoleAgent, c.apiAppointments)
	c.api("POST /api/v1/appointments/{id}/mark", loket.RoleAgent, c.apiCallMark)     // console/api_calls.go
	c.api("POST /api/v1/appointments/{id}/assign", loket.RoleAgent, c.apiCallAssign) // console/api_calls.go

	// Documents (console/documents.go) and the caller's own API tokens (console/tokens.go).
	c.api("GET /api/v1/tickets/{number}/documents", loket.RoleAgent, c.apiTicketDocuments)
	c.api("GET /api/v1/documents/{id}", loket.RoleAgent, c.apiDocumentFile)
	c.api("POST /api/v1/tickets/{number}/documents/{id}/review", loket.RoleAgent, c.apiReview)
	c.api("GET /api/v1/tokens", loket.RoleAgent, c.apiTokens)
	c.api("DELETE /api/v1/tokens/{id}", loket.RoleAgent, c.apiTokenRevoke)
	c.apiCustodyRoutes() // console/api_custody.go
	// Anything else under /api/ answers in the API's error shape.
	c.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		c.writeAPIError(w, r, userErr(loket.ENotFound, "api.err_route", "method", r.Method, "path", r.URL.Path))
	})
}

// decode reads a JSON body strictly into v.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return userErr(loket.ETooLarge, "api.err_body_size", "max", maxBody)
		}
		if errors.Is(err, io.EOF) {
			return userErr(loket.EInvalid, "api.err_json_empty")
		}
		return userErr(loket.EInvalid, "api.err_json", "detail", err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return userErr(loket.EInvalid, "api.err_json_many")
	}
	cleanStrings(reflect.ValueOf(v)) // storable text (console/clean.go)
	return nil
}

func (c *Console) apiTickets(w http.ResponseWriter, r *http.Request, a *auth) error {
	f, err := parseFilter(r.URL.Query(), a.Agent, c.clock.Now())
	if err != nil {
		return err
	}
	rows, err := c.listTickets(r.Context(), f)
	if err != nil {
		return err
	}
	type item struct {
		apiTicket
		Vendor string `json:"vendor_name"`
	}
	out := struct {
		Tickets    []item `json:"tickets"`
		NextBefore int64  `json:"next_before,omitempty"`
	}{Tickets: []item{}}
	for i := range rows {
		out.Tickets = append(out.Tickets, item{apiTicket: toAPITicket(&rows[i].Ticket), Vendor: rows[i].Vendor})
	}
	if len(rows) == f.Limit {
		out.NextBefore = rows[len(rows)-1].ID
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (c *Console) apiTicket(w http.ResponseWriter, r *http.Request, a *auth) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	d, err := c.loadTicket(r.Context(), a, n, true)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAPIDetail(d))
	return nil
}

// ticketAction runs a POST on a ticket and answers with the ticket's state.
func (c *Console) ticketAction(w http.ResponseWriter, r *http.Request, a *auth, body any, act func(n int64) error) error {
	n, err := pathInt(r, "number")
	if err != nil {
		return err
	}
	if err := decode(r, body); err != nil {
		return err
	}
	if err := act(n); err != nil {
		return err
	}
	var t *loket.Ticket
	err = inTx(r.Context(), c.store, asTicketReader, func(tx ticketReader) error {
		t, err = tx.TicketByNumber(r.Context(), n)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: reload ticket: %w", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"ticket": toAPITicket(t)})
	return nil
}

func (c *Console) apiReply(w http.ResponseWriter, r *http.Request, a *auth) error {
	var in struct {
		Text string `json:"text"`
	}
	return c.ticketAction(w, r, a, &in, func(n int64) error { return c.reply(r.Context(), a, n, in.Text) })
}

func (c *Console) apiNote(w http.ResponseWriter, r *http.Request, a *auth) error {
	var in struct {
		Text string `json:"text"`
	}
	return c.ticketAction(w, r, a, &in, func(n int64) error { return c.note(r.Context(), a, n, in.Text) })
}

func (c *Console) apiAssign(w http.ResponseWriter, r *http.Request, a *auth) error {
	var in struct {
		AssigneeID *int64 `json:"assignee_id"`
	}
	return c.ticketAction(w, r, a, &in, func(n int64) error {
		if in.AssigneeID == nil || *in.AssigneeID < 0 {
			return userErr(loket.EInvalid, "api.err_required_id", "field", "assignee_id")
		}
		return c.assign(r.Context(), a, n, *in.AssigneeID, "")
	})
}

func (c *Console) apiStatus(w http.ResponseWriter, r *http.Request, a *auth) error {
	var in struct {
		Status loket.TicketStatus `json:"status"`
		Note   string             `json:"note"`
	}
	return c.ticketAction(w, r, a, &in, func(n int64) error { return c.setStatus(r.Context(), a, n, in.Status, in.Note) })
}

// apiCallPhone changes the WhatsApp number of a registration's
// verification call, as the ticket page does: {"phone": "0813 9999 8888"}.
func (c *Console) apiCallPhone(w http.ResponseWriter, r *http.Request, a *auth) error {
	var in struct {
		Phone string `json:"phone"`
	}
	return c.ticketAction(w, r, a, &in, func(n int64) error { return c.setCallPhone(r.Context(), a, n, in.Phone) })
}

// apiReview accepts or rejects a document of the ticket, as the ticket
// page's buttons do: {"decision": "accept"} or {"decision": "reject",
// "reason": "unreadable", "reason_text": "…"} (a reason key, free text,
// or both). The vendor is told which document and why.
func (c *Console) apiReview(w http.ResponseWriter, r *http.Request, a *auth) error {
	id, err := pathInt(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Decision   string `json:"decision"`
		Reason     string `json:"reason"`
		ReasonText string `json:"reason_text"`
	}
	return c.ticketAction(w, r, a, &in, func(n int64) error {
		if in.Decision != "accept" && in.Decision != "reject" {
			return userErr(loket.EInvalid, "ticket.err_decision")
		}
		return c.review(r.Context(), a, n, id, in.Decision == "accept", in.Reason, in.ReasonText)
	})
}

// parseRange reads from/to (YYYY-MM-DD or RFC 3339); defaults: today and
// 30 days on.
func (c *Console) parseRange(r *http.Request, back time.Duration) (time.Time, time.Time, error) {
	now := c.clock.Now().In(c.cfg.Location)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, c.cfg.Location).Add(-back)
	to := from.Add(back).AddDate(0, 0, 31)
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &from}, {"to", &to}} {
		v := strings.TrimSpace(r.URL.Query().Get(p.name))
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			if t, err = c.parseDay(v); err != nil {
				return from, to, userErr(loket.EInvalid, "api.err_time", "name", p.name)
			}
		}
		*p.dst = t
	}
	if !from.Before(to) || to.Sub(from) > 400*24*time.Hour {
		return from, to, userErr(loket.EInvalid, "api.err_range", "max", 400)
	}
	return from, to, nil
}
