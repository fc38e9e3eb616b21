package flows

import (
	"context"
	"time"

	"loket"
)

// Tx is the part of the store transaction the flows use. The real store
// (storetest.Tx) satisfies it; method names and signatures are the
// store's own.
type Tx interface {
	SaveVendor(ctx context.Context, v *loket.Vendor) error
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
	VendorByNPWP(ctx context.Context, npwp string) (*loket.Vendor, error)

	CreateTicket(ctx context.Context, t *loket.Ticket) error
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
	ListTickets(ctx context.Context, f loket.TicketFilter) ([]loket.Ticket, error)

	AddActivity(ctx context.Context, a *loket.Activity) error
	Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error)
	Documents(ctx context.Context, ticketID int64) ([]loket.Document, error)
}

// BookingTx is what verification-call booking needs on top of Tx (see
// flows/booking.go). A transaction without these methods gets the
// booking explained instead of offered.
type BookingTx interface {
	Tx
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
	Setting(ctx context.Context, key string) ([]byte, error)
	OfficeWindows(ctx context.Context) ([]loket.OfficeWindow, error)
	Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error)
	BookAppointment(ctx context.Context, a *loket.Appointment, capacity int) error
	UpdateAppointment(ctx context.Context, a *loket.Appointment) error
	AppointmentByID(ctx context.Context, id int64) (*loket.Appointment, error)
	Appointments(ctx context.Context, from, to time.Time) ([]loket.Appointment, error)
	TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error)
	ScheduleJob(ctx context.Context, j *loket.Job) error
	CancelJob(ctx context.Context, key string) error
}

// JobTx is what the reminder and push jobs need (flows/reminders.go):
// booking plus sending outside a turn.
type JobTx interface {
	BookingTx
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	ConversationForUpdate(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, error)
	SaveConversation(ctx context.Context, c *loket.Conversation) error
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
	ListAgents(ctx context.Context) ([]loket.Agent, error)
}
