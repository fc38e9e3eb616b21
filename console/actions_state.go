package console

import (
	"context"
	"fmt"

	"loket"
)

// retry puts a failed outbound message of the ticket back in the queue.
func (c *Console) retry(ctx context.Context, a *auth, number, outboundID int64) error {
	var t *loket.Ticket
	err := inTx(ctx, c.store, asTicketReader, func(tx ticketReader) error {
		var err error
		t, err = tx.TicketByNumber(ctx, number)
		return err
	})
	if err != nil {
		return fmt.Errorf("console: retry: load ticket: %w", err)
	}
	out, err := c.store.OutboundByID(ctx, outboundID)
	if err != nil {
		return fmt.Errorf("console: retry: load outbound: %w", err)
	}
	if out.TicketID != t.ID {
		return userErr(loket.ENotFound, "ticket.err_no_message", "ticket", t.Ref())
	}
	if out.Status != loket.OutFailed {
		return userErr(loket.EConflict, "ticket.err_retry_failed_only")
	}
	if err := c.store.OutboundRequeue(ctx, outboundID, c.clock.Now()); err != nil {
		return fmt.Errorf("console: retry outbound %d: %w", outboundID, err)
	}
	c.done(ctx, change{ticket: number, channel: out.Channel})
	return nil
}
