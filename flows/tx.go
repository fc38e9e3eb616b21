package flows

import (
	"context"
	"time"

	"loket"
)

// Tx is what a conversation turn needs of the store transaction (Handle):
// the core reads and writes of vendors, tickets and the timeline, plus
// the narrow interface of each feature a turn can reach — booking,
// document intake, the survey and the office hours. A store that lacks
// one of these methods does not compile against Handle; nothing is
// discovered at run time. The real store (store.Tx) satisfies it; method
// names and signatures are the store's own.
type Tx interface {
	CoreTx
	BookingTx
	IntakeTx
	SurveyTx
	HoursTx
	KnowledgeTx
	QuestionTx
}

// CoreTx is what every step uses: vendors, tickets, the timeline and the
// documents of a ticket.
type CoreTx interface {
	SaveVendor(ctx context.Context, v *loket.Vendor) error
	VendorByID(ctx context.Context, id int64) (*loket.Vendor, error)
	VendorByNPWP(ctx context.Context, npwp string) (*loket.Vendor, error)
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)

	CreateTicket(ctx context.Context, t *loket.Ticket) error
	TicketByID(ctx context.Context, id int64) (*loket.Ticket, error)
	ListTickets(ctx context.Context, f loket.TicketFilter) ([]loket.Ticket, error)

	AddActivity(ctx context.Context, a *loket.Activity) error
	// NoteActivity is AddActivity whose ID is set later (see store.Tx).
	NoteActivity(ctx context.Context, a *loket.Activity) error
	Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error)
	Documents(ctx context.Context, ticketID int64) ([]loket.Document, error)
	// ChecklistDocuments is Documents with the form of the vendor
	// vendorID ("" when 0 or gone), in one round trip when it can.
	ChecklistDocuments(ctx context.Context, ticketID, vendorID int64) (loket.BusinessForm, []loket.Document, error)
	// TicketChecklist is TicketByID with ChecklistDocuments' answer for
	// it (see store.Tx), in one round trip where it can.
	TicketChecklist(ctx context.Context, ticketID int64) (*loket.Ticket, loket.BusinessForm, []loket.Document, error)
}

// HoursTx reads the office hours and closed days admins set at
// /admin/hours (flows/hours.go).
type HoursTx interface {
	OfficeWindows(ctx context.Context) ([]loket.OfficeWindow, error)
	Holidays(ctx context.Context, from, to time.Time) ([]loket.Holiday, error)
}

// BookingTx is what verification-call booking needs (flows/booking.go):
// the booking rules, the free slots, the appointments and their
// reminder jobs.
type BookingTx interface {
	CoreTx
	HoursTx
	UpdateTicket(ctx context.Context, t *loket.Ticket) error
	Setting(ctx context.Context, key string) ([]byte, error)
	BookAppointment(ctx context.Context, a *loket.Appointment, capacity int) error
	UpdateAppointment(ctx context.Context, a *loket.Appointment) error
	AppointmentByID(ctx context.Context, id int64) (*loket.Appointment, error)
	Appointments(ctx context.Context, from, to time.Time) ([]loket.Appointment, error)
	TicketAppointments(ctx context.Context, ticketID int64) ([]loket.Appointment, error)
	ScheduleJob(ctx context.Context, j *loket.Job) error
	CancelJob(ctx context.Context, key string) error
}

// jobConvTx is what a job needs to speak in a vendor's conversation: a
// turn's Tx (the conversation's steps run as in a turn) plus the locked
// conversation, the contact and the outbox.
type jobConvTx interface {
	Tx
	ConversationForUpdate(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, error)
	OpenConversation(ctx context.Context, ch loket.Channel, chatID string, at time.Time) (*loket.Conversation, *loket.Contact, error)
	// OpenConversationAhead lets the next statement carry
	// OpenConversation's read (see store.Tx).
	OpenConversationAhead(ctx context.Context, ch loket.Channel, chatID string) error
	ContactByID(ctx context.Context, id int64) (*loket.Contact, error)
	EnqueueOutbound(ctx context.Context, m *loket.Outbound) error
	WriteTurn(ctx context.Context, conv *loket.Conversation, replies []*loket.Outbound, actor loket.ActorType) error
}

// JobTx is what the reminder and push jobs need (flows/reminders.go):
// speaking in a conversation plus the officers.
type JobTx interface {
	jobConvTx
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
	ListAgents(ctx context.Context) ([]loket.Agent, error)
}
