package console

import (
	"context"
	"fmt"

	"loket"
	"loket/ops"
	"loket/store"
)

// Each page declares, beside its handlers, the part of a store
// transaction it uses (inboxStore, bookingStore, …) and a view that
// narrows store.Tx to it (asInbox, asBooking, …): the view's return is
// where the compiler checks that the store offers what the page needs,
// and the page's code cannot reach past it.

// inTx runs fn in one store transaction, seen through view.
func inTx[T any](ctx context.Context, s Store, view func(store.Tx) T, fn func(tx T) error) error {
	return s.InTx(ctx, func(tx store.Tx) error { return fn(view(tx)) })
}

// ticketReader loads a ticket by its number.
type ticketReader interface {
	TicketByNumber(ctx context.Context, number int64) (*loket.Ticket, error)
}

// withTicket runs fn on a ticket (by number) in one transaction, seen
// through view.
func withTicket[T ticketReader](ctx context.Context, s Store, view func(store.Tx) T, number int64, fn func(tx T, t *loket.Ticket) error) error {
	return inTx(ctx, s, view, func(tx T) error {
		t, err := tx.TicketByNumber(ctx, number)
		if err != nil {
			return fmt.Errorf("load ticket %d: %w", number, err)
		}
		return fn(tx, t)
	})
}

func asTicketReader(tx store.Tx) ticketReader { return tx }

func asAuditor(tx store.Tx) ops.Auditor { return tx }
