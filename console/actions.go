package console

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"loket"
	"loket/store"
)

// maxText caps replies and notes (Telegram's text limit).
const maxText = 4096

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

// withTicket runs fn on a ticket (by number) in one transaction.
func (c *Console) withTicket(ctx context.Context, number int64, fn func(tx store.Tx, t *loket.Ticket) error) error {
	return c.store.InTx(ctx, func(tx store.Tx) error {
		t, err := tx.TicketByNumber(ctx, number)
		if err != nil {
			return fmt.Errorf("load ticket %d: %w", number, err)
		}
		return fn(tx, t)
	})
}

func audit(ctx context.Context, tx store.Tx, a *auth, action, object, detail string, at time.Time) error {
	if err := tx.AddAudit(ctx, &loket.Audit{AgentID: a.Agent.ID, Action: action, Object: object, Detail: detail, RemoteIP: a.IP, CreatedAt: at}); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func ticketObject(t *loket.Ticket) string { return fmt.Sprintf("ticket:%d", t.Number) }

// cleanText trims and checks a reply or note.
func cleanText(s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return "", userErr(loket.EInvalid, "ticket.err_text_empty")
	}
	if utf8.RuneCountInString(s) > maxText {
		return "", userErr(loket.EInvalid, "ticket.err_text_long", "max", maxText)
	}
	return s, nil
}

// sendToVendor puts text in the outbox for the ticket's contact and on the
// timeline. It returns the channel, or "" when the contact is unreachable
// and must is false.
func (c *Console) sendToVendor(ctx context.Context, tx store.Tx, t *loket.Ticket, text string, a *auth, now time.Time, must bool) (loket.Channel, error) {
	ct, err := tx.ContactByID(ctx, t.ContactID)
	if err != nil {
		return "", fmt.Errorf("load contact of ticket %d: %w", t.Number, err)
	}
	if ct.Unreachable {
		if must {
			return "", userErr(loket.EConflict, "ticket.err_unreachable", "channel", ct.Channel)
		}
		return "", nil
	}
	out := &loket.Outbound{Channel: ct.Channel, ChatID: ct.ChatID, TicketID: t.ID, Text: text, NextAttemptAt: now, CreatedAt: now}
	if err := loket.Enqueue(ctx, tx, out, loket.ActorAgent, a.Agent.ID); err != nil {
		return "", err
	}
	return ct.Channel, nil
}

// vendorVars are the variables of canned replies and catalogue texts.
func vendorVars(ctx context.Context, tx store.Tx, t *loket.Ticket, ct *loket.Contact) map[string]string {
	name := ct.Name
	if t.VendorID != 0 {
		if v, err := tx.VendorByID(ctx, t.VendorID); err == nil && v.Name != "" {
			name = v.Name
		}
	}
	return map[string]string{"ticket": t.Ref(), "vendor": name}
}

// reply sends an agent's message to the vendor.
func (c *Console) reply(ctx context.Context, a *auth, number int64, text string) error {
	text, err := cleanText(text)
	if err != nil {
		return err
	}
	now := c.clock.Now()
	var ch change
	err = c.withTicket(ctx, number, func(tx store.Tx, t *loket.Ticket) error {
		ct, err := tx.ContactByID(ctx, t.ContactID)
		if err != nil {
			return fmt.Errorf("load contact: %w", err)
		}
		text = fillVars(text, vendorVars(ctx, tx, t, ct))
		if ch.channel, err = c.sendToVendor(ctx, tx, t, text, a, now, true); err != nil {
			return err
		}
		ch.ticket = t.Number
		t.UpdatedAt = now
		if err := tx.UpdateTicket(ctx, t); err != nil {
			return fmt.Errorf("touch ticket: %w", err)
		}
		return audit(ctx, tx, a, "ticket.reply", ticketObject(t), "", now)
	})
	if err != nil {
		return fmt.Errorf("console: reply on #%d: %w", number, err)
	}
	c.done(ctx, ch)
	return nil
}

// note adds an internal note, never sent to the vendor.
func (c *Console) note(ctx context.Context, a *auth, number int64, text string) error {
	text, err := cleanText(text)
	if err != nil {
		return err
	}
	now := c.clock.Now()
	err = c.withTicket(ctx, number, func(tx store.Tx, t *loket.Ticket) error {
		act := &loket.Activity{TicketID: t.ID, Kind: loket.ActNote, Actor: loket.ActorAgent, AgentID: a.Agent.ID, Body: text, CreatedAt: now}
		if err := tx.AddActivity(ctx, act); err != nil {
			return fmt.Errorf("add note: %w", err)
		}
		return audit(ctx, tx, a, "ticket.note", ticketObject(t), "", now)
	})
	if err != nil {
		return fmt.Errorf("console: note on #%d: %w", number, err)
	}
	c.done(ctx, change{ticket: number})
	return nil
}
