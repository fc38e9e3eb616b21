package console

import (
	"encoding/json"
	"strconv"
	"time"

	"loket"
)

// JSON shapes of the REST API (documented in openapi.json).

type apiTicket struct {
	Number      int64              `json:"number"`
	Title       string             `json:"title"`
	Description string             `json:"description"`
	Type        loket.TicketType   `json:"type"`
	Status      loket.TicketStatus `json:"status"`
	Channel     loket.Channel      `json:"channel"`
	VendorID    int64              `json:"vendor_id"`
	AssigneeID  int64              `json:"assignee_id"`
	CreatedAt   time.Time          `json:"created_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
	ClosedAt    *time.Time         `json:"closed_at"`
}

func toAPITicket(t *loket.Ticket) apiTicket {
	out := apiTicket{Number: t.Number, Title: t.Title, Description: t.Description, Type: t.Type, Status: t.Status,
		Channel: t.Channel, VendorID: t.VendorID, AssigneeID: t.AssigneeID, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
	if !t.ClosedAt.IsZero() {
		ca := t.ClosedAt
		out.ClosedAt = &ca
	}
	return out
}

type apiContact struct {
	Name    string        `json:"name"`
	Channel loket.Channel `json:"channel"`
	Phone   string        `json:"phone"`
	Lang    loket.Lang    `json:"lang"`
}

type apiVendor struct {
	ID           int64              `json:"id"`
	Name         string             `json:"name"`
	Form         loket.BusinessForm `json:"form"`
	NPWP         string             `json:"npwp"`
	SPSEUserID   string             `json:"spse_user_id"`
	DirectorName string             `json:"director_name"`
	Phone        string             `json:"phone"`
}

type apiActivity struct {
	ID        int64              `json:"id"`
	Kind      loket.ActivityKind `json:"kind"`
	Actor     loket.ActorType    `json:"actor"`
	AgentID   int64              `json:"agent_id"`
	Body      string             `json:"body"`
	CreatedAt time.Time          `json:"created_at"`
	Delivery  *apiDelivery       `json:"delivery,omitempty"`
	// Event and Fields are a timeline event's name and its fields as
	// codes (a refusal's "refused": "not_pdf"); Body is its Indonesian text.
	Event  string         `json:"event,omitempty"`
	Fields map[string]any `json:"fields,omitempty"`
}

type apiDelivery struct {
	Status    loket.OutboundStatus `json:"status"`
	LastError string               `json:"last_error"`
}

type apiDocument struct {
	ID           int64                `json:"id"`
	Requirement  string               `json:"requirement"`
	FileName     string               `json:"file_name"`
	Size         int64                `json:"size"`
	Pages        int                  `json:"pages"`
	Status       loket.DocumentStatus `json:"status"`
	RejectReason string               `json:"reject_reason"`
	ReviewedBy   int64                `json:"reviewed_by"`
	CreatedAt    time.Time            `json:"created_at"`
	URL          string               `json:"url"` // the PDF: GET /api/v1/documents/{id}
}

func toAPIDocument(d loket.Document) apiDocument {
	return apiDocument{ID: d.ID, Requirement: d.Requirement, FileName: d.FileName, Size: d.Size, Pages: d.Pages,
		Status: d.Status, RejectReason: d.RejectReason, ReviewedBy: d.ReviewedBy, CreatedAt: d.CreatedAt,
		URL: "/api/v1/documents/" + strconv.FormatInt(d.ID, 10)}
}

type apiAppointment struct {
	ID       int64 `json:"id"`
	TicketID int64 `json:"ticket_id"`
	// Ticket is the ticket's number, the key of /api/v1/tickets/{number}.
	Ticket   int64                   `json:"ticket"`
	StartsAt time.Time               `json:"starts_at"`
	EndsAt   time.Time               `json:"ends_at"`
	AgentID  int64                   `json:"agent_id"`
	Phone    string                  `json:"phone"`
	Status   loket.AppointmentStatus `json:"status"`
}

func toAPIAppointment(a loket.Appointment, number int64) apiAppointment {
	return apiAppointment{ID: a.ID, TicketID: a.TicketID, Ticket: number, StartsAt: a.StartsAt, EndsAt: a.EndsAt, AgentID: a.AgentID, Phone: a.Phone, Status: a.Status}
}

type apiTicketDetail struct {
	Ticket       apiTicket        `json:"ticket"`
	Contact      apiContact       `json:"contact"`
	Vendor       *apiVendor       `json:"vendor"`
	Activities   []apiActivity    `json:"activities"`
	Documents    []apiDocument    `json:"documents"`
	Appointments []apiAppointment `json:"appointments"`
}

func toAPIDetail(d *ticketDetail) apiTicketDetail {
	out := apiTicketDetail{
		Ticket:     toAPITicket(d.Ticket),
		Contact:    apiContact{Name: d.Contact.Name, Channel: d.Contact.Channel, Phone: d.Contact.Phone, Lang: d.Contact.Lang},
		Activities: []apiActivity{}, Documents: []apiDocument{}, Appointments: []apiAppointment{},
	}
	if v := d.Vendor; v != nil {
		out.Vendor = &apiVendor{ID: v.ID, Name: v.Name, Form: v.Form, NPWP: v.NPWP, SPSEUserID: v.SPSEUserID, DirectorName: v.DirectorName, Phone: v.Phone}
	}
	for _, it := range d.Timeline {
		a := apiActivity{ID: it.ID, Kind: it.Kind, Actor: it.Actor, AgentID: it.AgentID, Body: it.Body, CreatedAt: it.CreatedAt}
		a.Event, a.Fields = apiEvent(it.Meta)
		if it.Delivery != nil {
			a.Delivery = &apiDelivery{Status: it.Delivery.Status, LastError: it.Delivery.LastError}
		}
		out.Activities = append(out.Activities, a)
	}
	for _, doc := range d.Documents {
		out.Documents = append(out.Documents, toAPIDocument(doc))
	}
	for _, ap := range d.Appointments {
		out.Appointments = append(out.Appointments, toAPIAppointment(ap, d.Ticket.Number))
	}
	return out
}

type apiAgent struct {
	ID             int64      `json:"id"`
	Username       string     `json:"username"`
	Name           string     `json:"name"`
	Role           loket.Role `json:"role"`
	Active         bool       `json:"active"`
	TelegramUserID int64      `json:"telegram_user_id"`
	CreatedAt      time.Time  `json:"created_at"`
}

func toAPIAgent(a *loket.Agent) apiAgent {
	return apiAgent{ID: a.ID, Username: a.Username, Name: a.Name, Role: a.Role, Active: a.Active, TelegramUserID: a.TelegramUserID, CreatedAt: a.CreatedAt}
}

type apiHoliday struct {
	Date string `json:"date"` // YYYY-MM-DD in the office time zone
	Name string `json:"name"`
}

// apiEvent is an activity's event name and fields, none for an entry
// that is no event. An internal error text is left out.
func apiEvent(meta []byte) (string, map[string]any) {
	var m map[string]any
	if len(meta) == 0 || json.Unmarshal(meta, &m) != nil {
		return "", nil
	}
	name, _ := m["event"].(string)
	if name == "" {
		return "", nil
	}
	delete(m, "event")
	delete(m, "error")
	return name, m
}
