package store

import "time"

// Personal-data custody: the rows retention and erasure act on.
// The decisions (what is due, what an erasure replaces) live in
// flows/custody; these are the plain facts its queries return.

// DueDocument is a document whose file retention may remove: its ticket
// is verified, closed or cancelled since SettledAt.
type DueDocument struct {
	ID           int64
	TicketID     int64
	TicketNumber int64
	Requirement  string
	SHA256       string
	SettledAt    time.Time
}

// DueTexts counts message texts (timeline messages and notes, outbox and
// inbound texts, survey comments) older than a cutoff, per ticket;
// TicketID 0 counts those of no ticket.
type DueTexts struct {
	TicketID     int64
	TicketNumber int64
	Count        int
}

// DueChat is an anonymous web chat (no vendor, no ticket) with nothing
// newer than a cutoff.
type DueChat struct {
	ContactID int64
	Messages  int // inbound and outbound rows
	CreatedAt time.Time
}
