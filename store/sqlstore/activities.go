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
	err := tx.q.QueryRow(ctx, insertActivity, activityArgs(a)...).Scan(&a.ID)
	return tx.d.fail("add activity", err)
}

const insertActivity = `INSERT INTO activities (ticket_id, kind, actor, agent_id, body, meta, outbound_id, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`

func activityArgs(a *loket.Activity) []any {
	return []any{a.TicketID, string(a.Kind), string(a.Actor), id(a.AgentID), a.Body, jsonArg(a.Meta), id(a.OutboundID), tm(a.CreatedAt)}
}

// NoteActivity is AddActivity for a caller that does not need the ID at
// once (a turn noting what happened on its ticket). Where the backend
// pipelines (PostgreSQL, outside a savepoint) the insert is not waited
// for, as a turn's writes (WriteTurn), in the order written: it travels
// with the transaction's next statement or its commit, ID is set once it
// ran, and a failure (a ticket gone) fails that statement and the
// commit. Elsewhere it runs at once.
func (tx *Tx) NoteActivity(ctx context.Context, a *loket.Activity) error {
	a.CreatedAt = orNow(a.CreatedAt)
	return tx.insertID(ctx, "add activity", true, insertActivity, activityArgs(a), &a.ID) // the timeline keeps the order written
}

// Activities returns a ticket's timeline, oldest first.
func (tx *Tx) Activities(ctx context.Context, ticketID int64) ([]loket.Activity, error) {
	rs, err := tx.q.Query(ctx, `SELECT `+activityCols+` FROM activities WHERE ticket_id = $1
		ORDER BY created_at, id`, ticketID)
	out, err := collect(rs, err, scanActivity)
	return out, tx.d.fail("activities", err)
}
