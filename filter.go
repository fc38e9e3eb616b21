package loket

import "time"

// TicketFilter selects tickets for the console inbox and the REST API.
// Zero fields do not filter. Results are ordered newest first and paged
// with a keyset cursor: pass the last ticket's ID as Before.
type TicketFilter struct {
	Statuses   []TicketStatus
	Channel    Channel
	AssigneeID int64 // -1: unassigned only
	VendorID   int64
	ContactID  int64
	Query      string    // ticket number, NPWP, vendor name, phone, SPSE user id, or text people wrote on the ticket
	OlderThan  time.Time // created before
	Before     int64     // keyset cursor: ID < Before
	Limit      int       // default 50, max 200
}
