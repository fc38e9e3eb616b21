package flows

import (
	"context"

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
