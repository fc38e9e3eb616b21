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

// OutboundDelivery applies a delivery receipt (see store.Store).
func (db *Store) OutboundDelivery(ctx context.Context, ch loket.Channel, externalID string, status loket.OutboundStatus, reason string) (int64, error) {
	from, ok := deliveryFrom[status]
	if !ok || externalID == "" {
		return 0, errInvalid("delivery receipt needs an external id and delivered, read or failed")
	}
	var id int64
	err := db.w.QueryRow(ctx, `UPDATE outbox SET status = $3,
		last_error = CASE WHEN $3 = 'failed' THEN $4 ELSE last_error END
		WHERE channel = $1 AND external_id = $2 AND status IN `+from+` RETURNING id`,
		string(ch), externalID, string(status), reason).Scan(&id)
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
