package console

import (
	"context"
	"errors"
	"fmt"

	"loket"
	"loket/store"
)

// assign gives a ticket to an agent (0 = unassign). An agent may claim a
// ticket or give up their own; assigning others needs a supervisor.
func (c *Console) assign(ctx context.Context, a *auth, number, assigneeID int64) error {
	now := c.clock.Now()
	err := c.withTicket(ctx, number, func(tx store.Tx, t *loket.Ticket) error {
		if t.AssigneeID == assigneeID {
			return nil
		}
		self := assigneeID == a.Agent.ID || (assigneeID == 0 && t.AssigneeID == a.Agent.ID)
		if !self && !a.Agent.Role.AtLeast(loket.RoleSupervisor) {
			return userErr(loket.EForbidden, "ticket.err_assign_others")
		}
		body, meta := c.event("unassigned", map[string]any{"from": t.AssigneeID, "to": assigneeID})
		if assigneeID != 0 {
			ag, err := tx.AgentByID(ctx, assigneeID)
			if errors.Is(err, loket.ErrNotFound) || (err == nil && !ag.Active) {
				return userErr(loket.EInvalid, "ticket.err_no_agent", "id", assigneeID)
			}
			if err != nil {
				return fmt.Errorf("load assignee: %w", err)
			}
			body, meta = c.event("assigned", map[string]any{"from": t.AssigneeID, "to": assigneeID, "agent_id": assigneeID, "agent": ag.Name})
		}
		t.AssigneeID, t.UpdatedAt = assigneeID, now
		if err := tx.UpdateTicket(ctx, t); err != nil {
			return fmt.Errorf("update ticket: %w", err)
		}
		act := &loket.Activity{TicketID: t.ID, Kind: loket.ActAssignment, Actor: loket.ActorAgent, AgentID: a.Agent.ID, Body: body, Meta: meta, CreatedAt: now}
		if err := tx.AddActivity(ctx, act); err != nil {
			return fmt.Errorf("add assignment activity: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("console: assign #%d: %w", number, err)
	}
	c.done(ctx, change{ticket: number})
	return nil
}

// setStatus moves a ticket to a new status: an ActStatus activity and a
// message telling the vendor, in their language.
func (c *Console) setStatus(ctx context.Context, a *auth, number int64, status loket.TicketStatus) error {
	if !status.Valid() {
		return userErr(loket.EInvalid, "ticket.err_status", "status", status)
	}
	now := c.clock.Now()
	var ch change
	err := c.withTicket(ctx, number, func(tx store.Tx, t *loket.Ticket) error {
		if t.Status == status {
			return userErr(loket.EConflict, "ticket.err_already", "status", status)
		}
		old := t.Status
		body := c.catalog.text(loket.LangID, "event.status", map[string]string{"from": string(old), "to": string(status)})
		if err := loket.SetStatus(ctx, tx, t, status, loket.ActorAgent, a.Agent.ID, body, now); err != nil {
			return err
		}
		ct, err := tx.ContactByID(ctx, t.ContactID)
		if err != nil {
			return fmt.Errorf("load contact: %w", err)
		}
		text := c.catalog.text(ct.Lang, "status."+string(status), vendorVars(ctx, tx, t, ct))
		if ch.channel, err = c.sendToVendor(ctx, tx, t, text, a, now, false); err != nil {
			return err
		}
		ch.ticket = t.Number
		return audit(ctx, tx, a, "ticket.status", ticketObject(t), string(old)+"→"+string(status), now)
	})
	if err != nil {
		return fmt.Errorf("console: status of #%d: %w", number, err)
	}
	c.done(ctx, ch)
	return nil
}

// retry puts a failed outbound message of the ticket back in the queue.
func (c *Console) retry(ctx context.Context, a *auth, number, outboundID int64) error {
	var t *loket.Ticket
	err := c.store.InTx(ctx, func(tx store.Tx) error {
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
