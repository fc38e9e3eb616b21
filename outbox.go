package loket

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// SentMark records that the platform accepted an outbox message: the
// message, the lease token of the claim that sent it, the platform's id
// for it and when. A store applies a mark only while the token still
// holds the message's lease.
type SentMark struct {
	ID         int64
	Token      int64
	ExternalID string
	At         time.Time
}

// HeldLease is an outbox message a sender holds, and the token of its
// lease (see the store's RenewOutbound).
type HeldLease struct {
	ID    int64
	Token int64
}

// Outbox is what Enqueue needs of a store transaction.
type Outbox interface {
	EnqueueOutbound(ctx context.Context, m *Outbound) error
	AddActivity(ctx context.Context, a *Activity) error
}

// Enqueue puts a message in the outbox and, when it belongs to a ticket,
// on the ticket's timeline linked to its delivery state. It is the one
// way anything (the engine after a turn, jobs, the console, the staff
// group) sends a person a message.
func Enqueue(ctx context.Context, tx Outbox, out *Outbound, actor ActorType, agentID int64) error {
	if out.Status == "" {
		out.Status = OutQueued
	}
	if out.NextAttemptAt.IsZero() {
		out.NextAttemptAt = out.CreatedAt
	}
	if err := tx.EnqueueOutbound(ctx, out); err != nil {
		return fmt.Errorf("enqueue outbound: %w", err)
	}
	if out.TicketID == 0 {
		return nil
	}
	a := &Activity{TicketID: out.TicketID, Kind: ActMessageOut, Actor: actor, AgentID: agentID,
		Body: out.Text, OutboundID: out.ID, CreatedAt: out.CreatedAt}
	a.Meta = OutboundMeta(out.Kind)
	if err := tx.AddActivity(ctx, a); err != nil {
		return fmt.Errorf("add outbound activity: %w", err)
	}
	return nil
}

// OutboundMeta is the meta of a sent message's timeline entry: its kind
// when it is not a reply (nil then). A status or document notice sent on
// an agent's action is not a reply the agent wrote (the workload report
// counts those).
func OutboundMeta(k OutboundKind) []byte {
	if k == KindReply {
		return nil
	}
	b, _ := json.Marshal(map[string]OutboundKind{"kind": k})
	return b
}
