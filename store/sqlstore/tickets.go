package sqlstore

import (
	"context"

	"loket"
)

const ticketCols = `t.id, t.number, t.vendor_id, t.contact_id, t.channel, t.title, t.description, t.type, t.status,
	t.assignee_id, t.created_at, t.updated_at, t.closed_at`

func scanTicket(r Row, t *loket.Ticket) error {
	return r.Scan(&t.ID, &t.Number, nid(&t.VendorID), nid(&t.ContactID), &t.Channel, &t.Title, &t.Description,
		&t.Type, &t.Status, nid(&t.AssigneeID), ts(&t.CreatedAt), ts(&t.UpdatedAt), ts(&t.ClosedAt))
}

// CreateTicket assigns ID and the next human Number (1001, 1002, …),
// unique and increasing in the order tickets are created. Where the
// dialect names a sequence (PostgreSQL) the number comes from it in the
// insert itself: no lock is held to the commit, and a ticket whose
// transaction rolls back leaves a gap. Otherwise (SQLite, one writer at a
// time) the counter row gives it.
func (tx *Tx) CreateTicket(ctx context.Context, t *loket.Ticket) error {
	if t.Status == "" {
		t.Status = loket.StatusNew
	}
	if !t.Status.Valid() {
		return errInvalid("unknown ticket status %q", t.Status)
	}
	t.CreatedAt = orNow(t.CreatedAt)
	if t.UpdatedAt.IsZero() {
		t.UpdatedAt = t.CreatedAt
	}
	args := []any{id(t.VendorID), id(t.ContactID), string(t.Channel), t.Title, t.Description, string(t.Type),
		string(t.Status), id(t.AssigneeID), tm(t.CreatedAt), tm(t.UpdatedAt), tm(t.ClosedAt)}
	number := tx.d.TicketNumber
	if number == "" {
		err := tx.q.QueryRow(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'ticket_number' RETURNING value`).Scan(&t.Number)
		if err != nil {
			return tx.d.fail("next ticket number", err)
		}
		number, args = "$12", append(args, t.Number)
	}
	err := tx.q.QueryRow(ctx, `INSERT INTO tickets (vendor_id, contact_id, channel, title, description, type,
		status, assignee_id, created_at, updated_at, closed_at, number)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, `+number+`) RETURNING id, number`, args...).Scan(&t.ID, &t.Number)
	return tx.d.fail("create ticket", err)
}

// UpdateTicket stores status, assignee, title, description, vendor,
// closed_at and updated_at.
func (tx *Tx) UpdateTicket(ctx context.Context, t *loket.Ticket) error {
	if !t.Status.Valid() {
		return errInvalid("unknown ticket status %q", t.Status)
	}
	t.UpdatedAt = orNow(t.UpdatedAt)
	n, err := tx.q.Exec(ctx, `UPDATE tickets SET status = $2, assignee_id = $3, title = $4, description = $5,
		vendor_id = $6, closed_at = $7, updated_at = $8 WHERE id = $1`,
		t.ID, string(t.Status), id(t.AssigneeID), t.Title, t.Description, id(t.VendorID), tm(t.ClosedAt), tm(t.UpdatedAt))
	return tx.d.mustAffect("update ticket", n, err)
}

// TicketByID returns a ticket.
func (tx *Tx) TicketByID(ctx context.Context, id int64) (*loket.Ticket, error) {
	return tx.ticket(ctx, `t.id = $1`, id)
}

// TicketByNumber returns the ticket with a human number.
func (tx *Tx) TicketByNumber(ctx context.Context, number int64) (*loket.Ticket, error) {
	return tx.ticket(ctx, `t.number = $1`, number)
}

// ticketWhere is the read of the ticket (alias t) that where picks.
func ticketWhere(where string) string {
	return `SELECT ` + ticketCols + ` FROM tickets t WHERE ` + where
}

func (tx *Tx) ticket(ctx context.Context, where string, arg any) (*loket.Ticket, error) {
	var t loket.Ticket
	if err := scanTicket(tx.q.QueryRow(ctx, ticketWhere(where), arg), &t); err != nil {
		return nil, tx.d.fail("ticket", err)
	}
	return &t, nil
}
