package hooks

import (
	"encoding/json"
	"fmt"
	"time"

	"loket"
)

// Event is the JSON body POSTed to an endpoint.
type Event struct {
	ID        string    `json:"id"` // stable: "<activity id>:<type>"; receivers deduplicate on it
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"` // when it happened (UTC)
	Ticket    TicketRef `json:"ticket"`
	Data      any       `json:"data"`
}

// TicketRef is the ticket an event is about, as it is when the event is
// emitted (a second or two after the activity).
type TicketRef struct {
	Number  int64              `json:"number"`
	Status  loket.TicketStatus `json:"status"`
	Channel loket.Channel      `json:"channel"`
}

// CreatedData is the data of ticket.created.
type CreatedData struct {
	Type   loket.TicketType   `json:"type"`
	Status loket.TicketStatus `json:"status"` // the status it opened with
	Title  string             `json:"title"`
}

// StatusData is the data of ticket.status_changed.
type StatusData struct {
	From    loket.TicketStatus `json:"from"`
	To      loket.TicketStatus `json:"to"`
	Actor   loket.ActorType    `json:"actor"`
	AgentID int64              `json:"agent_id,omitempty"`
}

// MessageData is the data of message.created.
type MessageData struct {
	Direction string          `json:"direction"` // "in" (vendor wrote) or "out" (bot or agent wrote)
	Actor     loket.ActorType `json:"actor"`
	AgentID   int64           `json:"agent_id,omitempty"`
	Text      string          `json:"text"`
}

// activityMeta is the part of an activity's meta the mapping reads.
type activityMeta struct {
	Type     loket.TicketType   `json:"type"`
	Status   loket.TicketStatus `json:"status"`
	From     loket.TicketStatus `json:"from"`
	To       loket.TicketStatus `json:"to"`
	Reminder string             `json:"reminder"`
}

// eventOf maps an activity to its event; ok false for activities that are
// not emitted (notes, documents, assignments, other system entries).
func eventOf(a *loket.Activity, t *loket.Ticket) (ev Event, ok bool) {
	var m activityMeta
	if len(a.Meta) > 0 {
		_ = json.Unmarshal(a.Meta, &m) // meta without these fields maps to nothing
	}
	var typ string
	var data any
	switch a.Kind {
	case loket.ActSystem:
		// flows.openTicket: a bot entry with {"type", "status"} in its meta.
		if a.Actor != loket.ActorBot || m.Type == "" || !m.Status.Valid() || m.Reminder != "" {
			return Event{}, false
		}
		typ, data = loket.EventTicketCreated, CreatedData{Type: m.Type, Status: m.Status, Title: t.Title}
	case loket.ActStatus:
		if !m.To.Valid() {
			return Event{}, false
		}
		typ, data = loket.EventTicketStatusChanged, StatusData{From: m.From, To: m.To, Actor: a.Actor, AgentID: a.AgentID}
	case loket.ActMessageIn, loket.ActMessageOut:
		dir := "in"
		if a.Kind == loket.ActMessageOut {
			dir = "out"
		}
		typ, data = loket.EventMessageCreated, MessageData{Direction: dir, Actor: a.Actor, AgentID: a.AgentID, Text: a.Body}
	default:
		return Event{}, false // ActNote never leaves Loket; documents are personal data
	}
	return Event{
		ID: fmt.Sprintf("%d:%s", a.ID, typ), Type: typ, CreatedAt: a.CreatedAt.UTC(),
		Ticket: TicketRef{Number: t.Number, Status: t.Status, Channel: t.Channel}, Data: data,
	}, true
}
