package main

import (
	"context"

	"loket"
	"loket/bot"
	"loket/flows"
	"loket/flows/staff"
	"loket/store"
)

// router hands the Telegram staff group's messages to the staff group
// and every other message to the vendor flows. It gives a message the
// engine stopped retrying to the flows' GiveUp (the staff group gets no
// apology).
type router struct {
	flows *flows.Flows
	staff *staff.Staff // nil unless LOKET_TELEGRAM_STAFF_CHAT is set
}

var (
	_ bot.Handler[store.Tx]       = (*router)(nil)
	_ bot.GiveUpHandler[store.Tx] = (*router)(nil)
)

func (r *router) isStaff(m *loket.Inbound) bool {
	return r.staff != nil && m.Channel == loket.ChannelTelegram && m.ChatID == r.staff.ChatID()
}

// Handle routes one message.
func (r *router) Handle(ctx context.Context, tx store.Tx, t *loket.Turn) error {
	if r.isStaff(t.Inbound) {
		return r.staff.Handle(ctx, tx, t)
	}
	return r.flows.Handle(ctx, tx, t)
}

// GiveUp answers a vendor message set aside after its last failed attempt.
func (r *router) GiveUp(ctx context.Context, tx store.Tx, t *loket.Turn, cause error) error {
	if r.isStaff(t.Inbound) {
		return nil
	}
	return r.flows.GiveUp(ctx, tx, t, cause)
}
