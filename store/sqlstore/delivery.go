package sqlstore

import (
	"context"
	"errors"

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
