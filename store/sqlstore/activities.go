package sqlstore

import (
	"context"

	"loket"
)

const activityCols = `id, ticket_id, kind, actor, agent_id, body, meta, outbound_id, created_at, seq`

func scanActivity(r Row, a *loket.Activity) error {
	return r.Scan(&a.ID, &a.TicketID, &a.Kind, &a.Actor, nid(&a.AgentID), &a.Body, js(&a.Meta),
		nid(&a.OutboundID), ts(&a.CreatedAt), nid(&a.Seq))
}

// AddActivity appends an entry to a ticket's timeline; sets ID.
func (tx *Tx) AddActivity(ctx context.Context, a *loket.Activity) error {
	a.CreatedAt = orNow(a.CreatedAt)
	err := tx.q.QueryRow(ctx, `INSERT INTO activities (ticket_id, kind, actor, agent_id, body, meta, outbound_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		a.TicketID, string(a.Kind), string(a.Actor), id(a.AgentID), a.Body, jsonArg(a.Meta), id(a.OutboundID),
		tm(a.CreatedAt)).Scan(&a.ID)
	return tx.d.fail("add activity", err)
}

// Activities returns a ticket's timeline, oldest first.
func (tx *Tx) Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+activityCols+` FROM activities WHERE ticket_id = $1
		ORDER BY created_at, id`, ticketID)
	out, err := collect(rs, err, scanActivity)
	return out, tx.d.fail("activities", err)
}
