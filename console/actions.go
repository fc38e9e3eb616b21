package console

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"loket"
	"loket/ops"
	"loket/store"
)

// The ticket actions (reply, note, assign, status, document review, call
// outcome and call assignment) are package ops: the console and the
// Telegram staff group call the same operations. Here the console runs
// them in a transaction, as the logged-in agent, and then wakes the sender
// and tells open consoles.

// change is the outcome of an action: what to wake and announce.
type change struct {
	ticket  int64
	channel loket.Channel // set when outbound was enqueued
}

// done wakes the sender and tells open consoles about a change.
func (c *Console) done(ctx context.Context, ch change) {
	if ch.channel != "" {
		c.wake(ch.channel)
	}
	c.publish(ctx, ch.ticket)
}

func (c *Console) publish(ctx context.Context, number int64) {
	b, _ := json.Marshal(map[string]int64{"ticket": number})
	if err := c.ev.Publish(ctx, Topic, b); err != nil {
		c.log.WarnContext(ctx, "console: publish change", "err", err)
	}
}

// actionTx is what a ticket action needs of a transaction: the ticket by
// its number and what the operations need, nothing else of store.Tx.
type actionTx interface {
	ticketReader
	ops.StatusTx
	ops.AssignTx
	ops.ReviewTx
	ops.CallPhoneTx
}

func asAction(tx store.Tx) actionTx { return tx }

// ticketOp runs one ticket operation on ticket number in a transaction,
// then wakes the sender and tells open consoles.
func (c *Console) ticketOp(ctx context.Context, number int64, op func(tx actionTx, t *loket.Ticket, now time.Time) (ops.Result, error)) error {
	now := c.clock.Now()
	var res ops.Result
	err := withTicket(ctx, c.store, asAction, number, func(tx actionTx, t *loket.Ticket) error {
		var err error
		res, err = op(tx, t, now)
		return err
	})
	if err != nil {
		return err
	}
	c.done(ctx, change{ticket: number, channel: res.Channel})
	return nil
}

// heldMeanwhile refuses taking a ticket or a call that a colleague took
// since the agent's page showed it: seen is the holder the page showed
// (its "seen" field; "" when it sent none), holder who has it now, taker
// who takes it. Two agents taking the same new ticket, the second took it
// from the first without either knowing; taking again from the page that
// now names the colleague takes it over on purpose. It runs in the
// taking's own transaction.
func heldMeanwhile(ctx context.Context, agents interface {
	AgentByID(ctx context.Context, id int64) (*loket.Agent, error)
}, seen string, holder, taker int64, key string) error {
	if seen == "" || holder == 0 || holder == taker || strconv.FormatInt(holder, 10) == seen {
		return nil
	}
	name := ""
	if ag, err := agents.AgentByID(ctx, holder); err == nil {
		name = ag.Name
	}
	return userErr(loket.EConflict, key, "name", name)
}

// actor is the logged-in agent as the ticket operations see them.
func (a *auth) actor() ops.Actor { return ops.Actor{Agent: a.Agent, IP: a.IP} }

func audit(ctx context.Context, tx ops.Auditor, a *auth, action, object, detail string, at time.Time) error {
	if err := tx.AddAudit(ctx, &loket.Audit{AgentID: a.Agent.ID, Action: action, Object: object, Detail: detail, RemoteIP: a.IP, CreatedAt: at}); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func ticketObject(t *loket.Ticket) string { return fmt.Sprintf("ticket:%d", t.Number) }

// reply sends an agent's message to the vendor.
func (c *Console) reply(ctx context.Context, a *auth, number int64, text string) error {
	err := c.ticketOp(ctx, number, func(tx actionTx, t *loket.Ticket, now time.Time) (ops.Result, error) {
		return c.ops.Reply(ctx, tx, a.actor(), t, text, now)
	})
	if err != nil {
		return fmt.Errorf("console: reply on #%d: %w", number, err)
	}
	return nil
}

// note adds an internal note, never sent to the vendor.
func (c *Console) note(ctx context.Context, a *auth, number int64, text string) error {
	err := c.ticketOp(ctx, number, func(tx actionTx, t *loket.Ticket, now time.Time) (ops.Result, error) {
		return c.ops.Note(ctx, tx, a.actor(), t, text, now)
	})
	if err != nil {
		return fmt.Errorf("console: note on #%d: %w", number, err)
	}
	return nil
}

// assign gives a ticket to an agent (0 = unassign). seen is the assignee
// the agent's page showed ("" when it sent none; see heldMeanwhile).
func (c *Console) assign(ctx context.Context, a *auth, number, assigneeID int64, seen string) error {
	err := c.ticketOp(ctx, number, func(tx actionTx, t *loket.Ticket, now time.Time) (ops.Result, error) {
		if err := heldMeanwhile(ctx, tx, seen, t.AssigneeID, assigneeID, "ticket.err_claimed_meanwhile"); err != nil {
			return ops.Result{}, err
		}
		return c.ops.Assign(ctx, tx, a.actor(), t, assigneeID, now)
	})
	if err != nil {
		return fmt.Errorf("console: assign #%d: %w", number, err)
	}
	return nil
}

// setStatus moves a ticket to a new status and tells the vendor, with
// the agent's note when there is one (ops.SetStatusNoted).
func (c *Console) setStatus(ctx context.Context, a *auth, number int64, status loket.TicketStatus, note string) error {
	err := c.ticketOp(ctx, number, func(tx actionTx, t *loket.Ticket, now time.Time) (ops.Result, error) {
		return c.ops.SetStatusNoted(ctx, tx, a.actor(), t, status, note, now)
	})
	if err != nil {
		return fmt.Errorf("console: status of #%d: %w", number, err)
	}
	return nil
}

// review accepts or rejects a document of the ticket and tells the vendor.
func (c *Console) review(ctx context.Context, a *auth, number, docID int64, accept bool, reasonKey, reasonText string) error {
	dec := ops.Decision{Accept: accept, ReasonKey: reasonKey, ReasonText: reasonText}
	err := c.ticketOp(ctx, number, func(tx actionTx, t *loket.Ticket, now time.Time) (ops.Result, error) {
		return c.ops.Review(ctx, tx, a.actor(), t, docID, dec, now)
	})
	if err != nil {
		return fmt.Errorf("console: review document %d: %w", docID, err)
	}
	return nil
}
