package sqlstore

import (
	"context"
	"errors"
	"time"

	"loket"
)

// deliveryFrom lists the states a receipt may move a message from.
var deliveryFrom = map[loket.OutboundStatus]string{
	loket.OutDelivered: `('sent')`,
	loket.OutRead:      `('sent', 'delivered')`,
	loket.OutFailed:    `('sent', 'delivered')`,
}

// deliveryReceipt is the statement of a receipt moving a message from
// the states from. It also asks for a non-empty external_id, so that the
// partial index on (channel, external_id) is used: a parameter cannot
// show the planner the id is not empty, and without the index a receipt
// read the channel's whole history (SQLite; PostgreSQL's generic plan).
func deliveryReceipt(from string) string {
	return `UPDATE outbox SET status = $3,
		last_error = CASE WHEN $3 = 'failed' THEN $4 ELSE last_error END
		WHERE channel = $1 AND external_id = $2 AND external_id <> '' AND status IN ` + from + ` RETURNING id`
}

// OutboundDelivery applies a delivery receipt (see store.Store).
func (db *Store) OutboundDelivery(ctx context.Context, ch loket.Channel, externalID string, status loket.OutboundStatus, reason string) (int64, error) {
	from, ok := deliveryFrom[status]
	if !ok || externalID == "" {
		return 0, errInvalid("delivery receipt needs an external id and delivered, read or failed")
	}
	var id int64
	err := db.w.QueryRow(ctx, deliveryReceipt(from), string(ch), externalID, string(status), reason).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, db.d.fail("outbound delivery receipt", err)
	}
	return id, nil
}

// LastInboundAt returns when the chat's contact last wrote (see store.Store).
func (db *Store) LastInboundAt(ctx context.Context, ch loket.Channel, chatID string) (time.Time, error) {
	var at time.Time
	err := db.r.QueryRow(ctx, `SELECT received_at FROM inbound WHERE channel = $1 AND chat_id = $2
		ORDER BY id DESC LIMIT 1`, string(ch), chatID).Scan(ts(&at))
	if errors.Is(err, ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, db.d.fail("last inbound", err)
	}
	return at, nil
}
